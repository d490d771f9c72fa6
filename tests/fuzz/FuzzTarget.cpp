// libFuzzer entry point. Built once per target with PP_FUZZ_CHECK naming the check in
// FuzzChecks.h (checkFrames, checkPreset, checkProbe, checkDecode, checkMetadata, checkHeaderProbe). A property
// violation aborts, so libFuzzer saves the input as a crash artifact like any sanitizer finding.
#include "FuzzChecks.h"

#include <cstdio>
#include <cstdlib>
#include <opencv2/core/utility.hpp>

#ifndef PP_FUZZ_CHECK
#error "define PP_FUZZ_CHECK"
#endif

// OpenCV sequential, as in a worker that runs one image per core (WorkerService.cpp).
extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    cv::setNumThreads(0);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString violation = pp::fuzz::PP_FUZZ_CHECK(data, size);
    if (!violation.isEmpty()) {
        std::fprintf(stderr, "\n==== PROPERTY VIOLATION (%s) ====\n%s\n", PP_FUZZ_NAME,
                     violation.toLocal8Bit().constData());
        std::fflush(stderr);
        std::abort();
    }
    return 0;
}
