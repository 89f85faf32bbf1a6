/**
 * An error of the OAuth 2.0 endpoints (RFC 6749 §5.2, RFC 6750 §3.1, RFC 7009 §2.2.1), raised by the
 * core and rendered by the OAuth adapter as `{"error","error_description"}`.
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'unsupported_token_type'
  | 'invalid_token'
  | 'server_error'
  | 'login_required';

export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description?: string,
  ) {
    super(description ?? error);
    this.name = 'OAuthError';
  }
}

export const oauthError = (error: OAuthErrorCode, description?: string) => new OAuthError(error, description);
