import type { StandInIdentity } from '../store/stand-in.js';

/**
 * Reading what reaches the stand-in: the authorization request, and the identity a developer typed.
 * Each value is a single string of printable text (what is stored and signed must be), bounded.
 */

export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  state?: string;
  nonce?: string;
  scope?: string;
  responseMode?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

export class StandInInputError extends Error {}

type Params = Record<string, unknown>;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A single bounded string of text, or undefined when absent or empty. */
export function textParam(params: Params, name: string, max = 2048): string | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new StandInInputError(`${name} must be given once.`);
  if (value.length > max) throw new StandInInputError(`${name} is longer than ${max} characters.`);
  if (CONTROL.test(value) || LONE_SURROGATE.test(value)) throw new StandInInputError(`${name} holds characters that are not text.`);
  return value;
}

/** Only web redirect URIs: the stand-in hands a code to nothing but an http(s) URL. */
export function webUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The redirect URI and client, which must be right before any answer can go back to the client. */
export function readAuthorizationRequest(query: Params): AuthorizationRequest {
  const clientId = textParam(query, 'client_id', 256);
  if (!clientId) throw new StandInInputError('client_id is missing.');
  const redirectUri = textParam(query, 'redirect_uri');
  if (!redirectUri) throw new StandInInputError('redirect_uri is missing.');
  if (!webUrl(redirectUri)) throw new StandInInputError('redirect_uri must be an http or https URL.');
  return {
    clientId,
    redirectUri,
    state: textParam(query, 'state', 8192),
    nonce: textParam(query, 'nonce', 1024),
    scope: textParam(query, 'scope', 1024),
    responseMode: textParam(query, 'response_mode', 32),
    codeChallenge: textParam(query, 'code_challenge', 128),
    codeChallengeMethod: textParam(query, 'code_challenge_method', 16),
  };
}

/** The identity the form typed; `sub` may be absent (the stand-in makes one up). */
export function readTypedIdentity(body: Params): Partial<StandInIdentity> {
  const identity: Partial<StandInIdentity> = {
    sub: textParam(body, 'sub', 255)?.trim() || undefined,
    email: textParam(body, 'email', 256)?.trim() || undefined,
    name: textParam(body, 'name', 256)?.trim() || undefined,
    given_name: textParam(body, 'given_name', 256)?.trim() || undefined,
    family_name: textParam(body, 'family_name', 256)?.trim() || undefined,
    picture: textParam(body, 'picture', 2048)?.trim() || undefined,
  };
  if (identity.email && !/^[^@\s]+@[^@\s]+$/.test(identity.email)) throw new StandInInputError('The e-mail address is not an e-mail address.');
  if (identity.picture && !webUrl(identity.picture)) throw new StandInInputError('The picture must be an http or https URL.');
  return identity;
}
