/** SAML federation's state: used assertion IDs (replay) and each SAML user's latest IdP session (single logout). */
import type { Executor } from './database.js';
import type { SamlSessionRow } from './schema.js';

/**
 * Records an assertion ID as used; false when it already was. The insert itself decides, so two
 * nodes receiving the same response at once cannot both accept it.
 */
export async function useAssertionId(db: Executor, poolId: string, assertionId: string, expiresAt: number): Promise<boolean> {
  const result = await db
    .insertInto('saml_assertions')
    .values({ pool_id: poolId, assertion_id: assertionId, expires_at: expiresAt })
    .onConflict((oc) => oc.columns(['pool_id', 'assertion_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Forgets assertion IDs whose assertions have expired: a replay of them is refused by its time window. */
export const deleteExpiredAssertionIds = (db: Executor, before: number) => db.deleteFrom('saml_assertions').where('expires_at', '<', before).execute();

export const saveSamlSession = (db: Executor, row: SamlSessionRow) =>
  db
    .insertInto('saml_sessions')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['pool_id', 'provider_name', 'name_id']).doUpdateSet({ name_id_format: row.name_id_format, session_index: row.session_index, created_at: row.created_at }),
    )
    .execute();

export const findSamlSession = (db: Executor, poolId: string, providerName: string, nameId: string): Promise<SamlSessionRow | undefined> =>
  db.selectFrom('saml_sessions').selectAll().where('pool_id', '=', poolId).where('provider_name', '=', providerName).where('name_id', '=', nameId).executeTakeFirst();

export const deleteSamlSession = (db: Executor, poolId: string, providerName: string, nameId: string) =>
  db.deleteFrom('saml_sessions').where('pool_id', '=', poolId).where('provider_name', '=', providerName).where('name_id', '=', nameId).execute();
