/** Terms documents: one `terms-of-use` and one `privacy-policy` per app client, each a set of links per language. */
import { isUniqueViolation } from '../../store/database.js';
import * as repo from '../../store/terms.js';
import { getClientInPool } from '../client/clients.js';
import { CognitoError, err } from '../errors.js';
import { getPool } from '../pool/pools.js';
import type { Services } from '../services.js';

export interface Terms {
  TermsId: string;
  UserPoolId: string;
  ClientId: string;
  TermsName: string;
  TermsSource: string;
  Enforcement: string;
  Links: Record<string, string>;
  CreationDate: number;
  LastModifiedDate: number;
}

export interface TermsInput {
  UserPoolId: string;
  ClientId: string;
  TermsName: string;
  TermsSource: string;
  Enforcement: string;
  Links?: Record<string, string>;
}

export type TermsUpdate = { TermsId: string; UserPoolId: string } & Partial<Omit<TermsInput, 'UserPoolId' | 'ClientId'>>;

// The messages below follow Cognito's style; their exact wording is unconfirmed.
const notFound = (id: string) => new CognitoError('ResourceNotFoundException', `Terms ${id} do not exist.`);
const exists = (name: string, clientId: string) => new CognitoError('TermsExistsException', `Terms ${name} already exist for client ${clientId}.`);

function toTerms(row: repo.TermsRecord): Terms {
  return {
    TermsId: row.id,
    UserPoolId: row.pool_id,
    ClientId: row.client_id,
    TermsName: row.name,
    TermsSource: row.config.TermsSource,
    Enforcement: row.config.Enforcement,
    Links: row.config.Links,
    CreationDate: row.created_at,
    LastModifiedDate: row.updated_at,
  };
}

/** A LINK source means the documents are links: at least one is needed, and `cognito:default` is what every language falls back to. */
function checkLinks(source: string, links: Record<string, string> | undefined): Record<string, string> {
  if (source === 'LINK' && (!links || Object.keys(links).length === 0)) throw err.invalidParameter('Links are required when TermsSource is LINK.');
  return { ...links };
}

export async function createTerms(services: Services, input: TermsInput): Promise<Terms> {
  const pool = await getPool(services, input.UserPoolId);
  await getClientInPool(services, pool.Id, input.ClientId);
  const now = services.clock.now();
  const row: repo.TermsRecord = {
    id: services.random.uuid(),
    pool_id: pool.Id,
    client_id: input.ClientId,
    name: input.TermsName,
    config: { TermsSource: input.TermsSource, Enforcement: input.Enforcement, Links: checkLinks(input.TermsSource, input.Links) },
    created_at: now,
    updated_at: now,
  };
  try {
    await services.store.transaction(async (trx) => {
      if (await repo.findTermsByName(trx, pool.Id, input.ClientId, input.TermsName)) throw exists(input.TermsName, input.ClientId);
      await repo.insertTerms(trx, row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw exists(input.TermsName, input.ClientId);
    throw error;
  }
  return toTerms(row);
}

export async function describeTerms(services: Services, poolId: string, termsId: string): Promise<Terms> {
  const pool = await getPool(services, poolId);
  const row = await repo.findTerms(services.store.db, pool.Id, termsId);
  if (!row) throw notFound(termsId);
  return toTerms(row);
}

/** Changes the members given and keeps the rest; renaming onto the client's other document is a conflict. */
export async function updateTerms(services: Services, input: TermsUpdate): Promise<Terms> {
  const pool = await getPool(services, input.UserPoolId);
  let updated: repo.TermsRecord | undefined;
  try {
    await services.store.transaction(async (trx) => {
      const row = await repo.findTerms(trx, pool.Id, input.TermsId);
      if (!row) throw notFound(input.TermsId);
      const name = input.TermsName ?? row.name;
      if (name !== row.name && (await repo.findTermsByName(trx, pool.Id, row.client_id, name))) throw exists(name, row.client_id);
      const source = input.TermsSource ?? row.config.TermsSource;
      updated = {
        ...row,
        name,
        config: { TermsSource: source, Enforcement: input.Enforcement ?? row.config.Enforcement, Links: checkLinks(source, input.Links ?? row.config.Links) },
        updated_at: services.clock.now(),
      };
      await repo.updateTerms(trx, updated);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw exists(input.TermsName!, input.TermsId);
    throw error;
  }
  return toTerms(updated!);
}

export async function deleteTerms(services: Services, poolId: string, termsId: string): Promise<void> {
  const pool = await getPool(services, poolId);
  if (!(await repo.deleteTerms(services.store.db, pool.Id, termsId))) throw notFound(termsId);
}

export async function listTerms(services: Services, poolId: string, maxResults = 60, nextToken?: string): Promise<{ Terms: Terms[]; NextToken?: string }> {
  const pool = await getPool(services, poolId);
  // One row more than asked tells whether another page follows without a second query.
  const rows = await repo.listTerms(services.store.db, pool.Id, maxResults + 1, nextToken || undefined);
  const page = rows.slice(0, maxResults);
  return { Terms: page.map(toTerms), ...(rows.length > maxResults ? { NextToken: page[page.length - 1]!.id } : {}) };
}
