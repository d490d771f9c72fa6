// Pixel-level tests of the image operations. Expected values are computed from the
// documented formulas, not by calling the code under test.
#pragma once

#include "CompiledStep.h"
#include "Operations.h"
#include "TextRenderer.h"

#include <QMetaType>
#include <QObject>
#include <functional>
#include <opencv2/core.hpp>

Q_DECLARE_METATYPE(cv::Mat)
Q_DECLARE_METATYPE(pp::ops::Position)

// Every element equal; on failure both images are described. Needs `using namespace testutil`.
#define COMPARE_MAT(actual, expected)                                                                                  \
    QVERIFY2(maxDiff((actual), (expected)) == 0, (describe(actual) + " expected " + describe(expected)).constData())

class TestOps : public QObject
{
    Q_OBJECT

private slots:
    // geometry (tst_geometry.cpp)
    void resizeKnownValues();
    void resizeFitSizes_data();
    void resizeFitSizes();
    void resizeOutputSizeMatchesResize();
    void resizeOutputSizeOfHugeImages();
    void resizeFillCentres();
    void resizeDownscaleOnly();
    void resizeFilterChoice();
    void resizeNearestTakesTheCentre();
    void resampleKnownWeights();
    void resampleFiltersBeforeShrinking_data();
    void resampleFiltersBeforeShrinking();
    void resizeKeepsTransparentColourOut();
    void sixteenBitTransparencyResizesInSixteenBits();
    void areaResizeWithinOneOfOpenCv();
    void areaResizeLeavesTheRestToOpenCv();
    void straightAlphaAreaResizeMatchesPremultiplying_data();
    void straightAlphaAreaResizeMatchesPremultiplying();
    void cropRect();
    void cropRectClipping();
    void cropAspect();
    void rotateQuarterTurns();
    void rotateArbitraryAngle();
    void aTinyTurnLeavesThePhotoAsItWas();
    void aTurnKeepsTheDetail();
    void rotateTransparentBackground();
    void rotateSeeThroughBackgroundOnAnOpaqueImage_data();
    void rotateSeeThroughBackgroundOnAnOpaqueImage();
    void exifOrientation_data();
    void exifOrientation();
    void flipDirections();
    void borderColours();
    void borderSeeThroughColourOnAnOpaqueImage_data();
    void borderSeeThroughColourOnAnOpaqueImage();

    // filters and colour (tst_colour.cpp)
    void blurConstantStaysConstant();
    void blurImpulse();
    void blurKeepsTransparentColourOut();
    void wideBlurIsCloseToTheExactGaussian_data();
    void wideBlurIsCloseToTheExactGaussian();
    void thinStripBlursExactlyAndWithinItsSize_data();
    void thinStripBlursExactlyAndWithinItsSize();
    void sharpenMatchesUnsharpMask();
    void sharpenThreshold();
    void sharpenKeepsAlpha();
    void sharpenIgnoresColourOfTransparentPixels_data();
    void sharpenIgnoresColourOfTransparentPixels();
    void brightnessContrastValues();
    void gammaValues();
    void saturationValues();
    void grayscaleChannels();
    void sepiaValues();

    // text watermark (tst_watermark.cpp)
    void watermarkCorner_data();
    void watermarkCorner();
    void watermarkOpacity();
    void watermarkKeepsAlpha();
    void watermarkWiderThanImage();
    void watermarkUnicodeTextRendersEveryGlyph();
    void watermarkFallbackGlyphIsNotABox();
    void watermarkMissingGlyphsAreNamed();
    void watermarkShapes();
    void watermarkMixedDirectionsInVisualOrder_data();
    void watermarkMixedDirectionsInVisualOrder();
    void watermarkRightToLeftMirrorsBrackets();
    void watermarkFontFile();
    void watermarkFontFileErrors();
    void watermarkFontFamily();
    void watermarkCachesWhatItShaped();
    void colourDrawnOnAGreyImage();

    // logo (tst_logo.cpp)
    void logoBlendsExactly();
    void logoOverTransparentPixels();
    void logoResamplesWithoutFringes();
    void logoPlacement_data();
    void logoPlacement();
    void logoNeverTallerThanTheImage();
    void logoKeepsItsMarginsWhole_data();
    void logoKeepsItsMarginsWhole();
    void logoStepReadsItsFile();

    // the operation table and the steps it builds (tst_registry.cpp)
    void tableEntriesAreComplete();
    void everyEntryRuns_data();
    void everyEntryRuns();
    void everyEntryKeepsSixteenBits_data();
    void everyEntryKeepsSixteenBits();
    void sixteenBitsAreNotEightBitsWidened();
    void numericExtremesOnTinyImages();
    void invariantStepsScaleWithTheImage();
    void compileRejectsBadSteps();
    void blurRunsAtTheScaleItIsGiven();
    void buildersReadEachKeyIntoItsField();
};

namespace testutil {

// A single-channel image whose pixel (x, y) holds `values[y][x]`.
cv::Mat grey(std::initializer_list<std::initializer_list<int>> values);
// Deterministic noise so that failures reproduce.
cv::Mat noise(cv::Size size, int type, int seed = 1);
// How many MB this process's peak resident size grew by while `work` ran, measured from a peak
// reset just before (/proc/self/clear_refs), so that an earlier test's peak cannot hide it; -1
// where the kernel cannot reset it.
long peakGrowthMb(const std::function<void()> &work);
// Maximum absolute per-element difference; -1 if sizes or types differ.
int maxDiff(const cv::Mat &a, const cv::Mat &b);
QByteArray describe(const cv::Mat &m); // for failure messages

// What a worker gives its steps: one TextRenderer for the whole test process (fonts are found
// and opened once), and files that are images made in memory (TestFiles).
pp::ops::TextRenderer &fonts();
class TestFiles : public pp::ImageFiles
{
public:
    // `logo` for any path; a path containing "corrupt" fails as a damaged file would.
    cv::Mat load(const std::string &path, cv::Size size, QString *error) override;
    cv::Mat logo;
    QStringList asked; // every path load() was called with
};
TestFiles &files();
const pp::StepResources &resources();

} // namespace testutil

// Readable QCOMPARE failures; found by argument-dependent lookup.
namespace cv {
char *toString(const cv::Size &s);
char *toString(const cv::Rect &r);
char *toString(const cv::Vec3b &v);
char *toString(const cv::Vec4b &v);
} // namespace cv
