import type { CreateUserPoolClientInput, TimeUnits, TokenValidityUnits, UserPoolClientDescription } from './types.js';
import { CognitoError, err } from '../errors.js';
import { dangerousScheme } from '../oauth/redirect-uris.js';
import { identityProviderNamesOfPool } from '../idp/identity-providers.js';
import { requiredAttributes, schemaAttribute } from '../pool/schema.js';
import type { UserPool } from '../pool/pools.js';
import { customScopesOfPool } from '../pool/resource-servers.js';
import type { Services } from '../services.js';

/** What CreateUserPoolClient and UpdateUserPoolClient both configure (everything but the secret). */
export type ClientSettingsInput = Omit<CreateUserPoolClientInput, 'UserPoolId' | 'ClientName' | 'GenerateSecret' | 'ClientSecret'>;

/** The stored configuration: UserPoolClientDescription minus identity, dates and secret. */
export type ClientSettings = Omit<
  UserPoolClientDescription,
  'UserPoolId' | 'ClientId' | 'ClientName' | 'ClientSecret' | 'CreationDate' | 'LastModifiedDate'
>;

/** If the request leaves ExplicitAuthFlows out, these are the flows the client supports (Cognito's documented default). */
export const DEFAULT_EXPLICIT_AUTH_FLOWS = ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH'] as const;

export const STANDARD_OAUTH_SCOPES: ReadonlySet<string> = new Set(['phone', 'email', 'openid', 'profile', 'aws.cognito.signin.user.admin']);

/** Attributes no app client may be given write access to: Cognito alone sets them. */
const NEVER_WRITABLE = new Set(['sub', 'email_verified', 'phone_number_verified']);

const SECONDS: Record<TimeUnits, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/**
 * Token lifetimes, following what DescribeUserPoolClient shows in Cognito: a client created without
 * them describes RefreshTokenValidity 30 and no AccessTokenValidity, IdTokenValidity or
 * TokenValidityUnits, and the values a request gives come back as given. The effective lifetime of an
 * omitted value is Cognito's documented default: 1 (hour) for access and ID tokens, 30 (days) for
 * refresh tokens, counted in the unit the request chose, or hours/hours/days when it chose none.
 * That is why a unit without its value can fall out of range, as it does in Cognito.
 */
export interface TokenValidity {
  accessSeconds: number;
  idSeconds: number;
  refreshSeconds: number;
}

export function tokenValidity(settings: Pick<ClientSettings, 'AccessTokenValidity' | 'IdTokenValidity' | 'RefreshTokenValidity' | 'TokenValidityUnits'>): TokenValidity {
  const units: TokenValidityUnits = settings.TokenValidityUnits ?? {};
  return {
    accessSeconds: (settings.AccessTokenValidity ?? 1) * SECONDS[units.AccessToken ?? 'hours'],
    idSeconds: (settings.IdTokenValidity ?? 1) * SECONDS[units.IdToken ?? 'hours'],
    refreshSeconds: (settings.RefreshTokenValidity || 30) * SECONDS[units.RefreshToken ?? 'days'],
  };
}

const MINUTE = 60;
const DAY = 86400;

function checkTokenValidity(settings: ClientSettings): void {
  const v = tokenValidity(settings);
  const inRange = (s: number, min: number, max: number) => s >= min && s <= max;
  // Cognito's message names no token; the ranges are 5 minutes–1 day and 60 minutes–10 years.
  if (!inRange(v.accessSeconds, 5 * MINUTE, DAY) || !inRange(v.idSeconds, 5 * MINUTE, DAY) || !inRange(v.refreshSeconds, 60 * MINUTE, 3650 * DAY))
    throw err.invalidParameter('Invalid range for token validity.');
}

function checkAttributes(pool: UserPool, settings: ClientSettings, verb: 'creating' | 'updating'): void {
  if (settings.ReadAttributes && settings.ReadAttributes.some((name) => !schemaAttribute(pool, name)))
    throw err.invalidParameter(`Invalid read attributes specified while ${verb} a client`);
  if (settings.WriteAttributes) {
    const write = settings.WriteAttributes;
    const unknownOrFixed = write.some((name) => !schemaAttribute(pool, name) || NEVER_WRITABLE.has(name));
    // A client that may write attributes at all must be able to write the ones every user needs.
    const required = requiredAttributes(pool).filter((name) => !NEVER_WRITABLE.has(name));
    if (unknownOrFixed || required.some((name) => !write.includes(name)))
      throw err.invalidParameter(`Invalid write attributes specified while ${verb} a client`);
  }
}

/** COGNITO (the pool's own directory) or a provider the pool has; social providers too must have been created. */
async function checkIdentityProviders(services: Services, pool: UserPool, settings: ClientSettings): Promise<void> {
  const names = (settings.SupportedIdentityProviders ?? []).filter((name) => name !== 'COGNITO');
  if (names.length === 0) return;
  const known = await identityProviderNamesOfPool(services, pool.Id);
  const unknown = names.find((name) => !known.has(name));
  if (unknown !== undefined) throw err.invalidParameter(`The provider ${unknown} does not exist for User Pool ${pool.Id}`);
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An absolute URI without fragment; HTTPS unless it is a loopback address; custom schemes (myapp://) allowed. */
function checkRedirectUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw err.invalidParameter(`${url} is not a valid URL.`);
  }
  if (url.includes('#')) throw err.invalidParameter(`${url} must not contain a fragment.`);
  const dangerous = dangerousScheme(url);
  if (dangerous) throw err.invalidParameter(`${url} cannot be a redirect URL: the ${dangerous} scheme is not allowed.`);
  if (parsed.protocol === 'http:' && !LOOPBACK_HOSTS.has(parsed.hostname))
    throw err.invalidParameter(`${url} cannot use the HTTP protocol.`);
}

function checkUrls(settings: ClientSettings): void {
  for (const url of settings.CallbackURLs ?? []) checkRedirectUrl(url);
  for (const url of settings.LogoutURLs ?? []) checkRedirectUrl(url);
  if (settings.DefaultRedirectURI !== undefined) {
    checkRedirectUrl(settings.DefaultRedirectURI);
    if (!(settings.CallbackURLs ?? []).includes(settings.DefaultRedirectURI))
      throw err.invalidParameter('DefaultRedirectURI must be one of the CallbackURLs.');
  }
}

const invalidOAuthFlow = (message: string) => new CognitoError('InvalidOAuthFlowException', message);

function checkOAuth(settings: ClientSettings, hasSecret: boolean): void {
  const flows = settings.AllowedOAuthFlows ?? [];
  const scopes = settings.AllowedOAuthScopes ?? [];
  if (settings.AllowedOAuthFlowsUserPoolClient && (flows.length === 0 || scopes.length === 0))
    throw err.invalidParameter('AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.');
  if (flows.includes('client_credentials')) {
    if (flows.length > 1) throw invalidOAuthFlow('client_credentials flow can not be selected along with code flow or implicit flow.');
    if (!hasSecret) throw invalidOAuthFlow('client_credentials flow can not be selected if client does not have a client secret.');
    // A machine has no user to describe: only custom scopes make sense (message wording as observed; type unconfirmed).
    const standard = scopes.find((s) => STANDARD_OAUTH_SCOPES.has(s));
    if (standard !== undefined) throw invalidOAuthFlow(`${standard} is not supported with client_credentials flow`);
  }
  if ((flows.includes('code') || flows.includes('implicit')) && (settings.CallbackURLs ?? []).length === 0)
    throw invalidOAuthFlow('CallbackUrls can not be empty when code flow or implicit flow is selected');
}

async function checkScopes(services: Services, pool: UserPool, settings: ClientSettings): Promise<void> {
  const scopes = settings.AllowedOAuthScopes ?? [];
  if (scopes.length === 0) return;
  const custom = await customScopesOfPool(services, pool.Id);
  const unknown = scopes.find((s) => !STANDARD_OAUTH_SCOPES.has(s) && !custom.has(s));
  if (unknown !== undefined) throw new CognitoError('ScopeDoesNotExistException', `Invalid scope requested: ${unknown}`);
}

/**
 * The whole configuration of a client from one Create or Update request: every member the request
 * omits takes Cognito's default, so an update replaces the configuration rather than patching it.
 */
export async function buildClientSettings(
  services: Services,
  pool: UserPool,
  input: ClientSettingsInput,
  hasSecret: boolean,
  verb: 'creating' | 'updating',
): Promise<ClientSettings> {
  const settings: ClientSettings = dropUndefined({
    RefreshTokenValidity: input.RefreshTokenValidity || 30,
    AccessTokenValidity: input.AccessTokenValidity,
    IdTokenValidity: input.IdTokenValidity,
    TokenValidityUnits: input.TokenValidityUnits && dropUndefined({ ...input.TokenValidityUnits }),
    ReadAttributes: input.ReadAttributes,
    WriteAttributes: input.WriteAttributes,
    ExplicitAuthFlows: input.ExplicitAuthFlows ?? [...DEFAULT_EXPLICIT_AUTH_FLOWS],
    SupportedIdentityProviders: input.SupportedIdentityProviders,
    CallbackURLs: input.CallbackURLs,
    LogoutURLs: input.LogoutURLs,
    DefaultRedirectURI: input.DefaultRedirectURI,
    AllowedOAuthFlows: input.AllowedOAuthFlows,
    AllowedOAuthScopes: input.AllowedOAuthScopes,
    AllowedOAuthFlowsUserPoolClient: input.AllowedOAuthFlowsUserPoolClient ?? false,
    AnalyticsConfiguration: input.AnalyticsConfiguration && dropUndefined({ ...input.AnalyticsConfiguration }),
    PreventUserExistenceErrors: input.PreventUserExistenceErrors ?? 'LEGACY',
    EnableTokenRevocation: input.EnableTokenRevocation ?? true,
    EnablePropagateAdditionalUserContextData: input.EnablePropagateAdditionalUserContextData ?? false,
    AuthSessionValidity: input.AuthSessionValidity ?? 3,
    RefreshTokenRotation: input.RefreshTokenRotation && dropUndefined({ ...input.RefreshTokenRotation }),
  });
  checkTokenValidity(settings);
  checkAttributes(pool, settings, verb);
  await checkIdentityProviders(services, pool, settings);
  checkUrls(settings);
  checkOAuth(settings, hasSecret);
  if (settings.EnablePropagateAdditionalUserContextData && !hasSecret)
    // Documented rule; the message is Cognate's.
    throw err.invalidParameter('EnablePropagateAdditionalUserContextData can only be enabled for an app client with a client secret.');
  await checkScopes(services, pool, settings);
  return settings;
}

function dropUndefined<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as (keyof T)[]) if (obj[key] === undefined) delete obj[key];
  return obj;
}
