-- The reconciler's rows: which release each service runs and how its rollout is doing, what
-- drifted in the cluster, each service's deployment history and the waves' progress. The
-- leading reconciler writes them; every API process reads them. The JSON the API and the
-- event feed send is built here, once, so both always agree.

CREATE TABLE deployments (
    service             text PRIMARY KEY,
    project             text NOT NULL,
    namespace           text NOT NULL,
    component           text NOT NULL DEFAULT '',
    wave                text NOT NULL DEFAULT '',
    release_id          bigint REFERENCES releases (id) ON DELETE SET NULL,
    desired_replicas    integer NOT NULL DEFAULT 0,
    ready_replicas      integer NOT NULL DEFAULT 0,
    updated_replicas    integer NOT NULL DEFAULT 0,
    available_replicas  integer NOT NULL DEFAULT 0,
    state               text NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'progressing', 'ready', 'degraded', 'failed')),
    conditions          jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(conditions) = 'array'),
    simulated           boolean NOT NULL DEFAULT false,
    last_applied_at     timestamptz(3),
    updated_at          timestamptz(3) NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX deployments_project_idx ON deployments (project);

-- A change to one of our objects that was not ours, and what the reconciler did about it.
CREATE TABLE drift_events (
    id         bigserial PRIMARY KEY,
    at         timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
    service    text NOT NULL,
    namespace  text NOT NULL DEFAULT '',
    kind       text NOT NULL,
    name       text NOT NULL,
    action     text NOT NULL CHECK (action IN ('reapplied', 'recreated', 'pruned')),
    fields     jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(fields) = 'array')
);
CREATE INDEX drift_events_service_idx ON drift_events (service, id DESC);

-- A service's deployment history as the console shows it.
CREATE TABLE deployment_events (
    id       bigserial PRIMARY KEY,
    service  text NOT NULL,
    at       timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
    type     text NOT NULL CHECK (type IN ('deploy', 'drift', 'ready', 'failed', 'scaled')),
    message  text NOT NULL
);
CREATE INDEX deployment_events_service_idx ON deployment_events (service, id DESC);

-- The Ecosystem's waves as the leading reconciler last saw them.
CREATE TABLE deployment_waves (
    position    integer PRIMARY KEY,
    name        text NOT NULL,
    services    jsonb NOT NULL DEFAULT '[]',
    state       text NOT NULL CHECK (state IN ('waiting', 'deploying', 'done', 'failed')),
    deadline    timestamptz(3),
    updated_at  timestamptz(3) NOT NULL DEFAULT clock_timestamp()
);

CREATE FUNCTION enclii_iso(t timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

CREATE FUNCTION drift_json(x drift_events) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('at', enclii_iso(x.at), 'service', x.service, 'namespace', x.namespace, 'kind', x.kind,
                              'name', x.name, 'action', x.action, 'fields', x.fields)
$$;

CREATE FUNCTION deployment_json(d deployments) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'service', d.service, 'project', d.project, 'namespace', d.namespace, 'component', d.component, 'wave', d.wave,
        'release', (SELECT jsonb_build_object('id', r.id, 'image', r.image_ref, 'digest', r.image_digest)
                    FROM releases r WHERE r.id = d.release_id),
        'desiredReplicas', d.desired_replicas, 'readyReplicas', d.ready_replicas,
        'updatedReplicas', d.updated_replicas, 'availableReplicas', d.available_replicas,
        'state', d.state, 'conditions', d.conditions, 'lastAppliedAt', enclii_iso(d.last_applied_at),
        'lastDrift', (SELECT jsonb_build_object('at', enclii_iso(x.at), 'kind', x.kind, 'name', x.name,
                                                'action', x.action, 'fields', x.fields)
                      FROM drift_events x WHERE x.service = d.service ORDER BY x.id DESC LIMIT 1),
        'simulated', d.simulated)
$$;

-- The feed: a "deployment" event carries the summary as of the change, a "drift" event the
-- drift item (and its service's summary follows, since its lastDrift changed).
CREATE FUNCTION deployment_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO events (topic, payload) VALUES ('deployment', deployment_json(NEW));
    RETURN NULL;
END $$;
CREATE TRIGGER deployments_event AFTER INSERT ON deployments FOR EACH ROW EXECUTE FUNCTION deployment_event();
CREATE TRIGGER deployments_changed_event AFTER UPDATE ON deployments FOR EACH ROW
    WHEN ((OLD.release_id, OLD.desired_replicas, OLD.ready_replicas, OLD.updated_replicas, OLD.available_replicas,
           OLD.state, OLD.conditions, OLD.last_applied_at, OLD.wave, OLD.simulated)
          IS DISTINCT FROM
          (NEW.release_id, NEW.desired_replicas, NEW.ready_replicas, NEW.updated_replicas, NEW.available_replicas,
           NEW.state, NEW.conditions, NEW.last_applied_at, NEW.wave, NEW.simulated))
    EXECUTE FUNCTION deployment_event();

CREATE FUNCTION drift_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO events (topic, payload) VALUES ('drift', drift_json(NEW));
    INSERT INTO events (topic, payload) SELECT 'deployment', deployment_json(d) FROM deployments d WHERE d.service = NEW.service;
    RETURN NULL;
END $$;
CREATE TRIGGER drift_events_event AFTER INSERT ON drift_events FOR EACH ROW EXECUTE FUNCTION drift_event();
