/** App clients: the client rows, whose configuration is one JSON object, and the edits the store makes to it. */
import type { Executor } from './database.js';
import type { Engine } from './engine.js';
import type { OpaqueObject } from './json.js';
import { isArrayOf, isObject, isString, jsonColumn } from './json.js';
import type { UserPoolClientRow } from './schema.js';

/** Cognate's own client settings, kept with the configuration and never described by the API. */
export interface ClientExtensions {
  /** The resource-owner password grant at /oauth2/token. */
  AllowPasswordGrant?: boolean;
}

/**
 * A client's stored configuration: Cognito's members, which the store keeps without reading, except the
 * two it edits itself (a deleted identity provider, Cognate's extensions).
 */
export type ClientConfig = OpaqueObject & {
  SupportedIdentityProviders?: string[];
  CognateExtensions?: ClientExtensions;
};

const isClientConfig = (value: unknown): value is ClientConfig =>
  isObject(value) &&
  (value.SupportedIdentityProviders === undefined || isArrayOf(isString)(value.SupportedIdentityProviders)) &&
  (value.CognateExtensions === undefined || isObject(value.CognateExtensions));

const configColumn = jsonColumn('user_pool_clients.config_json', isClientConfig);

/** One current secret of a client: its ClientSecretId, the value sealed, and when it was added. */
export interface StoredClientSecret {
  id: string;
  sealed: string;
  created_at: number;
}

const isStoredSecret = (value: unknown): value is StoredClientSecret =>
  isObject(value) && isString(value.id) && isString(value.sealed) && typeof value.created_at === 'number';

const secretsColumn = jsonColumn('user_pool_clients.secrets_json', isArrayOf(isStoredSecret));

/**
 * A client as stored, its configuration decoded. `secrets` is absent for a client whose secrets were
 * never rotated: its one secret is then `sealed_secret`.
 */
export type ClientRecord = Omit<UserPoolClientRow, 'config_json' | 'secrets_json'> & { config: ClientConfig; secrets?: StoredClientSecret[] };

const toRecord = ({ config_json, secrets_json, ...row }: UserPoolClientRow): ClientRecord => ({
  ...row,
  config: configColumn.decode(config_json),
  ...(secrets_json !== null ? { secrets: secretsColumn.decode(secrets_json) } : {}),
});

export const findClient = async (db: Executor, id: string): Promise<ClientRecord | undefined> => {
  const row = await db.selectFrom('user_pool_clients').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toRecord(row);
};

export const insertClient = (db: Executor, { config, secrets, ...client }: ClientRecord) =>
  db
    .insertInto('user_pool_clients')
    .values({ ...client, config_json: configColumn.encode(config), secrets_json: secrets ? secretsColumn.encode(secrets) : null })
    .execute();

/** The client row inside a transaction, locked on PostgreSQL so that concurrent secret rotations queue. */
export const findClientForUpdate = async (trx: Executor, id: string, engine: Engine): Promise<ClientRecord | undefined> => {
  const q = trx.selectFrom('user_pool_clients').selectAll().where('id', '=', id);
  const row = await (engine === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
  return row && toRecord(row);
};

/** Replaces a client's secrets; `sealed_secret` follows the oldest, which Describe shows and older readers use. */
export const updateClientSecrets = (db: Executor, id: string, secrets: StoredClientSecret[]) =>
  db
    .updateTable('user_pool_clients')
    .set({ secrets_json: secretsColumn.encode(secrets), sealed_secret: secrets[0]?.sealed ?? null })
    .where('id', '=', id)
    .execute();

/** Replaces a client's configuration; the secret is not touched (Cognito never changes it on update). */
export const updateClientConfig = (db: Executor, id: string, name: string, config: ClientConfig, updatedAt: number) =>
  db
    .updateTable('user_pool_clients')
    .set({ name, config_json: configColumn.encode(config), updated_at: updatedAt })
    .where('id', '=', id)
    .execute();

/**
 * Merges Cognate's extensions into a client's configuration, leaving its name, secret and
 * modification date alone (they are no Cognito setting). False when there is no such client.
 */
export async function mergeClientExtensions(db: Executor, id: string, extensions: ClientExtensions): Promise<boolean> {
  const client = await findClient(db, id);
  if (!client) return false;
  const config: ClientConfig = { ...client.config, CognateExtensions: { ...client.config.CognateExtensions, ...extensions } };
  await db.updateTable('user_pool_clients').set({ config_json: configColumn.encode(config) }).where('id', '=', id).execute();
  return true;
}

/**
 * Takes an identity provider out of the SupportedIdentityProviders of every client of the pool that
 * names it, without touching their name, secret or modification date. Returns the ids of the clients
 * it changed.
 */
export async function removeProviderFromClients(db: Executor, poolId: string, providerName: string): Promise<string[]> {
  const rows = await db.selectFrom('user_pool_clients').select(['id', 'config_json']).where('pool_id', '=', poolId).execute();
  const changed: string[] = [];
  for (const row of rows) {
    const config = configColumn.decode(row.config_json);
    if (!config.SupportedIdentityProviders?.includes(providerName)) continue;
    const next: ClientConfig = { ...config, SupportedIdentityProviders: config.SupportedIdentityProviders.filter((n) => n !== providerName) };
    await db.updateTable('user_pool_clients').set({ config_json: configColumn.encode(next) }).where('id', '=', row.id).execute();
    changed.push(row.id);
  }
  return changed;
}

export const deleteClient = async (db: Executor, poolId: string, id: string): Promise<boolean> => {
  const result = await db.deleteFrom('user_pool_clients').where('pool_id', '=', poolId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
};

/** One page of a pool's clients in id order (the (pool_id, id) index), after `afterId` when paging. */
export const listClients = (db: Executor, poolId: string, limit: number, afterId?: string) => {
  let q = db
    .selectFrom('user_pool_clients')
    .select(['id', 'pool_id', 'name'])
    .where('pool_id', '=', poolId)
    .orderBy('id')
    .limit(limit);
  if (afterId) q = q.where('id', '>', afterId);
  return q.execute();
};

export const countClients = async (db: Executor, poolId: string) =>
  Number(
    (
      await db
        .selectFrom('user_pool_clients')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('pool_id', '=', poolId)
        .executeTakeFirstOrThrow()
    ).n,
  );
