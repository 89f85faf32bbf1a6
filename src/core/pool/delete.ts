import { deletePool, findPoolForUpdate, hasDomain } from '../../store/pools.js';
import { err } from '../errors.js';
import { invalidatePool, poolFromRow } from './pools.js';
import type { Services } from '../services.js';

/**
 * DeleteUserPool. Refused while deletion protection is on or a domain is attached (Cognito makes you
 * delete the domain first); otherwise the pool goes with its clients, users, groups, resource
 * servers, keys and messages, in one transaction.
 */
export async function deleteUserPool(services: Services, poolId: string): Promise<void> {
  await services.store.transaction(async (trx) => {
    const row = await findPoolForUpdate(trx, poolId, services.store.engine);
    if (!row) throw err.poolNotFound(poolId);
    if (poolFromRow(row).DeletionProtection === 'ACTIVE')
      throw err.invalidParameter(
        'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.',
      );
    if (await hasDomain(trx, poolId))
      throw err.invalidParameter('User pool cannot be deleted. It has a domain configured that should be deleted first.');
    await deletePool(trx, poolId);
  });
  invalidatePool(services, poolId);
}
