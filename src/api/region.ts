import type { FastifyRequest } from 'fastify';
import { err } from '../core/errors.js';
import { isRegionName, regionOfPoolId } from '../core/ids.js';

/**
 * Which region a Cognito API request addresses. On AWS that is the endpoint's
 * (`cognito-idp.<region>.amazonaws.com`); here every region is served from one address, so it is the
 * region in the signature's credential scope (`Credential=AKID/date/<region>/cognito-idp/aws4_request`),
 * which the SDK and the CLI take from their configured region. An unsigned request, or one whose scope
 * names no usable region, addresses the server's `--region`. When admin credentials are configured the
 * signature check (sigv4.ts) covers the scope, so the region cannot be changed without the secret.
 */
export function requestRegion(request: FastifyRequest, fallback: string): string {
  const header = request.headers.authorization;
  const authorization = Array.isArray(header) ? header[0] : header;
  const match = authorization === undefined ? null : /Credential=([^,\s]*)/.exec(authorization);
  const region = match?.[1]?.split('/')[2];
  return region !== undefined && isRegionName(region) ? region : fallback;
}

export const isSigned = (request: FastifyRequest) => request.headers.authorization !== undefined;

const POOL_ARN = /^arn:[\w-]+:cognito-idp:[\w-]+:\d+:userpool\/([\w-]+_[0-9a-zA-Z]+)$/;

/**
 * A pool of another region does not exist at this region's endpoint: `ResourceNotFoundException`, as
 * AWS answers, for a UserPoolId (or a pool ARN) whose region is not the request's.
 */
export function checkPoolRegion(input: unknown, region: string): void {
  if (input === null || typeof input !== 'object') return;
  const { UserPoolId, ResourceArn } = input as { UserPoolId?: unknown; ResourceArn?: unknown };
  const poolId = typeof UserPoolId === 'string' ? UserPoolId : typeof ResourceArn === 'string' ? POOL_ARN.exec(ResourceArn)?.[1] : undefined;
  if (poolId !== undefined && regionOfPoolId(poolId) !== region) throw err.poolNotFound(poolId);
}
