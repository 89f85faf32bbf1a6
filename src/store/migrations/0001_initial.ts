import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';

// Types chosen to mean the same on SQLite and PostgreSQL: text, bigint (epoch ms), integer (0/1 booleans).
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema
    .createTable('user_pools')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('config_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('user_pool_clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('config_json', 'text', (c) => c.notNull())
    .addColumn('sealed_secret', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('user_pool_clients_pool').on('user_pool_clients').columns(['pool_id', 'id']).execute();

  await db.schema
    .createTable('user_pool_domains')
    .addColumn('domain', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('config_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // One prefix domain and one custom domain per pool, as in Cognito.
  await db.schema
    .createIndex('user_pool_domains_pool_kind')
    .on('user_pool_domains')
    .columns(['pool_id', 'kind'])
    .unique()
    .execute();

  await db.schema
    .createTable('resource_servers')
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scopes_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_servers_pk', ['pool_id', 'identifier'])
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('username_key', 'text', (c) => c.notNull())
    .addColumn('sub', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('sealed_password', 'text')
    .addColumn('password_updated_at', 'bigint')
    .addColumn('settings_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('users_pk', ['pool_id', 'username_key'])
    .execute();
  await db.schema.createIndex('users_pool_sub').on('users').columns(['pool_id', 'sub']).unique().execute();
  await db.schema.createIndex('users_pool_status').on('users').columns(['pool_id', 'status']).execute();

  await db.schema
    .createTable('user_attributes')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('username_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_attributes_pk', ['pool_id', 'username_key', 'name'])
    .addForeignKeyConstraint('user_attributes_user', ['pool_id', 'username_key'], 'users', ['pool_id', 'username_key'], (c) =>
      c.onDelete('cascade'),
    )
    .execute();
  // ListUsers filters by attribute value (exact and prefix) without scanning the pool.
  await db.schema
    .createIndex('user_attributes_search')
    .on('user_attributes')
    .columns(['pool_id', 'name', 'value'])
    .execute();

  await db.schema
    .createTable('user_aliases')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value_key', 'text', (c) => c.notNull())
    .addColumn('username_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_aliases_pk', ['pool_id', 'kind', 'value_key'])
    .addForeignKeyConstraint('user_aliases_user', ['pool_id', 'username_key'], 'users', ['pool_id', 'username_key'], (c) =>
      c.onDelete('cascade'),
    )
    .execute();
  await db.schema.createIndex('user_aliases_user_idx').on('user_aliases').columns(['pool_id', 'username_key']).execute();

  await db.schema
    .createTable('groups')
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('role_arn', 'text')
    .addColumn('precedence', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('groups_pk', ['pool_id', 'name'])
    .execute();

  await db.schema
    .createTable('group_members')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('group_name', 'text', (c) => c.notNull())
    .addColumn('username_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_members_pk', ['pool_id', 'group_name', 'username_key'])
    .addForeignKeyConstraint('group_members_group', ['pool_id', 'group_name'], 'groups', ['pool_id', 'name'], (c) =>
      c.onDelete('cascade'),
    )
    .addForeignKeyConstraint('group_members_user', ['pool_id', 'username_key'], 'users', ['pool_id', 'username_key'], (c) =>
      c.onDelete('cascade'),
    )
    .execute();
  await db.schema.createIndex('group_members_user_idx').on('group_members').columns(['pool_id', 'username_key']).execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', engine === 'sqlite' ? 'integer' : 'serial', (c) =>
      engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
    )
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('username', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outbox_pool_user').on('outbox').columns(['pool_id', 'username', 'id']).execute();

  await db.schema
    .createTable('signing_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('sealed_private_jwk', 'text', (c) => c.notNull())
    .addColumn('public_jwk_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('retire_after', 'bigint')
    .execute();
  await db.schema.createIndex('signing_keys_pool').on('signing_keys').columns(['pool_id', 'purpose']).execute();

}
