import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';

// SAML federation: the assertion IDs already used (replay), and each SAML user's latest IdP session for single logout.
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('saml_assertions')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('assertion_id', 'text', (c) => c.notNull())
    // Epoch ms of the assertion's NotOnOrAfter (plus skew): past it, the assertion is refused anyway.
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('saml_assertions_pk', ['pool_id', 'assertion_id'])
    .execute();
  await db.schema.createIndex('saml_assertions_expiry').on('saml_assertions').columns(['expires_at']).execute();

  await db.schema
    .createTable('saml_sessions')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('provider_name', 'text', (c) => c.notNull())
    .addColumn('name_id', 'text', (c) => c.notNull())
    .addColumn('name_id_format', 'text')
    .addColumn('session_index', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('saml_sessions_pk', ['pool_id', 'provider_name', 'name_id'])
    .execute();
}
