import type { Executor } from '../../store/database.js';
import { isUniqueViolation } from '../../store/database.js';
import * as linkRepo from '../../store/federation-links.js';
import * as providerRepo from '../../store/identity-providers.js';
import * as userRepo from '../../store/users.js';
import { CognitoError, err } from '../errors.js';
import type { UserPool } from '../pool/pools.js';
import { getPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import type { User } from '../user/users.js';
import { findUser, getUser, usernameKeyOf } from '../user/users.js';

/**
 * Account linking (AdminLinkProviderForUser, AdminDisableProviderForUser): a provider identity that
 * has not signed in yet is tied to a native user, so that its later sign-in lands in that user
 * (federation's signInExternalUser asks findLinkedUser first). The native user's `identities`
 * attribute lists its links, as Cognito's does.
 */

/** The provider attribute that names the provider's own subject (`sub`, Facebook `id`, Amazon `user_id`, SAML NameID). */
export const SUBJECT_ATTRIBUTE = 'Cognito_Subject';
/** Cognito's quota: five federated identities linked to one user. */
export const MAX_LINKS_PER_USER = 5;
const SOCIAL_TYPES: ReadonlySet<string> = new Set(['Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple']);

export interface ProviderUserIdentifier {
  ProviderName?: string;
  ProviderAttributeName?: string;
  ProviderAttributeValue?: string;
}

/** The native user this provider subject was linked to, or undefined (never linked, or unlinked since). */
export async function findLinkedUser(services: Services, pool: UserPool, providerName: string, subject: string): Promise<User | undefined> {
  const db = services.store.db;
  const link = await linkRepo.findLink(db, pool.Id, providerName, SUBJECT_ATTRIBUTE, subject);
  if (!link) return undefined;
  const row = await userRepo.findUserByKey(db, pool.Id, link.username_key);
  if (!row) return undefined;
  return (await findUser(services, pool, row.username)) ?? undefined;
}

/**
 * The native user an OIDC or SAML identity was linked to by a mapped attribute rather than its subject
 * (a user pool attribute its AttributeMapping fills), for federation to ask after findLinkedUser; the
 * provider's attributes come by the provider's own names, as in ExternalAssertion.
 */
export async function findLinkedUserByAttributes(
  services: Services,
  pool: UserPool,
  providerName: string,
  providerAttributes: Record<string, string>,
): Promise<User | undefined> {
  const db = services.store.db;
  const links = await linkRepo.listAttributeLinksOfProvider(db, pool.Id, providerName);
  if (links.length === 0) return undefined;
  const mapping = (await providerRepo.findProvider(db, pool.Id, providerName))?.attribute_mapping ?? {};
  for (const link of links) {
    // The link names the user pool attribute; the provider's value arrives under the name it is mapped from.
    const providerAttribute = mapping[link.attribute_name];
    if (providerAttribute === undefined || providerAttributes[providerAttribute] !== link.attribute_value) continue;
    const row = await userRepo.findUserByKey(db, pool.Id, link.username_key);
    if (row) return findUser(services, pool, row.username);
  }
  return undefined;
}

// Cognito's wording for this case could not be confirmed; the exception type is the model's.
const alreadyLinked = () => new CognitoError('AliasExistsException', 'Your account has already been linked to the destination user.');

function federatedUsername(providerName: string, subject: string): string {
  return `${providerName}_${subject}`;
}

function required(value: string | undefined, member: string): string {
  if (value === undefined || value === '') throw err.invalidParameter(`${member} cannot be empty.`);
  return value;
}

export async function adminLinkProviderForUser(
  services: Services,
  poolId: string,
  destination: ProviderUserIdentifier,
  source: ProviderUserIdentifier,
): Promise<void> {
  const pool = await getPool(services, poolId);
  if (destination.ProviderName !== 'Cognito') throw err.invalidParameter('DestinationUser ProviderName must be Cognito.');
  const destinationName = required(destination.ProviderAttributeValue, 'DestinationUser ProviderAttributeValue');
  const providerName = required(source.ProviderName, 'SourceUser ProviderName');
  const attributeName = required(source.ProviderAttributeName, 'SourceUser ProviderAttributeName');
  const attributeValue = required(source.ProviderAttributeValue, 'SourceUser ProviderAttributeValue');
  if (providerName === 'Cognito') throw err.invalidParameter('SourceUser must be an external provider user, not a Cognito user.');

  const provider = await providerRepo.findProvider(services.store.db, pool.Id, providerName);
  if (!provider) throw err.invalidParameter(`Provider ${providerName} does not exist for user pool ${pool.Id}.`);
  if (SOCIAL_TYPES.has(provider.type) && attributeName !== SUBJECT_ATTRIBUTE) {
    throw err.invalidParameter(`SourceUser ProviderAttributeName must be ${SUBJECT_ATTRIBUTE} for ${provider.type}.`);
  }
  if (attributeName !== SUBJECT_ATTRIBUTE && provider.attribute_mapping[attributeName] === undefined) {
    throw err.invalidParameter(`SourceUser ProviderAttributeName ${attributeName} is not mapped by provider ${providerName}.`);
  }

  await services.store.transaction(async (trx) => {
    const target = await getUser(services, pool, destinationName, trx);
    if (attributeName === SUBJECT_ATTRIBUTE && (await userRepo.findUserByKey(trx, pool.Id, usernameKeyOf(pool, federatedUsername(providerName, attributeValue))))) {
      throw err.invalidParameter('Merging is not currently supported, provide a SourceUser that has not been created yet');
    }
    if (await linkRepo.findLink(trx, pool.Id, providerName, attributeName, attributeValue)) throw alreadyLinked();
    const existing = await linkRepo.listLinksOfUser(trx, pool.Id, target.usernameKey);
    if (existing.length >= MAX_LINKS_PER_USER) throw err.limitExceeded(`A user may have at most ${MAX_LINKS_PER_USER} linked identities.`);
    const now = services.clock.now();
    try {
      await linkRepo.insertLink(trx, {
        pool_id: pool.Id,
        provider_name: providerName,
        attribute_name: attributeName,
        attribute_value: attributeValue,
        username_key: target.usernameKey,
        created_at: now,
      });
    } catch (error) {
      // The same source linked at the same moment by another request.
      if (isUniqueViolation(error)) throw alreadyLinked();
      throw error;
    }
    await writeIdentities(services, pool, target.usernameKey, trx, now);
  });
}

export async function adminDisableProviderForUser(services: Services, poolId: string, user: ProviderUserIdentifier): Promise<void> {
  const pool = await getPool(services, poolId);
  const providerName = required(user.ProviderName, 'User ProviderName');
  const attributeName = required(user.ProviderAttributeName, 'User ProviderAttributeName');
  const attributeValue = required(user.ProviderAttributeValue, 'User ProviderAttributeValue');

  await services.store.transaction(async (trx) => {
    const now = services.clock.now();
    if (providerName === 'Cognito') {
      if (attributeName !== SUBJECT_ATTRIBUTE) throw err.invalidParameter(`User ProviderAttributeName must be ${SUBJECT_ATTRIBUTE}.`);
      // A native user keeps its account but no longer signs in with its password: without a verifier no password matches.
      const native = await getUser(services, pool, attributeValue, trx);
      await userRepo.updateUser(trx, pool.Id, native.usernameKey, { sealed_password: null, password_updated_at: null, updated_at: now });
      return;
    }
    const provider = await providerRepo.findProvider(trx, pool.Id, providerName);
    if (!provider) throw err.invalidParameter(`Provider ${providerName} does not exist for user pool ${pool.Id}.`);

    const link = await linkRepo.findLink(trx, pool.Id, providerName, attributeName, attributeValue);
    if (link) {
      await linkRepo.deleteLink(trx, pool.Id, providerName, attributeName, attributeValue);
      await writeIdentities(services, pool, link.username_key, trx, now);
    }
    // The identity's own federated user, if it ever signed in unlinked, signs in no more either.
    const federated =
      attributeName === SUBJECT_ATTRIBUTE
        ? await userRepo.findUserByKey(trx, pool.Id, usernameKeyOf(pool, federatedUsername(providerName, attributeValue)))
        : undefined;
    if (federated) await userRepo.updateUser(trx, pool.Id, federated.username_key, { enabled: 0, updated_at: now });
    if (!link && !federated) throw err.userNotFound();
  });
}

/** The `identities` entry of one link, in Cognito's shape (`primary` and `dateCreated` are strings). */
function identityEntry(link: { provider_name: string; attribute_value: string; created_at: number }, providerType: string) {
  return {
    userId: link.attribute_value,
    providerName: link.provider_name,
    providerType,
    issuer: null,
    primary: 'false',
    dateCreated: String(link.created_at),
  };
}

/** Rewrites the native user's `identities` from its links: removed when none is left. */
async function writeIdentities(services: Services, pool: UserPool, usernameKey: string, trx: Executor, now: number): Promise<void> {
  const links = await linkRepo.listLinksOfUser(trx, pool.Id, usernameKey);
  const entries = [];
  for (const link of links) {
    const provider = await providerRepo.findProvider(trx, pool.Id, link.provider_name);
    entries.push(identityEntry({ ...link, created_at: Number(link.created_at) }, provider?.type ?? 'OIDC'));
  }
  if (entries.length === 0) await userRepo.deleteAttributes(trx, pool.Id, usernameKey, ['identities']);
  else await userRepo.setAttribute(trx, pool.Id, usernameKey, 'identities', JSON.stringify(entries));
  await userRepo.updateUser(trx, pool.Id, usernameKey, { updated_at: now });
}
