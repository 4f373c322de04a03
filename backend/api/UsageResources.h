#pragma once

#include "http/Router.h"

namespace enclii::store {
class Database;
}
namespace enclii::waybill {
class UsageIngest;
}

namespace enclii::api {

// Waybill's usage events over HTTP:
//   POST /v1/usage/events (usage.write)  one event, or {"events": [...], "mode": ...}; the wire
//                                        shape is in waybill/UsageJson.h
//   GET  /v1/usage/events (billing.read) the stored events, by project and time, for finance
class UsageResources
{
public:
    UsageResources(store::Database &db, waybill::UsageIngest &ingest);

    void registerRoutes(http::Router &router);

private:
    http::Response post(const http::Request &);
    http::Response list(const http::Request &);

    store::Database &m_db;
    waybill::UsageIngest &m_ingest;
};

} // namespace enclii::api
