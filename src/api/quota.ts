import { getClient } from '../core/client/clients.js';
import { CognitoError } from '../core/errors.js';
import { regionOfPoolId } from '../core/ids.js';
import { categoryOfOperation } from '../core/quota/categories.js';
import { countPoolOperation, countRequest } from '../core/quota/rates.js';
import type { Services } from '../core/services.js';

/**
 * Counts an API request against its quota category (core/quota) when quotas are on. AWS counts per
 * account and region, so the counter is the region of the pool the request concerns: named by
 * UserPoolId, found through ClientId, or read from the access token's issuer; otherwise the
 * request's region.
 */
export async function countApiRequest(services: Services, operation: string, input: unknown, region: string): Promise<void> {
  if (!services.settings.quotas) return;
  const category = categoryOfOperation(operation);
  if (!category) return;
  const { UserPoolId } = (input ?? {}) as Record<string, unknown>;
  if (typeof UserPoolId === 'string') await countPoolOperation(services, UserPoolId, category, operation);
  await countRequest(services, await regionOfRequest(services, input, region), category, operation);
}

async function regionOfRequest(services: Services, input: unknown, region: string): Promise<string> {
  const { UserPoolId, ClientId, AccessToken, Token } = (input ?? {}) as Record<string, unknown>;
  if (typeof UserPoolId === 'string') return regionOfPoolId(UserPoolId);
  if (typeof ClientId === 'string') {
    try {
      return regionOfPoolId((await getClient(services, ClientId)).UserPoolId);
    } catch (error) {
      if (error instanceof CognitoError) return region;
      throw error;
    }
  }
  const token = typeof AccessToken === 'string' ? AccessToken : typeof Token === 'string' ? Token : undefined;
  return (token && regionOfToken(token)) || region;
}

/** The region in a token's `iss` (`.../<region>_<id>`), read without verifying: it only picks a counter. */
function regionOfToken(token: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iss?: unknown };
    const match = typeof payload.iss === 'string' ? /\/([a-z0-9-]+)_[0-9a-zA-Z]+$/.exec(payload.iss) : null;
    return match?.[1];
  } catch {
    return undefined;
  }
}
