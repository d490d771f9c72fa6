// Tests that make a worker crash, hang or break the protocol need a worker built with the test
// hooks (-DPIXELPOOL_TEST_HOOKS=ON; pixelpool_test_hooks() in tests/CMakeLists.txt defines
// PIXELPOOL_TEST_HOOKS for the test too). Without them such a test is skipped, saying why.
#pragma once

#include <QtTest>

#ifdef PIXELPOOL_TEST_HOOKS
#define REQUIRE_TEST_HOOKS() (void)0
#else
#define REQUIRE_TEST_HOOKS() QSKIP("pixelpool-worker was built without -DPIXELPOOL_TEST_HOOKS=ON")
#endif
