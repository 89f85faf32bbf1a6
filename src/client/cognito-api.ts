import { TokenClientError } from './errors.js';
import { jsonOf, send } from './http.js';
import type { AwsCredentials } from './sigv4.js';
import { signRequest } from './sigv4.js';

/**
 * Cognito's JSON API over plain fetch (awsJson1.1: POST /, `X-Amz-Target`), so that the client needs no
 * AWS SDK. Public operations (InitiateAuth, RespondToAuthChallenge) go unsigned; administrative ones
 * (Describe*) are signed with SigV4 when credentials are given, as Cognito requires and Cognate accepts.
 */

export interface CognitoApiOptions {
  endpoint: string;
  region?: string;
  credentials?: AwsCredentials;
}

/** The AWS credentials of the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN), if any. */
export function environmentCredentials(env: NodeJS.ProcessEnv = process.env): AwsCredentials | undefined {
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return undefined;
  return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

/** The region of a pool id (`us-east-1_AbC123` → `us-east-1`). */
export const regionOfPool = (poolId: string): string => poolId.split('_')[0] ?? 'us-east-1';

export async function callCognito<T = Record<string, unknown>>(options: CognitoApiOptions, operation: string, input: Record<string, unknown>): Promise<T> {
  const url = new URL(options.endpoint);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  const body = JSON.stringify(input);
  let headers: Record<string, string> = {
    host: url.host,
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
  };
  if (options.credentials) headers = await signRequest({ method: 'POST', url, headers, body }, options.credentials, options.region);
  const res = await send(url, { method: 'POST', headers, body });
  const answer = await jsonOf(res);
  if (!res.ok) {
    const type = String(res.headers.get('x-amzn-errortype') ?? answer?.__type ?? `HTTP${res.status}`).split(/[:#]/).pop()!;
    const message = typeof answer?.message === 'string' ? answer.message : typeof answer?.Message === 'string' ? answer.Message : `HTTP ${res.status}`;
    throw new TokenClientError('cognito', `${operation}: ${type}: ${message}`, type);
  }
  return (answer ?? {}) as T;
}
