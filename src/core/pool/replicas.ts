/**
 * User pool replicas (CreateUserPoolReplica and its siblings). One machine has one region, so a
 * replica is recorded and described as Cognito would, ACTIVE at once, and replicates nothing.
 */
import { isUniqueViolation } from '../../store/database.js';
import * as repo from '../../store/replicas.js';
import { CognitoError, err } from '../errors.js';
import { userPoolArn } from '../ids.js';
import { getPool } from './pools.js';
import type { Services } from '../services.js';

export type ReplicaStatus = 'CREATING' | 'ACTIVE' | 'INACTIVE' | 'DELETING';

export interface UserPoolReplica {
  RegionName: string;
  Status: ReplicaStatus;
  Role: 'PRIMARY' | 'SECONDARY';
  UserPoolArn: string;
}

/** Cognate's own bound: the service model names LimitExceededException without giving the quota. */
export const MAX_REPLICAS_PER_POOL = 4;

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

const regionOf = (poolId: string) => poolId.slice(0, Math.max(0, poolId.indexOf('_')));

const replica = (services: Services, poolId: string, region: string, status: ReplicaStatus, role: UserPoolReplica['Role']): UserPoolReplica => ({
  RegionName: region,
  Status: status,
  Role: role,
  UserPoolArn: userPoolArn(region, services.settings.accountId, poolId),
});

const notFound = (region: string) => new CognitoError('ResourceNotFoundException', `User pool replica in region ${region} does not exist.`);

function checkRegion(poolId: string, region: string): void {
  if (!REGION.test(region)) throw err.invalidParameter(`${region} is not a valid AWS Region.`);
  if (region === regionOf(poolId)) throw err.invalidParameter(`The user pool's primary Region ${region} cannot hold a replica.`);
}

export async function createReplica(services: Services, poolId: string, region: string): Promise<UserPoolReplica> {
  const pool = await getPool(services, poolId);
  checkRegion(pool.Id, region);
  try {
    await services.store.transaction(async (trx) => {
      const existing = await repo.listReplicas(trx, pool.Id);
      if (existing.some((r) => r.region === region)) throw err.invalidParameter(`The user pool already has a replica in ${region}.`);
      if (existing.length >= MAX_REPLICAS_PER_POOL) throw err.limitExceeded(`The user pool has reached its limit of ${MAX_REPLICAS_PER_POOL} replicas.`);
      await repo.insertReplica(trx, { pool_id: pool.Id, region, status: 'ACTIVE', created_at: services.clock.now() });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw err.invalidParameter(`The user pool already has a replica in ${region}.`);
    throw error;
  }
  return replica(services, pool.Id, region, 'CREATING', 'SECONDARY');
}

/** The primary first, then the replicas by region. */
export async function listReplicas(services: Services, poolId: string): Promise<UserPoolReplica[]> {
  const pool = await getPool(services, poolId);
  const rows = await repo.listReplicas(services.store.db, pool.Id);
  return [
    replica(services, pool.Id, regionOf(pool.Id), 'ACTIVE', 'PRIMARY'),
    ...rows.map((r) => replica(services, pool.Id, r.region, r.status as ReplicaStatus, 'SECONDARY')),
  ];
}

export async function updateReplica(services: Services, poolId: string, region: string, status: 'ACTIVE' | 'INACTIVE'): Promise<UserPoolReplica> {
  const pool = await getPool(services, poolId);
  if (!(await repo.findReplica(services.store.db, pool.Id, region))) throw notFound(region);
  await repo.setReplicaStatus(services.store.db, pool.Id, region, status);
  return replica(services, pool.Id, region, status, 'SECONDARY');
}

export async function deleteReplica(services: Services, poolId: string, region: string): Promise<UserPoolReplica> {
  const pool = await getPool(services, poolId);
  if (!(await repo.deleteReplica(services.store.db, pool.Id, region))) throw notFound(region);
  return replica(services, pool.Id, region, 'DELETING', 'SECONDARY');
}
