import type { IdentityProviderDescription, IdentityProviderSummary, ProviderType } from './types.js';
import type { SealedSecret } from '../../crypto/seal.js';
import { isUniqueViolation } from '../../store/database.js';
import * as repo from '../../store/identity-providers.js';
import * as clientRepo from '../../store/clients.js';
import { invalidateClient } from '../client/invalidate.js';
import { CognitoError, err } from '../errors.js';
import { samlKeyPair } from '../keys/saml-certificates.js';
import { schemaAttribute } from '../pool/schema.js';
import type { UserPool } from '../pool/pools.js';
import { getPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import { metadataAtConfiguration } from './saml/metadata.js';

/**
 * Third-party identity providers of a pool (CreateIdentityProvider and friends): stored, validated
 * and described as Cognito does. Signing in through them is federation/.
 *
 * Cognito fetches an OIDC issuer's discovery document to fill in its endpoints, and reads SAML
 * metadata to fill in its binding URIs and encryption certificate. Cognate does the SAML part too (a
 * metadata URL it cannot reach yet is read at sign-in instead), but stores an OIDC provider's details
 * as given and reads the discovery document at sign-in (federation/endpoints.ts).
 */

/** Cognito's quota: 300 identity providers per pool. */
export const MAX_PROVIDERS_PER_POOL = 300;

type Details = Record<string, string>;

const SOCIAL_TYPES: ReadonlySet<string> = new Set(['Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple']);
/** Names no SAML or OIDC provider may take: the pool's own directory and the social providers' fixed names. */
const RESERVED_NAMES: ReadonlySet<string> = new Set(['cognito', ...[...SOCIAL_TYPES].map((t) => t.toLowerCase())]);

/** ProviderDetails keys whose values are secrets: sealed at rest. */
const SECRET_KEYS = ['client_secret', 'private_key'] as const;
/** Secrets Describe never shows again (Cognito's Describe of Sign in with Apple leaves out the private key). */
const WRITE_ONLY_KEYS: ReadonlySet<string> = new Set(['private_key']);

/** The ProviderDetails keys each type needs, as Cognito's documentation lists them. */
const REQUIRED_DETAILS: Record<ProviderType, readonly string[]> = {
  OIDC: ['client_id', 'authorize_scopes', 'oidc_issuer', 'attributes_request_method'],
  SAML: [],
  Google: ['client_id', 'client_secret', 'authorize_scopes'],
  Facebook: ['client_id', 'client_secret', 'authorize_scopes'],
  LoginWithAmazon: ['client_id', 'client_secret', 'authorize_scopes'],
  SignInWithApple: ['client_id', 'team_id', 'key_id', 'private_key', 'authorize_scopes'],
};

/** Details of the provider's own endpoints, filled in for the social providers as Cognito's Describe shows them. */
function documentedDetails(type: ProviderType, details: Details): Details {
  switch (type) {
    case 'OIDC':
      return { attributes_url_add_attributes: 'false' };
    case 'Google':
      return {
        attributes_url: 'https://people.googleapis.com/v1/people/me?personFields=',
        attributes_url_add_attributes: 'true',
        authorize_url: 'https://accounts.google.com/o/oauth2/v2/auth',
        oidc_issuer: 'https://accounts.google.com',
        token_request_method: 'POST',
        token_url: 'https://www.googleapis.com/oauth2/v4/token',
      };
    case 'LoginWithAmazon':
      return {
        attributes_url: 'https://api.amazon.com/user/profile',
        attributes_url_add_attributes: 'false',
        authorize_url: 'https://www.amazon.com/ap/oa',
        token_request_method: 'POST',
        token_url: 'https://api.amazon.com/auth/o2/token',
      };
    case 'SignInWithApple':
      return {
        attributes_url_add_attributes: 'false',
        authorize_url: 'https://appleid.apple.com/auth/authorize',
        oidc_issuer: 'https://appleid.apple.com',
        token_request_method: 'POST',
        token_url: 'https://appleid.apple.com/auth/token',
      };
    case 'Facebook': {
      // The Graph API version is part of every Facebook URL; without one, the unversioned endpoints.
      const version = details.api_version ? `${details.api_version}/` : '';
      return {
        attributes_url: `https://graph.facebook.com/${version}me?fields=`,
        attributes_url_add_attributes: 'true',
        authorize_url: `https://www.facebook.com/${version}dialog/oauth`,
        token_request_method: 'GET',
        token_url: `https://graph.facebook.com/${version}oauth/access_token`,
      };
    }
    default:
      return {};
  }
}

/**
 * The attribute Cognito maps to the federated user's username when the request maps none, as its
 * Describe shows (`"username": "sub"` for OIDC providers). SAML users are named after the NameID.
 */
const USERNAME_SOURCE: Partial<Record<ProviderType, string>> = {
  OIDC: 'sub',
  Google: 'sub',
  SignInWithApple: 'sub',
  Facebook: 'id',
  LoginWithAmazon: 'user_id',
};

// Messages below follow Cognito's style; only the duplicate-name wording is known from Cognito.
const notFound = (name: string) => new CognitoError('ResourceNotFoundException', `Identity provider ${name} does not exist.`);
const duplicateName = (name: string) =>
  new CognitoError('DuplicateProviderException', `A provider with the name ${name} already exists in this user pool.`);
const duplicateIdentifier = (identifier?: string) =>
  new CognitoError(
    'DuplicateProviderException',
    identifier === undefined
      ? 'An IdP identifier of the request is already used by another provider in this user pool.'
      : `The IdP identifier ${identifier} is already used by another provider in this user pool.`,
  );
const builtIn = (verb: string) => new CognitoError('UnsupportedIdentityProviderException', `The COGNITO provider cannot be ${verb}.`);

const isBuiltIn = (name: string) => name.toUpperCase() === 'COGNITO';
const secretContext = (poolId: string, name: string) => `idp-secrets:${poolId}:${name}`;
const namesKey = (poolId: string) => `idp-names:${poolId}`;

export interface CreateIdentityProviderInput {
  UserPoolId: string;
  ProviderName: string;
  ProviderType: string;
  ProviderDetails: Details;
  AttributeMapping?: Details;
  IdpIdentifiers?: string[];
}

export interface UpdateIdentityProviderInput {
  UserPoolId: string;
  ProviderName: string;
  ProviderDetails?: Details;
  AttributeMapping?: Details;
  IdpIdentifiers?: string[];
}

function checkName(name: string, type: ProviderType): void {
  if (SOCIAL_TYPES.has(type)) {
    if (name !== type) throw err.invalidParameter(`The provider name of a ${type} identity provider must be ${type}.`);
  } else if (RESERVED_NAMES.has(name.toLowerCase())) {
    throw err.invalidParameter(`${name} is a reserved provider name.`);
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** HTTPS, or HTTP on a loopback address so that a local OIDC provider can be configured. */
function checkUrl(key: string, value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw err.invalidParameter(`${key} ${value} is not a valid URL.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)))
    throw err.invalidParameter(`${key} ${value} must use the HTTPS protocol.`);
}

const TRUE_FALSE = new Set(['true', 'false']);

function checkTypeSpecificDetails(type: ProviderType, details: Details): void {
  if (type === 'OIDC') {
    const method = details.attributes_request_method;
    if (method !== 'GET' && method !== 'POST') throw err.invalidParameter('attributes_request_method must be GET or POST.');
    for (const key of ['oidc_issuer', 'authorize_url', 'token_url', 'attributes_url', 'jwks_uri'])
      if (details[key] !== undefined) checkUrl(key, details[key]);
  }
  if (type === 'SAML') {
    const hasUrl = !!details.MetadataURL;
    const hasFile = !!details.MetadataFile;
    if (hasUrl === hasFile) throw err.invalidParameter('Exactly one of MetadataURL and MetadataFile is required for a SAML identity provider.');
    if (hasUrl) checkUrl('MetadataURL', details.MetadataURL!);
    for (const key of ['IDPInit', 'IDPSignout', 'EncryptedResponses'])
      if (details[key] !== undefined && !TRUE_FALSE.has(details[key])) throw err.invalidParameter(`${key} must be true or false.`);
    if (details.RequestSigningAlgorithm !== undefined && details.RequestSigningAlgorithm !== 'rsa-sha256')
      throw err.invalidParameter('RequestSigningAlgorithm must be rsa-sha256.');
  }
}

/**
 * SAML details Cognito fills in from the metadata and the pool's key, never the caller's to set: an
 * update sending back what Describe showed gets them recomputed.
 */
const SAML_DERIVED_KEYS = ['SSORedirectBindingURI', 'SLORedirectBindingURI', 'ActiveEncryptionCertificate'] as const;

/** The details as stored: checked against the type's documented keys, with Cognito's filled-in values. */
async function buildDetails(services: Services, type: ProviderType, given: Details): Promise<Details> {
  const missing = REQUIRED_DETAILS[type].filter((key) => !given[key]);
  if (missing.length > 0) throw err.invalidParameter(`Missing required provider details for ${type}: ${missing.join(', ')}.`);
  checkTypeSpecificDetails(type, given);
  const details = { ...documentedDetails(type, given), ...given };
  if (type === 'SAML') {
    for (const key of SAML_DERIVED_KEYS) delete details[key];
    let metadata: Awaited<ReturnType<typeof metadataAtConfiguration>>;
    try {
      metadata = await metadataAtConfiguration(services, details);
    } catch (error) {
      throw err.invalidParameter(`Could not read the SAML metadata: ${(error as Error).message}.`);
    }
    if (metadata?.ssoRedirectUrl) details.SSORedirectBindingURI = metadata.ssoRedirectUrl;
    if (metadata?.sloRedirectUrl) details.SLORedirectBindingURI = metadata.sloRedirectUrl;
  }
  return details;
}

function buildAttributeMapping(pool: UserPool, type: ProviderType, given: Details | undefined): Details {
  const mapping: Details = { ...(given ?? {}) };
  for (const key of Object.keys(mapping)) {
    if (key !== 'username' && !schemaAttribute(pool, key))
      throw err.invalidParameter(`Attribute mapping key ${key} is not an attribute of user pool ${pool.Id}.`);
  }
  const usernameSource = USERNAME_SOURCE[type];
  if (usernameSource !== undefined && mapping.username === undefined) mapping.username = usernameSource;
  return mapping;
}

function checkIdentifiers(identifiers: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const id of identifiers) {
    if (seen.has(id)) throw err.invalidParameter(`Duplicate IdP identifier ${id}.`);
    seen.add(id);
  }
  return [...identifiers];
}

/** Splits the secret values off the details, sealing them under the provider's own context. */
function sealDetails(services: Services, poolId: string, name: string, details: Details): { plain: Details; sealed: SealedSecret | null } {
  const plain: Details = { ...details };
  const secrets: Details = {};
  for (const key of SECRET_KEYS) {
    if (plain[key] !== undefined) {
      secrets[key] = plain[key];
      delete plain[key];
    }
  }
  const sealed = Object.keys(secrets).length > 0 ? services.sealer.seal(JSON.stringify(secrets), secretContext(poolId, name)) : null;
  return { plain, sealed };
}

function openSecrets(services: Services, row: repo.ProviderRecord): Details {
  if (!row.sealed_secrets) return {};
  return JSON.parse(services.sealer.openString(row.sealed_secrets as SealedSecret, secretContext(row.pool_id, row.name))) as Details;
}

/** The details of a stored provider, secrets included (for the provider's own use, not the wire). */
function storedDetails(services: Services, row: repo.ProviderRecord): Details {
  return { ...row.details, ...openSecrets(services, row) };
}

function toWire(services: Services, row: repo.ProviderRecord): IdentityProviderDescription {
  const details = storedDetails(services, row);
  for (const key of WRITE_ONLY_KEYS) delete details[key];
  return {
    UserPoolId: row.pool_id,
    ProviderName: row.name,
    ProviderType: row.type as ProviderType,
    ProviderDetails: sortedKeys(details),
    AttributeMapping: { ...row.attribute_mapping },
    IdpIdentifiers: [...row.idp_identifiers],
    LastModifiedDate: new Date(Number(row.updated_at)),
    CreationDate: new Date(Number(row.created_at)),
  };
}

/** The wire form, with the certificate a SAML IdP encrypts for when it does: the pool's current one, so never stored. */
async function describedProvider(services: Services, row: repo.ProviderRecord): Promise<IdentityProviderDescription> {
  const wire = toWire(services, row);
  if (row.type !== 'SAML' || wire.ProviderDetails?.EncryptedResponses !== 'true') return wire;
  const { certificate } = await samlKeyPair(services, row.pool_id, 'encryption');
  return { ...wire, ProviderDetails: sortedKeys({ ...wire.ProviderDetails, ActiveEncryptionCertificate: certificate }) };
}

const sortedKeys = (obj: Details): Details => Object.fromEntries(Object.entries(obj).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export async function createIdentityProvider(services: Services, input: CreateIdentityProviderInput): Promise<IdentityProviderDescription> {
  const pool = await getPool(services, input.UserPoolId);
  const type = input.ProviderType as ProviderType;
  checkName(input.ProviderName, type);
  const details = await buildDetails(services, type, input.ProviderDetails);
  const mapping = buildAttributeMapping(pool, type, input.AttributeMapping);
  const identifiers = checkIdentifiers(input.IdpIdentifiers ?? []);
  const { plain, sealed } = sealDetails(services, pool.Id, input.ProviderName, details);
  const now = services.clock.now();
  const row: repo.ProviderRecord = {
    pool_id: pool.Id,
    name: input.ProviderName,
    type,
    details: plain,
    sealed_secrets: sealed,
    attribute_mapping: mapping,
    idp_identifiers: identifiers,
    created_at: now,
    updated_at: now,
  };
  try {
    await services.store.transaction(async (trx) => {
      if (await repo.findProvider(trx, pool.Id, row.name)) throw duplicateName(row.name);
      if ((await repo.countProviders(trx, pool.Id)) >= MAX_PROVIDERS_PER_POOL)
        throw err.limitExceeded(`The user pool has reached its limit of ${MAX_PROVIDERS_PER_POOL} identity providers.`);
      const taken = await repo.identifiersHeldByOthers(trx, pool.Id, row.name, identifiers);
      if (taken.length > 0) throw duplicateIdentifier(taken[0]);
      await repo.insertProvider(trx, row);
      await repo.replaceIdentifiers(trx, pool.Id, row.name, identifiers);
    });
  } catch (error) {
    // A concurrent request took the name or one of the identifiers between the checks and the writes.
    if (isUniqueViolation(error)) {
      // This transaction rolled back, so a provider of that name now is the other request's.
      throw (await repo.findProvider(services.store.db, pool.Id, row.name)) ? duplicateName(row.name) : duplicateIdentifier();
    }
    throw error;
  }
  services.cache.invalidate(namesKey(pool.Id));
  return describedProvider(services, row);
}

async function findOrFail(services: Services, poolId: string, name: string): Promise<repo.ProviderRecord> {
  const row = await repo.findProvider(services.store.db, poolId, name);
  if (!row) throw notFound(name);
  return row;
}

export async function describeIdentityProvider(services: Services, poolId: string, name: string): Promise<IdentityProviderDescription> {
  const pool = await getPool(services, poolId);
  return describedProvider(services, await findOrFail(services, pool.Id, name));
}

export async function identityProviderByIdentifier(services: Services, poolId: string, identifier: string): Promise<IdentityProviderDescription> {
  const pool = await getPool(services, poolId);
  const row = await repo.findProviderByIdentifier(services.store.db, pool.Id, identifier);
  if (!row) throw new CognitoError('ResourceNotFoundException', `Identity provider with identifier ${identifier} does not exist.`);
  return describedProvider(services, row);
}

/**
 * A provider to sign in through, by name or by one of its IdP identifiers, with every secret (Sign in
 * with Apple's private key too): for federation's own use, never for the wire. Undefined when none.
 */
export async function identityProviderForSignIn(
  services: Services,
  poolId: string,
  by: { name: string } | { identifier: string },
): Promise<IdentityProviderDescription | undefined> {
  const db = services.store.db;
  const row = 'name' in by ? await repo.findProvider(db, poolId, by.name) : await repo.findProviderByIdentifier(db, poolId, by.identifier);
  if (!row) return undefined;
  return { ...toWire(services, row), ProviderDetails: storedDetails(services, row) };
}

/**
 * Changes what the request gives and keeps what it leaves out. New ProviderDetails replace the old
 * ones whole, except a Sign in with Apple private key: Describe never shows it, so a caller that
 * read the provider back cannot send it again, and an update without one keeps the stored key.
 */
export async function updateIdentityProvider(services: Services, input: UpdateIdentityProviderInput): Promise<IdentityProviderDescription> {
  const pool = await getPool(services, input.UserPoolId);
  const name = input.ProviderName;
  const existing = await repo.findProvider(services.store.db, pool.Id, name);
  if (!existing) throw isBuiltIn(name) ? builtIn('updated') : notFound(name);
  const type = existing.type as ProviderType;
  const row: repo.ProviderRecord = { ...existing, updated_at: services.clock.now() };
  if (input.ProviderDetails !== undefined) {
    const given = { ...input.ProviderDetails };
    if (given.private_key === undefined) {
      const kept = openSecrets(services, existing).private_key;
      if (kept !== undefined) given.private_key = kept;
    }
    const { plain, sealed } = sealDetails(services, pool.Id, name, await buildDetails(services, type, given));
    row.details = plain;
    row.sealed_secrets = sealed;
  }
  if (input.AttributeMapping !== undefined)
    row.attribute_mapping = buildAttributeMapping(pool, type, input.AttributeMapping);
  const identifiers = input.IdpIdentifiers !== undefined ? checkIdentifiers(input.IdpIdentifiers) : undefined;
  if (identifiers !== undefined) row.idp_identifiers = identifiers;
  try {
    await services.store.transaction(async (trx) => {
      if (!(await repo.findProvider(trx, pool.Id, name))) throw notFound(name);
      if (identifiers !== undefined) {
        const taken = await repo.identifiersHeldByOthers(trx, pool.Id, name, identifiers);
        if (taken.length > 0) throw duplicateIdentifier(taken[0]);
        await repo.replaceIdentifiers(trx, pool.Id, name, identifiers);
      }
      await repo.updateProvider(trx, row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateIdentifier();
    throw error;
  }
  return describedProvider(services, row);
}

/**
 * Deletes the provider and takes its name out of every app client that offered it, in one
 * transaction, so that no client is left naming a provider the pool no longer has (which would make
 * the client's next unchanged update fail). Cognito's own behaviour here is unconfirmed.
 */
export async function deleteIdentityProvider(services: Services, poolId: string, name: string): Promise<void> {
  const pool = await getPool(services, poolId);
  const changedClients = await services.store.transaction(async (trx) => {
    if (!(await repo.deleteProvider(trx, pool.Id, name))) throw isBuiltIn(name) ? builtIn('deleted') : notFound(name);
    return clientRepo.removeProviderFromClients(trx, pool.Id, name);
  });
  services.cache.invalidate(namesKey(pool.Id));
  for (const clientId of changedClients) invalidateClient(services, clientId);
}

/** Page tokens carry the last name seen; encoded, since a name may hold characters a token may not. */
const encodeToken = (name: string) => Buffer.from(name, 'utf8').toString('base64url');
const decodeToken = (token: string) => Buffer.from(token, 'base64url').toString('utf8');

export async function listIdentityProviders(
  services: Services,
  poolId: string,
  maxResults: number | undefined,
  nextToken: string | undefined,
): Promise<{ Providers: IdentityProviderSummary[]; NextToken?: string }> {
  const pool = await getPool(services, poolId);
  // The model allows 0..60; 0 (or nothing) means the default page of 50.
  const limit = maxResults ? maxResults : 50;
  // One row more than asked tells whether another page follows without a second query.
  const rows = await repo.listProviders(services.store.db, pool.Id, limit + 1, nextToken === undefined ? undefined : decodeToken(nextToken));
  const page = rows.slice(0, limit);
  return {
    Providers: page.map((r) => ({
      ProviderName: r.name,
      ProviderType: r.type as ProviderType,
      LastModifiedDate: new Date(Number(r.updated_at)),
      CreationDate: new Date(Number(r.created_at)),
    })),
    ...(rows.length > limit ? { NextToken: encodeToken(page[page.length - 1]!.name) } : {}),
  };
}

/** The names of the pool's providers, cached until one is created or deleted. */
export async function identityProviderNamesOfPool(services: Services, poolId: string): Promise<ReadonlySet<string>> {
  const names = await services.cache.get(namesKey(poolId), async () => new Set(await repo.providerNames(services.store.db, poolId)) as ReadonlySet<string>);
  return names!;
}
