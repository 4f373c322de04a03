#pragma once

#include <QString>

#include <memory>

namespace enclii::test {

// A throwaway PostgreSQL database for one test fixture, removed with this object.
//
// Without ENCLII_TEST_DATABASE_URL it starts a private cluster in a temporary folder
// (EmbeddedPostgres; a few seconds for initdb). With it, it reuses that server and creates a
// fresh database "<fixture>_<random>" there, so fixtures sharing one server never see each
// other's rows; the database is dropped again at destruction.
//
// Failures never throw: check isValid() and report error(), e.g.
//     TestPostgres pg(QStringLiteral("jobs"));
//     QVERIFY2(pg.isValid(), qPrintable(pg.error()));
class TestPostgres
{
public:
    explicit TestPostgres(const QString &fixtureName = QStringLiteral("test"));
    ~TestPostgres();
    TestPostgres(const TestPostgres &) = delete;
    TestPostgres &operator=(const TestPostgres &) = delete;

    bool isValid() const;
    QString error() const;

    // postgresql://user:password@host:port/database[?params]
    QString url() const;
    // libpq keyword/value form of the same.
    QString connectionString() const;
    QString databaseName() const;
    // True when ENCLII_TEST_DATABASE_URL supplied the server.
    bool isExternal() const;

    // Runs SQL through psql in this fixture's database and returns the unaligned,
    // tuples-only output (rows on lines, columns split by '|'). For quick checks in tests
    // that do not link libpqxx; *ok (optional) reports success, error() the reason.
    QString query(const QString &sql, bool *ok = nullptr) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace enclii::test
