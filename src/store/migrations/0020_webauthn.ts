import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';

// Passkeys a user registered (CompleteWebAuthnRegistration): the credential's public key and signature
// counter, checked at each WEB_AUTHN sign-in. A credential id is the authenticator's, unique per pool.
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('webauthn_credentials')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('username_key', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('sign_count', 'bigint', (c) => c.notNull())
    .addColumn('transports_json', 'text', (c) => c.notNull())
    .addColumn('friendly_name', 'text', (c) => c.notNull())
    .addColumn('relying_party_id', 'text', (c) => c.notNull())
    .addColumn('authenticator_attachment', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('webauthn_credentials_pk', ['pool_id', 'credential_id'])
    .addForeignKeyConstraint('webauthn_credentials_user', ['pool_id', 'username_key'], 'users', ['pool_id', 'username_key'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('webauthn_credentials_user_idx').on('webauthn_credentials').columns(['pool_id', 'username_key', 'created_at']).execute();
}
