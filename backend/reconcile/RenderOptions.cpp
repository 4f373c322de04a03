#include "RenderOptions.h"

namespace enclii::reconcile {

QMap<QString, NetworkEndpoint> defaultInfrastructureEndpoints()
{
    const QStringList privateNetwork{QStringLiteral("10.0.0.0/8")};
    const NetworkEndpoint https{{QStringLiteral("0.0.0.0/0")},
                                {QStringLiteral("10.0.0.0/8"), QStringLiteral("172.16.0.0/12"),
                                 QStringLiteral("192.168.0.0/16"), QStringLiteral("169.254.0.0/16")},
                                {443},
                                {}};
    return {
        {QStringLiteral("postgresql"), {privateNetwork, {}, {5432}, {}}},
        {QStringLiteral("redis"), {privateNetwork, {}, {6379, 26379}, {}}},
        {QStringLiteral("object-store"), {privateNetwork, {}, {9000}, {}}},
        {QStringLiteral("opensearch"), {privateNetwork, {}, {9200}, {}}},
        {QStringLiteral("kubernetes"), {privateNetwork, {}, {6443}, {}}},
        {QStringLiteral("registry"), https},
        {QStringLiteral("stripe"), https},
        {QStringLiteral("slack"), https},
    };
}

} // namespace enclii::reconcile
