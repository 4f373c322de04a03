#pragma once

#include <QJsonObject>
#include <QString>

namespace enclii::reconcile {

// The label every object Enclii renders carries; what the reconciler's watches select and
// the only thing that makes an object ours to change or delete.
inline constexpr char kManagedByLabel[] = "app.kubernetes.io/managed-by";
inline constexpr char kManagedByValue[] = "enclii";
inline constexpr char kNameLabel[] = "app.kubernetes.io/name";
// "app.kubernetes.io/managed-by=enclii", as a label selector.
QString managedSelector();

// Identifies one object across desired state, the cluster and the work queue:
// "<Kind>/<namespace>/<name>" ("Namespace//shop" for a cluster-scoped object).
struct ObjectKey
{
    QString kind;
    QString ns;
    QString name;

    QString toString() const;
    static ObjectKey of(const QJsonObject &object);
    static ObjectKey parse(const QString &key);
    bool isValid() const { return !kind.isEmpty() && !name.isEmpty(); }
};

QString keyOf(const QJsonObject &object);

// Whether the object carries app.kubernetes.io/managed-by=enclii.
bool isOwned(const QJsonObject &object);
// Its app.kubernetes.io/name label: the service (or, for namespace-wide objects, the project).
QString serviceOf(const QJsonObject &object);
QString renderHashOf(const QJsonObject &object);

} // namespace enclii::reconcile
