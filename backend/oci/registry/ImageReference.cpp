#include "oci/registry/ImageReference.h"

#include <QHostAddress>

#include <algorithm>

namespace enclii::oci {

const QString ImageReference::DefaultRegistry = QStringLiteral("docker.io");

namespace {

constexpr int kMaxReferenceLength = 512; // name 255 + ':' tag 128 + '@' sha512 digest 135

void fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

bool isLowerAlnum(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
}

bool isAlnum(QChar c)
{
    return isLowerAlnum(c) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'));
}

bool isLowerHex(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('f')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
}

// path-component := [a-z0-9]+ ((\.|_|__|-+)[a-z0-9]+)*
bool isValidPathComponent(QStringView c)
{
    if (c.isEmpty() || !isLowerAlnum(c.front()) || !isLowerAlnum(c.back()))
        return false;
    qsizetype i = 0;
    while (i < c.size()) {
        if (isLowerAlnum(c[i])) {
            ++i;
            continue;
        }
        // A separator: '.', '_' or "__", or any run of '-'.
        const qsizetype start = i;
        if (c[i] == QLatin1Char('-')) {
            while (i < c.size() && c[i] == QLatin1Char('-'))
                ++i;
        } else if (c[i] == QLatin1Char('_')) {
            ++i;
            if (i < c.size() && c[i] == QLatin1Char('_'))
                ++i;
        } else if (c[i] == QLatin1Char('.')) {
            ++i;
        } else {
            return false;
        }
        if (i == start || i >= c.size() || !isLowerAlnum(c[i]))
            return false;
    }
    return true;
}

// domain-component := [A-Za-z0-9] | [A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]
bool isValidDomainComponent(QStringView c)
{
    if (c.isEmpty() || c.size() > 63 || !isAlnum(c.front()) || !isAlnum(c.back()))
        return false;
    for (const QChar ch : c)
        if (!isAlnum(ch) && ch != QLatin1Char('-'))
            return false;
    return true;
}

bool isValidPort(QStringView port)
{
    if (port.isEmpty() || port.size() > 5)
        return false;
    for (const QChar ch : port)
        if (!ch.isDigit() || ch.unicode() > 127)
            return false;
    const int value = port.toInt();
    return value > 0 && value <= 65535;
}

// The host part of a registry, without the port.
QStringView hostOf(QStringView registry)
{
    if (registry.startsWith(QLatin1Char('['))) {
        const qsizetype close = registry.indexOf(QLatin1Char(']'));
        return close < 0 ? registry : registry.mid(1, close - 1);
    }
    const qsizetype colon = registry.lastIndexOf(QLatin1Char(':'));
    return colon < 0 ? registry : registry.left(colon);
}

// Docker's splitDockerDomain: is the first component of a name a registry?
bool looksLikeRegistry(QStringView first)
{
    return first.contains(QLatin1Char('.')) || first.contains(QLatin1Char(':'))
        || first == QLatin1String("localhost") || first.toString().toLower() != first;
}

} // namespace

bool ImageReference::isValidRepository(QStringView repository, QString *error)
{
    if (repository.isEmpty()) {
        fail(error, QStringLiteral("the repository name is empty"));
        return false;
    }
    if (repository.size() > MaxNameLength) {
        fail(error, QStringLiteral("the repository name is longer than %1 characters").arg(MaxNameLength));
        return false;
    }
    for (const QStringView component : repository.split(QLatin1Char('/'))) {
        if (isValidPathComponent(component))
            continue;
        if (component.toString().toLower() != component && isValidPathComponent(component.toString().toLower()))
            fail(error, QStringLiteral("repository name \"%1\" must be lower case").arg(repository));
        else
            fail(error, QStringLiteral("repository name \"%1\" has an invalid component \"%2\": components are "
                                       "lower-case letters and digits, separated by '.', '_', '__' or '-'")
                            .arg(repository, component));
        return false;
    }
    return true;
}

bool ImageReference::isValidTag(QStringView tag, QString *error)
{
    if (tag.isEmpty() || tag.size() > MaxTagLength) {
        fail(error, QStringLiteral("a tag must be 1 to %1 characters long").arg(MaxTagLength));
        return false;
    }
    for (qsizetype i = 0; i < tag.size(); ++i) {
        const QChar c = tag[i];
        const bool word = isAlnum(c) || c == QLatin1Char('_');
        if (word || (i > 0 && (c == QLatin1Char('.') || c == QLatin1Char('-'))))
            continue;
        fail(error, QStringLiteral("tag \"%1\" is invalid at offset %2: a tag is letters, digits and '_', "
                                   "with '.' and '-' allowed after the first character")
                        .arg(tag).arg(i));
        return false;
    }
    return true;
}

bool ImageReference::isValidDigest(QStringView digest, QString *error)
{
    const qsizetype colon = digest.indexOf(QLatin1Char(':'));
    const QStringView algorithm = colon < 0 ? QStringView() : digest.left(colon);
    const QStringView hex = colon < 0 ? QStringView() : digest.mid(colon + 1);
    int expected = 0;
    if (algorithm == QLatin1String("sha256"))
        expected = 64;
    else if (algorithm == QLatin1String("sha512"))
        expected = 128;
    if (expected == 0) {
        fail(error, QStringLiteral("digest \"%1\" is not of the form sha256:<64 hex> or sha512:<128 hex>")
                        .arg(digest.left(80)));
        return false;
    }
    if (hex.size() != expected || !std::all_of(hex.begin(), hex.end(), isLowerHex)) {
        fail(error, QStringLiteral("digest \"%1\" must have %2 lower-case hex digits after \"%3:\"")
                        .arg(digest.left(160)).arg(expected).arg(algorithm));
        return false;
    }
    return true;
}

bool ImageReference::isValidRegistry(QStringView registry, QString *error)
{
    const auto bad = [&](const QString &why) {
        fail(error, QStringLiteral("registry \"%1\" is invalid: %2").arg(registry.left(MaxNameLength), why));
        return false;
    };
    if (registry.isEmpty())
        return bad(QStringLiteral("empty"));
    if (registry.size() > MaxNameLength)
        return bad(QStringLiteral("too long"));
    QStringView rest;
    if (registry.startsWith(QLatin1Char('['))) {
        const qsizetype close = registry.indexOf(QLatin1Char(']'));
        if (close < 0)
            return bad(QStringLiteral("missing ']' after an IPv6 address"));
        QHostAddress address;
        if (!address.setAddress(registry.mid(1, close - 1).toString())
            || address.protocol() != QAbstractSocket::IPv6Protocol)
            return bad(QStringLiteral("not an IPv6 address in brackets"));
        rest = registry.mid(close + 1);
    } else {
        const qsizetype colon = registry.indexOf(QLatin1Char(':'));
        const QStringView host = colon < 0 ? registry : registry.left(colon);
        for (const QStringView component : host.split(QLatin1Char('.')))
            if (!isValidDomainComponent(component))
                return bad(QStringLiteral("\"%1\" is not a host name component").arg(component));
        rest = colon < 0 ? QStringView() : registry.mid(colon);
    }
    if (!rest.isEmpty() && (!rest.startsWith(QLatin1Char(':')) || !isValidPort(rest.mid(1))))
        return bad(QStringLiteral("the port must be a number from 1 to 65535"));
    return true;
}

bool ImageReference::isLoopbackHost(QStringView registry)
{
    const QStringView host = hostOf(registry);
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host.toString());
    return !address.isNull() && address.isLoopback();
}

std::optional<ImageReference> ImageReference::fromParts(const QString &registry, const QString &repository,
                                                        const QString &tag, const QString &digest, QString *error)
{
    ImageReference ref;
    ref.m_registry = registry.isEmpty() || registry == QLatin1String("index.docker.io") ? DefaultRegistry : registry;
    ref.m_repository = repository;
    if (ref.m_registry == DefaultRegistry && !repository.contains(QLatin1Char('/')))
        ref.m_repository.prepend(QLatin1String("library/"));
    ref.m_tag = tag;
    ref.m_digest = digest;
    if (!isValidRegistry(ref.m_registry, error) || !isValidRepository(ref.m_repository, error)
        || (!tag.isEmpty() && !isValidTag(tag, error)) || (!digest.isEmpty() && !isValidDigest(digest, error)))
        return std::nullopt;
    if (ref.m_registry.size() + 1 + ref.m_repository.size() > MaxNameLength) {
        fail(error, QStringLiteral("the name \"%1/%2\" is longer than %3 characters")
                        .arg(ref.m_registry, ref.m_repository.left(40) + QLatin1String("..."))
                        .arg(MaxNameLength));
        return std::nullopt;
    }
    return ref;
}

std::optional<ImageReference> ImageReference::parse(QStringView text, QString *error)
{
    const auto bad = [&](const QString &why) {
        fail(error, QStringLiteral("invalid image reference \"%1\": %2").arg(text.left(kMaxReferenceLength), why));
        return std::nullopt;
    };
    if (text.isEmpty())
        return bad(QStringLiteral("it is empty"));
    if (text.size() > kMaxReferenceLength)
        return bad(QStringLiteral("it is longer than %1 characters").arg(kMaxReferenceLength));
    for (const QChar c : text)
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f)
            return bad(QStringLiteral("it contains a space, a control or a non-ASCII character"));

    QStringView name = text;
    QString digest;
    if (const qsizetype at = name.indexOf(QLatin1Char('@')); at >= 0) {
        digest = name.mid(at + 1).toString();
        name = name.left(at);
        QString why;
        if (!isValidDigest(digest, &why))
            return bad(why);
    }
    QString tag;
    const qsizetype lastSlash = name.lastIndexOf(QLatin1Char('/'));
    if (const qsizetype colon = name.lastIndexOf(QLatin1Char(':')); colon > lastSlash) {
        tag = name.mid(colon + 1).toString();
        name = name.left(colon);
        QString why;
        if (!isValidTag(tag, &why))
            return bad(why);
    }
    if (name.isEmpty())
        return bad(QStringLiteral("the repository name is missing"));

    QString registry;
    QStringView repository = name;
    if (const qsizetype slash = name.indexOf(QLatin1Char('/')); slash >= 0 && looksLikeRegistry(name.left(slash))) {
        registry = name.left(slash).toString();
        repository = name.mid(slash + 1);
    }
    QString why;
    auto ref = fromParts(registry, repository.toString(), tag, digest, &why);
    if (!ref)
        return bad(why);
    return ref;
}

QString ImageReference::reference() const
{
    if (!m_digest.isEmpty())
        return m_digest;
    return m_tag.isEmpty() ? QStringLiteral("latest") : m_tag;
}

QString ImageReference::toString() const
{
    if (isNull())
        return {};
    QString s = m_registry + QLatin1Char('/') + m_repository;
    if (!m_tag.isEmpty())
        s += QLatin1Char(':') + m_tag;
    if (!m_digest.isEmpty())
        s += QLatin1Char('@') + m_digest;
    return s;
}

QString ImageReference::familiarString() const
{
    if (m_registry != DefaultRegistry)
        return toString();
    QString s = m_repository;
    if (s.startsWith(QLatin1String("library/")) && s.count(QLatin1Char('/')) == 1)
        s.remove(0, 8);
    if (!m_tag.isEmpty())
        s += QLatin1Char(':') + m_tag;
    if (!m_digest.isEmpty())
        s += QLatin1Char('@') + m_digest;
    return s;
}

ImageReference ImageReference::withTag(const QString &tag) const
{
    ImageReference copy = *this;
    copy.m_tag = isValidTag(tag) ? tag : QString();
    copy.m_digest.clear();
    return copy;
}

ImageReference ImageReference::withDigest(const QString &digest) const
{
    ImageReference copy = *this;
    if (isValidDigest(digest))
        copy.m_digest = digest;
    return copy;
}

bool ImageReference::isLoopbackRegistry() const
{
    return !isNull() && isLoopbackHost(m_registry);
}

} // namespace enclii::oci
