/** Third-party identity providers of a pool, with their JSON columns decoded, and their unique IdP identifiers. */
import type { Executor } from './database.js';
import { isArrayOf, isRecordOf, isString, jsonColumn } from './json.js';
import type { IdentityProviderRow } from './schema.js';

const detailsColumn = jsonColumn('identity_providers.details_json', isRecordOf(isString));
const mappingColumn = jsonColumn('identity_providers.attribute_mapping_json', isRecordOf(isString));
const identifiersColumn = jsonColumn('identity_providers.idp_identifiers_json', isArrayOf(isString));

/** A provider as stored, its JSON columns decoded. */
export type ProviderRecord = Omit<IdentityProviderRow, 'details_json' | 'attribute_mapping_json' | 'idp_identifiers_json'> & {
  /** ProviderDetails without the secret values (those are in `sealed_secrets`). */
  details: Record<string, string>;
  attribute_mapping: Record<string, string>;
  idp_identifiers: string[];
};

const toRecord = ({ details_json, attribute_mapping_json, idp_identifiers_json, ...row }: IdentityProviderRow): ProviderRecord => ({
  ...row,
  details: detailsColumn.decode(details_json),
  attribute_mapping: mappingColumn.decode(attribute_mapping_json),
  idp_identifiers: identifiersColumn.decode(idp_identifiers_json),
});

const encoded = (p: ProviderRecord) => ({
  details_json: detailsColumn.encode(p.details),
  attribute_mapping_json: mappingColumn.encode(p.attribute_mapping),
  idp_identifiers_json: identifiersColumn.encode(p.idp_identifiers),
});

export const findProvider = async (db: Executor, poolId: string, name: string): Promise<ProviderRecord | undefined> => {
  const row = await db.selectFrom('identity_providers').selectAll().where('pool_id', '=', poolId).where('name', '=', name).executeTakeFirst();
  return row && toRecord(row);
};

/** The provider an IdP identifier belongs to, through the identifiers' primary key. */
export const findProviderByIdentifier = async (db: Executor, poolId: string, identifier: string): Promise<ProviderRecord | undefined> => {
  const row = await db
    .selectFrom('identity_provider_identifiers as i')
    .innerJoin('identity_providers as p', (j) => j.onRef('p.pool_id', '=', 'i.pool_id').onRef('p.name', '=', 'i.provider_name'))
    .selectAll('p')
    .where('i.pool_id', '=', poolId)
    .where('i.identifier', '=', identifier)
    .executeTakeFirst();
  return row && toRecord(row);
};

export const insertProvider = (db: Executor, p: ProviderRecord) =>
  db
    .insertInto('identity_providers')
    .values({
      pool_id: p.pool_id,
      name: p.name,
      type: p.type,
      ...encoded(p),
      sealed_secrets: p.sealed_secrets,
      created_at: p.created_at,
      updated_at: p.updated_at,
    })
    .execute();

/** Everything but the name, type and creation time. */
export const updateProvider = (db: Executor, p: ProviderRecord) =>
  db
    .updateTable('identity_providers')
    .set({ ...encoded(p), sealed_secrets: p.sealed_secrets, updated_at: p.updated_at })
    .where('pool_id', '=', p.pool_id)
    .where('name', '=', p.name)
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
