#include "WorkerService.h"

#include "FileIO.h"
#include "JobExecutor.h"
#include "Protocol.h"
#include "SharedMemory.h"
#include "TextRenderer.h"
#include "ThreadStart.h"
#include "WorkerSandbox.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QtEndian>
#include <QSet>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <deque>
#include <dirent.h>
#include <map>
#include <optional>
#include <set>
#include <opencv2/core.hpp>
#include <poll.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

namespace pp {
namespace {

// A job reports its steps only once it has run this long. Most images take a few milliseconds,
// where a Progress frame per step would only wake the window's thread to repaint a row that is
// done a moment later; a slow image still shows every step after the first tenth of a second.
constexpr qint64 kProgressAfterMs = 100;

// OpenCV's threads for a job. One thread is 0 to OpenCV: sequential, the same as 1 for every
// operation, but without starting its TBB scheduler (cv::setNumThreads(1) initialises a task arena
// of one thread: TBB loads its allocator, searches every library folder for its resource manager
// and reads the process's memory map, some 4 ms of a worker's start here). A job given more
// threads starts it then, with as many as the system lets this worker start now: TBB, refused a
// thread, ends the process (std::terminate), and the image was failed as a crash of its own
// (ulimit -u counts every thread of the user's processes). One thread fewer only costs time.
void setOpenCvThreads(int threads)
{
    if (threads > 1)
        threads = 1 + startableThreads(threads - 1).started;
    cv::setNumThreads(threads > 1 ? threads : 0);
}

class Connection
{
public:
    explicit Connection(int fd) : m_fd(fd) {}
    ~Connection() { ::close(m_fd); }

    bool send(const proto::Message &m) { return sendRaw(proto::encode(m)); }
    bool sendRaw(const QByteArray &bytes)
    {
        const char *p = bytes.constData();
        qsizetype left = bytes.size();
        while (left > 0) {
            const ssize_t n = ::send(m_fd, p, size_t(left), MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return false;
            p += n;
            left -= n;
        }
        return true;
    }
    // Reads what is available (waiting up to timeoutMs; -1 = forever). False when the peer is
    // gone or sent something malformed.
    bool pump(int timeoutMs)
    {
        pollfd pfd{m_fd, POLLIN, 0};
        const int r = ::poll(&pfd, 1, timeoutMs);
        if (r <= 0)
            return r == 0 || errno == EINTR;
        char buffer[64 * 1024];
        const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
            return false;
        if (n > 0)
            m_reader.append(buffer, n);
        return !m_reader.failed();
    }
    std::optional<proto::Message> next() { return m_reader.next(); }
    bool broken() const { return m_reader.failed(); }

private:
    int m_fd;
    proto::FrameReader m_reader;
};

// The front end's channel for the files of jobs (sendJobFiles, SocketWrite.h): each message is a
// job's id with its descriptors, and why any of them is a placeholder (proto::FilesHeader). They are
// opened and made while the job's frame is on its way (WorkerPool::openJobFiles): a job's start
// waits for its files. A job sent to this worker
// again (asked back before it started, then given back) comes with files made afresh: its newest
// are the ones to write, and those of a job asked back are let go as it goes (discard); the front
// end sends none for a sending it has given up.
class FileChannel
{
public:
    using Files = Descriptors;

    explicit FileChannel(int fd) : m_fd(fd) {}
    ~FileChannel()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    FileChannel(const FileChannel &) = delete;
    FileChannel &operator=(const FileChannel &) = delete;

    // The files of job `id` (or of a probe: proto::probeFilesId), once they are there; empty with
    // *error when they cannot be. Fewer than the job needs: the front end could not make them.
    Files take(quint64 id, QString *error)
    {
        auto it = m_waiting.end();
        while (receive(), (it = m_waiting.find(id)) == m_waiting.end()) {
            if (m_cut.erase(id)) {
                *error = QStringLiteral("the image's files did not arrive (%1)").arg(describeErrno(EMFILE));
                return {};
            }
            pollfd pfd{m_fd, POLLIN, 0};
            if (m_fd < 0 || (::poll(&pfd, 1, -1) < 0 && errno != EINTR) ||
                (pfd.revents & (POLLIN | POLLHUP)) == POLLHUP) {
                *error = QStringLiteral("the front end sent no files for the image's outputs");
                return {};
            }
        }
        Files files = std::move(it->second);
        m_waiting.erase(it);
        return files;
    }
    // Lets go of the files of job `id`, asked back before it started.
    void discard(quint64 id)
    {
        receive();
        m_waiting.erase(id);
        m_cut.erase(id);
    }

private:
    // Everything sent so far, each job's newest files kept.
    void receive()
    {
        while (m_fd >= 0) {
            Files got;
            proto::FilesHeader header;
            iovec data{&header, sizeof header};
            alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * proto::kMaxChannelFiles)];
            msghdr m{};
            m.msg_iov = &data;
            m.msg_iovlen = 1;
            m.msg_control = control;
            m.msg_controllen = sizeof control;
            ssize_t n;
            while ((n = ::recvmsg(m_fd, &m, MSG_DONTWAIT | MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR) {
            }
            if (n <= 0)
                return;
            for (cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
                if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
                    continue;
                const size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                const size_t at = got.fds.size();
                got.fds.resize(at + k);
                std::memcpy(got.fds.data() + at, CMSG_DATA(c), k * sizeof(int));
            }
            if (n < ssize_t(sizeof header.id))
                continue;
            const quint64 of = header.id;
            // The kernel drops what does not fit this process's open-file limit, and a message that
            // is not whole is a front end's bug: that job fails, it does not wait for ever.
            if ((m.msg_flags & MSG_CTRUNC) || n != ssize_t(proto::FilesHeader::bytes(got.fds.size()))) {
                m_waiting.erase(of);
                m_cut.insert(of);
                continue;
            }
            got.errors.assign(header.errors, header.errors + got.fds.size());
            m_cut.erase(of);
            m_waiting[of] = std::move(got);
        }
    }

    int m_fd;
    std::map<quint64, Files> m_waiting;
    std::set<quint64> m_cut; // jobs whose files the kernel dropped
};

class Worker
{
public:
    Worker(Connection &c, FileChannel &files, quint64 maxPixels, const QByteArray &socketPath)
        : m_conn(c), m_files(files), m_executor(maxPixels), m_socketPath(socketPath)
    {
    }

    // Takes frames off the socket and files them. False: stop (peer gone or told to).
    bool drain()
    {
        while (auto msg = m_conn.next()) {
            if (auto *d = std::get_if<proto::DefinePreset>(&*msg)) {
                QString error;
                m_executor.definePreset(d->presetId, d->json, &error); // its jobs fail with the error
            } else if (auto *j = std::get_if<proto::Job>(&*msg)) {
                m_queue.push_back(std::move(*j));
            } else if (auto *c = std::get_if<proto::Cancel>(&*msg)) {
                if (c->jobId == 0) {
                    m_cancelCurrent = true;
                    for (const proto::Job &q : m_queue)
                        m_cancelled.insert(q.jobId);
                } else if (const auto waiting = std::find_if(m_queue.begin(), m_queue.end(),
                                                             [&](const proto::Job &q) { return q.jobId == c->jobId; });
                           waiting != m_queue.end()) {
                    // Not started: answered at once, so the front end can give it to a free worker
                    // while this one is still busy (Protocol.h, Cancel).
                    m_queue.erase(waiting);
                    m_files.discard(c->jobId);
                    if (!m_conn.send(proto::cancelledFailure(c->jobId)))
                        return false;
                } else if (c->jobId == m_current) {
                    m_cancelCurrent = true;
                } // else: one it has answered already; nothing to stop. Kept, it would stop the same
                  // job sent again (asked back from here, then given back by the front end).
            } else if (auto *p = std::get_if<proto::ProbeRequest>(&*msg)) {
                // Answered at once, between the steps of a running job too: a probe reads headers
                // only, and the front end holds a slice of the batch until it has the answer. Its
                // files came before it (WorkerPool::sendProbes), one for each path, a placeholder
                // with why for one the front end could not open: not understood, as it should be.
                QString ignored;
                const FileChannel::Files files = m_files.take(proto::probeFilesId(p->requestId), &ignored);
                // None came (the kernel cut them: out of descriptors here): none is looked up by its
                // name either.
                const bool came = files.fds.size() == size_t(p->paths.size());
                const HandedFiles handed(p->paths, came ? files.fds : std::vector<int>(p->paths.size(), -1),
                                         came ? files.errors : std::vector<int>(p->paths.size(), EMFILE));
                if (!m_conn.send(m_executor.probe(*p)))
                    return false;
            } else if (std::holds_alternative<proto::Shutdown>(*msg)) {
                m_shutdown = true;
            } else {
                return false; // a worker only accepts front-end messages
            }
        }
        return !m_conn.broken();
    }

    int run(const proto::Welcome &welcome)
    {
        m_testFlags = welcome.testFlags;
        if (welcome.previewSlots > 0 && welcome.previewSlotBytes > 0) {
            // Its memory is the first file on the channel, under job id 0 (WorkerPool::spawn).
            QString error;
            FileChannel::Files memory = m_files.take(0, &error);
            if (!memory.fds.empty())
                m_preview = SharedSegment::attach(
                    memory.fds[0], size_t(welcome.previewSlots) * welcome.previewSlotBytes, true, &error);
            if (m_preview) {
#ifdef PIXELPOOL_TEST_HOOKS
                if (m_testFlags & TestMisbehave) // kept to cut the segment short (pixelpool-test-cutpreview)
                    m_previewFd = ::fcntl(memory.fds[0], F_DUPFD_CLOEXEC, 0);
#endif
                m_slotBytes = welcome.previewSlotBytes;
                m_slots = welcome.previewSlots;
            }
        }
        m_cvThreads = std::max(1, int(welcome.cvThreads));
        setOpenCvThreads(m_cvThreads);
        // Connected, its preview memory mapped: from here on it reads, and writes only into what it
        // is handed.
        SandboxOptions box;
        box.runFolder = folderOf(m_socketPath);
        if (welcome.drawsText)
            for (const std::string &path : ops::fontconfigReadPaths())
                box.readable.append(QByteArray::fromStdString(path));
#ifdef PIXELPOOL_TEST_HOOKS
        if (m_testFlags & TestMisbehave) // the hooks' markers (tests use temporary folders)
            box.scratchFolder = qEnvironmentVariableIsSet("PIXELPOOL_TEST_SCRATCH")
                                    ? qgetenv("PIXELPOOL_TEST_SCRATCH")
                                    : QFile::encodeName(QDir::tempPath());
        box.maxAbi = qEnvironmentVariableIntValue("PIXELPOOL_TEST_LANDLOCK_ABI");
#endif
        QString refused;
        if (enterSandbox(box, &refused) < 0) {
            std::fprintf(stderr, "pixelpool-worker: %s\n", qPrintable(refused));
            return 2;
        }
        if (!m_conn.send(proto::Ready{}))
            return 1;
        while (!m_shutdown || !m_queue.empty()) {
            if (m_queue.empty()) {
                if (!m_conn.pump(-1) || !drain())
                    return m_shutdown ? 0 : 1;
                continue;
            }
            proto::Job job = std::move(m_queue.front());
            m_queue.pop_front();
            if (!process(job))
                return 1;
#ifdef PIXELPOOL_TEST_HOOKS
            if ((m_testFlags & TestMisbehave) && job.inputPath.contains("pixelpool-test-killafter"))
                ::raise(SIGKILL); // dies between this job's last frame and the next one's first
#endif
        }
        return 0;
    }

private:
    bool process(const proto::Job &job)
    {
        m_current = job.jobId;
        m_cancelCurrent = m_cancelled.remove(job.jobId);
#ifdef PIXELPOOL_TEST_HOOKS
        // Takes the job and never says so, as a worker stuck before it (the first time only).
        if ((m_testFlags & TestMisbehave) && job.inputPath.contains("pixelpool-test-nostartonce")) {
            const QString marker = QString::fromLocal8Bit(job.inputPath + ".held");
            if (!QFile::exists(marker)) {
                QFile(marker).open(QIODevice::WriteOnly);
                waitToBeKilled(true);
            }
        }
#endif
        // What the front end handed over for the job, taken before the job is said to be started:
        // its input (the file opened, or the memory of an input without one), the files its steps
        // read (Preset::filesRead), then the temporaries it made for the outputs (none for a
        // preview). A preset not defined here has its jobs fail on that, whatever came.
        const bool inMemory = job.inputKind == proto::InputKind::SharedMemory;
        const size_t outputCount = job.tempPath.isEmpty() ? 0 : size_t(1 + job.moreTempPaths.size());
        const std::optional<QList<QByteArray>> reads = m_executor.filesRead(job.presetId);
        const size_t readCount = reads ? size_t(reads->size()) : 0;
        proto::Failed notHanded{job.jobId, proto::FailureCode::CannotWrite, {}};
        FileChannel::Files handed = m_files.take(job.jobId, &notHanded.message);
        if (notHanded.message.isEmpty() && reads && handed.fds.size() != 1 + readCount + outputCount)
            notHanded.message =
                QStringLiteral("the front end sent %1 files for the image, %2 files its steps read and "
                               "%3 outputs")
                    .arg(QString::number(handed.fds.size()), QString::number(readCount), QString::number(outputCount));
        std::unique_ptr<SharedSegment> input;
        if (notHanded.message.isEmpty() && inMemory && !handed.fds.empty()) {
            input = SharedSegment::attach(handed.fds[0], job.inputBytes, false, &notHanded.message);
            notHanded.code = proto::FailureCode::CannotRead;
        }
        const bool counted = notHanded.message.isEmpty() && reads;
        const std::vector<int> outputs =
            counted ? std::vector<int>(handed.fds.begin() + qsizetype(1 + readCount), handed.fds.end())
                    : std::vector<int>();
        // The input and the steps' files by the names the job knows them by (HandedFiles): read
        // from what was handed, never opened here.
        QList<QByteArray> names;
        std::vector<int> opened, refused;
        if (counted) {
            names.append(inMemory ? QByteArray() : job.inputPath);
            names.append(*reads);
            opened.assign(handed.fds.begin(), handed.fds.begin() + qsizetype(1 + readCount));
            refused.assign(handed.errors.begin(), handed.errors.begin() + qsizetype(1 + readCount));
        }
        if (!m_conn.send(proto::Started{job.jobId}))
            return false;
        QElapsedTimer running;
        running.start();
        if (m_cancelCurrent)
            return m_conn.send(proto::cancelledFailure(job.jobId));
#ifdef PIXELPOOL_TEST_HOOKS
        if ((m_testFlags & TestMisbehave) && job.inputPath.contains("pixelpool-test-escape"))
            return m_conn.send(escape(job));
        if ((m_testFlags & TestMisbehave) && job.inputPath.contains("pixelpool-test-cutpreview"))
            return cutPreview(job);
        if (m_testFlags & TestMisbehave)
            misbehave(job);
#endif
        if (!notHanded.message.isEmpty())
            return m_conn.send(notHanded);
        const int threads = std::max(1, int(job.cvThreads));
        if (threads != m_cvThreads) { // rebuilding OpenCV's thread pool is not free: only on change
            setOpenCvThreads(threads);
            m_cvThreads = threads;
        }
        JobHooks hooks;
        bool alive = true;
        hooks.cancelled = [&] {
            alive = alive && m_conn.pump(0) && drain();
            return m_cancelCurrent || !alive;
        };
        hooks.progress = [&](int step, int steps) {
            if (running.elapsed() >= kProgressAfterMs)
                m_conn.send(proto::Progress{job.jobId, quint16(step), quint16(steps)});
        };
        JobOutcome out;
        {
            const HandedFiles readable(names, opened, refused);
            out = m_executor.run(job, input ? input->data() : nullptr, input ? size_t(job.inputBytes) : 0, hooks,
                                 outputs);
        }
        input.reset();
        if (!alive)
            return false;
#ifdef PIXELPOOL_TEST_HOOKS
        if ((m_testFlags & TestMisbehave) && out.ok && job.inputPath.contains("pixelpool-test-holdoutput")) {
            // The output is written, not yet committed: "<input>.written" says so.
            QFile(QString::fromLocal8Bit(job.inputPath + ".written")).open(QIODevice::WriteOnly);
            waitForGo(job.inputPath + ".written.go");
        }
#endif
        if (!out.ok)
            return m_conn.send(out.failed);
        proto::Finished &fin = out.finished;
        if (!job.region.isEmpty() && (!m_preview || job.previewSlot < 0 || quint32(job.previewSlot) >= m_slots ||
                                      size_t(out.preview.total() * 4) > m_slotBytes))
            return m_conn.send(proto::Failed{job.jobId, proto::FailureCode::Processing,
                                             QStringLiteral("the region does not fit the preview slot")});
        if (!out.preview.empty() && m_preview && job.previewSlot >= 0 && quint32(job.previewSlot) < m_slots &&
            size_t(out.preview.total() * 4) <= m_slotBytes) {
            uint8_t *dst = m_preview->data() + size_t(job.previewSlot) * m_slotBytes;
            for (int y = 0; y < out.preview.rows; ++y)
                std::memcpy(dst + size_t(y) * out.preview.cols * 4, out.preview.ptr(y), size_t(out.preview.cols) * 4);
            fin.previewSlot = job.previewSlot;
            fin.previewWidth = quint16(out.preview.cols);
            fin.previewHeight = quint16(out.preview.rows);
        }
        return m_conn.send(fin);
    }

#ifdef PIXELPOOL_TEST_HOOKS
    // Test-only: crash, hang or break the protocol when the input's name asks for it.
    void misbehave(const proto::Job &job)
    {
        const QByteArray &name = job.inputPath;
        if (name.contains("pixelpool-test-gate") && !(job.flags & proto::PreviewOnly)) {
            // Holds the job until the test creates "<input>.go": a test decides when this
            // worker's next frames are sent, instead of hoping for an order. Only a job that
            // writes: the window's thumbnails of the cards on screen go before the batch's next
            // images, and the gate's own card held its worker before the batch job it is there for.
            waitForGo(name + ".go");
        }
        if (name.contains("pixelpool-test-slowgate")) {
            // Held like the gate, but reading the front end's frames meanwhile, as a long image
            // does between its steps; a cancel of this job lets it go on (to be stopped).
            const QString go = QString::fromLocal8Bit(name + ".go");
            for (int i = 0; i < 60000 && !QFile::exists(go) && !m_cancelCurrent; ++i) {
                if (!m_conn.pump(0) || !drain())
                    break;
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        }
        if (name.contains("pixelpool-test-exitnow"))
            ::_exit(7); // right after Started: its frames and its exit reach the front end together
        if (name.contains("pixelpool-test-crashonce")) {
            const QByteArray marker = name + ".crashed";
            if (!QFile::exists(QString::fromLocal8Bit(marker))) {
                QFile f(QString::fromLocal8Bit(marker));
                f.open(QIODevice::WriteOnly);
                f.close();
                ::raise(SIGSEGV);
            }
        }
        if (name.contains("pixelpool-test-nothreads"))
            refuseMoreThreads(); // as for a user at its ulimit -u: the job goes on with the threads it has
        if (name.contains("pixelpool-test-threadgiveup")) {
            // A library that wants a thread the system refuses, and gives up where nothing catches
            // it, as TBB does when pthread_create fails. "…giveuponce": the first attempt only.
            const QString marker = QString::fromLocal8Bit(name + ".gaveup");
            if (!name.contains("pixelpool-test-threadgiveuponce") || !QFile::exists(marker)) {
                QFile(marker).open(QIODevice::WriteOnly);
                refuseMoreThreads();
                []() noexcept { std::thread([] {}).join(); }();
            }
        }
        if (name.contains("pixelpool-test-crash."))
            ::raise(SIGSEGV);
        if (name.contains("pixelpool-test-abort"))
            ::abort();
        if (name.contains("pixelpool-test-metadataabort") && !(job.flags & proto::WithoutMetadata))
            ::abort(); // as exiv2 does on some damaged metadata (an assertion)
        if (name.contains("pixelpool-test-hang"))
            for (;;)
                std::this_thread::sleep_for(std::chrono::seconds(1));
        // A worker that broke the protocol waits to be killed: going on would let it start its
        // next job (and, say, leave crashonce's marker) before the front end puts it down.
        // A header as the current protocol writes it: u32 length | u16 type | u16 version.
        const auto header = [](quint32 length, quint16 type) {
            QByteArray h(proto::kHeaderSize, '\0');
            qToLittleEndian(length, h.data());
            qToLittleEndian(type, h.data() + 4);
            qToLittleEndian(proto::kProtocolVersion, h.data() + 6);
            return h;
        };
        if (name.contains("pixelpool-test-badframe")) // a Finished frame whose payload is garbage
            waitToBeKilled(m_conn.sendRaw(header(8, quint16(proto::Type::Finished)) + "garbage!"));
        if (name.contains("pixelpool-test-oversize"))
            waitToBeKilled(m_conn.sendRaw(header(0x7fffffff, quint16(proto::Type::Finished))));
        if (name.contains("pixelpool-test-unknowntype"))
            waitToBeKilled(m_conn.sendRaw(header(0, 99)));
        if (name.contains("pixelpool-test-regionlie")) { // a well-formed region preview of another region
            proto::Finished lie;
            lie.jobId = job.jobId;
            lie.outcome = proto::Outcome::PreviewOnly;
            lie.width = lie.height = 64;
            lie.previewSlot = job.previewSlot;
            lie.beforeRegion = {job.region.x + 100, job.region.y, 8, 8};
            lie.afterRegion = {0, 0, 8, 8};
            lie.previewWidth = 16;
            lie.previewHeight = 8;
            waitToBeKilled(m_conn.send(lie));
        }
        if (name.contains("pixelpool-test-fakecancel")) // stops the job nobody asked it to stop
            waitToBeKilled(m_conn.send(proto::cancelledFailure(job.jobId)));
        if (name.contains("pixelpool-test-badindex")) {
            proto::Finished wrong;
            wrong.jobId = job.jobId + 1000;
            waitToBeKilled(m_conn.send(wrong));
        }
    }

    // "pixelpool-test-escape": tries what a worker taken over by a hostile image would, and says
    // what it was let do (WorkerSandbox.h), as the job's failure.
    static proto::Failed escape(const proto::Job &job)
    {
        const QByteArray &name = job.inputPath;
        const auto said = [](bool allowed) { return allowed ? "allowed" : "denied"; };
        QStringList tried;
        const int made = ::open(name + ".escaped", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        tried << QStringLiteral("create %1").arg(said(made >= 0));
        const int changed = ::open(name + ".victim", O_WRONLY | O_APPEND | O_CLOEXEC);
        tried << QStringLiteral("change %1").arg(said(changed >= 0));
        for (const int fd : {made, changed})
            if (fd >= 0)
                ::close(fd);
        tried << QStringLiteral("chmod %1").arg(said(::chmod(name + ".victim", 0777) == 0));
        tried << QStringLiteral("truncate %1").arg(said(::truncate(name + ".victim", 0) == 0));
        const timespec epoch[2] = {{0, 0}, {0, 0}};
        tried << QStringLiteral("times %1").arg(said(::utimensat(AT_FDCWD, name + ".victim", epoch, 0) == 0));
        tried << QStringLiteral("xattr %1")
                     .arg(said(::setxattr(name + ".victim", "user.pixelpool.origin", "x", 1, 0) == 0));
        // A file of the user's that it was not handed (its input's neighbour), and their folder.
        const int read = ::open(name + ".victim", O_RDONLY | O_CLOEXEC);
        tried << QStringLiteral("read %1").arg(said(read >= 0));
        if (read >= 0)
            ::close(read);
        DIR *listed = ::opendir(folderOf(name).constData());
        tried << QStringLiteral("list %1").arg(said(listed != nullptr));
        if (listed)
            ::closedir(listed);
        // /proc is readable, but not the front end's environment (or memory, or open files), nor
        // the user's files through a process's root.
        const QByteArray parent = "/proc/" + QByteArray::number(::getppid());
        for (const QByteArray &through : {parent + "/environ", "/proc/self/root" + name + ".victim"}) {
            const int fd = ::open(through.constData(), O_RDONLY | O_CLOEXEC);
            tried << QStringLiteral("%1 %2").arg(
                through.endsWith("/environ") ? QStringLiteral("environ") : QStringLiteral("root"), said(fd >= 0));
            if (fd >= 0)
                ::close(fd);
        }
        tried << QStringLiteral("remove %1").arg(said(::unlink(name + ".victim") == 0));
        const pid_t child = ::fork();
        if (child == 0) {
            char *const argv[] = {const_cast<char *>("true"), nullptr};
            ::execv("/bin/true", argv);
            ::_exit(errno == EACCES ? 3 : 4);
        }
        int status = 0;
        const bool ran =
            child > 0 && ::waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0;
        tried << QStringLiteral("run %1").arg(said(ran));
        const int tcp = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(9); // nothing listens: refused when allowed at all
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const bool connected =
            tcp >= 0 && (::connect(tcp, reinterpret_cast<sockaddr *>(&to), sizeof to) == 0 || errno != EACCES);
        if (tcp >= 0)
            ::close(tcp);
        tried << QStringLiteral("tcp %1").arg(said(connected));
        // A UNIX socket by its path, as the session bus's or the X server's (the test listens).
        const int local = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un at{};
        at.sun_family = AF_UNIX;
        const QByteArray path = name + ".sock";
        std::memcpy(at.sun_path, path.constData(), std::min(sizeof at.sun_path - 1, size_t(path.size())));
        const bool reached = local >= 0 && ::connect(local, reinterpret_cast<sockaddr *>(&at), sizeof at) == 0;
        if (local >= 0)
            ::close(local);
        tried << QStringLiteral("unix %1").arg(said(reached));
        tried << QStringLiteral("signal %1").arg(said(::kill(::getppid(), 0) == 0));
        return proto::Failed{job.jobId, proto::FailureCode::Processing, tried.join(QStringLiteral("; "))};
    }

    // "pixelpool-test-cutpreview": cuts the preview memory short, then says a preview is in it, which
    // the front end's copy would fault on (it is guarded). The memory is sealed at its size: the
    // refusal is the job's failure.
    bool cutPreview(const proto::Job &job)
    {
        if (m_previewFd < 0 || job.previewSlot < 0)
            return m_conn.send(
                proto::Failed{job.jobId, proto::FailureCode::Processing, QStringLiteral("no preview memory to cut")});
        if (::ftruncate(m_previewFd, 0) != 0)
            return m_conn.send(proto::Failed{job.jobId, proto::FailureCode::Processing,
                                             QStringLiteral("the preview memory was not cut short: %1")
                                                 .arg(QString::fromLocal8Bit(std::strerror(errno)))});
        proto::Finished cut;
        cut.jobId = job.jobId;
        cut.outcome = proto::Outcome::PreviewOnly;
        cut.width = cut.height = 64;
        cut.previewSlot = job.previewSlot;
        cut.previewWidth = cut.previewHeight = 16;
        waitToBeKilled(m_conn.send(cut));
    }

    // Waits (at most a minute) until a test makes the file `go`. "pixelpool-test-holdoutput": after
    // the output's temporary is written, before the result is sent, for "<input>.written.go".
    static void waitForGo(const QByteArray &go)
    {
        const QString file = QString::fromLocal8Bit(go);
        for (int i = 0; i < 60000 && !QFile::exists(file); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }

    [[noreturn]] static void waitToBeKilled(bool)
    {
        for (;;)
            ::pause();
    }
#endif

    Connection &m_conn;
    FileChannel &m_files;
    JobExecutor m_executor;
    QByteArray m_socketPath;
    std::deque<proto::Job> m_queue;
    QSet<quint64> m_cancelled;
    quint64 m_current = 0;
    bool m_cancelCurrent = false;
    bool m_shutdown = false;
    quint32 m_testFlags = 0;
    int m_cvThreads = 1;
    std::unique_ptr<SharedSegment> m_preview;
    int m_previewFd = -1; // test hooks only
    size_t m_slotBytes = 0;
    quint32 m_slots = 0;
};

} // namespace

int runWorker(const WorkerOptions &options)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (fd < 0 || size_t(options.socketPath.size()) >= sizeof addr.sun_path)
        return 2;
    std::memcpy(addr.sun_path, options.socketPath.constData(), size_t(options.socketPath.size()));
    if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return 2;
    }
    Connection conn(fd);
    FileChannel files(options.filesFd);
    if (!conn.send(proto::Hello{proto::kProtocolVersion, options.token, qint64(::getpid())}))
        return 2;
    // The first frame back must be the Welcome.
    std::optional<proto::Message> first;
    while (!(first = conn.next())) {
        if (!conn.pump(10000) || conn.broken())
            return 2;
    }
    const auto *welcome = std::get_if<proto::Welcome>(&*first);
    if (!welcome)
        return 2;
    Worker worker(conn, files, welcome->maxPixels, options.socketPath);
    if (!worker.drain())
        return 2;
    return worker.run(*welcome);
}

} // namespace pp
