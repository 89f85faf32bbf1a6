import * as repo from '../../store/users.js';
import type { SignInContext } from './user.js';
import { requiredParameter } from './user.js';
import { validateAttributeWrites } from '../user/attributes.js';
import { err } from '../errors.js';
import { checkPasswordPolicy } from '../user/password-policy.js';
import { assertPasswordNotReused, rememberReplacedPassword } from '../user/password-history.js';
import { requiredAttributes } from '../pool/schema.js';
import type { UserPool } from '../pool/pools.js';
import { syncAliases } from '../user/aliases.js';
import { sealPassword } from '../user/password.js';
import type { User } from '../user/users.js';
import { findUser } from '../user/users.js';

/**
 * NEW_PASSWORD_REQUIRED, the step after a temporary password: what it asks for and the writes of its
 * answer. The new password must meet the policy; `userAttributes.<name>` responses fill the required
 * attributes the user lacks (and may set other attributes the client can write). Password,
 * attributes, aliases and the CONFIRMED status are written together.
 */

export const ATTRIBUTE_PREFIX = 'userAttributes.';

/** The attributes NEW_PASSWORD_REQUIRED asks for: the pool's required ones the user lacks. */
export function missingRequiredAttributes(pool: UserPool, user: User): string[] {
  return requiredAttributes(pool).filter((name) => name !== 'sub' && !user.attributes[name]);
}

/** The challenge's parameters, as the API shows them. */
export function newPasswordParameters(pool: UserPool, user: User): Record<string, string> {
  const { sub: _sub, ...visible } = user.attributes;
  return {
    USER_ID_FOR_SRP: user.username,
    requiredAttributes: JSON.stringify(missingRequiredAttributes(pool, user).map((name) => `${ATTRIBUTE_PREFIX}${name}`)),
    userAttributes: JSON.stringify(visible),
  };
}

/** The writes of a NEW_PASSWORD_REQUIRED answer; returns the user as now stored. */
export async function applyNewPassword(ctx: SignInContext, user: User, responses: Record<string, string>): Promise<User> {
  const { services, pool } = ctx;
  if (user.status !== 'FORCE_CHANGE_PASSWORD') throw err.sessionExpired();
  const password = requiredParameter(responses, 'NEW_PASSWORD');
  checkPasswordPolicy(pool, password);

  const given = Object.entries(responses)
    .filter(([key]) => key.startsWith(ATTRIBUTE_PREFIX))
    .map(([key, value]) => ({ Name: key.slice(ATTRIBUTE_PREFIX.length), Value: value }));
  const writes = attributeWrites(ctx, user, given);
  const next = new Map(Object.entries(user.attributes));
  for (const [name, value] of writes) {
    if (value === '') next.delete(name);
    else next.set(name, value);
  }
  const missing = requiredAttributes(pool).filter((name) => name !== 'sub' && !next.get(name));
  if (missing.length > 0) throw err.invalidParameter(`Invalid attributes given, ${missing.join(' and ')} is missing`);

  await assertPasswordNotReused(services, pool, user, password);
  const now = services.clock.now();
  const removed = Object.keys(user.attributes).filter((name) => !next.has(name));
  const changed = [...next].filter(([name, value]) => user.attributes[name] !== value);
  await services.store.transaction(async (trx) => {
    await repo.deleteAttributes(trx, pool.Id, user.usernameKey, removed);
    for (const [name, value] of changed) await repo.setAttribute(trx, pool.Id, user.usernameKey, name, value);
    await syncAliases(trx, pool, user.usernameKey, next, { creating: false }, now);
    await rememberReplacedPassword(trx, services, pool, user);
    await repo.updateUser(trx, pool.Id, user.usernameKey, {
      sealed_password: sealPassword(services, user, password),
      password_updated_at: now,
      status: 'CONFIRMED',
      updated_at: now,
    });
  });
  const updated = await findUser(services, pool, user.usernameKey);
  if (!updated) throw err.userNotFound();
  return updated;
}

const VERIFIED_FLAGS = new Set(['email_verified', 'phone_number_verified']);

/**
 * The attribute writes of a NEW_PASSWORD_REQUIRED response. Attributes the user lacks may be set even
 * when immutable (that is how required immutable attributes get their first value); a required
 * attribute that already has a value cannot be changed here, as Cognito documents; the client's
 * WriteAttributes apply, and the verified flags are never the user's to set unless the client allows it.
 */
function attributeWrites(ctx: SignInContext, user: User, given: { Name: string; Value: string }[]): Map<string, string> {
  if (given.length === 0) return new Map();
  const writable = ctx.client.WriteAttributes ? new Set(ctx.client.WriteAttributes) : undefined;
  for (const { Name } of given) {
    const allowed = writable ? writable.has(Name) : !VERIFIED_FLAGS.has(Name);
    if (!allowed) throw err.notAuthorized('A client attempted to write unauthorized attribute');
  }
  const fresh = given.filter((a) => user.attributes[a.Name] === undefined);
  const existing = given.filter((a) => user.attributes[a.Name] !== undefined);
  const required = new Set(requiredAttributes(ctx.pool));
  for (const { Name, Value } of existing) {
    if (required.has(Name) && Value !== user.attributes[Name]) throw err.invalidParameter(`Cannot modify an already provided ${Name}`);
  }
  return new Map([
    ...validateAttributeWrites(ctx.pool, fresh, { mode: 'create', admin: ctx.admin }),
    ...validateAttributeWrites(ctx.pool, existing, { mode: 'update', admin: ctx.admin }),
  ]);
}
