-- Identity: the built-in OpenID Connect provider's users, clients, keys and grants.

CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    subject       text NOT NULL UNIQUE,          -- the stable `sub` claim
    email         text NOT NULL UNIQUE,
    name          text NOT NULL DEFAULT '',
    password_hash text NOT NULL,                 -- scrypt$N$r$p$salt$hash
    disabled      boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Role grants: global roles (admin, finance, oncall) have project ''; project roles
-- (owner, developer, viewer) name their project.
CREATE TABLE role_grants (
    user_id  bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role     text NOT NULL CHECK (role IN ('admin', 'finance', 'oncall', 'owner', 'developer', 'viewer')),
    project  text NOT NULL DEFAULT '',
    PRIMARY KEY (user_id, role, project),
    CHECK ((role IN ('admin', 'finance', 'oncall')) = (project = ''))
);

CREATE TABLE oauth_clients (
    client_id      text PRIMARY KEY,
    name           text NOT NULL,
    secret_hash    text,                          -- NULL for public clients (PKCE only)
    redirect_uris  text[] NOT NULL DEFAULT '{}',
    grant_types    text[] NOT NULL,
    scopes         text[] NOT NULL DEFAULT '{openid,profile,email}',
    roles          text[] NOT NULL DEFAULT '{}',  -- for client_credentials: the service's roles
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- RS256 signing keys; the private part sealed with the state folder's master key.
CREATE TABLE signing_keys (
    kid             text PRIMARY KEY,
    private_sealed  bytea NOT NULL,
    public_jwk      jsonb NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    active_from     timestamptz NOT NULL DEFAULT now(),
    retire_after    timestamptz,                  -- stops signing; still published until expires_at
    expires_at      timestamptz                   -- no longer published
);

CREATE TABLE auth_codes (
    code_hash       text PRIMARY KEY,             -- SHA-256 of the code; the code itself is never stored
    client_id       text NOT NULL REFERENCES oauth_clients(client_id),
    user_id         bigint NOT NULL REFERENCES users(id),
    redirect_uri    text NOT NULL,
    code_challenge  text NOT NULL,
    scope           text NOT NULL,
    nonce           text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz
);

-- Refresh tokens rotate: each use issues a child and marks the parent used. A used token
-- presented again revokes its whole family (RFC 6819 §5.2.2.3, OAuth 2.0 Security BCP).
CREATE TABLE refresh_tokens (
    token_hash  text PRIMARY KEY,
    family_id   text NOT NULL,
    client_id   text NOT NULL REFERENCES oauth_clients(client_id),
    user_id     bigint NOT NULL REFERENCES users(id),
    scope       text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    revoked_at  timestamptz
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);

-- API tokens for CI and scripts: shown once, stored hashed, scoped, expiring, revocable.
CREATE TABLE api_tokens (
    id          bigserial PRIMARY KEY,
    token_hash  text NOT NULL UNIQUE,
    prefix      text NOT NULL,                    -- the first characters, to recognise a token in lists
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name        text NOT NULL,
    scopes      text[] NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at  timestamptz
);

-- Access tokens revoked before their expiry (sign-out, revocation endpoint), by jti.
CREATE TABLE revoked_access_tokens (
    jti         text PRIMARY KEY,
    expires_at  timestamptz NOT NULL
);
