#pragma once

#include <QString>

#include <compare>
#include <cstdint>
#include <optional>

namespace enclii::reconcile {

// An IPv4 CIDR block in canonical form (no host bits set): what an ipBlock holds.
struct Cidr
{
    std::uint32_t network = 0;
    int prefix = 0;

    static std::optional<Cidr> parse(const QString &text, QString *error = nullptr);
    // Every address of other is inside this block.
    bool contains(const Cidr &other) const;
    // Inside this block and smaller: what the API accepts in ipBlock.except.
    bool strictlyContains(const Cidr &other) const { return contains(other) && other.prefix > prefix; }
    QString toString() const;

    auto operator<=>(const Cidr &) const = default;
};

} // namespace enclii::reconcile
