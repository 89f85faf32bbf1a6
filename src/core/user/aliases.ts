import type { Executor } from '../../store/database.js';
import { isUniqueViolation } from '../../store/database.js';
import * as repo from '../../store/users.js';
import { CognitoError } from '../errors.js';
import type { UserPool } from '../pool/pools.js';
import { aliasKeyOf } from './users.js';

/**
 * Sign-in names other than the username, kept unique by the `user_aliases` primary key:
 * - in UsernameAttributes pools, the email/phone the user signs in with (verified or not);
 * - in AliasAttributes pools, email and phone_number once verified, and preferred_username.
 */

export interface Alias {
  kind: string;
  valueKey: string;
}

const VERIFIED_FLAG: Record<string, string> = { email: 'email_verified', phone_number: 'phone_number_verified' };

export function aliasesOf(pool: UserPool, attributes: ReadonlyMap<string, string> | Record<string, string>): Alias[] {
  const get = (name: string) => (attributes instanceof Map ? attributes.get(name) : (attributes as Record<string, string>)[name]);
  const out: Alias[] = [];
  for (const kind of pool.UsernameAttributes ?? []) {
    const value = get(kind);
    if (value) out.push({ kind, valueKey: aliasKeyOf(pool, kind, value) });
  }
  for (const kind of pool.AliasAttributes ?? []) {
    const value = get(kind);
    if (!value || out.some((a) => a.kind === kind)) continue;
    const flag = VERIFIED_FLAG[kind];
    if (flag && get(flag) !== 'true') continue;
    out.push({ kind, valueKey: aliasKeyOf(pool, kind, value) });
  }
  return out;
}

const takenMessage = (kind: string) => `An account with the given ${kind} already exists.`;

export interface AliasSyncOptions {
  /** AdminCreateUser/SignUp report a taken username attribute as UsernameExistsException. */
  creating: boolean;
  /** AdminCreateUser's ForceAliasCreation: take a verified email/phone alias over from its current owner. */
  forceAliasCreation?: boolean;
}

/**
 * Makes the user's alias rows match `attributes`, inside the caller's transaction. A value another
 * user holds gives UsernameExistsException (creating, username attribute) or AliasExistsException,
 * unless ForceAliasCreation moves it, un-verifying it on the previous owner as Cognito does.
 */
export async function syncAliases(
  trx: Executor,
  pool: UserPool,
  usernameKey: string,
  attributes: ReadonlyMap<string, string> | Record<string, string>,
  options: AliasSyncOptions,
  now: number,
): Promise<void> {
  const wanted = aliasesOf(pool, attributes);
  const current = await repo.listAliases(trx, pool.Id, usernameKey);
  for (const row of current) {
    if (!wanted.some((a) => a.kind === row.kind && a.valueKey === row.value_key)) {
      await repo.deleteAlias(trx, pool.Id, row.kind, row.value_key);
    }
  }
  for (const alias of wanted) {
    if (current.some((r) => r.kind === alias.kind && r.value_key === alias.valueKey)) continue;
    const owner = await repo.findAliasOwner(trx, pool.Id, alias.kind, alias.valueKey);
    if (owner && owner.username_key !== usernameKey) {
      const isUsernameAttribute = isUsernameAttributeOf(pool, alias.kind);
      const flag = VERIFIED_FLAG[alias.kind];
      if (!isUsernameAttribute && options.forceAliasCreation && flag) {
        await repo.deleteAlias(trx, pool.Id, alias.kind, alias.valueKey);
        await repo.setAttribute(trx, pool.Id, owner.username_key, flag, 'false');
        await repo.updateUser(trx, pool.Id, owner.username_key, { updated_at: now });
      } else {
        throw aliasTaken(alias.kind, isUsernameAttribute && options.creating);
      }
    }
    try {
      await repo.insertAlias(trx, { pool_id: pool.Id, kind: alias.kind, value_key: alias.valueKey, username_key: usernameKey });
    } catch (error) {
      // Another request took the value between the check and the insert.
      if (isUniqueViolation(error)) {
        throw aliasTaken(alias.kind, isUsernameAttributeOf(pool, alias.kind) && options.creating);
      }
      throw error;
    }
  }
}

const isUsernameAttributeOf = (pool: UserPool, kind: string) => ((pool.UsernameAttributes ?? []) as string[]).includes(kind);

function aliasTaken(kind: string, asUsername: boolean): CognitoError {
  return new CognitoError(asUsername ? 'UsernameExistsException' : 'AliasExistsException', takenMessage(kind));
}
