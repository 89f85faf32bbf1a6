import type { Executor } from './database.js';
import { isArrayOf, isString, jsonColumn } from './json.js';
import type { WebAuthnCredentialRow } from './schema.js';

/** A user's passkey as the core sees it: the row with its transports decoded. */
export interface WebAuthnCredentialRecord extends Omit<WebAuthnCredentialRow, 'transports_json'> {
  transports: string[];
}

const transports = jsonColumn('webauthn_credentials.transports_json', isArrayOf(isString));

const toRecord = ({ transports_json, ...row }: WebAuthnCredentialRow): WebAuthnCredentialRecord => ({
  ...row,
  sign_count: Number(row.sign_count),
  created_at: Number(row.created_at),
  transports: transports.decode(transports_json),
});

export const insertCredential = (db: Executor, { transports: list, ...record }: WebAuthnCredentialRecord) =>
  db.insertInto('webauthn_credentials').values({ ...record, transports_json: transports.encode(list) }).execute();

/** A credential of the pool by its id, whoever owns it. */
export const findCredential = async (db: Executor, poolId: string, credentialId: string): Promise<WebAuthnCredentialRecord | undefined> => {
  const row = await db.selectFrom('webauthn_credentials').selectAll().where('pool_id', '=', poolId).where('credential_id', '=', credentialId).executeTakeFirst();
  return row ? toRecord(row) : undefined;
};

/** One user's credentials, oldest first, from `offset`. */
export const listCredentials = async (db: Executor, poolId: string, usernameKey: string, page: { offset?: number; limit?: number } = {}): Promise<WebAuthnCredentialRecord[]> => {
  let query = db
    .selectFrom('webauthn_credentials')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('username_key', '=', usernameKey)
    .orderBy('created_at')
    .orderBy('credential_id');
  if (page.limit !== undefined) query = query.limit(page.limit).offset(page.offset ?? 0);
  return (await query.execute()).map(toRecord);
};

export const countCredentials = async (db: Executor, poolId: string, usernameKey: string): Promise<number> => {
  const row = await db
    .selectFrom('webauthn_credentials')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('pool_id', '=', poolId)
    .where('username_key', '=', usernameKey)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
};

/** Deletes one of a user's credentials; false when the user has no such credential. */
export const deleteCredential = async (db: Executor, poolId: string, usernameKey: string, credentialId: string): Promise<boolean> => {
  const result = await db
    .deleteFrom('webauthn_credentials')
    .where('pool_id', '=', poolId)
    .where('username_key', '=', usernameKey)
    .where('credential_id', '=', credentialId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
};

/** Moves the signature counter forward after a sign-in with the credential. */
export const updateSignCount = (db: Executor, poolId: string, credentialId: string, signCount: number) =>
  db.updateTable('webauthn_credentials').set({ sign_count: signCount }).where('pool_id', '=', poolId).where('credential_id', '=', credentialId).execute();
