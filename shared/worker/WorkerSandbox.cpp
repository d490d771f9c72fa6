#include "WorkerSandbox.h"

#include "FileIO.h" // describeErrno, folderOf

#include <QDir>
#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <vector>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pp {
namespace {

// Landlock's interface (linux/landlock.h), spelled out here: Debian bookworm's header stops at
// ABI 2, and the kernels PixelPool meets offer more. The values are the kernel's, fixed for good.
constexpr uint32_t kCreateRulesetVersion = 1U << 0;
constexpr int kRulePathBeneath = 1;

constexpr uint64_t kExecute = 1ULL << 0;
constexpr uint64_t kWriteFile = 1ULL << 1;
constexpr uint64_t kReadFile = 1ULL << 2;
constexpr uint64_t kReadDir = 1ULL << 3;
constexpr uint64_t kRemoveDir = 1ULL << 4;
constexpr uint64_t kRemoveFile = 1ULL << 5;
constexpr uint64_t kMakeChar = 1ULL << 6;
constexpr uint64_t kMakeDir = 1ULL << 7;
constexpr uint64_t kMakeReg = 1ULL << 8;
constexpr uint64_t kMakeSock = 1ULL << 9;
constexpr uint64_t kMakeFifo = 1ULL << 10;
constexpr uint64_t kMakeBlock = 1ULL << 11;
constexpr uint64_t kMakeSym = 1ULL << 12;
constexpr uint64_t kRefer = 1ULL << 13;                  // ABI 2
constexpr uint64_t kTruncate = 1ULL << 14;               // ABI 3
constexpr uint64_t kIoctlDev = 1ULL << 15;               // ABI 5
constexpr uint64_t kNetBindTcp = 1ULL << 0;              // ABI 4
constexpr uint64_t kNetConnectTcp = 1ULL << 1;           // ABI 4
constexpr uint64_t kScopeAbstractUnixSocket = 1ULL << 0; // ABI 6
constexpr uint64_t kScopeSignal = 1ULL << 1;             // ABI 6

struct RulesetAttr {
    uint64_t handledAccessFs = 0;
    uint64_t handledAccessNet = 0; // ABI 4
    uint64_t scoped = 0;           // ABI 6
};
struct __attribute__((packed)) PathBeneathAttr {
    uint64_t allowedAccess = 0;
    int32_t parentFd = -1;
};

// The rights a file (not a folder) can be given; a rule on a file with others is refused.
constexpr uint64_t kFileRights = kExecute | kWriteFile | kReadFile | kTruncate | kIoctlDev;

uint64_t fsRights(int abi)
{
    uint64_t all = kExecute | kWriteFile | kReadFile | kReadDir | kRemoveDir | kRemoveFile | kMakeChar | kMakeDir |
                   kMakeReg | kMakeSock | kMakeFifo | kMakeBlock | kMakeSym;
    if (abi >= 2)
        all |= kRefer;
    if (abi >= 3)
        all |= kTruncate;
    if (abi >= 5)
        all |= kIoctlDev;
    return all;
}

long createRuleset(const RulesetAttr *attr, size_t size, uint32_t flags)
{
#ifdef SYS_landlock_create_ruleset
    return ::syscall(SYS_landlock_create_ruleset, attr, size, flags);
#else
    errno = ENOSYS;
    return -1;
#endif
}

// Allows `rights` (within what the ruleset handles) beneath `path`; a path that is not there
// allows nothing, and is no error. False with errno when the rule was refused.
bool allow(int ruleset, const QByteArray &path, uint64_t rights, uint64_t handled)
{
    if (path.isEmpty())
        return true;
    PathBeneathAttr rule;
    rule.parentFd = ::open(path.constData(), O_PATH | O_CLOEXEC);
    if (rule.parentFd < 0)
        return true;
    struct stat st;
    const bool folder = ::fstat(rule.parentFd, &st) == 0 && S_ISDIR(st.st_mode);
    rule.allowedAccess = rights & handled & (folder ? ~0ULL : kFileRights);
    const long r = rule.allowedAccess == 0 ? 0
#ifdef SYS_landlock_add_rule
                                           : ::syscall(SYS_landlock_add_rule, ruleset, kRulePathBeneath, &rule, 0);
#else
                                           : -1;
#endif
    const int err = errno;
    ::close(rule.parentFd);
    errno = err;
    return r == 0;
}

// The system calls a worker never needs once connected, and that would let one taken over reach
// past Landlock: new sockets (Landlock does not cover UNIX sockets by path: the session bus, whose
// systemd runs any program it is asked to, or the X server's socket, which takes keystrokes), other
// processes (signals but to itself, tracing, their memory), namespaces and mounts, io_uring (its
// own way to every call), the kernel's keyring, BPF and performance counters, module and kernel
// loading. Answered EPERM, as a refusal a library handles; the rest is allowed.
#if defined(__x86_64__) && !defined(__ILP32__)
constexpr uint32_t kAuditArch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
constexpr uint32_t kAuditArch = AUDIT_ARCH_AARCH64;
#elif defined(__i386__)
constexpr uint32_t kAuditArch = AUDIT_ARCH_I386;
#elif defined(__arm__) && defined(__ARMEL__)
constexpr uint32_t kAuditArch = AUDIT_ARCH_ARM;
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
constexpr uint32_t kAuditArch = AUDIT_ARCH_PPC64LE;
#elif defined(__s390x__)
constexpr uint32_t kAuditArch = AUDIT_ARCH_S390X;
#elif defined(__riscv) && __riscv_xlen == 64
constexpr uint32_t kAuditArch = AUDIT_ARCH_RISCV64;
#else
constexpr uint32_t kAuditArch = 0; // not known here: no filter
#endif

const std::vector<long> &deniedCalls()
{
    static const std::vector<long> calls = {
#ifdef SYS_socket
        SYS_socket,
        SYS_socketpair,
#endif
#ifdef SYS_socketcall // the socket calls multiplexed, on 32-bit x86 and others
        SYS_socketcall,
#endif
        SYS_execve,
        SYS_execveat,
        SYS_ptrace,
        SYS_process_vm_readv,
        SYS_process_vm_writev,
        SYS_tkill,
        SYS_rt_sigqueueinfo,
        SYS_rt_tgsigqueueinfo,
#ifdef SYS_pidfd_open
        SYS_pidfd_open,
        SYS_pidfd_send_signal,
        SYS_pidfd_getfd,
#endif
        SYS_unshare,
        SYS_setns,
        SYS_mount,
        SYS_umount2,
        SYS_pivot_root,
        SYS_chroot,
#ifdef SYS_open_tree
        SYS_open_tree,
        SYS_move_mount,
        SYS_fsopen,
        SYS_fsmount,
#endif
#ifdef SYS_io_uring_setup
        SYS_io_uring_setup,
        SYS_io_uring_enter,
        SYS_io_uring_register,
#endif
        SYS_keyctl,
        SYS_add_key,
        SYS_request_key,
        SYS_bpf,
        SYS_perf_event_open,
        SYS_userfaultfd,
        SYS_init_module,
        SYS_finit_module,
        SYS_delete_module,
        SYS_kexec_load,
        SYS_open_by_handle_at,
    // A file's metadata, which Landlock does not cover: its mode, owner, times and extended
    // attributes (the origin attribute the front end reads), of any file of the user, the outputs
    // handed over included.
#ifdef SYS_chmod
        SYS_chmod,
#endif
        SYS_fchmod,
        SYS_fchmodat,
#ifdef SYS_fchmodat2
        SYS_fchmodat2,
#endif
#ifdef SYS_chown
        SYS_chown,
        SYS_lchown,
#endif
        SYS_fchown,
        SYS_fchownat,
#ifdef SYS_utime
        SYS_utime,
#endif
#ifdef SYS_utimes
        SYS_utimes,
#endif
#ifdef SYS_futimesat
        SYS_futimesat,
#endif
        SYS_utimensat,
        // A file's length by its path, which Landlock covers from ABI 3 only (Debian bookworm's 6.1
        // kernel offers ABI 2): the outputs are the worker's by their descriptors.
        SYS_truncate,
#ifdef SYS_truncate64
        SYS_truncate64,
#endif
        SYS_setxattr,
        SYS_lsetxattr,
        SYS_fsetxattr,
        SYS_removexattr,
        SYS_lremovexattr,
        SYS_fremovexattr,
#ifdef SYS_setxattrat
        SYS_setxattrat,
        SYS_removexattrat,
#endif
    };
    return calls;
}

// A classic BPF program for seccomp: the architecture must be this build's (a 32-bit call made from
// a 64-bit process, or x32 on x86-64, is refused whole); kill and tgkill are let through to this
// process only (raise(), abort(), a thread's signals), ioctl but for TIOCSTI; the calls above are
// refused.
std::vector<sock_filter> seccompProgram(pid_t self)
{
    std::vector<sock_filter> p;
    const auto stmt = [&](uint16_t code, uint32_t k) { p.push_back(BPF_STMT(code, k)); };
    const auto jump = [&](uint16_t code, uint32_t k, uint8_t jt, uint8_t jf) {
        p.push_back(BPF_JUMP(code, k, jt, jf));
    };
    constexpr uint32_t kDeny = SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA);
    // The low 32 bits of the first argument (a pid_t).
    constexpr uint32_t kArg0Low = offsetof(seccomp_data, args[0]) + (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? 4 : 0);
    constexpr uint32_t kArg1Low = offsetof(seccomp_data, args[1]) + (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? 4 : 0);
    stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch));
    jump(BPF_JMP | BPF_JEQ | BPF_K, kAuditArch, 1, 0);
    stmt(BPF_RET | BPF_K, kDeny);
    stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr));
#if defined(__x86_64__)
    jump(BPF_JMP | BPF_JGE | BPF_K, 0x40000000U, 0, 1); // __X32_SYSCALL_BIT
    stmt(BPF_RET | BPF_K, kDeny);
#endif
    for (const long nr : {long(SYS_kill), long(SYS_tgkill)}) {
        jump(BPF_JMP | BPF_JEQ | BPF_K, uint32_t(nr), 0, 4);
        stmt(BPF_LD | BPF_W | BPF_ABS, kArg0Low);
        jump(BPF_JMP | BPF_JEQ | BPF_K, uint32_t(self), 0, 1);
        stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
        stmt(BPF_RET | BPF_K, kDeny);
    }
    // A terminal's input, which a worker's stderr may be (PIXELPOOL_DEBUG): typed into it (TIOCSTI).
    jump(BPF_JMP | BPF_JEQ | BPF_K, uint32_t(SYS_ioctl), 0, 4);
    stmt(BPF_LD | BPF_W | BPF_ABS, kArg1Low);
    jump(BPF_JMP | BPF_JEQ | BPF_K, uint32_t(TIOCSTI), 0, 1);
    stmt(BPF_RET | BPF_K, kDeny);
    stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    for (const long nr : deniedCalls()) {
        jump(BPF_JMP | BPF_JEQ | BPF_K, uint32_t(nr), 0, 1);
        stmt(BPF_RET | BPF_K, kDeny);
    }
    stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    return p;
}

bool enterSeccomp(QString *error)
{
    if (kAuditArch == 0)
        return true;
    std::vector<sock_filter> program = seccompProgram(::getpid());
    sock_fprog prog{uint16_t(program.size()), program.data()};
    if (::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == 0)
        return true;
    *error = QStringLiteral("cannot install the seccomp filter: %1").arg(describeErrno(errno));
    return false;
}

// a is b, or a folder above it.
bool atOrAbove(const QByteArray &a, const QByteArray &b) { return a == b || a == "/" || b.startsWith(a + '/'); }

} // namespace

QByteArray readableFolderOr(const QByteArray &folder, const QByteArray &file, bool notInThem)
{
    const QByteArray home = QFile::encodeName(QDir::homePath());
    static const QList<QByteArray> open = {"/home", "/root", "/tmp",     "/var/tmp",  "/media",
                                           "/mnt",  "/srv",  "/dev/shm", "/run/user", "/run/media"};
    bool wide = folder.isEmpty() || atOrAbove(folder, home) || (notInThem && atOrAbove(home, folder));
    for (const QByteArray &o : open)
        wide = wide || atOrAbove(folder, o) || (notInThem && atOrAbove(o, folder));
    return wide ? file : folder;
}

QList<QByteArray> sandboxReadable(const SandboxOptions &options)
{
    // /opt and the stores of Nix and Guix: software every user of the machine reads (a font folder
    // may be a link into one); no user's own files. Of /proc, this process's own folder (/proc/self
    // leads there) and what describes the machine: another process's folder would give away its
    // environment (Landlock lets a sandboxed process read the environ of the user's processes) and,
    // through its root and its open files' links, nothing (those are checked where they lead).
    QList<QByteArray> paths = {
        "/usr",          "/etc",          "/lib",       "/lib32",
        "/lib64",        "/libx32",       "/bin",       "/sbin",
        "/opt",          "/nix/store",    "/gnu/store", "/proc/" + QByteArray::number(::getpid()),
        "/proc/cpuinfo", "/proc/meminfo", "/proc/stat", "/proc/filesystems",
        "/proc/sys",     "/sys",          "/dev/zero",  "/dev/random",
        "/dev/urandom"};
    const auto add = [&](const QByteArray &path) {
        if (!path.isEmpty() && !paths.contains(path))
            paths.append(path);
    };
    // PixelPool's plug-ins, loaded on first use (CodecModules.cpp): the files, never the folder
    // they are in (a build run from the Downloads folder would open it whole).
    for (const char *plugin : {"libpixelpool-heif.so", "libpixelpool-jxl.so", "libpixelpool-opencv-codecs.so"})
        add(ownFilePath(OwnFolder::Plugins, plugin));
    // The folders of the libraries loaded (a build of its own, LD_LIBRARY_PATH: the libraries they
    // load later are beside them), where such a folder opens no user's files; else the file alone.
    std::vector<uint8_t> maps;
    QString ignored;
    if (readRegularFile("/proc/self/maps", 1 << 20, &maps, &ignored)) {
        // "start-end perms offset dev inode   /path/of/file"
        QByteArray lastFile;
        for (const QByteArray &line :
             QByteArray::fromRawData(reinterpret_cast<const char *>(maps.data()), qsizetype(maps.size())).split('\n')) {
            const qsizetype at = line.indexOf(" /");
            if (at > 0 && !line.endsWith(" (deleted)")) {
                // A file by a name that is one now: a path the kernel can only give from another
                // root (a file whose mount was detached reads "/…" from that mount's root, its root
                // file "/") would let the worker read that, "/" the whole machine.
                const QByteArray file = line.mid(at + 1);
                if (file == lastFile) // a library's mappings come one after the other
                    continue;
                lastFile = file;
                struct stat st;
                if (::stat(file.constData(), &st) == 0 && S_ISREG(st.st_mode))
                    add(readableFolderOr(folderOf(file), file, true));
            }
        }
    }
    // fontconfig's (the user's fonts, ~/.local/share/fonts), but a folder that holds the user's
    // files whole (a font folder "~", "/tmp").
    for (const QByteArray &path : options.readable)
        add(readableFolderOr(path, QByteArray(), false));
    return paths;
}

int landlockAbi()
{
    const long abi = createRuleset(nullptr, 0, kCreateRulesetVersion);
    return abi > 0 ? int(abi) : 0;
}

int enterSandbox(const SandboxOptions &options, QString *error)
{
    const int abi = options.maxAbi > 0 ? std::min(landlockAbi(), options.maxAbi) : landlockAbi();
    if (abi == 0)
        return 0;
    RulesetAttr attr;
    attr.handledAccessFs = fsRights(abi);
    size_t size = sizeof attr.handledAccessFs;
    if (abi >= 4) {
        attr.handledAccessNet = kNetBindTcp | kNetConnectTcp; // and no rule allows either
        size = offsetof(RulesetAttr, scoped);
    }
    if (abi >= 6) {
        attr.scoped = kScopeAbstractUnixSocket | kScopeSignal;
        size = sizeof attr;
    }
    const int ruleset = int(createRuleset(&attr, size, 0));
    if (ruleset < 0) {
        *error = QStringLiteral("cannot make a Landlock ruleset: %1").arg(describeErrno(errno));
        return -1;
    }
    const uint64_t handled = attr.handledAccessFs;
    const QByteArray runParent = folderOf(options.runFolder);
    bool rules = true;
    for (const QByteArray &path : sandboxReadable(options))
        rules = rules && allow(ruleset, path, kReadFile | kReadDir, handled);
    rules = rules && allow(ruleset, "/dev/null", kReadFile | kWriteFile, handled) &&
            allow(ruleset, options.runFolder, kReadFile | kReadDir | kRemoveFile, handled) &&
            allow(ruleset, runParent.isEmpty() ? QByteArray() : runParent, kRemoveDir, handled) &&
            allow(ruleset, options.scratchFolder, kMakeReg | kWriteFile | kRemoveFile | kTruncate, handled);
    if (!rules) {
        *error = QStringLiteral("cannot add a Landlock rule: %1").arg(describeErrno(errno));
        ::close(ruleset);
        return -1;
    }
    // Landlock asks for it (a sandboxed process must gain no privileges by exec); the front end
    // set it too before exec.
    ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
#ifdef SYS_landlock_restrict_self
    const long r = ::syscall(SYS_landlock_restrict_self, ruleset, 0);
#else
    const long r = -1;
#endif
    const int err = errno;
    ::close(ruleset);
    if (r != 0) {
        *error = QStringLiteral("cannot enter the Landlock sandbox: %1").arg(describeErrno(err));
        return -1;
    }
    return enterSeccomp(error) ? abi : -1;
}

} // namespace pp
