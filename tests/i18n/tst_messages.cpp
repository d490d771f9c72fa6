// pp::Message (shared/text) and its rendering at the edge (app/i18n): the one table, the English
// that --json keeps, the one-pass insertion of arguments, and the German rendering.
#include "BatchRunner.h"
#include "Message.h"
#include "Preset.h"
#include "Translations.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSet>
#include <QTest>
#include <cerrno>

using namespace pp;

class TstMessages : public QObject
{
    Q_OBJECT
private slots:
    void tableIsComplete();
    void argumentsAreData();
    void englishIsStable();
    void failuresKeepTheirDetail();
    void jsonErrorsAreQtsEnglish();
    void presetErrorsHaveCodes();
    void withoutTranslationLocalIsEnglish();
    void germanRendering();
};

void TstMessages::tableIsComplete()
{
    QSet<QString> names;
    for (int i = 1; i < int(MessageId::Count); ++i) {
        const auto id = MessageId(i);
        const QString name = QString::fromLatin1(messageIdName(id));
        QVERIFY2(!name.isEmpty() && name != "none", qPrintable(QString::number(i)));
        QVERIFY2(!names.contains(name), qPrintable(name));
        names.insert(name);
        QVERIFY2(*messageTemplate(id), qPrintable(name));
        // A headline stands for an English that is the detail as it came.
        if (messageHeadline(id))
            QCOMPARE(QString::fromUtf8(messageTemplate(id)), QString("%1"));
    }
    QCOMPARE(QString(messageIdName(MessageId(9999))), QString("none")); // out of range: no crash
}

void TstMessages::argumentsAreData()
{
    // A name that looks like a template is inserted as it is, never substituted again.
    QCOMPARE(fillTemplate("%1 -> %2", {"holiday %1 %2 100%.jpg", "out/x.jpg"}),
             QString("holiday %1 %2 100%.jpg -> out/x.jpg"));
    QCOMPARE(fillTemplate("100% of %1, %3 stays", {"a", "b"}), QString("100% of a, %3 stays"));
    QStringList eleven;
    for (int i = 1; i <= 11; ++i)
        eleven << QString::number(i * 100);
    QCOMPARE(fillTemplate("%11/%1", eleven), QString("1100/100"));
    QCOMPARE(fillTemplate("%", {}), QString("%"));
}

void TstMessages::englishIsStable()
{
    QCOMPARE(Message(MessageId::OutputFolderNotWritable, {"/srv/out"}, {errnoMessage(EACCES)}).english(),
             QString("cannot write to output folder /srv/out: permission denied"));
    QCOMPARE(Message(MessageId::NotAnImageName).english(), QString("not an image file name"));
    QCOMPARE(Message::verbatim("as %1 it is").english(), QString("as %1 it is"));
    QVERIFY(Message::verbatim({}).isEmpty());
    QCOMPARE(errnoMessage(ENOSPC).english(), QString("no space left on the device (disk full)"));
    // An input folder replaced by a file while the batch ran: the system's "Not a directory" was
    // shown as it is, untranslated.
    QCOMPARE(errnoMessage(ENOTDIR).english(), QString("a file stands where a folder should be"));
    QCOMPARE(errnoMessage(EBADF).id, MessageId::Verbatim); // strerror's words, as they are
}

void TstMessages::failuresKeepTheirDetail()
{
    using F = proto::FailureCode;
    QSet<int> ids;
    for (F code : {F::Unknown, F::CannotRead, F::Unsupported, F::TooLarge, F::Corrupt, F::Processing, F::CannotWrite,
                   F::Cancelled, F::OutputExists, F::OutOfMemory, F::WorkerCrashed, F::TimedOut, F::WorkerMisbehaved,
                   F::WorkersCannotStart}) {
        const Message m = failureMessage(code, "Premature end of JPEG file");
        QCOMPARE(m.english(), QString("Premature end of JPEG file")); // --json's reason is unchanged
        QVERIFY(messageHeadline(m.id));
        ids.insert(int(m.id));
    }
    QCOMPARE(ids.size(), 14); // one headline per code
}

void TstMessages::jsonErrorsAreQtsEnglish()
{
    // Before any translation is installed, QJsonParseError says its English: the table keeps the
    // same words, which --json goes on saying once Qt's German translation is loaded.
    for (int e = QJsonParseError::UnterminatedObject; e <= QJsonParseError::GarbageAtEnd; ++e) {
        QJsonParseError qt;
        qt.error = QJsonParseError::ParseError(e);
        QCOMPARE(jsonErrorMessage(qt.error).english(), qt.errorString());
    }
    QJsonParseError cutShort;
    QJsonDocument::fromJson("{ \"format\": ", &cutShort);
    QCOMPARE(jsonErrorMessage(cutShort.error).id, MessageId::JsonUnterminatedObject);
}

void TstMessages::presetErrorsHaveCodes()
{
    // A preset's error is a message with a code, its place in the file as data, and the same
    // English as before it had one.
    Message why;
    QVERIFY(!Preset::fromJson(QJsonDocument::fromJson(R"({"format": "pixelpool-preset", "version": 1, "name": "x",
                                                           "steps": [{"op": "blur"}, {"op": "explode"}]})")
                                  .object(),
                              &why));
    QCOMPARE(why.id, MessageId::At);
    QCOMPARE(why.args, QStringList{"steps[1]"});
    QCOMPARE(why.causes.at(0), Message(MessageId::UnknownOperation, {"explode"}));
    QCOMPARE(why.english(), QString("steps[1]: unknown operation \"explode\""));
    QVERIFY(!Preset::fromJson(QJsonDocument::fromJson(R"({"format": "pixelpool-preset", "version": 1, "name": "x",
                                                           "steps": [], "output": {"quality": 0}})")
                                  .object(),
                              &why));
    QCOMPARE(why, Message(MessageId::WholeNumberFromTo, {"output.quality", "1", "100"}));
}

void TstMessages::withoutTranslationLocalIsEnglish()
{
    // No translation loaded (the tests run in English): the terminal and the window print what
    // they printed before messages had codes.
    for (int i = 1; i < int(MessageId::Count); ++i) {
        const Message m(MessageId(i), {"A", "B", "C"}, {});
        QCOMPARE(i18n::localText(m), m.english());
    }
    QCOMPARE(i18n::catalogText("Resize"), QString("Resize"));
}

void TstMessages::germanRendering()
{
    QCOMPARE(i18n::installTranslations(qApp, QLocale(QLocale::English, QLocale::UnitedStates)), QString());
    QCOMPARE(i18n::installTranslations(qApp, QLocale(QLocale::German, QLocale::Germany)), QString("de_DE"));
    const Message corrupt = failureMessage(proto::FailureCode::Corrupt, "Premature end of JPEG file");
    // The headline in German, then the decoder's words as they came, marked as the detail: English
    // shows those words, and German does not lose them.
    QCOMPARE(i18n::localText(corrupt),
             QString("die Bilddaten sind beschädigt oder abgeschnitten (Details: Premature end of JPEG file)"));
    QCOMPARE(corrupt.english(), QString("Premature end of JPEG file"));
    // A detail is data: a "%1" in it stays as it is.
    QCOMPARE(i18n::localText(failureMessage(proto::FailureCode::CannotRead, "cannot open /srv/%1.jpg")),
             QString("die Datei kann nicht gelesen werden (Details: cannot open /srv/%1.jpg)"));
    // A detail that says no more than the headline's English is left out.
    QCOMPARE(i18n::localText(failureMessage(proto::FailureCode::Cancelled, "cancelled")), QString("abgebrochen"));
    QCOMPARE(i18n::localText(failureMessage(proto::FailureCode::Corrupt, "")),
             QString("die Bilddaten sind beschädigt oder abgeschnitten"));
    const Message folder(MessageId::OutputFolderNotWritable, {"/srv/out %1"}, {errnoMessage(EACCES)});
    QCOMPARE(i18n::localText(folder),
             QString("in den Ausgabeordner /srv/out %1 kann nicht geschrieben werden: Zugriff verweigert"));
    QCOMPARE(folder.english(), QString("cannot write to output folder /srv/out %1: permission denied"));
    QCOMPARE(i18n::localText(Message::verbatim("as it is")), QString("as it is"));
    const Message step(MessageId::At, {"steps[1]"}, {Message(MessageId::UnknownOperation, {"explode"})});
    QCOMPARE(i18n::localText(step), QString("steps[1]: unbekannte Operation „explode“"));
    QCOMPARE(step.english(), QString("steps[1]: unknown operation \"explode\""));
    QCOMPARE(i18n::localText(Message(MessageId::PresetNotJson, {"a.json", "3", "12"},
                                     {jsonErrorMessage(QJsonParseError::UnterminatedObject)})),
             QString("a.json: kein gültiges JSON in Zeile 3, Spalte 12: nicht abgeschlossenes Objekt"));
    // An empty file is "unsupported", as any file that is no image, but the worker's words say more
    // than that code's headline (of a format PixelPool knows, in a kind it does not read) and are
    // PixelPool's own: German says them, English too (--json and the terminal), and nothing is left
    // out.
    const Message empty = failureMessage(proto::FailureCode::Unsupported, QString::fromLatin1(kEmptyFileDetail));
    QCOMPARE(i18n::localText(empty), QString("leere Datei"));
    QCOMPARE(empty.english(), QString("empty file"));
    // So is a file that is no image at all: the worker's words, translated, and not the headline
    // followed by its own English ("… (Details: not an image PixelPool can read …)").
    const Message junk = failureMessage(proto::FailureCode::Unsupported, QString::fromLatin1(kNotAnImageDetail));
    QCOMPARE(i18n::localText(junk), QString("kein Bild, das PixelPool lesen kann (JPEG, PNG, WebP, TIFF, BMP, HEIC, "
                                            "AVIF, GIF, JPEG XL, Kamera-RAW)"));
    QVERIFY(junk.english().startsWith("not an image PixelPool can read (JPEG, "));
    // Any other words under the same code are of a format PixelPool knows, in a kind it does not
    // read: the headline says that, with those words as the detail. It said "kein Bildformat, das
    // PixelPool lesen kann" of an animated WebP and a 12-bit JPEG, formats PixelPool reads.
    const char *const kinds[] = {"animated WebP is not supported (only still images)",
                                 "JPEG of a kind PixelPool does not read: Unsupported JPEG data precision 12",
                                 "BigTIFF (a TIFF with 64-bit offsets) is not supported",
                                 "a camera RAW of a kind PixelPool does not read (Canon CRW)"};
    for (const char *kind : kinds)
        QCOMPARE(i18n::localText(failureMessage(proto::FailureCode::Unsupported, kind)),
                 QString("eine Variante oder Eigenschaft des Formats, die PixelPool nicht lesen kann (Details: %1)")
                     .arg(kind));
    // A file access of the worker's that failed with an error PixelPool names is said in German
    // whole: the worker's words and the error (a full disk was "… (Details: cannot write the output:
    // no space left on the device (disk full))"); --json keeps the English as it came.
    const Message full = failureMessage(proto::FailureCode::CannotWrite,
                                        workerErrnoDetail(WorkerErrnoDetail::CannotWriteOutput, ENOSPC));
    QCOMPARE(full.english(), QString("cannot write the output: no space left on the device (disk full)"));
    QCOMPARE(i18n::localText(full),
             QString("die Ausgabe kann nicht geschrieben werden: kein Platz mehr auf dem Gerät (Datenträger voll)"));
    QCOMPARE(i18n::localText(failureMessage(proto::FailureCode::CannotWrite,
                                            workerErrnoDetail(WorkerErrnoDetail::CannotCreateOutput, EROFS))),
             QString("im Ausgabeordner kann keine Datei angelegt werden: das Dateisystem ist schreibgeschützt"));
    QCOMPARE(i18n::localText(failureMessage(proto::FailureCode::CannotRead,
                                            workerErrnoDetail(WorkerErrnoDetail::CannotOpen, EACCES))),
             QString("kann nicht geöffnet werden: Zugriff verweigert"));
    QCOMPARE(i18n::localText(failureMessage(proto::FailureCode::CannotRead,
                                            workerErrnoDetail(WorkerErrnoDetail::ReadError, ENOMEM))),
             QString("Lesefehler: kein Arbeitsspeicher mehr"));
    // An error PixelPool does not name is strerror's English: the headline, with the detail as it came.
    const QString io = workerErrnoDetail(WorkerErrnoDetail::CannotWriteOutput, EIO);
    QCOMPARE(i18n::localText(failureMessage(proto::FailureCode::CannotWrite, io)),
             QString("die Ausgabe kann nicht geschrieben werden (Details: %1)").arg(io));
    // Words that only begin like them are not taken for them.
    const QString more = workerErrnoDetail(WorkerErrnoDetail::CannotWriteOutput, ENOSPC) + " and more";
    QCOMPARE(i18n::localText(failureMessage(proto::FailureCode::CannotWrite, more)),
             QString("die Ausgabe kann nicht geschrieben werden (Details: %1)").arg(more));
    QCOMPARE(i18n::catalogText("Resize"), QString("Größe ändern"));
    QCOMPARE(i18n::catalogText("bottom right"), QString("unten rechts"));
}

QTEST_GUILESS_MAIN(TstMessages)
#include "tst_messages.moc"
