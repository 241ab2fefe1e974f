-- Sandbox Business Center: everything lives in the `sandbox` schema, so the sandbox can share a
-- PostgreSQL server (even a database) with Latchkey without ever touching Latchkey's tables.

CREATE TABLE sandbox.businesses (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- NULL means unlimited. Counted against members plus open (unexpired, pending) invites.
  seat_limit integer CHECK (seat_limit IS NULL OR seat_limit >= 0),
  -- An Apple password-rules string, published on the signup page and enforced on every password.
  password_rules text NOT NULL,
  invite_ttl_hours integer NOT NULL CHECK (invite_ttl_hours > 0),
  -- Fault injection, off by default. NULL = use the process-wide default from the environment.
  fault_latency_ms integer CHECK (fault_latency_ms IS NULL OR fault_latency_ms BETWEEN 0 AND 60000),
  fault_rate_429 double precision CHECK (fault_rate_429 IS NULL OR fault_rate_429 BETWEEN 0 AND 1),
  fault_rate_503 double precision CHECK (fault_rate_503 IS NULL OR fault_rate_503 BETWEEN 0 AND 1),
  created_at timestamptz NOT NULL
);

CREATE TABLE sandbox.users (
  id uuid PRIMARY KEY,
  email text NOT NULL,
  password_hash text NOT NULL,
  phone text NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
  totp_secret text,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON sandbox.users (lower(email));

CREATE TABLE sandbox.memberships (
  business_id uuid NOT NULL REFERENCES sandbox.businesses (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES sandbox.users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('ADMIN', 'MANAGER', 'EMPLOYEE', 'ANALYST')),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (business_id, user_id)
);
CREATE INDEX memberships_page ON sandbox.memberships (business_id, created_at, user_id);

CREATE TABLE sandbox.assets (
  id uuid PRIMARY KEY,
  business_id uuid NOT NULL REFERENCES sandbox.businesses (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('AD_ACCOUNT', 'PAGE')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL
);
CREATE INDEX assets_business ON sandbox.assets (business_id, created_at, id);

CREATE TABLE sandbox.asset_roles (
  asset_id uuid NOT NULL REFERENCES sandbox.assets (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES sandbox.users (id) ON DELETE CASCADE,
  business_id uuid NOT NULL REFERENCES sandbox.businesses (id) ON DELETE CASCADE,
  access text NOT NULL CHECK (access IN ('FULL', 'PARTIAL')),
  -- Only meaningful for PARTIAL; FULL implies every permission of the asset kind.
  permissions text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (asset_id, user_id)
);

CREATE TABLE sandbox.invites (
  id uuid PRIMARY KEY,
  business_id uuid NOT NULL REFERENCES sandbox.businesses (id) ON DELETE CASCADE,
  email text NOT NULL,
  role text NOT NULL CHECK (role IN ('ADMIN', 'MANAGER', 'EMPLOYEE', 'ANALYST')),
  -- [{ assetId, access, permissions }] applied when the invite is accepted.
  asset_grants jsonb NOT NULL DEFAULT '[]',
  -- 'expired' is never stored: a pending invite past expires_at reads as expired (see invites/status.ts).
  status text NOT NULL CHECK (status IN ('PENDING', 'ACCEPTED', 'CANCELLED')),
  token_hash bytea NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  sent_count integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- One open invite per person and business: a second invite is reported, not duplicated.
CREATE UNIQUE INDEX invites_one_pending ON sandbox.invites (business_id, lower(email)) WHERE status = 'PENDING';
CREATE INDEX invites_page ON sandbox.invites (business_id, created_at, id);

CREATE TABLE sandbox.service_tokens (
  id uuid PRIMARY KEY,
  business_id uuid NOT NULL REFERENCES sandbox.businesses (id) ON DELETE CASCADE,
  label text NOT NULL,
  role text NOT NULL CHECK (role IN ('ADMIN', 'MANAGER', 'EMPLOYEE', 'ANALYST')),
  -- SHA-256 of the token; the token itself is shown once and never stored.
  token_hash bytea NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);

-- One-time SMS codes: signup phone checks, login second factor, phone changes.
CREATE TABLE sandbox.sms_challenges (
  id uuid PRIMARY KEY,
  purpose text NOT NULL CHECK (purpose IN ('SIGNUP', 'LOGIN', 'PHONE_CHANGE')),
  phone text NOT NULL,
  code_hash bytea NOT NULL,
  invite_id uuid REFERENCES sandbox.invites (id) ON DELETE CASCADE,
  user_id uuid REFERENCES sandbox.users (id) ON DELETE CASCADE,
  -- SIGNUP keeps the chosen password's hash until the phone is proven.
  password_hash text,
  attempts integer NOT NULL DEFAULT 0,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz
);

CREATE TABLE sandbox.sessions (
  token_hash bytea PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES sandbox.users (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL
);

-- The carrier log: every SMS the sandbox "sent", whether a gateway took it or it is held for humans.
CREATE TABLE sandbox.sms_messages (
  sid text PRIMARY KEY,
  -- Send order; timestamps can tie (and do under a test clock).
  seq bigint GENERATED ALWAYS AS IDENTITY,
  to_number text NOT NULL,
  from_number text NOT NULL,
  body text NOT NULL,
  gateway_url text,
  status text NOT NULL CHECK (status IN ('QUEUED', 'DELIVERED', 'FAILED', 'HELD')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL
);
CREATE INDEX sms_messages_recent ON sandbox.sms_messages (seq DESC);

-- Every email the sandbox sent (or held, when no SMTP server is configured).
CREATE TABLE sandbox.emails (
  id uuid PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  to_address text NOT NULL,
  subject text NOT NULL,
  body_text text NOT NULL,
  status text NOT NULL CHECK (status IN ('SENT', 'HELD', 'FAILED')),
  last_error text,
  created_at timestamptz NOT NULL
);
CREATE INDEX emails_recent ON sandbox.emails (seq DESC);
