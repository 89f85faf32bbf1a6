/**
 * The account's provisioned API limits (GetProvisionedLimit, UpdateProvisionedLimit): kept and
 * described. What `--quotas` enforces is its own table (core/quota), not these values.
 */
import * as repo from '../../store/replicas.js';
import { CognitoError, err } from '../errors.js';
import { AWS_DEFAULT_RATES } from '../quota/categories.js';
import type { Services } from '../services.js';

export interface LimitDefinition {
  LimitClass: string;
  Attributes: Record<string, string>;
}

export interface Limit {
  LimitDefinition: LimitDefinition;
  ProvisionedLimitValue: number;
  FreeLimitValue: number;
}

/** Requests per second included at no cost, per API category: the rates Cognito's quota page lists, which `--quotas aws` enforces. */
export const FREE_LIMITS: Readonly<Record<string, number>> = AWS_DEFAULT_RATES;

/** Cognate's stand-in for the account's Service Quotas maximum. */
export const MAX_PROVISIONED_LIMIT = 10_000;

function categoryOf(definition: LimitDefinition): string {
  const category = definition.Attributes.Category;
  if (category === undefined) throw err.invalidParameter('LimitDefinition.Attributes must name a Category.');
  if (FREE_LIMITS[category] === undefined) throw new CognitoError('ResourceNotFoundException', `No limit exists for category ${category}.`);
  return category;
}

const limit = (category: string, value: number): Limit => ({
  LimitDefinition: { LimitClass: 'API_CATEGORY', Attributes: { Category: category } },
  ProvisionedLimitValue: value,
  FreeLimitValue: FREE_LIMITS[category]!,
});

export async function getProvisionedLimit(services: Services, definition: LimitDefinition): Promise<Limit> {
  const category = categoryOf(definition);
  const row = await repo.findProvisionedLimit(services.store.db, `API_CATEGORY:${category}`);
  return limit(category, row?.value ?? FREE_LIMITS[category]!);
}

export async function updateProvisionedLimit(services: Services, definition: LimitDefinition, requested: number): Promise<Limit> {
  const category = categoryOf(definition);
  const free = FREE_LIMITS[category]!;
  if (!Number.isInteger(requested) || requested < free)
    throw err.invalidParameter(`RequestedLimitValue must be at least the free limit of ${free} for ${category}.`);
  if (requested > MAX_PROVISIONED_LIMIT)
    throw new CognitoError('ServiceQuotaExceededException', `RequestedLimitValue exceeds the account's maximum of ${MAX_PROVISIONED_LIMIT} for ${category}.`);
  await repo.saveProvisionedLimit(services.store.db, { limit_key: `API_CATEGORY:${category}`, value: requested, updated_at: services.clock.now() });
  return limit(category, requested);
}
