import { CognitoError } from '../errors.js';
import type { UserPool } from '../pool/pools.js';
import { regionOfPoolId } from '../ids.js';
import { domainsOfPool } from '../pool/domains.js';
import type { Services } from '../services.js';
import { mfaStateOf } from '../mfa/settings.js';
import type { User } from '../user/users.js';

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

/**
 * The relying party id of the pool as stored: the pool a request carries has no Domain or CustomDomain
 * (DescribeUserPool adds them), so the fallback to the pool's domains reads them here.
 */
export async function relyingPartyIdOf(services: Services, pool: UserPool): Promise<string> {
  if (pool.MfaFactors?.webAuthn?.RelyingPartyId || pool.Domain || pool.CustomDomain) return relyingPartyId(pool);
  return relyingPartyId({ ...pool, ...(await domainsOfPool(services, pool.Id)) });
}

export const userVerification = (pool: UserPool): 'required' | 'preferred' => pool.MfaFactors?.webAuthn?.UserVerification ?? 'preferred';

/**
 * Passkeys as MFA: a pool whose FactorConfiguration is MULTI_FACTOR_WITH_USER_VERIFICATION lets a
 * user who turned passkey MFA on (WebAuthnMfaSettings) sign in with a user-verified passkey alone
 * where MFA is required. Elsewhere a passkey is a single factor, which a pool requiring MFA does not
 * offer ("passkey sign-in is available when MFA is required" only with the user's setting on).
 */
export const passkeyMfaPool = (pool: UserPool): boolean => pool.MfaFactors?.webAuthn?.FactorConfiguration === 'MULTI_FACTOR_WITH_USER_VERIFICATION';

export const passkeyMfaUser = (pool: UserPool, user: Pick<User, 'settings'>): boolean => passkeyMfaPool(pool) && mfaStateOf(user).webAuthnMfa === true;

/** Whether this user may sign in with a passkey in this pool as its MFA setting stands. */
export const passkeyAllowedByMfa = (pool: UserPool, user: Pick<User, 'settings'>): boolean => pool.MfaConfiguration !== 'ON' || passkeyMfaUser(pool, user);

/** Whether the assertion must carry user verification: the pool asks for it, or the user's passkey MFA does. */
export const verificationRequired = (pool: UserPool, user: Pick<User, 'settings'>): boolean => userVerification(pool) === 'required' || mfaStateOf(user).webAuthnMfa === true;

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
