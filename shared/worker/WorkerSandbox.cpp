#include "WorkerSandbox.h"

#include "FileIO.h" // describeErrno, folderOf

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <fcntl.h>
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

} // namespace

int landlockAbi()
{
    const long abi = createRuleset(nullptr, 0, kCreateRulesetVersion);
    return abi > 0 ? int(abi) : 0;
}

int enterSandbox(const SandboxOptions &options, QString *error)
{
    const int abi = landlockAbi();
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
    const bool rules = allow(ruleset, "/", kReadFile | kReadDir, handled) &&
                       allow(ruleset, "/dev/null", kReadFile | kWriteFile, handled) &&
                       allow(ruleset, options.runFolder, kRemoveFile, handled) &&
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
    return abi;
}

} // namespace pp
