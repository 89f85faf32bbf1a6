import type { CreateUserPoolDomainInput, CreateUserPoolDomainResult, CustomDomainConfig, DomainDescription, Routing, UpdateUserPoolDomainInput, UpdateUserPoolDomainResult } from './types.js';
import { isUniqueViolation } from '../../store/database.js';
import * as repo from '../../store/domains.js';
import { CognitoError, err } from '../errors.js';
import { regionOfPoolId } from '../ids.js';
import { getPool } from './pools.js';
import type { Services } from '../services.js';

export type DomainKind = 'prefix' | 'custom';

/** A user pool domain: a prefix (`<prefix>.auth.<region>...`) or a custom host name, and how it is served. */
export interface UserPoolDomain {
  Domain: string;
  UserPoolId: string;
  kind: DomainKind;
  ManagedLoginVersion: number;
  CustomDomainConfig?: CustomDomainConfig;
  Routing?: Routing;
  /** The CloudFront host Cognito would front the domain with; shown, never used. */
  CloudFrontDistribution: string;
  S3Bucket: string;
  Version: string;
  CreationDate: number;
}

type StoredConfig = Pick<UserPoolDomain, 'ManagedLoginVersion' | 'CustomDomainConfig' | 'Routing' | 'CloudFrontDistribution' | 'S3Bucket' | 'Version'>;

export const PREFIX_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const RESERVED_WORDS = ['aws', 'amazon', 'cognito'];
// Lower-case labels of letters, digits and hyphens, at least two of them, 253 characters in all.
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

const cacheKey = (domain: string) => `domain:${domain}`;
const noSuchDomain = () => err.invalidParameter('No such domain or user pool exists.');

function fromRow(row: repo.DomainRecord): UserPoolDomain {
  return {
    // The store keeps what storedConfig() gave it.
    ...(row.config as StoredConfig),
    Domain: row.domain,
    UserPoolId: row.pool_id,
    kind: row.kind as DomainKind,
    CreationDate: row.created_at,
  };
}

function storedConfig(d: UserPoolDomain): StoredConfig {
  const config: StoredConfig = {
    ManagedLoginVersion: d.ManagedLoginVersion,
    CloudFrontDistribution: d.CloudFrontDistribution,
    S3Bucket: d.S3Bucket,
    Version: d.Version,
    ...(d.CustomDomainConfig ? { CustomDomainConfig: d.CustomDomainConfig } : {}),
    ...(d.Routing ? { Routing: d.Routing } : {}),
  };
  return config;
}

/** The messages for a bad prefix are Cognito's, as observed. */
function checkPrefix(domain: string): void {
  if (!PREFIX_PATTERN.test(domain))
    throw err.invalidParameter(
      'The domain name contains an invalid character. Domain names can only contain lower-case letters, numbers, and hyphens. ' +
        'Please enter a different name that follows this format: ^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$',
    );
  const reserved = RESERVED_WORDS.find((w) => domain.includes(w));
  if (reserved) throw err.invalidParameter(`Domain cannot contain reserved word: ${reserved}`);
}

function checkCustomDomain(domain: string): void {
  if (!HOST_NAME.test(domain)) throw err.invalidParameter(`The custom domain ${domain} is not a valid domain name.`);
}

function checkManagedLoginVersion(version: number | undefined): void {
  if (version !== undefined && version !== 1 && version !== 2)
    throw err.invalidParameter('ManagedLoginVersion must be 1 (hosted UI classic) or 2 (managed login).');
}

function checkRouting(kind: DomainKind, routing: Routing | undefined): void {
  if (routing && kind !== 'custom') throw err.invalidParameter('Routing configuration is only supported for custom domains.');
}

/** `d` and 13 characters, the shape of a CloudFront distribution's host name. */
const cloudFrontHost = (services: Services) => `d${services.random.string(13, LOWER_ALNUM)}.cloudfront.net`;

/** Cognito reports a numeric build stamp; the creation time in that shape serves the same purpose. */
const versionStamp = (ms: number) => new Date(ms).toISOString().replace(/[^0-9]/g, '').slice(0, 14);

/**
 * Adds a prefix domain, or a custom domain when CustomDomainConfig is given. A pool has at most one
 * of each, and a domain belongs to one pool across the whole server.
 */
export async function createDomain(services: Services, input: CreateUserPoolDomainInput): Promise<CreateUserPoolDomainResult> {
  const kind: DomainKind = input.CustomDomainConfig ? 'custom' : 'prefix';
  const name = input.Domain!;
  if (kind === 'prefix') checkPrefix(name);
  else checkCustomDomain(name);
  checkManagedLoginVersion(input.ManagedLoginVersion);
  checkRouting(kind, input.Routing);
  const pool = await getPool(services, input.UserPoolId!);
  const now = services.clock.now();
  const domain: UserPoolDomain = {
    Domain: name,
    UserPoolId: pool.Id,
    kind,
    ManagedLoginVersion: input.ManagedLoginVersion ?? 1,
    ...(input.CustomDomainConfig ? { CustomDomainConfig: { ...input.CustomDomainConfig } } : {}),
    ...(input.Routing ? { Routing: input.Routing } : {}),
    CloudFrontDistribution: cloudFrontHost(services),
    S3Bucket: `aws-cognito-prod-${regionOfPoolId(pool.Id)}-assets`,
    Version: versionStamp(now),
    CreationDate: now,
  };
  const conflict = async (): Promise<CognitoError> => {
    const taken = await repo.findDomain(services.store.db, name);
    if (taken && taken.pool_id !== pool.Id) return err.invalidParameter('Domain already associated with another user pool.');
    return err.invalidParameter('User pool already has a domain configured.');
  };
  try {
    await services.store.transaction(async (trx) => {
      const existing = await repo.domainsOfPool(trx, pool.Id);
      if (existing.some((d) => d.kind === kind)) throw err.invalidParameter('User pool already has a domain configured.');
      const taken = await repo.findDomain(trx, name);
      if (taken) throw err.invalidParameter('Domain already associated with another user pool.');
      await repo.insertDomain(trx, { domain: name, pool_id: pool.Id, kind, config: storedConfig(domain), created_at: now });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw await conflict();
    throw error;
  }
  services.cache.invalidate(cacheKey(name));
  return {
    ManagedLoginVersion: domain.ManagedLoginVersion,
    ...(kind === 'custom' ? { CloudFrontDomain: domain.CloudFrontDistribution } : {}),
    ...(domain.Routing ? { Routing: domain.Routing } : {}),
  };
}

/** The domain's description; an unknown domain is an empty description, not an error, as in Cognito. */
export async function describeDomain(services: Services, name: string): Promise<DomainDescription> {
  const domain = await findDomain(services, name);
  if (!domain) return {};
  return {
    UserPoolId: domain.UserPoolId,
    AWSAccountId: services.settings.accountId,
    Domain: domain.Domain,
    S3Bucket: domain.S3Bucket,
    CloudFrontDistribution: domain.CloudFrontDistribution,
    Version: domain.Version,
    Status: 'ACTIVE',
    ...(domain.CustomDomainConfig ? { CustomDomainConfig: domain.CustomDomainConfig } : {}),
    ManagedLoginVersion: domain.ManagedLoginVersion,
    ...(domain.Routing ? { Routing: domain.Routing } : {}),
  };
}

/**
 * Changes the branding version, the certificate of a custom domain and its routing. The name cannot
 * change; members the request leaves out keep their values.
 */
export async function updateDomain(services: Services, input: UpdateUserPoolDomainInput): Promise<UpdateUserPoolDomainResult> {
  const row = await repo.findDomain(services.store.db, input.Domain!);
  if (!row || row.pool_id !== input.UserPoolId) throw noSuchDomain();
  const current = fromRow(row);
  checkManagedLoginVersion(input.ManagedLoginVersion);
  checkRouting(current.kind, input.Routing);
  if (input.CustomDomainConfig && current.kind !== 'custom')
    throw err.invalidParameter('CustomDomainConfig can only be set on a custom domain.');
  const updated: UserPoolDomain = {
    ...current,
    ManagedLoginVersion: input.ManagedLoginVersion ?? current.ManagedLoginVersion,
    ...(input.CustomDomainConfig ? { CustomDomainConfig: { ...input.CustomDomainConfig } } : {}),
    ...(input.Routing ? { Routing: input.Routing } : {}),
  };
  await repo.updateDomainConfig(services.store.db, updated.Domain, storedConfig(updated));
  services.cache.invalidate(cacheKey(updated.Domain));
  return {
    ManagedLoginVersion: updated.ManagedLoginVersion,
    ...(updated.kind === 'custom' ? { CloudFrontDomain: updated.CloudFrontDistribution } : {}),
    ...(updated.Routing ? { Routing: updated.Routing } : {}),
  };
}

export async function deleteDomain(services: Services, poolId: string, name: string): Promise<void> {
  const deleted = await repo.deleteDomain(services.store.db, poolId, name);
  services.cache.invalidate(cacheKey(name));
  if (!deleted) throw noSuchDomain();
}

/** The domain and the pool behind it, for the hosted UI; undefined when unknown (or its pool is gone). */
export async function findDomain(services: Services, name: string): Promise<UserPoolDomain | undefined> {
  const domain = await services.cache.get(cacheKey(name), async () => {
    const row = await repo.findDomain(services.store.db, name);
    return row ? fromRow(row) : undefined;
  });
  if (!domain) return undefined;
  try {
    await getPool(services, domain.UserPoolId);
  } catch (error) {
    if (!(error instanceof CognitoError) || error.type !== 'ResourceNotFoundException') throw error;
    services.cache.invalidate(cacheKey(name));
    return undefined;
  }
  return domain;
}

/** What DescribeUserPool shows as `Domain` (the prefix) and `CustomDomain`. */
export async function domainsOfPool(services: Services, poolId: string): Promise<{ Domain?: string; CustomDomain?: string }> {
  const rows = await repo.domainsOfPool(services.store.db, poolId);
  const prefix = rows.find((r) => r.kind === 'prefix');
  const custom = rows.find((r) => r.kind === 'custom');
  return { ...(prefix ? { Domain: prefix.domain } : {}), ...(custom ? { CustomDomain: custom.domain } : {}) };
}
