-- Roundhouse: GitHub webhook deliveries, the durable build queue, and the repositories'
-- webhook secrets. Every push is a row before it is a build (DESIGN.md, "How data flows").

-- One row per X-GitHub-Delivery: a redelivered hook finds its id here and does nothing.
CREATE TABLE webhook_deliveries (
    delivery_id  text PRIMARY KEY,
    event        text NOT NULL,
    repo         text NOT NULL DEFAULT '',
    received_at  timestamptz NOT NULL DEFAULT now(),
    outcome      text NOT NULL DEFAULT ''          -- "queued 2 job(s)", "ignored", ...
);

-- The queue. A worker claims a row (FOR UPDATE SKIP LOCKED), holds a lease it renews with
-- heartbeats, and completes it; a lease that runs out means the worker died and the row is
-- claimable again.
CREATE TABLE build_jobs (
    id                bigserial PRIMARY KEY,
    service           text NOT NULL,
    project           text NOT NULL,
    repo              text NOT NULL,
    commit_sha        text NOT NULL,
    ref               text NOT NULL DEFAULT '',
    reason            text NOT NULL CHECK (reason IN ('push', 'manual', 'pull_request')),
    priority          integer NOT NULL DEFAULT 0,   -- higher first
    state             text NOT NULL DEFAULT 'queued'
                      CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    attempts          integer NOT NULL DEFAULT 0,   -- claims so far
    max_attempts      integer NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
    run_after         timestamptz NOT NULL DEFAULT now(), -- not before: retry backoff
    lease_owner       text,
    lease_expires_at  timestamptz,
    heartbeat_at      timestamptz,
    last_error        text NOT NULL DEFAULT '',
    created_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    started_at        timestamptz,
    finished_at       timestamptz,
    -- A replayed push (or a second click on "build") never queues the same build twice.
    CONSTRAINT build_jobs_idempotency UNIQUE (service, commit_sha, reason)
);

-- What claim() scans: claimable rows in claim order.
CREATE INDEX build_jobs_queued_idx ON build_jobs (priority DESC, created_at) WHERE state = 'queued';
CREATE INDEX build_jobs_running_lease_idx ON build_jobs (lease_expires_at) WHERE state = 'running';
CREATE INDEX build_jobs_service_idx ON build_jobs (service, created_at);

-- Webhook secrets, sealed with the master key (SecretBox, associated data = the repo URL).
CREATE TABLE repo_secrets (
    repo           text PRIMARY KEY,               -- normalised clone URL
    secret_sealed  bytea NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
