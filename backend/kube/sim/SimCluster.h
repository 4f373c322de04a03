#pragma once

#include "ApiTypes.h"
#include "SimOptions.h"

#include <QHostAddress>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <memory>
#include <vector>

namespace enclii::kube::sim {

class Admission;
class ApiServer;
class Controller;
class EventRecorder;
class Faults;
class HttpFrontEnd;
class ObjectStore;
class SimClock;
class SimEndpoints;
class Traffic;

// A simulated Kubernetes cluster (KWOK-like): an API server that speaks the Kubernetes REST
// API for the kinds Enclii uses, with controllers, a scheduler and kubelets that run no
// containers, simulated metrics, and fault injection. It says what it is: /version reports
// a "-enclii-sim" gitVersion and every node carries enclii.dev/simulated=true.
//
// Everything runs on the thread that owns it. Time is simulated (SimClock): it runs at
// options.timeFactor, and advance() moves it by hand and runs the cluster through the
// interval, which is how tests make a rollout or an autoscaler happen without waiting.
class SimCluster : public QObject
{
    Q_OBJECT
public:
    explicit SimCluster(SimOptions options = {}, QObject *parent = nullptr);
    ~SimCluster() override;

    // Serves the API over HTTP; port 0 picks a free one. Returns the port, or 0 with the reason.
    quint16 listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    QString errorString() const { return m_error; }
    QUrl url() const; // http://127.0.0.1:<port>

    // The whole API in-process (watches excepted, which need the HTTP front end).
    ApiResponse handle(const ApiRequest &request);

    // Moves simulated time forward and runs the cluster through it in steps.
    void advance(std::chrono::milliseconds by);
    // Runs the controllers until nothing changes at the current simulated time.
    void settle();

    SimClock &clock() { return *m_clock; }
    ObjectStore &store() { return *m_store; }
    Faults &faults() { return *m_faults; }
    Traffic &traffic() { return *m_traffic; }
    const SimOptions &options() const { return m_options; }

private:
    void catchUp();
    void step(double seconds);
    void scheduleSettle();

    SimOptions m_options;
    SimClock *m_clock;       // child
    ObjectStore *m_store;    // child
    std::unique_ptr<Admission> m_admission;
    std::unique_ptr<EventRecorder> m_events;
    std::unique_ptr<Faults> m_faults;
    std::unique_ptr<Traffic> m_traffic;
    std::unique_ptr<ApiServer> m_api;
    std::unique_ptr<SimEndpoints> m_endpoints;
    std::vector<std::unique_ptr<Controller>> m_controllers;
    HttpFrontEnd *m_http = nullptr; // child
    QTimer m_tick;
    qint64 m_simulatedUpToMs = 0;
    bool m_settling = false;
    bool m_settlePending = false;
    QString m_error;
};

} // namespace enclii::kube::sim
