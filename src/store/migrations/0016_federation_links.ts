import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';

// Account linking (AdminLinkProviderForUser) and the social stand-in providers' own state: the
// identities a developer typed (remembered, seedable), and its one-time codes and access tokens.
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  // A provider subject linked to a native user; it goes with that user (and so with the pool).
  await db.schema
    .createTable('federation_links')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('provider_name', 'text', (c) => c.notNull())
    .addColumn('attribute_name', 'text', (c) => c.notNull())
    .addColumn('attribute_value', 'text', (c) => c.notNull())
    .addColumn('username_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('federation_links_pk', ['pool_id', 'provider_name', 'attribute_name', 'attribute_value'])
    .addForeignKeyConstraint('federation_links_user', ['pool_id', 'username_key'], 'users', ['pool_id', 'username_key'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('federation_links_user_idx').on('federation_links').columns(['pool_id', 'username_key']).execute();

  await db.schema
    .createTable('stand_in_identities')
    .addColumn('provider_type', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('identity_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('stand_in_identities_pk', ['provider_type', 'subject'])
    .execute();

  // Codes and access tokens, stored by their SHA-256 so several nodes share them and a leaked row grants nothing.
  await db.schema
    .createTable('stand_in_grants')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('provider_type', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('details_json', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stand_in_grants_expires_at').on('stand_in_grants').columns(['expires_at']).execute();
}
