// The preview pane's failures in the user's language: when a worker fails a preview job, the
// whole image's or the 100 % region's, the pane shows the translated headline of the failure's
// code followed by the worker's English detail (a decoding library's words), marked as the detail,
// as the queue does; the worker's words in German when they are PixelPool's own (an empty file).
#include "BatchRunner.h"
#include "PreviewController.h"
#include "RecordingRunner.h"
#include "Translations.h"

#include <QSignalSpy>
#include <QtTest>
#include <algorithm>

using namespace pp;
using namespace pp::gui;

namespace {

// Records the preview jobs; the test answers them, failing one as a worker would.
class FailingRunner : public pp::testing::RecordingRunner
{
public:
    void fail(quint64 id) { emit jobFailed(id, proto::Failed{id, proto::FailureCode::Corrupt, kDetail}, 1); }
    // As a worker fails an empty file: its code is "unsupported", its words say what is wrong.
    void failEmpty(quint64 id)
    {
        emit jobFailed(id, proto::Failed{id, proto::FailureCode::Unsupported, QString::fromLatin1(kEmptyFileDetail)},
                       1);
    }

    static constexpr const char *kDetail = "Premature end of JPEG file";
};

} // namespace

class TestPreviewGerman : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QCOMPARE(i18n::installTranslations(QCoreApplication::instance(), QLocale(QLocale::German, QLocale::Germany)),
                 QStringLiteral("de_DE"));
    }

    void regionFailureShowsTheHeadlineAndDetail()
    {
        FailingRunner runner;
        PreviewController preview(&runner, 256);
        preview.setDebounceMs(0);
        QSignalSpy failed(&preview, &PreviewController::failed);
        preview.setSource("/nowhere/photo.jpg");
        Preset preset;
        preset.name = QStringLiteral("web");
        preview.setPreset(preset);
        QTRY_VERIFY(runner.submitted.size() >= 2); // before and after
        preview.setRegion(QRect(0, 0, 100, 100));
        QTRY_VERIFY(std::any_of(runner.submitted.cbegin(), runner.submitted.cend(),
                                [](const JobSpec &j) { return j.region.width > 0; }));
        for (const JobSpec &j : runner.submitted)
            if (j.region.width > 0)
                runner.fail(j.id);
        QCOMPARE(failed.size(), 1);
        const QString shown = failed.at(0).at(0).toString();
        QCOMPARE(shown, i18n::localText(failureMessage(proto::FailureCode::Corrupt, FailingRunner::kDetail)));
        QVERIFY2(shown.endsWith(QStringLiteral(" (Details: Premature end of JPEG file)")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("beschädigt")), qPrintable(shown));
    }

    void wholeImageFailureShowsTheHeadlineAndDetail()
    {
        FailingRunner runner;
        PreviewController preview(&runner, 256);
        QSignalSpy failed(&preview, &PreviewController::failed);
        preview.setSource("/nowhere/photo.jpg");
        QTRY_VERIFY(!runner.submitted.isEmpty()); // the before
        runner.fail(runner.submitted.first().id);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(
            failed.at(0).at(0).toString(),
            QStringLiteral("die Bilddaten sind beschädigt oder abgeschnitten (Details: Premature end of JPEG file)"));
    }

    // The worker's own words, when the translation has them, say more than the headline.
    void emptyFileSaysSo()
    {
        FailingRunner runner;
        PreviewController preview(&runner, 256);
        QSignalSpy failed(&preview, &PreviewController::failed);
        preview.setSource("/nowhere/leer.jpg");
        QTRY_VERIFY(!runner.submitted.isEmpty());
        runner.failEmpty(runner.submitted.first().id);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("leere Datei"));
    }
};

QTEST_MAIN(TestPreviewGerman)
#include "tst_preview_german.moc"
