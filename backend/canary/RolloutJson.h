#pragma once

#include "Rollout.h"

#include <QJsonObject>
#include <QStringList>

namespace enclii::canary {

// A rollout for lists: who, what, where it is, the traffic split it last saw.
QJsonObject rolloutJson(const Rollout &r);

// One rollout for the Canary review: the above, the steps with where the rollout is, the
// thresholds, the timeline, every measurement and its verdict, and what on-call may do now.
QJsonObject rolloutDetailJson(const Rollout &r, const QList<Transition> &timeline, const QList<StoredMeasurement> &measurements,
                              const QStringList &allowedActions);

} // namespace enclii::canary
