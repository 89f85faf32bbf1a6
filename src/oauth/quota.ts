import type { FastifyReply, FastifyRequest } from 'fastify';
import { CognitoError } from '../core/errors.js';
import { regionOfPoolId } from '../core/ids.js';
import type { QuotaCategory } from '../core/quota/categories.js';
import { categoryOfGrant } from '../core/quota/categories.js';
import { countRequest } from '../core/quota/rates.js';
import type { Services } from '../core/services.js';
import { contextOf } from '../web/pool-context.js';
import { singleParams } from './form.js';
import { isForm } from './responses.js';

/**
 * Counts a token-endpoint request (by its grant) or a revocation against the pool's region's quota
 * (core/quota), when quotas are on. Requests that are no form are left to the endpoint's own answer.
 */
export async function countOAuthRequest(services: Services, request: FastifyRequest, endpoint: 'token' | 'revoke'): Promise<void> {
  if (!services.settings.quotas || !isForm(request)) return;
  const category: QuotaCategory | undefined = endpoint === 'revoke' ? 'UserToken' : categoryOfGrant(singleParams(request.body).grant_type);
  if (category) await countRequest(services, regionOfPoolId(contextOf(request).pool.Id), category);
}

export const isRateExceeded = (error: unknown) => error instanceof CognitoError && error.type === 'TooManyRequestsException';

/** What Cognito's token endpoint sends when throttled is unconfirmed; HTTP 429 is what OAuth clients understand. */
export const sendRateExceeded = (reply: FastifyReply) =>
  reply.code(429).send({ error: 'too_many_requests', error_description: 'Rate exceeded' });
