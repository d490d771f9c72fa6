// The pixelpool-opencv-codecs plug-in: OpenCV's imgcodecs behind two C functions. Loaded with
// dlopen by OpenCvBridge.cpp the first time a format without a codec of its own (BMP) is met, so
// that no process pays for imgcodecs' ~140 shared libraries unless it needs them.
#include <cstdint>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <vector>

extern "C" __attribute__((visibility("default"))) bool pixelpool_opencv_decode(const uint8_t *data, size_t size,
                                                                               cv::Mat *out, std::string *error)
{
    try {
        const cv::Mat buffer(1, int(size), CV_8U, const_cast<uint8_t *>(data));
        *out = cv::imdecode(buffer, cv::IMREAD_UNCHANGED);
        if (out->empty())
            *error = "damaged or truncated data";
        return !out->empty();
    } catch (const cv::Exception &e) {
        *error = e.msg;
        return false;
    }
}

extern "C" __attribute__((visibility("default"))) bool
pixelpool_opencv_encode(const char *ext, const cv::Mat *image, std::vector<uint8_t> *out, std::string *error)
{
    try {
        std::vector<uchar> buffer;
        if (!cv::imencode(ext, *image, buffer)) {
            *error = "the encoder refused the image";
            return false;
        }
        out->assign(buffer.begin(), buffer.end());
        return true;
    } catch (const cv::Exception &e) {
        *error = e.msg;
        return false;
    }
}
