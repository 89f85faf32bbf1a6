/** Client secret rotation: AddUserPoolClientSecret, ListUserPoolClientSecrets, DeleteUserPoolClientSecret. */
import * as repo from '../../store/clients.js';
import type { ClientSecretEntry } from './clients.js';
import { clientFromRow, sealClientSecret } from './clients.js';
import { CognitoError, err } from '../errors.js';
import { newClientSecret } from '../ids.js';
import { getPool } from '../pool/pools.js';
import { invalidateClient } from './invalidate.js';
import type { Services } from '../services.js';

/** Cognito keeps at most two secrets per client, so a rotation overlaps the old and the new one. */
export const MAX_SECRETS_PER_CLIENT = 2;

export interface ClientSecretDescriptor {
  ClientSecretId: string;
  /** Only when Cognate generated the secret, and only in the answer to the add. */
  ClientSecretValue?: string;
  ClientSecretCreateDate: number;
}

const describe = (s: ClientSecretEntry): ClientSecretDescriptor => ({ ClientSecretId: s.id, ClientSecretCreateDate: s.createdAt });

const toStored = (s: ClientSecretEntry): repo.StoredClientSecret => ({ id: s.id, sealed: s.sealed, created_at: s.createdAt });

/**
 * Runs `change` on the client's current secrets inside a transaction that holds the client row, so
 * two rotations at once cannot both pass the limit; the client is read from the database, not the cache.
 */
async function withSecrets<T>(
  services: Services,
  poolId: string,
  clientId: string,
  change: (secrets: ClientSecretEntry[]) => { secrets: ClientSecretEntry[]; result: T },
): Promise<T> {
  const pool = await getPool(services, poolId);
  const result = await services.store.transaction(async (trx) => {
    const row = await repo.findClientForUpdate(trx, clientId, services.store.engine);
    if (!row || row.pool_id !== pool.Id) throw err.clientNotFound(clientId);
    const client = clientFromRow(row);
    const { secrets, result } = change(client.sealedSecrets ?? []);
    await repo.updateClientSecrets(trx, clientId, secrets.map(toStored));
    return result;
  });
  invalidateClient(services, clientId);
  return result;
}

export async function addClientSecret(services: Services, poolId: string, clientId: string, given?: string): Promise<ClientSecretDescriptor> {
  const value = given ?? newClientSecret(services.random);
  const createdAt = services.clock.now();
  return withSecrets(services, poolId, clientId, (current) => {
    // The message wording is Cognate's; Cognito documents only that public clients have no secrets.
    if (current.length === 0) throw err.invalidParameter(`Client ${clientId} is not a confidential client and cannot have a client secret.`);
    if (current.length >= MAX_SECRETS_PER_CLIENT)
      throw err.limitExceeded(`Client ${clientId} already has the maximum of ${MAX_SECRETS_PER_CLIENT} client secrets.`);
    // Two adds in the same millisecond would share an id; the later one moves on by one.
    let stamp = createdAt;
    while (current.some((s) => s.id === `${clientId}--${stamp}`)) stamp += 1;
    const entry: ClientSecretEntry = { id: `${clientId}--${stamp}`, sealed: sealClientSecret(services, clientId, value), createdAt };
    return {
      secrets: [...current, entry],
      result: { ...describe(entry), ...(given === undefined ? { ClientSecretValue: value } : {}) },
    };
  });
}

export async function listClientSecrets(services: Services, poolId: string, clientId: string): Promise<ClientSecretDescriptor[]> {
  const pool = await getPool(services, poolId);
  const row = await repo.findClient(services.store.db, clientId);
  if (!row || row.pool_id !== pool.Id) throw err.clientNotFound(clientId);
  return (clientFromRow(row).sealedSecrets ?? []).map(describe);
}

export async function deleteClientSecret(services: Services, poolId: string, clientId: string, secretId: string): Promise<void> {
  await withSecrets(services, poolId, clientId, (current) => {
    if (!current.some((s) => s.id === secretId)) throw new CognitoError('ResourceNotFoundException', `Client secret ${secretId} does not exist.`);
    // A confidential client stays confidential: Cognito refuses to remove its last secret.
    if (current.length === 1) throw err.invalidParameter('Cannot delete the last client secret of an app client.');
    return { secrets: current.filter((s) => s.id !== secretId), result: undefined };
  });
}
