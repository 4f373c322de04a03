#pragma once

// One screen against a stand-in daemon, for the live screens' tests (Pipeline, Dashboards):
// `Fake` answers the screen's routes (a route(const Exchange &) member), the FixtureServer
// serves them with an event stream on /v1/events, and `Console` is the screen with its
// clients (members api and view; the view has hasAnswer()).

#include "FixtureServer.h"
#include "client/ApiClient.h"

#include <QTest>

#include <memory>

namespace enclii::test {

// Short intervals and backoffs, so reconnects and polls happen within a test's patience.
inline void makeQuick(enclii::ui::ApiClient &api, const QUrl &url)
{
    using namespace std::chrono_literals;
    api.setPollInterval(150ms);
    api.setBackoff(100ms, 400ms);
    api.setRequestTimeout(3000ms);
    api.setBaseUrl(url);
}

template<typename Fake, typename Console>
struct LoopbackConsole
{
    // A fresh fake daemon, listening; false if it could not listen.
    bool start()
    {
        fake = std::make_unique<Fake>();
        server = std::make_unique<FixtureServer>();
        server->setRoute([this](const FixtureServer::Exchange &e) { return fake->route(e); });
        server->setEventStream("/v1/events");
        return server->start();
    }

    void reset()
    {
        console.reset();
        server.reset();
        fake.reset();
    }

    // The screen, shown and connected; true once it has had its first answer.
    bool startConsole()
    {
        console = std::make_unique<Console>(server->url());
        console->view->show();
        console->api.start();
        return QTest::qWaitFor([this] { return console->view->hasAnswer(); }, 10000);
    }

    std::unique_ptr<FixtureServer> server;
    std::unique_ptr<Fake> fake;
    std::unique_ptr<Console> console;
};

} // namespace enclii::test
