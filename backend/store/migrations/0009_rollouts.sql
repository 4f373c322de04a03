-- Canary rollouts: one row per rollout of a release, its transitions (the timeline, and the
-- outbox of its notifications) and every analysis measurement. The state machine keeps no
-- state of its own: after a restart it carries on from these rows. Times are written by the
-- machine's clock, so every deadline survives a restart.

-- Epoch milliseconds (from the machine's clock) to a timestamp; negative is NULL.
CREATE FUNCTION rollout_ts(ms bigint) RETURNS timestamptz LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN ms < 0 THEN NULL ELSE to_timestamp(ms / 1000.0) END $$;

CREATE TABLE rollouts (
    id                   bigserial PRIMARY KEY,
    service              text NOT NULL,
    project              text NOT NULL DEFAULT '',
    namespace            text NOT NULL,
    image                text NOT NULL,                    -- the release, by digest
    revision             text NOT NULL DEFAULT '',
    strategy             jsonb NOT NULL,                   -- the steps and analysis it started with
    state                text NOT NULL DEFAULT 'pending'
                         CHECK (state IN ('pending', 'progressing', 'paused', 'promoting', 'succeeded',
                                          'aborted', 'rolled_back', 'failed', 'superseded')),
    step_index           integer NOT NULL DEFAULT 0 CHECK (step_index >= 0),
    step_phase           text NOT NULL DEFAULT 'scaling' CHECK (step_phase IN ('scaling', 'analysing')),
    analysis_run         integer NOT NULL DEFAULT 0,       -- a resumed step starts a fresh tally
    analysis_started_at  timestamptz,
    last_measured_at     timestamptz,
    deadline_at          timestamptz,                      -- of the wait the rollout is in
    pause_reason         text NOT NULL DEFAULT '',         -- indefinite | person | inconclusive | analysis-error | analysis-failed | stable-failing
    message              text NOT NULL DEFAULT '',
    failing_metric       text NOT NULL DEFAULT '',
    failing_value        double precision,
    traffic              jsonb NOT NULL DEFAULT '{}',      -- the last split the driver reported
    settled              boolean NOT NULL DEFAULT true,    -- false: an ended rollout whose canary is not yet drained
    superseded_by        bigint REFERENCES rollouts (id),
    retry_of             bigint REFERENCES rollouts (id),
    created_by           text NOT NULL DEFAULT '',
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    finished_at          timestamptz,
    version              integer NOT NULL DEFAULT 0       -- optimistic concurrency between the machine and the controls
);

-- One active rollout per service; a new release supersedes the active one in the same transaction.
CREATE UNIQUE INDEX rollouts_one_active_idx ON rollouts (service)
    WHERE state IN ('pending', 'progressing', 'paused', 'promoting');
CREATE INDEX rollouts_work_idx ON rollouts (id)
    WHERE state IN ('pending', 'progressing', 'paused', 'promoting') OR NOT settled;
CREATE INDEX rollouts_service_idx ON rollouts (service, id DESC);

CREATE TABLE rollout_transitions (
    id          bigserial PRIMARY KEY,
    rollout_id  bigint NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    at          timestamptz NOT NULL,
    from_state  text NOT NULL,
    to_state    text NOT NULL,
    step_index  integer NOT NULL,
    actor       text NOT NULL,                             -- "rollout-controller" or the person
    reason      text NOT NULL DEFAULT '',
    notify      boolean NOT NULL DEFAULT false,            -- a change people hear of
    notified    boolean NOT NULL DEFAULT false
);
CREATE INDEX rollout_transitions_rollout_idx ON rollout_transitions (rollout_id, id);
CREATE INDEX rollout_transitions_outbox_idx ON rollout_transitions (id) WHERE notify AND NOT notified;

CREATE TABLE rollout_measurements (
    id          bigserial PRIMARY KEY,
    rollout_id  bigint NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    step_index  integer NOT NULL,
    run         integer NOT NULL,
    at          timestamptz NOT NULL,
    metric      text NOT NULL,
    track       text NOT NULL CHECK (track IN ('canary', 'stable')),
    value       double precision,                          -- NULL: not measured (error, no data)
    threshold   text NOT NULL,                             -- the condition, as written
    verdict     text NOT NULL CHECK (verdict IN ('successful', 'failed', 'inconclusive', 'error')),
    gates       boolean NOT NULL,
    counted     boolean NOT NULL DEFAULT true,             -- false: excused (the stable failed the same metric)
    message     text NOT NULL DEFAULT ''
);
CREATE INDEX rollout_measurements_rollout_idx ON rollout_measurements (rollout_id, step_index, run, id);
