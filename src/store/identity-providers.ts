import type { Executor } from './database.js';
import type { IdentityProviderRow, UserPoolClientRow } from './schema.js';

export const findProvider = (db: Executor, poolId: string, name: string): Promise<IdentityProviderRow | undefined> =>
  db.selectFrom('identity_providers').selectAll().where('pool_id', '=', poolId).where('name', '=', name).executeTakeFirst();

/** The provider an IdP identifier belongs to, through the identifiers' primary key. */
export const findProviderByIdentifier = (db: Executor, poolId: string, identifier: string): Promise<IdentityProviderRow | undefined> =>
  db
    .selectFrom('identity_provider_identifiers as i')
    .innerJoin('identity_providers as p', (j) => j.onRef('p.pool_id', '=', 'i.pool_id').onRef('p.name', '=', 'i.provider_name'))
    .selectAll('p')
    .where('i.pool_id', '=', poolId)
    .where('i.identifier', '=', identifier)
    .executeTakeFirst();

export const insertProvider = (db: Executor, row: IdentityProviderRow) => db.insertInto('identity_providers').values(row).execute();

/** Everything but the name, type and creation time. */
export const updateProvider = (db: Executor, row: IdentityProviderRow) =>
  db
    .updateTable('identity_providers')
    .set({
      details_json: row.details_json,
      sealed_secrets: row.sealed_secrets,
      attribute_mapping_json: row.attribute_mapping_json,
      idp_identifiers_json: row.idp_identifiers_json,
      updated_at: row.updated_at,
    })
    .where('pool_id', '=', row.pool_id)
    .where('name', '=', row.name)
    .execute();

/** Sets a provider's IdP identifiers; a unique violation means another provider of the pool holds one. */
export async function replaceIdentifiers(db: Executor, poolId: string, providerName: string, identifiers: readonly string[]): Promise<void> {
  await db.deleteFrom('identity_provider_identifiers').where('pool_id', '=', poolId).where('provider_name', '=', providerName).execute();
  if (identifiers.length === 0) return;
  await db
    .insertInto('identity_provider_identifiers')
    .values(identifiers.map((identifier) => ({ pool_id: poolId, identifier, provider_name: providerName })))
    .execute();
}

/** Which of these identifiers another provider of the pool already holds. */
export const identifiersHeldByOthers = async (db: Executor, poolId: string, providerName: string, identifiers: readonly string[]) => {
  if (identifiers.length === 0) return [];
  const rows = await db
    .selectFrom('identity_provider_identifiers')
    .select('identifier')
    .where('pool_id', '=', poolId)
    .where('identifier', 'in', [...identifiers])
    .where('provider_name', '<>', providerName)
    .execute();
  return rows.map((r) => r.identifier);
};

/** Deletes the provider; its identifiers go with it (ON DELETE CASCADE). */
export const deleteProvider = async (db: Executor, poolId: string, name: string): Promise<boolean> => {
  const result = await db.deleteFrom('identity_providers').where('pool_id', '=', poolId).where('name', '=', name).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
};

/** One page of a pool's providers in name order (the primary key), after `afterName` when paging. */
export const listProviders = (db: Executor, poolId: string, limit: number, afterName?: string) => {
  let q = db
    .selectFrom('identity_providers')
    .select(['name', 'type', 'created_at', 'updated_at'])
    .where('pool_id', '=', poolId)
    .orderBy('name')
    .limit(limit);
  if (afterName !== undefined) q = q.where('name', '>', afterName);
  return q.execute();
};

export const providerNames = async (db: Executor, poolId: string): Promise<string[]> =>
  (await db.selectFrom('identity_providers').select('name').where('pool_id', '=', poolId).execute()).map((r) => r.name);

export const countProviders = async (db: Executor, poolId: string) =>
  Number(
    (
      await db
        .selectFrom('identity_providers')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('pool_id', '=', poolId)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** The pool's app clients with their configuration, for removing a deleted provider from them. */
export const clientsOfPool = (db: Executor, poolId: string): Promise<Pick<UserPoolClientRow, 'id' | 'config_json'>[]> =>
  db.selectFrom('user_pool_clients').select(['id', 'config_json']).where('pool_id', '=', poolId).execute();

/** Rewrites a client's configuration without touching its name, secret or modification date. */
export const setClientConfigJson = (db: Executor, clientId: string, configJson: string) =>
  db.updateTable('user_pool_clients').set({ config_json: configJson }).where('id', '=', clientId).execute();
