import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';

// Pool settings that infrastructure-as-code tools create next to a pool: third-party identity
// providers (with their IdP identifiers, unique within the pool), the threat-protection risk
// configuration (the pool's and per-client overrides) and the log delivery configuration. Everything
// goes with its pool; client-level risk settings go with their client.
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('identity_providers')
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    /** ProviderDetails without its secret values. */
    .addColumn('details_json', 'text', (c) => c.notNull())
    /** The secret ProviderDetails values (client_secret, private_key) as one sealed JSON object. */
    .addColumn('sealed_secrets', 'text')
    .addColumn('attribute_mapping_json', 'text', (c) => c.notNull())
    .addColumn('idp_identifiers_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_providers_pk', ['pool_id', 'name'])
    .execute();

  // One row per IdP identifier: the primary key makes identifiers unique within a pool, even under
  // concurrent writes, and serves GetIdentityProviderByIdentifier.
  await db.schema
    .createTable('identity_provider_identifiers')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('provider_name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_provider_identifiers_pk', ['pool_id', 'identifier'])
    .addForeignKeyConstraint('identity_provider_identifiers_provider', ['pool_id', 'provider_name'], 'identity_providers', ['pool_id', 'name'], (c) =>
      c.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('identity_provider_identifiers_provider_idx')
    .on('identity_provider_identifiers')
    .columns(['pool_id', 'provider_name'])
    .execute();

  await db.schema
    .createTable('risk_configurations')
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    /** 'ALL' for the pool's configuration, else the client id. */
    .addColumn('client_key', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.references('user_pool_clients.id').onDelete('cascade'))
    .addColumn('config_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('risk_configurations_pk', ['pool_id', 'client_key'])
    .execute();

  await db.schema
    .createTable('log_delivery_configurations')
    .addColumn('pool_id', 'text', (c) => c.primaryKey().references('user_pools.id').onDelete('cascade'))
    .addColumn('config_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
