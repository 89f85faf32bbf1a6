/**
 * What went wrong while getting a token, sorted so that a command line can give each kind its own
 * message and exit code: bad settings, an unreachable server, an OAuth error from the server, a user
 * who said no, nobody answering in time, or a sign-in the hosted pages refused.
 */
export type TokenErrorKind = 'config' | 'network' | 'oauth' | 'denied' | 'timeout' | 'sign-in' | 'cognito';

export class TokenClientError extends Error {
  constructor(
    readonly kind: TokenErrorKind,
    message: string,
    /** The OAuth `error` code or Cognito exception name, when the server sent one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'TokenClientError';
  }
}

export const configError = (message: string) => new TokenClientError('config', message);
