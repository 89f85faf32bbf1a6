import { countInWindow } from '../../store/request-rates.js';
import { CognitoError } from '../errors.js';
import type { Services } from '../services.js';
import type { QuotaCategory } from './categories.js';
import { AWS_DEFAULT_RATES, isChallengeResponse, isQuotaCategory } from './categories.js';

/** Requests per second by category; a category left out is not limited. */
export type QuotaRates = Partial<Record<QuotaCategory, number>>;

const WINDOW_MS = 1000;

/**
 * `--quotas aws` (AWS's default rates) or a map of the operator's own, checked here so that a typo in
 * a category name fails the start instead of silently limiting nothing.
 */
export function quotaRates(value: 'aws' | Readonly<Record<string, unknown>>): QuotaRates {
  if (value === 'aws') return { ...AWS_DEFAULT_RATES };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('quotas must map categories to requests per second');
  const rates: QuotaRates = {};
  for (const [name, rate] of Object.entries(value)) {
    if (!isQuotaCategory(name)) throw new Error(`unknown quota category ${name}; known: ${Object.keys(AWS_DEFAULT_RATES).join(', ')}`);
    if (typeof rate !== 'number' || !Number.isInteger(rate) || rate < 0) throw new Error(`quota ${name} must be a whole number of requests per second (0 or more)`);
    rates[name] = rate;
  }
  return rates;
}

const rateExceeded = () => new CognitoError('TooManyRequestsException', 'Rate exceeded');

/**
 * Counts one request of `category` in `scope` (a region: AWS counts per account and region, across all
 * its pools) and throws `TooManyRequestsException` "Rate exceeded" when the current one-second window
 * is full. A refused request is not counted. The challenge responses first use their own allowance of
 * three times the rate, and only what exceeds it counts against the category, as AWS describes.
 */
export async function countRequest(services: Services, scope: string, category: QuotaCategory, operation?: string): Promise<void> {
  const rate = rateOf(services, category);
  if (rate === undefined) return;
  const windowStart = currentWindow(services);
  const db = services.store.db;
  if (operation !== undefined && isChallengeResponse(operation) && (await countInWindow(db, scope, `${category}:challenge-responses`, windowStart, rate * 3))) return;
  if (!(await countInWindow(db, scope, category, windowStart, rate))) throw rateExceeded();
}

/** AWS's cap on any single operation of these categories, per user pool, under the category's own rate. */
const PER_POOL_OPERATION_RATE = 5;
const PER_POOL_CATEGORIES: ReadonlySet<QuotaCategory> = new Set(['UserPoolResourceRead', 'UserPoolResourceUpdate', 'UserPoolClientRead', 'UserPoolClientUpdate']);

/**
 * The documented 5 requests a second for one operation of the pool-resource and pool-client categories
 * on one pool (lower when the category's own rate is), counted when that category is limited at all.
 */
export async function countPoolOperation(services: Services, poolId: string, category: QuotaCategory, operation: string): Promise<void> {
  const rate = rateOf(services, category);
  if (rate === undefined || !PER_POOL_CATEGORIES.has(category)) return;
  const limit = Math.min(rate, PER_POOL_OPERATION_RATE);
  if (!(await countInWindow(services.store.db, poolId, operation, currentWindow(services), limit))) throw rateExceeded();
}

const rateOf = (services: Services, category: QuotaCategory) => (services.settings.quotas as QuotaRates | undefined)?.[category];
const currentWindow = (services: Services) => Math.floor(services.clock.now() / WINDOW_MS) * WINDOW_MS;
