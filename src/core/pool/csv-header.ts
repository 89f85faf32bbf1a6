import type { GetCSVHeaderResult } from './types.js';
import { getPool } from './pools.js';
import type { Services } from '../services.js';

/**
 * The columns of a user import file, in the order Cognito's GetCSVHeader gives them: the standard
 * attributes (without `sub` and `identities`, which Cognito sets itself), the pool's custom
 * attributes in schema order, then `cognito:mfa_enabled` and `cognito:username`.
 */
const STANDARD_COLUMNS = [
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'email',
  'email_verified',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'phone_number',
  'phone_number_verified',
  'address',
  'updated_at',
] as const;

const TRAILING_COLUMNS = ['cognito:mfa_enabled', 'cognito:username'] as const;

const isCustom = (name: string) => name.startsWith('custom:') || name.startsWith('dev:custom:');

export async function csvHeader(services: Services, poolId: string): Promise<GetCSVHeaderResult> {
  const pool = await getPool(services, poolId);
  const custom = (pool.SchemaAttributes ?? []).map((a) => a.Name!).filter(isCustom);
  return { UserPoolId: pool.Id, CSVHeader: [...STANDARD_COLUMNS, ...custom, ...TRAILING_COLUMNS] };
}
