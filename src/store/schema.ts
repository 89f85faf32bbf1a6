import type { Generated } from 'kysely';

/**
 * The one declaration of the database: every table and column the migrations create, as a runtime
 * description (`tables`) from which the row types and Kysely's `Database` are derived, so that
 * test/store/schema-contract.test.ts can hold the migrations to it on both engines.
 *
 * Times are epoch milliseconds; booleans are 0/1 (portable across SQLite and PostgreSQL); `*_json`
 * columns hold JSON text, decoded and encoded only by their repository (store/json.ts); `sealed_*`
 * columns hold values sealed by crypto/seal.ts. A column the migrations add later is declared here too.
 */

/** A column's coarse type: `integer` covers SQLite's INTEGER and PostgreSQL's integer, bigint and serial. */
export type ColumnType = 'text' | 'integer';

export interface ColumnSpec {
  readonly type: ColumnType;
  readonly nullable: boolean;
  /** Filled by the database on insert (the outbox's serial id). */
  readonly generated?: true;
}

const text = { type: 'text', nullable: false } as const;
const textOrNull = { type: 'text', nullable: true } as const;
const integer = { type: 'integer', nullable: false } as const;
const integerOrNull = { type: 'integer', nullable: true } as const;
const serial = { type: 'integer', nullable: false, generated: true } as const;

export const tables = {
  // 0001_initial
  user_pools: {
    id: text,
    name: text,
    /** The pool's whole configuration as Cognito describes it (UserPoolType minus counters). */
    config_json: text,
    created_at: integer,
    updated_at: integer,
  },
  user_pool_clients: {
    id: text,
    pool_id: text,
    name: text,
    /** UserPoolClientType minus the secret, plus Cognate's own extensions. */
    config_json: text,
    sealed_secret: textOrNull,
    created_at: integer,
    updated_at: integer,
    /** 0019: every current secret (ClientSecretId, sealed value, creation time); null until the client's secrets are first listed or rotated. */
    secrets_json: textOrNull,
  },
  user_pool_domains: {
    domain: text,
    pool_id: text,
    /** 'prefix' for `<prefix>.auth.<region>...`, 'custom' for a custom domain. */
    kind: text,
    config_json: text,
    created_at: integer,
  },
  resource_servers: {
    pool_id: text,
    identifier: text,
    name: text,
    scopes_json: text,
    created_at: integer,
  },
  users: {
    pool_id: text,
    /** The username as created (for email/phone-as-username pools, a UUID). */
    username: text,
    /** The lookup key: `username`, lower-cased when the pool is case-insensitive. */
    username_key: text,
    sub: text,
    status: text,
    enabled: integer,
    /** The SRP verifier and salt, sealed; null for users with no password yet. */
    sealed_password: textOrNull,
    password_updated_at: integerOrNull,
    /** MFA settings, preferences and other per-user state that is not an attribute. */
    settings_json: text,
    created_at: integer,
    updated_at: integer,
  },
  user_attributes: {
    pool_id: text,
    username_key: text,
    name: text,
    value: text,
  },
  /** Unique sign-in names other than the username: email/phone as username, and verified aliases. */
  user_aliases: {
    pool_id: text,
    /** 'email' | 'phone_number' | 'preferred_username' */
    kind: text,
    value_key: text,
    username_key: text,
  },
  groups: {
    pool_id: text,
    name: text,
    description: textOrNull,
    role_arn: textOrNull,
    precedence: integerOrNull,
    created_at: integer,
    updated_at: integer,
  },
  group_members: {
    pool_id: text,
    group_name: text,
    username_key: text,
    created_at: integer,
  },
  outbox: {
    id: serial,
    pool_id: text,
    username: textOrNull,
    /** 'EMAIL' | 'SMS' */
    channel: text,
    destination: text,
    /** What the message is for: 'invitation', 'confirmation', 'forgot-password', 'mfa', 'verification'. */
    kind: text,
    subject: textOrNull,
    body: text,
    /** The code inside the body, if any, so tests need not parse templates. */
    code: textOrNull,
    created_at: integer,
  },
  signing_keys: {
    kid: text,
    pool_id: text,
    /** 'id' | 'access', or another purpose whose key never signs tokens (the SAML certificate's). */
    purpose: text,
    sealed_private_jwk: text,
    public_jwk_json: text,
    created_at: integer,
    /** Null while the key signs; once rotated out, the time after which no token it signed is valid. */
    retire_after: integerOrNull,
  },

  // 0003_tokens (+ 0012_attempts)
  refresh_tokens: {
    /** SHA-256 of the token; the token itself is never stored. */
    token_hash: text,
    pool_id: text,
    client_id: text,
    username_key: text,
    /** Every token refreshed from this one shares the origin; revoking it voids the whole family. */
    origin_jti: text,
    auth_time: integer,
    created_at: integer,
    expires_at: integer,
    revoked_at: integerOrNull,
    /** Set when rotation replaced this token; it stays usable for the client's grace period. */
    replaced_at: integerOrNull,
    device_key: textOrNull,
    /** When the successor that rotation exchanged this token for was stored (0012); null before. */
    rotated_at: integerOrNull,
  },
  /** Per-user sign-in state that changes on every attempt, apart from the user row. */
  user_sign_in_state: {
    pool_id: text,
    username_key: text,
    /** Consecutive failed sign-ins, for lockout. */
    failed_attempts: integer,
    last_failed_at: integerOrNull,
    /** Tokens issued before this time are void: global sign-out. */
    tokens_valid_after: integerOrNull,
    /** Attempts reserved and not yet judged (0021): they bound how many guesses are in flight at once. */
    pending_attempts: integer,
    /** When the latest attempt was reserved (0021); slots older than a few seconds were left by a server that died. */
    pending_since: integerOrNull,
  },

  // 0004_oauth (+ 0012_attempts)
  /** An authorization code as stored: the code itself is never kept, only its SHA-256. */
  oauth_codes: {
    code_hash: text,
    pool_id: text,
    client_id: text,
    username_key: text,
    redirect_uri: text,
    /** Space-separated granted scopes. */
    scopes: text,
    nonce: textOrNull,
    /** The S256 PKCE challenge, when the request carried one. */
    code_challenge: textOrNull,
    origin_jti: text,
    /** Epoch seconds of the sign-in. */
    auth_time: integer,
    created_at: integer,
    expires_at: integer,
    used_at: integerOrNull,
    replayed_at: integerOrNull,
    /** When the winning exchange had stored its tokens (0012); a duplicate after that is a replay. */
    exchanged_at: integerOrNull,
  },
  /** The scopes an OAuth token family was granted, for the refresh_token grant to carry over. */
  oauth_grants: {
    origin_jti: text,
    pool_id: text,
    client_id: text,
    username_key: text,
    scopes: text,
    expires_at: integer,
  },

  // 0005_ui
  /** A hosted-UI branding row: the pool's default (`client_key` 'ALL') or one app client's. */
  ui_customizations: {
    pool_id: text,
    client_key: text,
    /** The client id for client-level rows (so the row goes with its client); null for 'ALL'. */
    client_id: textOrNull,
    css: textOrNull,
    css_version: textOrNull,
    /** The logo, base64 as it came on the wire. */
    image_base64: textOrNull,
    image_type: textOrNull,
    created_at: integer,
    updated_at: integer,
  },

  // 0006_password_history
  /** A password the user replaced, kept while the pool's PasswordHistorySize asks. */
  password_history: {
    pool_id: text,
    username_key: text,
    /** Sealed like `users.sealed_password`, with the same context. */
    sealed_password: text,
    replaced_at: integer,
  },

  // 0007_identity_providers
  /** A third-party IdP of a pool (CreateIdentityProvider). */
  identity_providers: {
    pool_id: text,
    name: text,
    /** IdentityProviderTypeType: SAML, OIDC, Google, Facebook, LoginWithAmazon, SignInWithApple. */
    type: text,
    /** ProviderDetails without the secret values. */
    details_json: text,
    /** The secret ProviderDetails values as one sealed JSON object; null when there are none. */
    sealed_secrets: textOrNull,
    attribute_mapping_json: text,
    idp_identifiers_json: text,
    created_at: integer,
    updated_at: integer,
  },
  /** One IdP identifier of a provider; unique within the pool. */
  identity_provider_identifiers: {
    pool_id: text,
    identifier: text,
    provider_name: text,
  },
  /** SetRiskConfiguration: the pool's ('ALL') or one client's. */
  risk_configurations: {
    pool_id: text,
    client_key: text,
    /** The client id for client-level rows (so the row goes with its client); null for 'ALL'. */
    client_id: textOrNull,
    config_json: text,
    updated_at: integer,
  },
  /** SetLogDeliveryConfiguration: the pool's LogConfigurations. */
  log_delivery_configurations: {
    pool_id: text,
    config_json: text,
    updated_at: integer,
  },

  // 0008_devices
  /** A device a user confirmed (ConfirmDevice) for device SRP and remembered-device sign-in. */
  devices: {
    device_key: text,
    pool_id: text,
    username_key: text,
    /** The SRP "pool name" of the device's verifier. */
    device_group_key: text,
    /** `{salt, verifier}` (hex), sealed with the device as context. */
    sealed_verifier: text,
    device_name: textOrNull,
    /** 0/1: whether the device is remembered (may sign in by device SRP). */
    remembered: integer,
    last_ip_used: textOrNull,
    created_at: integer,
    updated_at: integer,
    last_authenticated_at: integerOrNull,
  },

  // 0009_node_identity
  /** One fact about the deployment (e.g. the master-key check), written once by the first node. */
  cognate_meta: {
    name: text,
    value: text,
    created_at: integer,
  },

  // 0010_sessions_throttle
  /** A hosted-UI SSO session; the sealed cookie carries the random id whose SHA-256 is the key. */
  sso_sessions: {
    session_hash: text,
    pool_id: text,
    username_key: text,
    sub: text,
    created_at: integer,
    expires_at: integer,
    /** Set by /logout, global sign-out and disabling the user; a revoked session is never used again. */
    revoked_at: integerOrNull,
  },
  /** One fixed window of a hosted-UI throttle counter. */
  ui_throttle: {
    /** SHA-256 of what is counted: pool, IP address and, for per-user budgets, the user. */
    bucket: text,
    window_start: integer,
    hits: integer,
  },
  // 0014_trigger_invocations
  /** Each Lambda trigger invocation, its event and answer with secrets masked; kept for the outbox's retention. */
  trigger_invocations: {
    id: serial,
    pool_id: text,
    /** The LambdaConfig member: 'PreSignUp', 'PreTokenGeneration', ... */
    trigger_kind: text,
    trigger_source: text,
    function_name: text,
    /** 'succeeded' | 'failed' | 'timeout' | 'not-found' | 'invalid-response' | 'error' */
    outcome: text,
    /** The error Cognito reported for the invocation, if any. */
    error: textOrNull,
    duration_ms: integer,
    event_json: text,
    response_json: textOrNull,
    created_at: integer,
  },
  // 0018_quotas
  /** The current one-second window of a request-rate quota (core/quota), per region and category. */
  request_rates: {
    scope: text,
    category: text,
    window_start: integer,
    hits: integer,
  },
  // 0016_federation_links
  /** A provider identity linked to a native user by AdminLinkProviderForUser. */
  federation_links: {
    pool_id: text,
    provider_name: text,
    /** `Cognito_Subject`, or the provider attribute the link names. */
    attribute_name: text,
    attribute_value: text,
    /** The native (destination) user. */
    username_key: text,
    created_at: integer,
  },
  /** An identity a developer gave the social stand-in (src/stand-in/), remembered to be picked again. */
  stand_in_identities: {
    /** Google | Facebook | LoginWithAmazon | SignInWithApple */
    provider_type: text,
    subject: text,
    /** { sub, email, name, picture, given_name, family_name } */
    identity_json: text,
    updated_at: integer,
  },
  /** The stand-in's one-time codes and its access tokens, by SHA-256. */
  stand_in_grants: {
    token_hash: text,
    /** 'code' | 'access' */
    kind: text,
    provider_type: text,
    subject: text,
    /** What the code was issued for (client_id, redirect_uri, nonce) */
    details_json: text,
    expires_at: integer,
  },
  // 0019_pool_features
  /** Terms of use and privacy policies of an app client (CreateTerms). */
  terms: {
    id: text,
    pool_id: text,
    client_id: text,
    /** TermsName: 'terms-of-use' | 'privacy-policy', one of each per client. */
    name: text,
    /** TermsSource, Enforcement and Links. */
    config_json: text,
    created_at: integer,
    updated_at: integer,
  },
  /** Managed login branding, one per app client: Settings and Assets as Cognito returns them. */
  managed_login_brandings: {
    id: text,
    pool_id: text,
    client_id: text,
    config_json: text,
    created_at: integer,
    updated_at: integer,
  },
  /** Replicas a pool asked for in other regions; recorded only, one machine replicates nothing. */
  user_pool_replicas: {
    pool_id: text,
    region: text,
    status: text,
    created_at: integer,
  },
  /** Provisioned API-category limits of the account, keyed by the limit definition. */
  provisioned_limits: {
    limit_key: text,
    value: integer,
    updated_at: integer,
  },
  /** User import jobs: their state and counts, the uploaded CSV until the job ran, and the row errors. */
  user_import_jobs: {
    id: text,
    pool_id: text,
    status: text,
    config_json: text,
    csv_text: textOrNull,
    errors_json: text,
    created_at: integer,
  },
  /** Each user's authentication events (AdminListUserAuthEvents), the newest kept per user. */
  auth_events: {
    id: serial,
    pool_id: text,
    user_sub: text,
    event_id: text,
    event_json: text,
    /** 'Valid' | 'Invalid' once feedback was given. */
    feedback: textOrNull,
    created_at: integer,
  },

  // 0020_webauthn
  /** A passkey a user registered (CompleteWebAuthnRegistration), checked at WEB_AUTHN sign-in. */
  webauthn_credentials: {
    pool_id: text,
    /** The authenticator's credential id, base64url. */
    credential_id: text,
    username_key: text,
    /** The COSE public key, base64url. */
    public_key: text,
    /** The authenticator's signature counter at the last sign-in. */
    sign_count: integer,
    /** The transports the browser reported (e.g. `["internal","hybrid"]`). */
    transports_json: text,
    friendly_name: text,
    relying_party_id: text,
    /** `platform` or `cross-platform`, when the browser said. */
    authenticator_attachment: textOrNull,
    created_at: integer,
  },

  // 0017_saml
  /** A SAML assertion ID already used for a sign-in, kept until the assertion would have expired anyway (replay). */
  saml_assertions: {
    pool_id: text,
    assertion_id: text,
    expires_at: integer,
  },
  /** A SAML user's latest session at the IdP (NameID and SessionIndex), for single logout. */
  saml_sessions: {
    pool_id: text,
    provider_name: text,
    name_id: text,
    name_id_format: textOrNull,
    session_index: textOrNull,
    created_at: integer,
  },
} as const satisfies Record<string, Record<string, ColumnSpec>>;

export type TableName = keyof typeof tables;

type ValueOf<C extends ColumnSpec> = C['type'] extends 'text' ? string : number;
type ColumnOf<C> = C extends ColumnSpec
  ? C extends { generated: true }
    ? Generated<ValueOf<C>>
    : C['nullable'] extends true
      ? ValueOf<C> | null
      : ValueOf<C>
  : never;

/** The row of a table as stored, derived from its description. */
export type Row<T extends TableName> = { -readonly [K in keyof (typeof tables)[T]]: ColumnOf<(typeof tables)[T][K]> };

/** Kysely's view of the database. */
export type Database = { [T in TableName]: Row<T> };

export type UserPoolRow = Row<'user_pools'>;
export type UserPoolClientRow = Row<'user_pool_clients'>;
export type UserPoolDomainRow = Row<'user_pool_domains'>;
export type ResourceServerRow = Row<'resource_servers'>;
export type UserRow = Row<'users'>;
export type UserAttributeRow = Row<'user_attributes'>;
export type UserAliasRow = Row<'user_aliases'>;
export type GroupRow = Row<'groups'>;
export type GroupMemberRow = Row<'group_members'>;
export type OutboxRow = Row<'outbox'>;
export type SigningKeyRow = Row<'signing_keys'>;
export type RefreshTokenRow = Row<'refresh_tokens'>;
export type UserSignInStateRow = Row<'user_sign_in_state'>;
export type OAuthCodeRow = Row<'oauth_codes'>;
export type OAuthGrantRow = Row<'oauth_grants'>;
export type UICustomizationRow = Row<'ui_customizations'>;
export type PasswordHistoryRow = Row<'password_history'>;
export type IdentityProviderRow = Row<'identity_providers'>;
export type IdentityProviderIdentifierRow = Row<'identity_provider_identifiers'>;
export type RiskConfigurationRow = Row<'risk_configurations'>;
export type LogDeliveryConfigurationRow = Row<'log_delivery_configurations'>;
export type DeviceRow = Row<'devices'>;
export type MetaRow = Row<'cognate_meta'>;
export type SsoSessionRow = Row<'sso_sessions'>;
export type UiThrottleRow = Row<'ui_throttle'>;
export type TriggerInvocationRow = Row<'trigger_invocations'>;
export type RequestRateRow = Row<'request_rates'>;
export type SamlAssertionRow = Row<'saml_assertions'>;
export type SamlSessionRow = Row<'saml_sessions'>;
export type FederationLinkRow = Row<'federation_links'>;
export type StandInIdentityRow = Row<'stand_in_identities'>;
export type StandInGrantRow = Row<'stand_in_grants'>;
export type TermsRow = Row<'terms'>;
export type ManagedLoginBrandingRow = Row<'managed_login_brandings'>;
export type UserPoolReplicaRow = Row<'user_pool_replicas'>;
export type ProvisionedLimitRow = Row<'provisioned_limits'>;
export type UserImportJobRow = Row<'user_import_jobs'>;
export type AuthEventRow = Row<'auth_events'>;
export type WebAuthnCredentialRow = Row<'webauthn_credentials'>;
