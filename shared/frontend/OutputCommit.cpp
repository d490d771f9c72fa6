#include "OutputCommit.h"

#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

namespace pp {

QByteArray fillSizePlaceholders(QByteArray pattern, int width, int height)
{
    pattern.replace("{width}", QByteArray::number(width));
    pattern.replace("{height}", QByteArray::number(height));
    return pattern;
}

QByteArray numberedVariant(const QByteArray &path, int n)
{
    const qsizetype slash = path.lastIndexOf('/');
    const qsizetype dot = path.lastIndexOf('.');
    const qsizetype at = (dot > slash + 1) ? dot : path.size();
    return path.left(at) + " (" + QByteArray::number(n) + ")" + path.mid(at);
}

WriteResult commitTemporary(const QByteArray &tempPath, const QByteArray &pattern, int width, int height,
                            Overwrite policy, const QByteArray &protectedPath)
{
    WriteResult r;
    const QByteArray target = fillSizePlaceholders(pattern, width, height);
    r.finalPath = target;
    struct stat st {
    };
    if (::lstat(tempPath.constData(), &st) != 0) {
        r.error = QStringLiteral("the worker's output is missing: %1").arg(describeErrno(errno));
        return r;
    }
    if (!S_ISREG(st.st_mode)) { // a worker is not trusted to have written a plain file
        if (!S_ISDIR(st.st_mode))
            ::unlink(tempPath.constData());
        r.error = QStringLiteral("the worker's output is not a regular file");
        return r;
    }
    if (policy == Overwrite::Replace && !protectedPath.isEmpty() && sameFile(target, protectedPath)) {
        // The planner checks literal names; a name with {width}/{height} is only known now.
        ::unlink(tempPath.constData());
        r.code = proto::FailureCode::OutputExists;
        r.error = QStringLiteral("the output would replace the source image");
        return r;
    }
    int err = 0;
    if (policy == Overwrite::Replace) {
        if (::rename(tempPath.constData(), target.constData()) != 0)
            err = errno;
    } else {
        err = moveNoReplace(tempPath.constData(), target.constData());
        if (err == EEXIST && policy == Overwrite::Skip) {
            ::unlink(tempPath.constData());
            r.ok = true;
            r.outcome = proto::Outcome::SkippedExisting;
            return r;
        }
        for (int n = 2; err == EEXIST && n < 10000; ++n) {
            r.finalPath = numberedVariant(target, n);
            err = moveNoReplace(tempPath.constData(), r.finalPath.constData());
        }
    }
    if (err != 0) {
        ::unlink(tempPath.constData());
        r.error =
            QStringLiteral("cannot move the output to %1: %2").arg(QString::fromUtf8(r.finalPath), describeErrno(err));
        return r;
    }
    r.ok = true;
    return r;
}

} // namespace pp
