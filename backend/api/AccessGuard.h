#pragma once

#include "http/Router.h"

namespace enclii::auth {
class Authenticator;
}

namespace enclii::api {

// The router's guard: authenticates the request (401 with WWW-Authenticate when the
// credential is missing or bad) and checks the route's permission against the role policy
// (403 naming what is missing). With no authenticator (sign-in disabled) every request
// passes as anonymous.
http::Guard makeAccessGuard(auth::Authenticator *authenticator);

} // namespace enclii::api
