/** OAuth 2.0 state: authorization codes (by hash) and the scopes granted to each OAuth token family. */
import type { Insertable } from 'kysely';
import type { Executor } from './database.js';
import type { OAuthCodeRow, OAuthGrantRow } from './schema.js';

export type { OAuthCodeRow, OAuthGrantRow };

export const insertCode = (db: Executor, row: Insertable<OAuthCodeRow>) => db.insertInto('oauth_codes').values(row).execute();

export const findCode = (db: Executor, codeHash: string): Promise<OAuthCodeRow | undefined> =>
  db.selectFrom('oauth_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();

/** Marks the code used; true only for the one request that got there first. */
export async function claimCode(db: Executor, codeHash: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('oauth_codes')
    .set({ used_at: now })
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records that the exchange of a claimed code has stored its tokens. */
export const markCodeExchanged = (db: Executor, codeHash: string, now: number) =>
  db.updateTable('oauth_codes').set({ exchanged_at: now }).where('code_hash', '=', codeHash).execute();

/**
 * Records a second presentation of a code as a replay, but only once the first exchange has stored
 * its tokens, and only at a later clock reading than the code's first use (an exchange signs three
 * tokens, so a duplicate within the first use's millisecond can only have raced it); true when it
 * did, i.e. when there are tokens to revoke.
 */
export async function markCodeReplayed(db: Executor, codeHash: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('oauth_codes')
    .set({ replayed_at: now })
    .where('code_hash', '=', codeHash)
    .where('exchanged_at', 'is not', null)
    .where('used_at', '<', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export const deleteCodesExpiredBefore = (db: Executor, before: number) =>
  db.deleteFrom('oauth_codes').where('expires_at', '<', before).execute();

export const insertGrant = (db: Executor, row: OAuthGrantRow) => db.insertInto('oauth_grants').values(row).execute();

export const findGrant = (db: Executor, originJti: string): Promise<OAuthGrantRow | undefined> =>
  db.selectFrom('oauth_grants').selectAll().where('origin_jti', '=', originJti).executeTakeFirst();

/** A rotated refresh token lives longer than the first one: so does the record of its scopes. */
export const extendGrant = (db: Executor, originJti: string, expiresAt: number) =>
  db.updateTable('oauth_grants').set({ expires_at: expiresAt }).where('origin_jti', '=', originJti).where('expires_at', '<', expiresAt).execute();

export const deleteGrantsExpiredBefore = (db: Executor, before: number) =>
  db.deleteFrom('oauth_grants').where('expires_at', '<', before).execute();
