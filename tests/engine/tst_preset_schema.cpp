// resources/schema/preset.schema.json against the preset loader: the schema's examples load,
// its counter-examples are refused with an error naming the field the schema names, and every
// operation's parameters in the schema are the operation table's (kind, range, choices).
// tests/cli/test_cli.py (case json_schema) feeds the same examples to a JSON Schema validator.
#include "OperationCatalog.h"
#include "Preset.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace pp;

class TestPresetSchema : public QObject
{
    Q_OBJECT
    QJsonObject m_schema;

    QJsonObject def(const QString &name) const { return m_schema.value("$defs").toObject().value(name).toObject(); }

private slots:
    void initTestCase()
    {
        QFile f(PIXELPOOL_SCHEMAS "/preset.schema.json");
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonParseError e;
        m_schema = QJsonDocument::fromJson(f.readAll(), &e).object();
        QCOMPARE(e.error, QJsonParseError::NoError);
        QVERIFY(m_schema.value("examples").toArray().size() >= 3);
        QVERIFY(m_schema.value("x-counterexamples").toArray().size() >= 10);
    }

    void examplesLoad()
    {
        for (const QJsonValue &v : m_schema.value("examples").toArray()) {
            QString error;
            const auto p = Preset::fromJson(v.toObject(), &error, QStringLiteral("/tmp"));
            QVERIFY2(p, qPrintable(error + " in " + QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)));
            // What the loader makes of an example loads again, unchanged.
            const auto again = Preset::fromJson(p->toJson(), &error);
            QVERIFY2(again && again->toJson() == p->toJson(), qPrintable(error));
        }
    }

    void counterexamplesAreRefusedNamingTheField()
    {
        for (const QJsonValue &v : m_schema.value("x-counterexamples").toArray()) {
            const QString why = v.toObject().value("why").toString();
            QVERIFY(!why.isEmpty());
            QString error;
            const auto p = Preset::fromJson(v.toObject().value("preset").toObject(), &error, QStringLiteral("/tmp"));
            QVERIFY2(!p, qPrintable("loaded although the schema refuses it: " + why));
            QVERIFY2(error.contains(why), qPrintable(QStringLiteral("%1: %2").arg(why, error)));
        }
    }

    void everyOperationIsDescribedAsTheTableSaysIt()
    {
        const OperationCatalog &catalog = OperationCatalog::builtin();
        QStringList fromTable;
        for (const OperationSpec &op : catalog.operations()) {
            fromTable << op.name;
            const QJsonObject d = def("op-" + op.name);
            QVERIFY2(!d.isEmpty(), qPrintable("no $defs/op-" + op.name));
            QCOMPARE(d.value("additionalProperties").toBool(true), false);
            const QJsonObject props = d.value("properties").toObject();
            QCOMPARE(props.value("op").toObject().value("const").toString(), op.name);
            QCOMPARE(props.size(), op.params.size() + 1);
            for (const ParamSpec &p : op.params) {
                const QString where = op.name + "." + p.key;
                const QJsonObject s = props.value(p.key).toObject();
                QVERIFY2(!s.isEmpty(), qPrintable(where));
                switch (p.kind) {
                case ParamSpec::Kind::Int:
                case ParamSpec::Kind::Double:
                    QCOMPARE(s.value("type").toString(),
                             QString(p.kind == ParamSpec::Kind::Int ? "integer" : "number"));
                    QVERIFY2(s.value("minimum").toDouble() == p.min && s.value("maximum").toDouble() == p.max,
                             qPrintable(where));
                    break;
                case ParamSpec::Kind::Bool:
                    QCOMPARE(s.value("type").toString(), QString("boolean"));
                    break;
                case ParamSpec::Kind::Choice:
                    QCOMPARE(s.value("enum").toVariant().toStringList(), p.choices);
                    break;
                case ParamSpec::Kind::Color:
                    QCOMPARE(s.value("$ref").toString(), QString("#/$defs/colour"));
                    break;
                case ParamSpec::Kind::Text:
                case ParamSpec::Kind::File:
                    QCOMPARE(s.value("type").toString(), QString("string"));
                    QVERIFY2(s.value("maxLength").toDouble() == p.max, qPrintable(where));
                    QVERIFY2(s.value("minLength").toDouble(0) == p.min, qPrintable(where));
                    // Text that must show something: not only spaces either.
                    QVERIFY2((p.kind == ParamSpec::Kind::Text && p.min > 0) == s.contains("pattern"),
                             qPrintable(where));
                    break;
                }
                if (p.defaultValue.isDouble() || p.defaultValue.isBool() ||
                    (p.defaultValue.isString() && !p.defaultValue.toString().isEmpty()))
                    QVERIFY2(s.value("default") == p.defaultValue, qPrintable(where + " default"));
            }
        }
        const QStringList fromSchema =
            def("step").value("properties").toObject().value("op").toObject().value("enum").toVariant().toStringList();
        QCOMPARE(fromSchema, fromTable);
    }
};

QTEST_GUILESS_MAIN(TestPresetSchema)
#include "tst_preset_schema.moc"
