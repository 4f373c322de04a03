-- Waybill's usage events: the facts every bill is computed from. Append-only: a row, once
-- stored, is never changed or removed (the trigger below makes that a fact, not a habit).
-- A correction is a new event; rollups and invoices are recomputed from these rows.

CREATE TABLE usage_events (
    id               bigserial PRIMARY KEY,
    idempotency_key  text NOT NULL UNIQUE,         -- the sender's; the same key is the same event
    body_hash        text NOT NULL,                -- SHA-256 of the canonical body, to tell a retry from a conflict
    type             text NOT NULL CHECK (type IN (
                         'deployment.started', 'deployment.stopped', 'deployment.scaled',
                         'build.completed', 'build.failed',
                         'volume.created', 'volume.deleted', 'volume.resized',
                         'bandwidth.usage', 'domain.added', 'domain.removed')),
    project          text NOT NULL,
    resource         text NOT NULL,
    quantities       jsonb NOT NULL DEFAULT '{}'   -- {"replicas":"3","vcpu":"0.25"}: exact decimal strings
                     CHECK (jsonb_typeof(quantities) = 'object'),
    occurred_at      timestamptz(3) NOT NULL,      -- when it happened (the sender's clock), to the millisecond
    received_at      timestamptz NOT NULL DEFAULT now(),
    source           text NOT NULL DEFAULT ''      -- who sent it: "api:<subject>" or "encliid"
);

CREATE INDEX usage_events_project_time_idx ON usage_events (project, occurred_at);
CREATE INDEX usage_events_time_idx ON usage_events (occurred_at);

CREATE FUNCTION usage_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'usage_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'record a correcting event instead';
END
$$;

CREATE TRIGGER usage_events_no_update_delete
    BEFORE UPDATE OR DELETE ON usage_events
    FOR EACH ROW EXECUTE FUNCTION usage_events_append_only();

-- TRUNCATE bypasses row triggers: refuse it too.
CREATE TRIGGER usage_events_no_truncate
    BEFORE TRUNCATE ON usage_events
    FOR EACH STATEMENT EXECUTE FUNCTION usage_events_append_only();
