-- Which release each service runs. A release is deployed when it is the newest auto-deploy
-- release of its service, or when someone asks for it (release_deploys: a release built
-- without auto-deploy, or an older one to go back to); the newer of the two wins.
-- A canary service's stable track changes only through a rollout: stable_releases remembers
-- the release it runs and the rollout that put it there, so a new release becomes a rollout
-- instead of a direct update.

CREATE TABLE release_deploys (
    id            bigserial PRIMARY KEY,
    service       text NOT NULL,
    release_id    bigint NOT NULL REFERENCES releases (id),
    requested_by  text NOT NULL,
    reason        text NOT NULL DEFAULT '',
    requested_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX release_deploys_service_idx ON release_deploys (service, requested_at DESC, id DESC);

-- When this rollout's canary first served (its first analysis began): measurements never reach
-- back before it, so a canary Deployment reused from an earlier rollout cannot lend its old
-- pods' numbers to a new release.
ALTER TABLE rollouts ADD COLUMN canary_since timestamptz;

CREATE TABLE stable_releases (
    service     text PRIMARY KEY,
    release_id  bigint NOT NULL REFERENCES releases (id),
    rollout_id  bigint REFERENCES rollouts (id),            -- the rollout that promoted it; NULL: the first deploy
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Releases the simulated cluster runs: with no real cluster, encliid can make a release per
-- service itself (image references that name no real image; nothing pulls them), so the
-- embedded setup deploys the whole ecosystem. Their build rows say so.
ALTER TABLE build_jobs DROP CONSTRAINT build_jobs_reason_check;
ALTER TABLE build_jobs ADD CONSTRAINT build_jobs_reason_check CHECK (reason IN ('push', 'manual', 'pull_request', 'simulated'));
