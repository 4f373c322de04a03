-- Projects: the repositories of the ecosystem, kept in step with the Ecosystem document.
CREATE TABLE projects (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    tier        integer NOT NULL,
    purpose     text NOT NULL DEFAULT '',
    namespace   text,
    deployed    boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per named document (kind Service or Ecosystem), pointing at its current revision.
CREATE TABLE documents (
    id               bigserial PRIMARY KEY,
    kind             text NOT NULL,
    name             text NOT NULL,
    current_revision integer NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (kind, name)
);

-- Every applied spec, kept: its canonical JSON, content hash, author, source and time.
CREATE TABLE spec_revisions (
    document_id  bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    revision     integer NOT NULL CHECK (revision > 0),
    content      jsonb NOT NULL,
    content_hash text NOT NULL,
    author       text NOT NULL,
    source       text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (document_id, revision)
);

-- Services: the deployable components, each with its document.
CREATE TABLE services (
    name        text PRIMARY KEY,
    project     text NOT NULL REFERENCES projects(name),
    namespace   text NOT NULL,
    document_id bigint NOT NULL UNIQUE REFERENCES documents(id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX services_project_idx ON services (project);

-- Who changed what, append-only.
CREATE TABLE audit_log (
    id      bigserial PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    actor   text NOT NULL,
    action  text NOT NULL,
    target  text NOT NULL,
    detail  jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
