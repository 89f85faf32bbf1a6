import { CognitoError } from '../errors.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import { invokeTrigger, triggerArn } from './invoke.js';

/**
 * The PreTokenGeneration trigger: which event version a pool asks for (V1 customizes the ID token,
 * V2 and V3 both tokens and the access token's scopes, V3 also client-credentials tokens), the event
 * sent before tokens are minted, and the function's answer read into edits the token issuer applies.
 * Claims Cognito never lets a function change are left as they are, as Cognito does.
 */

/** Where tokens are being issued, in Cognito's words (the event's `triggerSource`). */
export type TokenGenerationSource =
  | 'TokenGeneration_HostedAuth'
  | 'TokenGeneration_Authentication'
  | 'TokenGeneration_NewPasswordChallenge'
  | 'TokenGeneration_AuthenticateDevice'
  | 'TokenGeneration_RefreshTokens'
  | 'TokenGeneration_ClientCredentials';

/** What an issuing channel tells the token issuer about itself, for the trigger's event. */
export interface TokenTrigger {
  source: Exclude<TokenGenerationSource, 'TokenGeneration_ClientCredentials'>;
  clientMetadata?: Record<string, string>;
}

export type PreTokenVersion = '1' | '2' | '3';

/** The event version the pool's function expects, or undefined when the pool has no such trigger. */
export function preTokenVersion(pool: UserPool): PreTokenVersion | undefined {
  if (!triggerArn(pool, 'PreTokenGeneration')) return undefined;
  const configured = pool.LambdaConfig?.PreTokenGenerationConfig?.LambdaVersion;
  if (configured === 'V3_0') return '3';
  if (configured === 'V2_0') return '2';
  return '1';
}

/** The user's groups as the tokens would carry them (`cognito:groups`, `cognito:roles`, `cognito:preferred_role`). */
export interface GroupConfiguration {
  groupsToOverride: string[];
  iamRolesToOverride: string[];
  preferredRole: string | null;
}

export interface ClaimEdits {
  add: Record<string, unknown>;
  suppress: string[];
}

/** The function's answer, read: claim edits per token, scope edits, and the groups that replace the user's. */
export interface TokenCustomization {
  id: ClaimEdits;
  access: ClaimEdits;
  scopesToAdd: string[];
  scopesToSuppress: string[];
  /** Replaces the groups in both tokens; absent leaves them; a null or empty answer removes them. */
  groups?: GroupConfiguration;
}

export interface PreTokenCall {
  pool: UserPool;
  clientId: string;
  userName: string;
  source: TokenGenerationSource;
  userAttributes: Record<string, string>;
  groups: GroupConfiguration;
  /** The access token's scopes (V2/V3 only). */
  scopes: string[];
  clientMetadata?: Record<string, string>;
}

/**
 * Runs the pool's PreTokenGeneration function, if any, and reads its answer. V1 and V2 functions are
 * not called for client credentials (there is no user; only V3 customizes machine tokens).
 */
export async function runPreTokenGeneration(services: Services, call: PreTokenCall): Promise<TokenCustomization | undefined> {
  const version = preTokenVersion(call.pool);
  if (!version) return undefined;
  if (call.source === 'TokenGeneration_ClientCredentials' && version !== '3') return undefined;
  const request: Record<string, unknown> = {
    userAttributes: call.userAttributes,
    groupConfiguration: call.groups,
    ...(version === '1' ? {} : { scopes: call.scopes }),
    ...(call.clientMetadata ? { clientMetadata: call.clientMetadata } : {}),
  };
  const responseKey = version === '1' ? 'claimsOverrideDetails' : 'claimsAndScopeOverrideDetails';
  const response = await invokeTrigger(services, {
    pool: call.pool,
    kind: 'PreTokenGeneration',
    version,
    triggerSource: call.source,
    userName: call.userName,
    clientId: call.clientId,
    request,
    response: { [responseKey]: null },
  });
  if (!response) return undefined;
  return version === '1' ? readV1(response.claimsOverrideDetails) : readV2(response.claimsAndScopeOverrideDetails);
}

/**
 * Claims a function cannot add, change or suppress (Cognito's list). The group claims change only
 * through `groupOverrideDetails` and `scope` only through `scopesToAdd`/`scopesToSuppress`.
 */
const PROTECTED_CLAIMS = new Set([
  'acr', 'amr', 'aud', 'at_hash', 'auth_time', 'azp', 'cognito:username', 'exp', 'iat', 'identities', 'iss', 'jti', 'nbf', 'nonce', 'origin_jti', 'sub', 'token_use',
  'cognito:groups', 'cognito:roles', 'cognito:preferred_role', 'scope',
]);

/**
 * Applies a function's claim edits to a token's claims: protected claims are left alone, and a claim
 * both added and suppressed is suppressed (Cognito's rule).
 */
export function applyClaimEdits(claims: Record<string, unknown>, edits: ClaimEdits): Record<string, unknown> {
  const result = { ...claims };
  for (const [name, value] of Object.entries(edits.add)) if (!PROTECTED_CLAIMS.has(name)) result[name] = value;
  for (const name of edits.suppress) if (!PROTECTED_CLAIMS.has(name)) delete result[name];
  return result;
}

/** The access token's scopes after the function's edits: added, then suppressed; order kept, no repeats. */
export function applyScopeEdits(scopes: string[], customization: TokenCustomization): string[] {
  const suppressed = new Set(customization.scopesToSuppress);
  return [...new Set([...scopes, ...customization.scopesToAdd])].filter((s) => !suppressed.has(s));
}

/** The group claims a token carries for a group configuration (none when it names no group). */
export function groupClaims(groups: GroupConfiguration): Record<string, unknown> {
  if (groups.groupsToOverride.length === 0 && groups.iamRolesToOverride.length === 0) return {};
  return {
    ...(groups.groupsToOverride.length > 0 ? { 'cognito:groups': groups.groupsToOverride } : {}),
    ...(groups.iamRolesToOverride.length > 0 ? { 'cognito:roles': groups.iamRolesToOverride } : {}),
    ...(groups.preferredRole ? { 'cognito:preferred_role': groups.preferredRole } : {}),
  };
}

const NO_EDITS: ClaimEdits = { add: {}, suppress: [] };
const invalidResponse = () => new CognitoError('InvalidLambdaResponseException', 'Unrecognizable lambda output');
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function readV1(details: unknown): TokenCustomization {
  if (details === undefined || details === null) return { id: NO_EDITS, access: NO_EDITS, scopesToAdd: [], scopesToSuppress: [] };
  if (!isObject(details)) throw invalidResponse();
  const id = readClaimEdits(details, true);
  return { id, access: NO_EDITS, scopesToAdd: [], scopesToSuppress: [], ...readGroups(details) };
}

function readV2(details: unknown): TokenCustomization {
  if (details === undefined || details === null) return { id: NO_EDITS, access: NO_EDITS, scopesToAdd: [], scopesToSuppress: [] };
  if (!isObject(details)) throw invalidResponse();
  const idPart = optionalObject(details.idTokenGeneration);
  const accessPart = optionalObject(details.accessTokenGeneration);
  return {
    id: idPart ? readClaimEdits(idPart, false) : NO_EDITS,
    access: accessPart ? readClaimEdits(accessPart, false) : NO_EDITS,
    scopesToAdd: accessPart ? stringList(accessPart.scopesToAdd) : [],
    scopesToSuppress: accessPart ? stringList(accessPart.scopesToSuppress) : [],
    ...readGroups(details),
  };
}

function optionalObject(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalidResponse();
  return value;
}

/** V1 claim values are strings; V2 and V3 also take numbers, booleans, arrays and objects. */
function readClaimEdits(part: Record<string, unknown>, stringsOnly: boolean): ClaimEdits {
  const add = optionalObject(part.claimsToAddOrOverride) ?? {};
  for (const value of Object.values(add)) {
    if (value === null || value === undefined) throw invalidResponse();
    if (stringsOnly && typeof value !== 'string') throw invalidResponse();
  }
  return { add, suppress: stringList(part.claimsToSuppress) };
}

function stringList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw invalidResponse();
  return value as string[];
}

/** `groupOverrideDetails` replaces the groups when present; null or an empty object removes them. */
function readGroups(details: Record<string, unknown>): { groups?: GroupConfiguration } {
  if (!('groupOverrideDetails' in details)) return {};
  const override = optionalObject(details.groupOverrideDetails) ?? {};
  const preferred = override.preferredRole;
  if (preferred !== undefined && preferred !== null && typeof preferred !== 'string') throw invalidResponse();
  return {
    groups: {
      groupsToOverride: stringList(override.groupsToOverride),
      iamRolesToOverride: stringList(override.iamRolesToOverride),
      preferredRole: preferred ?? null,
    },
  };
}
