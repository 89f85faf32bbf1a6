import { CognitoError } from '../errors.js';
import type { UserPool } from '../pool/pools.js';
import { regionOfPoolId } from '../ids.js';

/**
 * Where a pool's passkeys belong: the relying party id (WebAuthnConfiguration.RelyingPartyId, else
 * the pool's custom domain or Cognito-style prefix domain, as in Cognito), whether the pool takes
 * passkeys at all (WEB_AUTHN among SignInPolicy.AllowedFirstAuthFactors), and which page origins may
 * present them.
 */

export const notEnabled = () => new CognitoError('WebAuthnNotEnabledException', 'Passkey authentication is not enabled for this user pool.');

/** Whether WEB_AUTHN is one of the pool's first factors. */
export const webAuthnEnabled = (pool: UserPool): boolean => (pool.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? []).includes('WEB_AUTHN');

export function relyingPartyId(pool: UserPool): string {
  const configured = pool.MfaFactors?.webAuthn?.RelyingPartyId;
  if (configured) return configured;
  if (pool.CustomDomain) return pool.CustomDomain;
  if (pool.Domain) return `${pool.Domain}.auth.${regionOfPoolId(pool.Id)}.amazoncognito.com`;
  throw new CognitoError('WebAuthnConfigurationMissingException', 'The user pool has no relying party id and no domain for passkeys.');
}

export const userVerification = (pool: UserPool): 'required' | 'preferred' => pool.MfaFactors?.webAuthn?.UserVerification ?? 'preferred';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The page origin a credential's clientDataJSON names, if the relying party may be used from it:
 * HTTPS on the relying party's host or a subdomain, or plain HTTP on a loopback host (as browsers allow).
 */
export function allowedOrigin(clientDataJSON: unknown, rpId: string): string | undefined {
  let origin: URL;
  try {
    const data = JSON.parse(Buffer.from(String(clientDataJSON), 'base64url').toString('utf8')) as { origin?: unknown };
    origin = new URL(String(data.origin));
  } catch {
    return undefined;
  }
  const host = origin.hostname;
  if (host !== rpId && !host.endsWith(`.${rpId}`)) return undefined;
  if (origin.protocol === 'https:' || (origin.protocol === 'http:' && LOOPBACK.has(host))) return origin.origin;
  return undefined;
}

export const originNotAllowed = () => new CognitoError('WebAuthnOriginNotAllowedException', "The passkey credential's origin does not match the user pool's relying party id.");
