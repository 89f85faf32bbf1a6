import type { Generated } from 'kysely';

/**
 * Rows as stored. Times are epoch milliseconds; booleans are 0/1 (portable across SQLite and PostgreSQL);
 * `*_json` columns hold JSON text; `sealed_*` columns hold values sealed by crypto/seal.ts.
 */
export interface Database {
  user_pools: UserPoolRow;
  user_pool_clients: UserPoolClientRow;
  user_pool_domains: UserPoolDomainRow;
  resource_servers: ResourceServerRow;
  users: UserRow;
  user_attributes: UserAttributeRow;
  user_aliases: UserAliasRow;
  groups: GroupRow;
  group_members: GroupMemberRow;
  outbox: OutboxRow;
  signing_keys: SigningKeyRow;
  refresh_tokens: RefreshTokenRow;
  user_sign_in_state: UserSignInStateRow;
  password_history: PasswordHistoryRow;
}

export interface UserPoolRow {
  id: string;
  name: string;
  /** The pool's whole configuration as Cognito describes it (UserPoolType minus counters). */
  config_json: string;
  created_at: number;
  updated_at: number;
}

export interface UserPoolClientRow {
  id: string;
  pool_id: string;
  name: string;
  /** UserPoolClientType minus the secret. */
  config_json: string;
  sealed_secret: string | null;
  created_at: number;
  updated_at: number;
}

export interface UserPoolDomainRow {
  domain: string;
  pool_id: string;
  /** 'prefix' for `<prefix>.auth.<region>...`, 'custom' for a custom domain. */
  kind: string;
  config_json: string;
  created_at: number;
}

export interface ResourceServerRow {
  pool_id: string;
  identifier: string;
  name: string;
  scopes_json: string;
  created_at: number;
}

export interface UserRow {
  pool_id: string;
  /** The username as created (for email/phone-as-username pools, a UUID). */
  username: string;
  /** The lookup key: `username`, lower-cased when the pool is case-insensitive. */
  username_key: string;
  sub: string;
  status: string;
  enabled: number;
  /** The SRP verifier and salt, sealed; null for users with no password yet. */
  sealed_password: string | null;
  password_updated_at: number | null;
  /** MFA settings, preferences and other per-user state that is not an attribute. */
  settings_json: string;
  created_at: number;
  updated_at: number;
}

export interface UserAttributeRow {
  pool_id: string;
  username_key: string;
  name: string;
  value: string;
}

/** Unique sign-in names other than the username: email/phone as username, and verified aliases. */
export interface UserAliasRow {
  pool_id: string;
  /** 'email' | 'phone_number' | 'preferred_username' */
  kind: string;
  value_key: string;
  username_key: string;
}

export interface GroupRow {
  pool_id: string;
  name: string;
  description: string | null;
  role_arn: string | null;
  precedence: number | null;
  created_at: number;
  updated_at: number;
}

export interface GroupMemberRow {
  pool_id: string;
  group_name: string;
  username_key: string;
  created_at: number;
}

export interface OutboxRow {
  id: Generated<number>;
  pool_id: string;
  username: string | null;
  /** 'EMAIL' | 'SMS' */
  channel: string;
  destination: string;
  /** What the message is for: 'invitation', 'confirmation', 'forgot-password', 'mfa', 'verification'. */
  kind: string;
  subject: string | null;
  body: string;
  /** The code inside the body, if any, so tests need not parse templates. */
  code: string | null;
  created_at: number;
}

export interface SigningKeyRow {
  kid: string;
  pool_id: string;
  /** 'id' | 'access' */
  purpose: string;
  sealed_private_jwk: string;
  public_jwk_json: string;
  created_at: number;
  /** Null while the key signs; once rotated out, the time after which no token it signed is valid. */
  retire_after: number | null;
}

export interface RefreshTokenRow {
  /** SHA-256 of the token; the token itself is never stored. */
  token_hash: string;
  pool_id: string;
  client_id: string;
  username_key: string;
  origin_jti: string;
  auth_time: number;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  replaced_at: number | null;
  device_key: string | null;
  /** When the successor that rotation exchanged this token for was stored (0012); null before. */
  rotated_at?: number | null;
}

/** Per-user sign-in state that changes on every attempt, apart from the user row (0003). */
export interface UserSignInStateRow {
  pool_id: string;
  username_key: string;
  /** Consecutive failed sign-ins, for lockout. */
  failed_attempts: number;
  last_failed_at: number | null;
  /** Tokens issued before this time are void: global sign-out. */
  tokens_valid_after: number | null;
  /** The failure time the latest reservation replaced, to hand a reservation back exactly (0012). */
  previous_failed_at?: number | null;
}

/** A password the user replaced, kept while the pool's PasswordHistorySize asks (0006). */
export interface PasswordHistoryRow {
  pool_id: string;
  username_key: string;
  /** Sealed like `users.sealed_password`, with the same context. */
  sealed_password: string;
  replaced_at: number;
}

// The tables of 0007_identity_providers, merged into the Database interface above.
export interface Database {
  identity_providers: IdentityProviderRow;
  identity_provider_identifiers: IdentityProviderIdentifierRow;
  risk_configurations: RiskConfigurationRow;
  log_delivery_configurations: LogDeliveryConfigurationRow;
}

/** A third-party IdP of a pool (CreateIdentityProvider). */
export interface IdentityProviderRow {
  pool_id: string;
  name: string;
  /** IdentityProviderTypeType: SAML, OIDC, Google, Facebook, LoginWithAmazon, SignInWithApple. */
  type: string;
  /** ProviderDetails without the secret values. */
  details_json: string;
  /** The secret ProviderDetails values as one sealed JSON object; null when there are none. */
  sealed_secrets: string | null;
  attribute_mapping_json: string;
  idp_identifiers_json: string;
  created_at: number;
  updated_at: number;
}

/** One IdP identifier of a provider; unique within the pool. */
export interface IdentityProviderIdentifierRow {
  pool_id: string;
  identifier: string;
  provider_name: string;
}

/** SetRiskConfiguration: the pool's ('ALL') or one client's. */
export interface RiskConfigurationRow {
  pool_id: string;
  client_key: string;
  /** The client id for client-level rows (so the row goes with its client); null for 'ALL'. */
  client_id: string | null;
  config_json: string;
  updated_at: number;
}

/** SetLogDeliveryConfiguration: the pool's LogConfigurations. */
export interface LogDeliveryConfigurationRow {
  pool_id: string;
  config_json: string;
  updated_at: number;
}

// The table of 0008_devices, merged into the Database interface above.
export interface Database {
  devices: DeviceRow;
}

/** A device a user confirmed (ConfirmDevice) for device SRP and remembered-device sign-in. */
export interface DeviceRow {
  device_key: string;
  pool_id: string;
  username_key: string;
  /** The SRP "pool name" of the device's verifier. */
  device_group_key: string;
  /** `{salt, verifier}` (hex), sealed with the device as context. */
  sealed_verifier: string;
  device_name: string | null;
  /** 0/1: whether the device is remembered (may sign in by device SRP). */
  remembered: number;
  last_ip_used: string | null;
  created_at: number;
  updated_at: number;
  last_authenticated_at: number | null;
}

// The table of 0009_node_identity, merged into the Database interface above.
export interface Database {
  cognate_meta: MetaRow;
}

/** One fact about the deployment (e.g. the master-key check), written once by the first node. */
export interface MetaRow {
  name: string;
  value: string;
  created_at: number;
}

// The tables of 0010_sessions_throttle, merged into the Database interface above.
export interface Database {
  sso_sessions: SsoSessionRow;
  ui_throttle: UiThrottleRow;
}

/** A hosted-UI SSO session; the sealed cookie carries the random id whose SHA-256 is the key. */
export interface SsoSessionRow {
  session_hash: string;
  pool_id: string;
  username_key: string;
  sub: string;
  created_at: number;
  expires_at: number;
  /** Set by /logout, global sign-out and disabling the user; a revoked session is never used again. */
  revoked_at: number | null;
}

/** One fixed window of a hosted-UI throttle counter. */
export interface UiThrottleRow {
  /** SHA-256 of what is counted: pool, IP address and, for per-user budgets, the user. */
  bucket: string;
  window_start: number;
  hits: number;
}
