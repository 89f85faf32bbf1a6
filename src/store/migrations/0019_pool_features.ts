import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';

// The remaining pool features of issue 12: rotated client secrets, terms, managed login branding,
// replicas, provisioned limits, user import jobs and the per-user auth events.
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  // Every current secret of a client (id, sealed value, creation time); null for a client made before rotation existed.
  await db.schema.alterTable('user_pool_clients').addColumn('secrets_json', 'text').execute();
  await db.schema
    .createTable('terms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('config_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('terms_client_name').on('terms').columns(['pool_id', 'client_id', 'name']).unique().execute();
  await db.schema
    .createTable('managed_login_brandings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('config_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('managed_login_brandings_client').on('managed_login_brandings').columns(['pool_id', 'client_id']).unique().execute();
  await db.schema
    .createTable('user_pool_replicas')
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_pool_replicas_pk', ['pool_id', 'region'])
    .execute();
  await db.schema
    .createTable('provisioned_limits')
    .addColumn('limit_key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('user_import_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('config_json', 'text', (c) => c.notNull())
    .addColumn('csv_text', 'text')
    .addColumn('errors_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('user_import_jobs_pool').on('user_import_jobs').columns(['pool_id', 'created_at']).execute();
  await db.schema
    .createTable('auth_events')
    .addColumn('id', engine === 'sqlite' ? 'integer' : 'serial', (c) => (engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('user_sub', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull().unique())
    .addColumn('event_json', 'text', (c) => c.notNull())
    .addColumn('feedback', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('auth_events_user').on('auth_events').columns(['pool_id', 'user_sub', 'id']).execute();
}
