#pragma once

#include "Config.h"

namespace enclii::daemon {

// `encliid validate DIR`: prints every diagnostic, then a summary; 0 when valid, 1 otherwise.
int runValidate(const QString &dir);
// `encliid serve`: runs until SIGINT or SIGTERM; 0 on a clean stop, 1 when start failed.
int runServe(const Config &config);

} // namespace enclii::daemon
