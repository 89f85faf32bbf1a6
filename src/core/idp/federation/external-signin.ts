import type { UserPoolClient } from '../../client/clients.js';
import { CognitoError, err } from '../../errors.js';
import type { UserPool } from '../../pool/pools.js';
import { schemaAttribute } from '../../pool/schema.js';
import type { Services } from '../../services.js';
import { finish } from '../../signin/engine.js';
import type { SignInContext } from '../../signin/user.js';
import { preSignUp } from '../../trigger/sign-up.js';
import { checkRequiredAttributes, validateAttributeWrites } from '../../user/attributes.js';
import { addUserToGroup, createGroup } from '../../user/groups.js';
import type { User } from '../../user/users.js';
import { userFromRows, usernameKeyOf } from '../../user/users.js';
import { isUniqueViolation } from '../../../store/database.js';
import * as repo from '../../../store/users.js';
import { findLinkedUser, findLinkedUserByAttributes } from '../links.js';
import type { ExternalAssertion } from './contract.js';

/**
 * The user an external provider proved: the native user an administrator linked that identity to,
 * or the pool's own record of it, `<ProviderName>_<subject>` in status EXTERNAL_PROVIDER, created on
 * the first sign-in and refreshed from the provider's attributes (AttributeMapping) on every one, as
 * Cognito does. The sign-in then ends through the engine's `finish` (PostAuthentication, the failure
 * count cleared): an external provider is a first factor proven elsewhere, and Cognito asks
 * federated users for no MFA.
 */
export async function signInExternalUser(
  services: Services,
  pool: UserPool,
  client: UserPoolClient,
  assertion: ExternalAssertion,
): Promise<{ user: User; authTime: number }> {
  const providerName = assertion.provider.ProviderName!;
  const linked =
    (await findLinkedUser(services, pool, providerName, assertion.subject)) ??
    (await findLinkedUserByAttributes(services, pool, providerName, assertion.attributes));
  const user = linked ?? (await federatedUser(services, pool, client, assertion));
  if (!user.enabled) throw err.userDisabled();
  const authTime = Math.floor(services.clock.now() / 1000);
  const ctx: SignInContext = { services, pool, client, channel: 'hosted', admin: false };
  const step = await finish(ctx, user, authTime, false);
  if (step.kind !== 'signed-in') throw new Error('A federated sign-in cannot be asked a challenge');
  return { user: step.user, authTime };
}

/** The provider's attributes under the pool's names, by AttributeMapping; what the pool's schema refuses is the sign-in's error. */
function mappedAttributes(pool: UserPool, assertion: ExternalAssertion): Map<string, string> {
  const written: { Name: string; Value: string }[] = [];
  for (const [poolName, providerName] of Object.entries(assertion.provider.AttributeMapping ?? {})) {
    if (poolName === 'username') continue;
    const value = assertion.attributes[providerName];
    if (value !== undefined && value !== '') written.push({ Name: poolName, Value: value });
  }
  return validateAttributeWrites(pool, written, { mode: 'create', admin: true });
}

/** Cognito's `identities` attribute: a JSON array with `primary` and `dateCreated` as strings. */
export function identitiesValue(assertion: ExternalAssertion, now: number): string {
  return JSON.stringify([
    {
      userId: assertion.subject,
      providerName: assertion.provider.ProviderName,
      providerType: assertion.provider.ProviderType,
      issuer: null,
      primary: 'true',
      dateCreated: String(now),
    },
  ]);
}

export const federatedUsername = (assertion: ExternalAssertion): string => `${assertion.provider.ProviderName}_${assertion.subject}`;

async function federatedUser(services: Services, pool: UserPool, client: UserPoolClient, assertion: ExternalAssertion): Promise<User> {
  const username = federatedUsername(assertion);
  const usernameKey = usernameKeyOf(pool, username);
  const attributes = mappedAttributes(pool, assertion);
  const existing = await readUser(services, pool.Id, usernameKey);
  if (existing) return refreshAttributes(services, pool, existing, attributes);

  const decision = await preSignUp(services, {
    pool,
    source: 'PreSignUp_ExternalProvider',
    userName: username,
    clientId: client.ClientId,
    userAttributes: Object.fromEntries(attributes),
  });
  if (decision.autoVerifyEmail && attributes.has('email')) attributes.set('email_verified', 'true');
  if (decision.autoVerifyPhone && attributes.has('phone_number')) attributes.set('phone_number_verified', 'true');
  const sub = services.random.uuid();
  attributes.set('sub', sub);
  checkRequiredAttributes(pool, attributes);
  const now = services.clock.now();
  attributes.set('identities', identitiesValue(assertion, now));
  const user: User = {
    poolId: pool.Id,
    username,
    usernameKey,
    sub,
    status: 'EXTERNAL_PROVIDER',
    enabled: true,
    attributes: Object.fromEntries(attributes),
    sealedPassword: null,
    passwordUpdatedAt: null,
    settings: {},
    createdAt: now,
    updatedAt: now,
  };
  try {
    // No alias rows: a federated user signs in only through its provider, and its e-mail address
    // may be a native user's too.
    await services.store.transaction(async (trx) => {
      await repo.insertUser(trx, {
        pool_id: pool.Id,
        username,
        username_key: usernameKey,
        sub,
        status: user.status,
        enabled: 1,
        sealed_password: null,
        password_updated_at: null,
        settings: {},
        created_at: now,
        updated_at: now,
      });
      await repo.insertAttributes(trx, Object.entries(user.attributes).map(([name, value]) => ({ pool_id: pool.Id, username_key: usernameKey, name, value })));
    });
  } catch (error) {
    // The same person signing in twice at once: the other request created the user.
    if (!isUniqueViolation(error)) throw error;
    const created = await readUser(services, pool.Id, usernameKey);
    if (!created) throw error;
    return created;
  }
  await joinProviderGroup(services, pool, user, assertion.provider.ProviderName!);
  return user;
}

async function readUser(services: Services, poolId: string, usernameKey: string): Promise<User | undefined> {
  const row = await repo.findUserByKey(services.store.db, poolId, usernameKey);
  return row ? userFromRows(row, await repo.listAttributes(services.store.db, poolId, usernameKey)) : undefined;
}

/**
 * Cognito writes the mapped attributes again at every sign-in. An immutable one the provider sends
 * makes that write, and so the sign-in, fail, even with the value unchanged (as reported against
 * Cognito: a second sign-in fails with `user.email: Attribute cannot be updated.`); only the first
 * sign-in, which creates the user, may set it.
 */
async function refreshAttributes(services: Services, pool: UserPool, user: User, attributes: Map<string, string>): Promise<User> {
  const immutable = [...attributes.keys()].filter((name) => schemaAttribute(pool, name)?.Mutable === false);
  if (immutable.length > 0) throw err.invalidParameter(immutable.map((name) => `user.${name}: Attribute cannot be updated.`).join('\n'));
  const changed = [...attributes].filter(([name, value]) => user.attributes[name] !== value);
  if (changed.length === 0) return user;
  const now = services.clock.now();
  await services.store.transaction(async (trx) => {
    for (const [name, value] of changed) await repo.setAttribute(trx, pool.Id, user.usernameKey, name, value);
    await repo.updateUser(trx, pool.Id, user.usernameKey, { updated_at: now });
  });
  return { ...user, attributes: { ...user.attributes, ...Object.fromEntries(changed) }, updatedAt: now };
}

/** Cognito puts every user of a provider in the group `<poolId>_<ProviderName>`, made on first use. */
async function joinProviderGroup(services: Services, pool: UserPool, user: User, providerName: string): Promise<void> {
  const groupName = `${pool.Id}_${providerName}`;
  try {
    await createGroup(services, { UserPoolId: pool.Id, GroupName: groupName });
  } catch (error) {
    if (!(error instanceof CognitoError && error.type === 'GroupExistsException')) throw error;
  }
  await addUserToGroup(services, pool.Id, user.username, groupName);
}
