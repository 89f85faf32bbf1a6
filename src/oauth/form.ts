import { oauthError } from '../core/oauth/errors.js';

/**
 * Reading the form bodies of the token and revocation endpoints (application/x-www-form-urlencoded):
 * every parameter single-valued (RFC 6749 §3.2), an empty value the same as an absent one.
 */

/** Form parameters as parsed: a repeated parameter arrives as an array. */
export type FormParams = Record<string, string | string[] | undefined>;

export type SingleParams = Record<string, string | undefined>;

export function singleParams(body: unknown): SingleParams {
  const out: SingleParams = {};
  for (const [name, value] of Object.entries((body ?? {}) as FormParams)) {
    if (Array.isArray(value)) throw oauthError('invalid_request', `Parameter ${name} is repeated.`);
    out[name] = value === '' ? undefined : value;
  }
  return out;
}

export function requiredParam(params: SingleParams, name: string): string {
  const value = params[name];
  if (value === undefined) throw oauthError('invalid_request', `Missing required parameter ${name}`);
  return value;
}
