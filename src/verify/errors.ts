/** Why a token was refused, and the HTTP answer that goes with it (RFC 6750 §3.1). */
export type RejectionReason =
  | 'missing'
  | 'malformed'
  | 'algorithm'
  | 'unknown_kid'
  | 'signature'
  | 'expired'
  | 'not_yet_valid'
  | 'issuer'
  | 'token_use'
  | 'client'
  | 'scope'
  | 'group'
  | 'jwks_unavailable';

export class TokenVerificationError extends Error {
  /** 401 for a token that is missing or not good, 403 for a good token without the rights, 503 when keys cannot be read. */
  readonly status: 401 | 403 | 503;
  /** The RFC 6750 error code for `WWW-Authenticate`, if any. */
  readonly error?: 'invalid_token' | 'insufficient_scope' | 'invalid_request';

  constructor(
    readonly reason: RejectionReason,
    message: string,
    /** For a missing scope: the scopes the resource needs. */
    readonly requiredScopes?: string[],
  ) {
    super(message);
    this.name = 'TokenVerificationError';
    this.status = reason === 'scope' || reason === 'group' ? 403 : reason === 'jwks_unavailable' ? 503 : 401;
    this.error = reason === 'missing' || reason === 'group' || reason === 'jwks_unavailable' ? undefined : reason === 'scope' ? 'insufficient_scope' : 'invalid_token';
  }
}

const quote = (s: string) => `"${s.replace(/["\\]/g, '')}"`;

/** The `WWW-Authenticate` challenge for a refusal (RFC 6750 §3). */
export function bearerChallenge(error: TokenVerificationError, realm = 'api'): string {
  const parts = [`realm=${quote(realm)}`];
  if (error.error) parts.push(`error=${quote(error.error)}`, `error_description=${quote(error.message)}`);
  if (error.requiredScopes?.length) parts.push(`scope=${quote(error.requiredScopes.join(' '))}`);
  return `Bearer ${parts.join(', ')}`;
}

/** The JSON body sent with a refusal. */
export const rejectionBody = (error: TokenVerificationError) => ({
  error: error.error ?? (error.status === 403 ? 'forbidden' : error.status === 503 ? 'temporarily_unavailable' : 'unauthorized'),
  error_description: error.message,
});
