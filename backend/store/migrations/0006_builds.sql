-- Roundhouse's build records: what each step did, the build's log, the releases it made,
-- the image-signing key, and the event feed the console follows. Rows before actions:
-- a worker killed mid-build leaves these rows, and the next attempt picks up from them.

-- One row per step of a job's latest attempt (an attempt starts by resetting them).
CREATE TABLE build_steps (
    build_id     bigint NOT NULL REFERENCES build_jobs (id) ON DELETE CASCADE,
    position     smallint NOT NULL,
    name         text NOT NULL CHECK (name IN ('clone', 'build', 'sbom', 'sign', 'push', 'release')),
    state        text NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'running', 'succeeded', 'failed', 'skipped')),
    started_at   timestamptz,
    finished_at  timestamptz,
    progress     real CHECK (progress IS NULL OR (progress >= 0 AND progress <= 1)),
    detail       text NOT NULL DEFAULT '',
    PRIMARY KEY (build_id, name)
);

-- The build's log, every attempt's lines in order; seq is per build.
CREATE TABLE build_logs (
    build_id  bigint NOT NULL REFERENCES build_jobs (id) ON DELETE CASCADE,
    seq       integer NOT NULL,
    attempt   integer NOT NULL,
    step      text NOT NULL,
    stream    text NOT NULL CHECK (stream IN ('info', 'stdout', 'stderr')),
    at        timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
    text      text NOT NULL,
    PRIMARY KEY (build_id, seq)
);

-- What a build produced (images, SBOM, signature), kept on the job for the console.
ALTER TABLE build_jobs ADD COLUMN artifacts jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(artifacts) = 'object');

-- A release: an image by digest that the reconciler may deploy. One per build, whatever
-- happens to the workers (the unique build_id makes a repeated release step a no-op).
CREATE TABLE releases (
    id                bigserial PRIMARY KEY,
    build_id          bigint NOT NULL UNIQUE REFERENCES build_jobs (id),
    service           text NOT NULL,
    project           text NOT NULL,
    commit_sha        text NOT NULL,
    ref               text NOT NULL DEFAULT '',
    image_ref         text NOT NULL,                 -- registry/repository@sha256:...
    image_digest      text NOT NULL CHECK (image_digest ~ '^sha256:[0-9a-f]{64}$'),
    sbom_digest       text NOT NULL DEFAULT '',
    sbom_format       text NOT NULL DEFAULT '',
    sbom_summary      jsonb NOT NULL DEFAULT '{}',
    signature_digest  text NOT NULL DEFAULT '',
    signing_key_id    text NOT NULL DEFAULT '',
    auto_deploy       boolean NOT NULL,              -- the spec's deploy.autoDeploy when built
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX releases_service_idx ON releases (service, created_at DESC);

-- The image-signing key pair (ECDSA P-256). The private key is sealed with the master key.
CREATE TABLE image_signing_keys (
    key_id          text PRIMARY KEY,                -- SHA-256 of the public key's DER
    public_pem      text NOT NULL,
    private_sealed  bytea NOT NULL,
    active          boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX image_signing_keys_one_active ON image_signing_keys (active) WHERE active;

-- The event feed (GET /v1/events): every change the console follows, in commit order of
-- ids. The insert trigger NOTIFYs so API processes wake at once; old rows are pruned.
CREATE TABLE events (
    id          bigserial PRIMARY KEY,
    topic       text NOT NULL,                       -- "build", "log", ...
    payload     jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_created_idx ON events (created_at);

CREATE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('enclii_events', '');
    RETURN NULL;
END $$;
CREATE TRIGGER events_notify AFTER INSERT ON events FOR EACH STATEMENT EXECUTE FUNCTION events_notify();

-- The build feed is written by the rows themselves, whoever changes them (API, a worker in
-- another process, a cancel): a "build" event names the job (the reader sends its current
-- summary), a "log" event carries the line. A heartbeat alone is not news.
CREATE FUNCTION build_job_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO events (topic, payload) VALUES ('build', jsonb_build_object('build', NEW.id));
    RETURN NULL;
END $$;
CREATE TRIGGER build_jobs_event AFTER INSERT ON build_jobs FOR EACH ROW EXECUTE FUNCTION build_job_event();
CREATE TRIGGER build_jobs_changed_event AFTER UPDATE ON build_jobs FOR EACH ROW
    WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.attempts IS DISTINCT FROM NEW.attempts
          OR OLD.artifacts IS DISTINCT FROM NEW.artifacts OR OLD.last_error IS DISTINCT FROM NEW.last_error)
    EXECUTE FUNCTION build_job_event();

-- Per statement: a new attempt resets six steps in one statement, which is one event.
CREATE FUNCTION build_steps_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO events (topic, payload)
        SELECT 'build', jsonb_build_object('build', b.build_id) FROM (SELECT DISTINCT build_id FROM changed_steps) b;
    RETURN NULL;
END $$;
CREATE TRIGGER build_steps_insert_event AFTER INSERT ON build_steps
    REFERENCING NEW TABLE AS changed_steps FOR EACH STATEMENT EXECUTE FUNCTION build_steps_event();
CREATE TRIGGER build_steps_update_event AFTER UPDATE ON build_steps
    REFERENCING NEW TABLE AS changed_steps FOR EACH STATEMENT EXECUTE FUNCTION build_steps_event();

CREATE FUNCTION build_log_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO events (topic, payload)
        SELECT 'log', jsonb_build_object('build', l.build_id, 'seq', l.seq, 'attempt', l.attempt, 'step', l.step,
                                         'stream', l.stream, 'at', l.at, 'text', l.text)
        FROM new_lines l ORDER BY l.build_id, l.seq;
    RETURN NULL;
END $$;
CREATE TRIGGER build_logs_event AFTER INSERT ON build_logs
    REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION build_log_event();
