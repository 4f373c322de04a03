-- Waybill: rollups of the usage events, subscriptions and credits, invoices with their lines,
-- Stripe's side of them, budgets with their alerts, and the deploy holds budgets put in place.

-- ---- Rollups -------------------------------------------------------------------------------
-- Usage per window, project, resource and metric (the metric names of waybill/Metering.h).
-- Hourly rows are metered from the events; daily rows are sums of hourly ones and monthly rows
-- sums of daily ones. Windows are UTC. Zero quantities are not stored.
CREATE TABLE usage_rollups (
    granularity   text NOT NULL CHECK (granularity IN ('hour', 'day', 'month')),
    window_start  timestamptz NOT NULL,
    project       text NOT NULL,
    resource      text NOT NULL,
    metric        text NOT NULL,
    quantity      numeric(38, 9) NOT NULL,
    computed_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (granularity, window_start, project, resource, metric)
);
CREATE INDEX usage_rollups_project_idx ON usage_rollups (project, granularity, window_start);

-- How far the hourly rollups reach: every hour before hourly_through has been metered once.
CREATE TABLE usage_rollup_state (
    singleton       boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    hourly_through  timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
INSERT INTO usage_rollup_state DEFAULT VALUES;

-- Hours whose rollups an arriving event may have changed. Written by the trigger below in the
-- inserting transaction, so no event can be stored without its mark; the aggregator recomputes
-- the marked hours (a lifecycle event: its hour and every later rolled-up hour of its resource)
-- and deletes the marks it read in the same transaction.
CREATE TABLE usage_dirty (
    id           bigserial PRIMARY KEY,
    project      text NOT NULL,
    resource     text NOT NULL,
    hour         timestamptz NOT NULL,
    lifecycle    boolean NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION usage_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO usage_dirty (project, resource, hour, lifecycle)
    SELECT project, resource, date_trunc('hour', occurred_at, 'UTC'),
           bool_or(type NOT IN ('build.completed', 'build.failed', 'bandwidth.usage'))
    FROM inserted_events
    GROUP BY 1, 2, 3;
    RETURN NULL;
END
$$;

CREATE TRIGGER usage_events_mark_dirty
    AFTER INSERT ON usage_events
    REFERENCING NEW TABLE AS inserted_events
    FOR EACH STATEMENT EXECUTE FUNCTION usage_mark_dirty();

-- The state of a deployment, volume or domain before a window comes from its lifecycle events
-- alone; they are few next to builds and bandwidth reports, and this index holds only them.
CREATE INDEX usage_events_lifecycle_idx ON usage_events (project, resource, occurred_at)
    WHERE type NOT IN ('build.completed', 'build.failed', 'bandwidth.usage');

-- ---- Subscriptions and credits ---------------------------------------------------------------
-- Which plan (specs/plans/<name>.plan, at a version) a project is on from a date on.
CREATE TABLE waybill_subscriptions (
    project       text PRIMARY KEY,
    plan          text NOT NULL,
    plan_version  integer NOT NULL CHECK (plan_version > 0),
    since         timestamptz NOT NULL DEFAULT now(),
    updated_by    text NOT NULL DEFAULT ''
);

-- Credits granted to a project; invoices draw on them oldest first.
CREATE TABLE waybill_credits (
    id          bigserial PRIMARY KEY,
    project     text NOT NULL,
    amount      numeric(38, 9) NOT NULL CHECK (amount > 0),
    currency    text NOT NULL,
    reason      text NOT NULL DEFAULT '',
    granted_by  text NOT NULL DEFAULT '',
    granted_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX waybill_credits_project_idx ON waybill_credits (project);

-- ---- Invoices --------------------------------------------------------------------------------
CREATE TABLE waybill_invoices (
    id                 text PRIMARY KEY,                      -- "inv_<project>_<yyyymm>"
    project            text NOT NULL,
    period_start       timestamptz NOT NULL,
    period_end         timestamptz NOT NULL,
    status             text NOT NULL CHECK (status IN ('draft', 'open', 'paid', 'void', 'uncollectible')),
    currency           text NOT NULL,
    plan               text NOT NULL,
    plan_version       integer NOT NULL,
    subtotal           numeric(38, 9) NOT NULL,
    credit_applied     numeric(38, 9) NOT NULL,
    total              numeric(38, 9) NOT NULL,
    stripe_invoice_id  text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    finalized_at       timestamptz,
    closed_at          timestamptz,
    UNIQUE (project, period_start)
);

CREATE TABLE waybill_invoice_lines (
    invoice_id  text NOT NULL REFERENCES waybill_invoices (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    metric      text NOT NULL,
    quantity    numeric(38, 9) NOT NULL,
    included    numeric(38, 9) NOT NULL,
    billable    numeric(38, 9) NOT NULL,
    rate        numeric(38, 9) NOT NULL,
    per         numeric(38, 9) NOT NULL,
    unit        text NOT NULL,
    amount      numeric(38, 9) NOT NULL,
    PRIMARY KEY (invoice_id, position)
);

-- Credit drawn by an invoice when it was finalized (a void gives it back).
CREATE TABLE waybill_credit_uses (
    invoice_id  text NOT NULL REFERENCES waybill_invoices (id) ON DELETE CASCADE,
    credit_id   bigint NOT NULL REFERENCES waybill_credits (id),
    amount      numeric(38, 9) NOT NULL CHECK (amount > 0),
    PRIMARY KEY (invoice_id, credit_id)
);

-- ---- Stripe ----------------------------------------------------------------------------------
CREATE TABLE waybill_stripe_customers (
    project      text PRIMARY KEY,
    customer_id  text NOT NULL
);

-- Webhook events already handled, so that Stripe's redeliveries change nothing.
CREATE TABLE waybill_stripe_events (
    event_id     text PRIMARY KEY,
    type         text NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now()
);

-- ---- Budgets ---------------------------------------------------------------------------------
CREATE TABLE waybill_budgets (
    project     text PRIMARY KEY,
    amount      numeric(38, 9) NOT NULL CHECK (amount > 0),
    currency    text NOT NULL,
    hold_non_production  boolean NOT NULL DEFAULT true,
    updated_by  text NOT NULL DEFAULT '',
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per project, month and threshold crossed: the primary key is what makes each
-- threshold notify once a month, whichever replica sees it first.
CREATE TABLE waybill_budget_alerts (
    project      text NOT NULL,
    month        date NOT NULL,
    threshold    integer NOT NULL CHECK (threshold IN (50, 80, 100)),
    spent        numeric(38, 9) NOT NULL,
    budget       numeric(38, 9) NOT NULL,
    currency     text NOT NULL,
    crossed_at   timestamptz NOT NULL DEFAULT now(),
    notified_at  timestamptz,
    notify_error text NOT NULL DEFAULT '',
    PRIMARY KEY (project, month, threshold)
);

-- Projects whose deploys to non-production environments are held this month (the reconciler
-- reads this table; a row is removed when the budget is raised or the month ends).
CREATE TABLE waybill_deploy_holds (
    project   text PRIMARY KEY,
    month     date NOT NULL,
    reason    text NOT NULL,
    since     timestamptz NOT NULL DEFAULT now()
);
