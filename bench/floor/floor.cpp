// pixelpool-bench-floor: the 2-core floor of PixelPool's benchmark (bench/lib/bench.py, docs/benchmarks.md).
//
// The least work one of the benchmark's jobs can be on this machine: decode (JPEG at the smallest
// DCT scale m/8 that still covers the output, as a shrink-on-load decoder does, and a progressive
// JPEG at 1/8 from its DC scans alone; anything else with OpenCV's imdecode), the job's operations
// at the reduced size (a blur before a downscale runs after it with its σ scaled, as three box
// blurs from σ 4 on), one JPEG encode with libjpeg-turbo, written to OUT/<stem>.jpg. No metadata,
// no colour management, no atomic write, no quality rule, no process boundary: nothing PixelPool
// does for the user beyond the pixels. It forks PROCESSES children (2 in the benchmark) that take
// the files, largest first, from one shared counter, so memory contention and the last file's
// tail are part of the floor too, and no static split leaves one process idle.
//
//   pixelpool-bench-floor JOB OUT_DIR PROCESSES FILE...      JOB: thumbnail | web | classic
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <jpeglib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>

#include "MemoryTuning.h"
#include "codecs/JpegDcOnly.h"
#include "Operations.h"

namespace {

struct Job {
    int box;
    bool downOnly;
    int quality;
    double blurSigma;    // before the downscale, in source pixels (0: none)
    double sharpenSigma; // after the downscale (0: none)
    double sharpenAmount;
};

struct ErrorManager {
    jpeg_error_mgr mgr;
    std::jmp_buf jump;
};

void errorExit(j_common_ptr c) { std::longjmp(reinterpret_cast<ErrorManager *>(c->err)->jump, 1); }

std::vector<unsigned char> readFile(const std::string &path)
{
    std::vector<unsigned char> data;
    if (FILE *f = std::fopen(path.c_str(), "rb")) {
        unsigned char buf[1 << 16];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
            data.insert(data.end(), buf, buf + n);
        std::fclose(f);
    }
    return data;
}

cv::Size fit(cv::Size in, const Job &job)
{
    double s = std::min(double(job.box) / in.width, double(job.box) / in.height);
    if (job.downOnly)
        s = std::min(1.0, s);
    return {std::max(1, int(std::lround(in.width * s))), std::max(1, int(std::lround(in.height * s)))};
}

// JPEG decoded at the smallest m/8 that still gives at least `need`.
cv::Mat decodeJpeg(const std::vector<unsigned char> &data, const Job &job, cv::Size *original)
{
    jpeg_decompress_struct cinfo;
    ErrorManager err;
    cinfo.err = jpeg_std_error(&err.mgr);
    err.mgr.error_exit = errorExit;
    cv::Mat image;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return {};
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data.data(), data.size());
    jpeg_read_header(&cinfo, TRUE);
    *original = {int(cinfo.image_width), int(cinfo.image_height)};
    const cv::Size need = fit(*original, job);
    cinfo.scale_denom = 8;
    cinfo.scale_num = 8;
    for (unsigned m = 1; m <= 8; ++m) {
        if (std::ceil(original->width * m / 8.0) >= need.width &&
            std::ceil(original->height * m / 8.0) >= need.height) {
            cinfo.scale_num = m;
            break;
        }
    }
    const bool grey = cinfo.num_components == 1;
    pp::codecs::JpegFrame frame;
    if (cinfo.scale_num == 1 && cinfo.progressive_mode && !cinfo.arith_code &&
        (cinfo.jpeg_color_space == JCS_YCbCr || cinfo.jpeg_color_space == JCS_GRAYSCALE) &&
        pp::codecs::frameOfLibjpeg(cinfo, &frame) &&
        pp::codecs::decodeProgressiveDc(data.data(), data.size(), frame, &image)) {
        jpeg_destroy_decompress(&cinfo);
        return image;
    }
    cinfo.out_color_space = grey ? JCS_GRAYSCALE : JCS_EXT_BGR;
    jpeg_start_decompress(&cinfo);
    image.create(int(cinfo.output_height), int(cinfo.output_width), grey ? CV_8UC1 : CV_8UC3);
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = image.ptr<unsigned char>(int(cinfo.output_scanline));
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return image;
}

bool encodeJpeg(const cv::Mat &image, int quality, const std::string &path)
{
    jpeg_compress_struct cinfo;
    ErrorManager err;
    cinfo.err = jpeg_std_error(&err.mgr);
    err.mgr.error_exit = errorExit;
    unsigned char *buffer = nullptr;
    unsigned long size = 0;
    if (setjmp(err.jump)) {
        jpeg_destroy_compress(&cinfo);
        std::free(buffer);
        return false;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &buffer, &size);
    cinfo.image_width = JDIMENSION(image.cols);
    cinfo.image_height = JDIMENSION(image.rows);
    cinfo.input_components = image.channels();
    cinfo.in_color_space = image.channels() == 1 ? JCS_GRAYSCALE : JCS_EXT_BGR;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    if (image.channels() == 3 && quality >= 90) // the same chroma rule as PixelPool's encoder
        cinfo.comp_info[0].h_samp_factor = cinfo.comp_info[0].v_samp_factor = 1;
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = const_cast<unsigned char *>(image.ptr<unsigned char>(int(cinfo.next_scanline)));
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    FILE *f = std::fopen(path.c_str(), "wb");
    bool ok = f && std::fwrite(buffer, 1, size, f) == size;
    if (f)
        ok &= std::fclose(f) == 0;
    std::free(buffer);
    return ok;
}

bool process(const std::string &path, const Job &job, const std::string &outDir)
{
    const std::vector<unsigned char> data = readFile(path);
    if (data.empty())
        return false;
    cv::Size original;
    cv::Mat image;
    if (data.size() > 2 && data[0] == 0xFF && data[1] == 0xD8) {
        image = decodeJpeg(data, job, &original);
    } else {
        image = cv::imdecode(data, cv::IMREAD_COLOR);
        original = image.size();
    }
    if (image.empty())
        return false;
    const cv::Size out = fit(original, job);
    if (out != image.size())
        cv::resize(cv::Mat(image), image, out, 0, 0, out.width < image.cols ? cv::INTER_AREA : cv::INTER_CUBIC);
    if (job.blurSigma > 0)
        image = pp::ops::gaussianBlur(image, job.blurSigma * out.width / original.width);
    if (job.sharpenSigma > 0) {
        cv::Mat blurred;
        cv::GaussianBlur(image, blurred, cv::Size(), job.sharpenSigma);
        cv::addWeighted(image, 1 + job.sharpenAmount, blurred, -job.sharpenAmount, 0, image);
    }
    std::string stem = path.substr(path.find_last_of('/') + 1);
    stem = stem.substr(0, stem.find_last_of('.'));
    return encodeJpeg(image, job.quality, outDir + "/" + stem + ".jpg");
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 5) {
        std::fprintf(stderr, "usage: pixelpool-bench-floor thumbnail|web|classic OUT_DIR PROCESSES FILE...\n");
        return 2;
    }
    // The allocator settings and huge pages a worker has: without them every image's buffers come
    // from fresh mmaps, and on a virtual machine the page faults cost as much as the decode.
    pp::tuneThisProcessLikeAWorker(argv);
    const std::string name = argv[1];
    Job job;
    if (name == "thumbnail")
        job = {256, true, 80, 0, 0, 0};
    else if (name == "web")
        job = {1920, true, 85, 0, 1.0, 0.5};
    else if (name == "classic")
        job = {1200, false, 90, 15.0, 0, 0};
    else {
        std::fprintf(stderr, "unknown job %s\n", argv[1]);
        return 2;
    }
    cv::setNumThreads(1);
    const int processes = std::atoi(argv[3]);
    if (processes < 1 || processes > 64) {
        std::fprintf(stderr, "PROCESSES must be 1..64\n");
        return 2;
    }
    // Largest file first, as a pool that pulls work would want them.
    std::vector<std::pair<long long, std::string>> files;
    for (int i = 4; i < argc; ++i) {
        struct stat st;
        files.emplace_back(::stat(argv[i], &st) == 0 ? (long long)st.st_size : 0, argv[i]);
    }
    std::stable_sort(files.begin(), files.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    auto *shared = static_cast<std::atomic<int> *>(
        mmap(nullptr, 2 * sizeof(std::atomic<int>), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
    if (shared == MAP_FAILED)
        return 1;
    new (&shared[0]) std::atomic<int>(0); // the next file
    new (&shared[1]) std::atomic<int>(0); // failures
    for (int p = 0; p < processes; ++p) {
        const pid_t pid = fork();
        if (pid < 0)
            return 1;
        if (pid == 0) {
            for (int i; (i = shared[0].fetch_add(1)) < int(files.size());)
                if (!process(files[size_t(i)].second, job, argv[2])) {
                    std::fprintf(stderr, "%s: failed\n", files[size_t(i)].second.c_str());
                    shared[1].fetch_add(1);
                }
            _exit(0);
        }
    }
    int status = 0, crashed = 0;
    while (wait(&status) > 0)
        crashed += !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return crashed || shared[1].load() ? 1 : 0;
}
