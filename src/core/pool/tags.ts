import { err } from '../errors.js';
import { MAX_TAGS, tooManyTags } from './defaults.js';
import type { UserPool } from './pools.js';
import { changePool, getPool } from './pools.js';
import type { Services } from '../services.js';

const POOL_ARN = /^arn:[\w-]+:cognito-idp:[\w-]+:\d+:userpool\/([\w-]+_[0-9a-zA-Z]+)$/;

/** The pool an ARN names; the whole ARN must match, so another region's or account's pool is not found. */
function poolIdOf(arn: string): string {
  const match = POOL_ARN.exec(arn);
  // Wording unconfirmed: Cognito only tags user pools.
  if (!match) throw err.invalidParameter(`${arn} is not a user pool ARN.`);
  return match[1]!;
}

async function poolByArn(services: Services, arn: string): Promise<UserPool> {
  const poolId = poolIdOf(arn);
  const pool = await getPool(services, poolId);
  if (pool.Arn !== arn) throw err.poolNotFound(poolId);
  return pool;
}

export async function listTags(services: Services, arn: string): Promise<Record<string, string>> {
  return (await poolByArn(services, arn)).UserPoolTags ?? {};
}

export async function tagPool(services: Services, arn: string, tags: Record<string, string>): Promise<void> {
  const pool = await poolByArn(services, arn);
  await changePool(services, pool.Id, (current) => {
    const merged = { ...current.UserPoolTags, ...tags };
    if (Object.keys(merged).length > MAX_TAGS) throw tooManyTags();
    return { ...current, UserPoolTags: merged };
  });
}

export async function untagPool(services: Services, arn: string, keys: readonly string[]): Promise<void> {
  const pool = await poolByArn(services, arn);
  await changePool(services, pool.Id, (current) => {
    const remaining = Object.fromEntries(Object.entries(current.UserPoolTags ?? {}).filter(([k]) => !keys.includes(k)));
    return { ...current, UserPoolTags: remaining };
  });
}
