#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace enclii::oci {

// An image reference as Docker spells it: [registry[:port]/]repository[:tag][@digest].
//
// Parsing follows Docker's normalisation (distribution/reference): a first path
// component is a registry only when it contains '.' or ':' or is "localhost" (or is
// written with capitals, which no repository may have); otherwise the registry is
// docker.io, and a single-component Docker Hub repository gets the "library/" prefix.
// "index.docker.io" is folded into "docker.io". Repository components are lower case
// [a-z0-9] joined by '.', '_', "__" or runs of '-'; a tag is [A-Za-z0-9_][A-Za-z0-9_.-]{0,127};
// a digest is "sha256:<64 hex>" or "sha512:<128 hex>", lower case.
//
// The values are checked once, here; everything that puts a repository, tag or digest
// into a URL path (RegistryClient) relies on the same checks, so no "..", '?' or '#'
// ever reaches a request line.
class ImageReference
{
public:
    static constexpr int MaxNameLength = 255; // registry + '/' + repository, as Docker limits it
    static constexpr int MaxTagLength = 128;

    ImageReference() = default;

    // Says precisely what is wrong (and where) when the text is not a reference.
    static std::optional<ImageReference> parse(QStringView text, QString *error = nullptr);
    // From parts already split; the same rules, no normalisation beyond docker.io's.
    static std::optional<ImageReference> fromParts(const QString &registry, const QString &repository,
                                                   const QString &tag = {}, const QString &digest = {},
                                                   QString *error = nullptr);

    bool isNull() const { return m_repository.isEmpty(); }

    // "docker.io", "localhost:5000", "127.0.0.1:5000", "[::1]:5000", "ghcr.io".
    QString registry() const { return m_registry; }
    QString repository() const { return m_repository; }
    QString tag() const { return m_tag; }
    QString digest() const { return m_digest; }

    // What a manifest URL takes: the digest when there is one, else the tag, else "latest".
    QString reference() const;
    // registry/repository[:tag][@digest], without an implied ":latest".
    QString toString() const;
    // Docker's short form: "nginx:1.25" for docker.io/library/nginx:1.25.
    QString familiarString() const;

    ImageReference withTag(const QString &tag) const;       // clears the digest; tag must be valid
    ImageReference withDigest(const QString &digest) const; // keeps the tag; digest must be valid

    // The registry is this machine (localhost, 127.0.0.0/8, ::1): plain HTTP is then fine.
    bool isLoopbackRegistry() const;

    static bool isValidRepository(QStringView repository, QString *error = nullptr);
    static bool isValidTag(QStringView tag, QString *error = nullptr);
    static bool isValidDigest(QStringView digest, QString *error = nullptr);
    static bool isValidRegistry(QStringView registry, QString *error = nullptr);
    static bool isLoopbackHost(QStringView registry);

    friend bool operator==(const ImageReference &, const ImageReference &) = default;

    static const QString DefaultRegistry; // "docker.io"

private:
    QString m_registry;
    QString m_repository;
    QString m_tag;
    QString m_digest;
};

} // namespace enclii::oci
