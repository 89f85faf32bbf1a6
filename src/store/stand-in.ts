/** The social stand-in's remembered identities and its codes and access tokens (src/stand-in/). */
import type { Executor } from './database.js';
import { isObject, isString, jsonColumn } from './json.js';
import type { Check } from './json.js';

/** What a developer typed for a stand-in identity; `sub` is the subject. */
export interface StandInIdentity {
  sub: string;
  email?: string;
  name?: string;
  picture?: string;
  given_name?: string;
  family_name?: string;
}

const isOptionalString = (v: unknown) => v === undefined || isString(v);
const isIdentity: Check<StandInIdentity> = (v): v is StandInIdentity =>
  isObject(v) && isString(v.sub) && ['email', 'name', 'picture', 'given_name', 'family_name'].every((k) => isOptionalString(v[k]));
const identityColumn = jsonColumn('stand_in_identities.identity_json', isIdentity);

const isDetails: Check<Record<string, string>> = (v): v is Record<string, string> => isObject(v) && Object.values(v).every(isString);
const detailsColumn = jsonColumn('stand_in_grants.details_json', isDetails);

export async function listIdentities(db: Executor, providerType: string, limit = 50): Promise<StandInIdentity[]> {
  const rows = await db
    .selectFrom('stand_in_identities')
    .select('identity_json')
    .where('provider_type', '=', providerType)
    .orderBy('updated_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => identityColumn.decode(r.identity_json));
}

export async function findIdentity(db: Executor, providerType: string, subject: string): Promise<StandInIdentity | undefined> {
  const row = await db
    .selectFrom('stand_in_identities')
    .select('identity_json')
    .where('provider_type', '=', providerType)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row && identityColumn.decode(row.identity_json);
}

/** Remembers the identity, replacing what was typed before for the same subject. */
export async function saveIdentity(db: Executor, providerType: string, identity: StandInIdentity, now: number): Promise<void> {
  const identity_json = identityColumn.encode(identity);
  await db
    .insertInto('stand_in_identities')
    .values({ provider_type: providerType, subject: identity.sub, identity_json, updated_at: now })
    .onConflict((oc) => oc.columns(['provider_type', 'subject']).doUpdateSet({ identity_json, updated_at: now }))
    .execute();
}

export interface StandInGrant {
  kind: 'code' | 'access';
  providerType: string;
  subject: string;
  details: Record<string, string>;
  expiresAt: number;
}

export async function insertGrant(db: Executor, tokenHash: string, grant: StandInGrant): Promise<void> {
  await db
    .insertInto('stand_in_grants')
    .values({
      token_hash: tokenHash,
      kind: grant.kind,
      provider_type: grant.providerType,
      subject: grant.subject,
      details_json: detailsColumn.encode(grant.details),
      expires_at: grant.expiresAt,
    })
    .execute();
}

/** Reads a grant and, for a code, deletes it in the same step, so a code is used at most once even across nodes. */
export async function takeGrant(db: Executor, tokenHash: string, kind: 'code' | 'access', now: number): Promise<StandInGrant | undefined> {
  const row = await db.selectFrom('stand_in_grants').selectAll().where('token_hash', '=', tokenHash).where('kind', '=', kind).executeTakeFirst();
  if (!row) return undefined;
  if (kind === 'code') {
    const deleted = await db.deleteFrom('stand_in_grants').where('token_hash', '=', tokenHash).executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1) return undefined;
  }
  if (Number(row.expires_at) <= now) return undefined;
  return {
    kind,
    providerType: row.provider_type,
    subject: row.subject,
    details: detailsColumn.decode(row.details_json),
    expiresAt: Number(row.expires_at),
  };
}

export const deleteExpiredGrants = (db: Executor, now: number) => db.deleteFrom('stand_in_grants').where('expires_at', '<=', now).execute();
