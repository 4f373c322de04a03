// Identity benchmarks.
//   bench_auth validate                        token validations/s with a warm key cache,
//                                              against bare RS256 signature checks
//   bench_auth signin BASE EMAIL PASSWORD [N]  a full authorization-code sign-in (ms),
//                                              against one scrypt password check
//   bench_auth token BASE EMAIL PASSWORD       prints an access token (for wrk)
#include "OidcTestClient.h"

#include "auth/KeyRing.h"
#include "auth/TokenValidator.h"
#include "auth/crypto/Jose.h"
#include "auth/crypto/PasswordHash.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace enclii;

namespace {

class MemoryKeys : public auth::KeySource
{
public:
    explicit MemoryKeys(auth::RsaKey key) : m_key(std::move(key)) {}
    std::optional<auth::RsaKey> publicKey(const QString &kid, QString *) override
    {
        return kid == QLatin1String("k1") ? std::optional<auth::RsaKey>(m_key) : std::nullopt;
    }

private:
    auth::RsaKey m_key;
};

int validate()
{
    const auto key = auth::RsaKey::generate(2048);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject claims{{QStringLiteral("iss"), QStringLiteral("https://bench")}, {QStringLiteral("sub"), QStringLiteral("usr_1")},
                             {QStringLiteral("aud"), QStringLiteral("enclii")}, {QStringLiteral("exp"), double(now + 3600)},
                             {QStringLiteral("iat"), double(now)}, {QStringLiteral("jti"), QStringLiteral("j")},
                             {QStringLiteral("roles"), QJsonArray{QStringLiteral("admin")}}};
    const QByteArray token = auth::signJwt(claims, *key, QStringLiteral("k1"));
    MemoryKeys keys(key->publicKey());
    auth::TokenValidator validator(keys, QStringLiteral("https://bench"), QStringLiteral("enclii"));
    const auto parsed = auth::parseJwt(token);
    const auto pub = key->publicKey();
    const int n = 20000;
    auto run = [&](auto fn) {
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < n; ++i)
            if (!fn())
                return -1.0;
        return n / (double(t.nsecsElapsed()) / 1e9);
    };
    // Interleaved twice so both see the same machine.
    const double v1 = run([&] { return validator.validate(token).principal.has_value(); });
    const double b1 = run([&] { return pub.verifyRs256(parsed->signingInput, parsed->signature); });
    const double v2 = run([&] { return validator.validate(token).principal.has_value(); });
    const double b2 = run([&] { return pub.verifyRs256(parsed->signingInput, parsed->signature); });
    if (v1 < 0 || b1 < 0)
        return 1;
    const double v = (v1 + v2) / 2, b = (b1 + b2) / 2;
    std::printf("auth: token validations %.0f /s (warm key cache, one core); bare RS256 verify %.0f /s; ratio %.2f\n", v, b, v / b);
    return 0;
}

int signin(const QString &base, const QString &email, const QString &password, int n)
{
    std::vector<double> flow, scrypt;
    const QString stored = auth::hashPassword(password);
    for (int i = 0; i < n; ++i) {
        QElapsedTimer t;
        t.start();
        const QJsonObject tokens = test::signIn(base, email, password);
        flow.push_back(double(t.nsecsElapsed()) / 1e6);
        if (tokens.value(QStringLiteral("access_token")).toString().isEmpty()) {
            std::fprintf(stderr, "sign-in failed\n");
            return 1;
        }
        t.restart();
        auth::verifyPassword(password, stored);
        scrypt.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(flow.begin(), flow.end());
    std::sort(scrypt.begin(), scrypt.end());
    const double f = flow[flow.size() / 2], s = scrypt[scrypt.size() / 2];
    std::printf("auth: full authorization-code sign-in (page, form post, code exchange) median %.1f ms over %d; "
                "one scrypt check %.1f ms; ratio %.2f\n", f, n, s, f / s);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 2 && args[1] == QLatin1String("validate"))
        return validate();
    if (args.size() >= 5 && args[1] == QLatin1String("signin"))
        return signin(args[2], args[3], args[4], args.size() > 5 ? args[5].toInt() : 20);
    if (args.size() >= 5 && args[1] == QLatin1String("token")) {
        const QString token = test::signIn(args[2], args[3], args[4]).value(QStringLiteral("access_token")).toString();
        std::printf("%s\n", qPrintable(token));
        return token.isEmpty() ? 1 : 0;
    }
    std::fprintf(stderr, "usage: bench_auth validate | signin BASE EMAIL PASSWORD [N] | token BASE EMAIL PASSWORD\n");
    return 2;
}
