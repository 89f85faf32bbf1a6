import type { UserPoolClient } from '../client/clients.js';
import { getClientInPool } from '../client/clients.js';
import { CognitoError } from '../errors.js';
import { isRegisteredUri } from './redirect-uris.js';
import { endSsoSession } from './sso-session.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';

/**
 * `GET /logout` (cognito-wire.md §1.3): ends the SSO session (its server-side row, not only the
 * cookie, so that a copy of the cookie is refused too), then goes to a registered sign-out
 * URL, or back to the sign-in page for another sign-in. Cognito does not implement OIDC RP-initiated
 * logout, so `post_logout_redirect_uri` and `id_token_hint` mean nothing here.
 */
export type LogoutOutcome =
  /** Show the error page with this text; the session is left alone. */
  | { kind: 'error-page'; message: string }
  /** Send the browser to the domain's `/error?error=redirect_mismatch&client_id=...`. */
  | { kind: 'redirect-mismatch'; clientId: string }
  /** Clear the session, then redirect to this registered sign-out URL. */
  | { kind: 'signed-out'; location: string }
  /** Clear the session, then show the domain's `/login` for this authorization request. */
  | { kind: 'sign-in-again'; login: LoginParams };

/** A `/logout` request's parameters as the adapter read them: single, non-empty values only. */
/** What a sign-out with `redirect_uri` passes on to the sign-in it starts again. */
interface ForwardedAuthorization {
  responseType?: string;
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  nonce?: string;
  lang?: string;
}

export interface LogoutParams extends ForwardedAuthorization {
  clientId?: string;
  logoutUri?: string;
  redirectUri?: string;
  scope?: string;
}

/** The authorization request `/login` is sent with after a sign-out with `redirect_uri`. */
export interface LoginParams extends ForwardedAuthorization {
  clientId: string;
  redirectUri: string;
  /** The request's scopes, or else all the client is allowed. */
  scope: string;
}

/** The exact page texts Cognito shows (cognito-wire.md §1.3). */
export const LOGOUT_MESSAGES = {
  missingClientId: 'Missing required parameter client_id in request URL',
  missingRedirect: "Required String parameter 'redirect_uri' is not present",
  both: 'Specify either logout_uri or redirect_uri, not both.',
} as const;

/** Answers a `/logout` request; when the outcome signs out, the session `ssoCookie` names has ended, on every node. */
export async function logoutRequest(services: Services, pool: UserPool, params: LogoutParams, ssoCookie: string | undefined): Promise<LogoutOutcome> {
  const outcome = await logoutOutcome(services, pool, params);
  if (outcome.kind === 'signed-out' || outcome.kind === 'sign-in-again') await endSsoSession(services, pool, ssoCookie);
  return outcome;
}

async function logoutOutcome(services: Services, pool: UserPool, params: LogoutParams): Promise<LogoutOutcome> {
  const { clientId, logoutUri, redirectUri } = params;
  if (clientId === undefined) return { kind: 'error-page', message: LOGOUT_MESSAGES.missingClientId };
  let client: UserPoolClient;
  try {
    client = await getClientInPool(services, pool.Id, clientId);
  } catch (error) {
    if (error instanceof CognitoError && error.type === 'ResourceNotFoundException') return { kind: 'redirect-mismatch', clientId };
    throw error;
  }
  if (logoutUri !== undefined && redirectUri !== undefined) return { kind: 'error-page', message: LOGOUT_MESSAGES.both };
  if (logoutUri !== undefined) {
    if (!isRegisteredUri(client.LogoutURLs, logoutUri)) return { kind: 'error-page', message: LOGOUT_MESSAGES.missingRedirect };
    return { kind: 'signed-out', location: logoutUri };
  }
  if (redirectUri === undefined) return { kind: 'error-page', message: LOGOUT_MESSAGES.missingRedirect };
  if (!isRegisteredUri(client.CallbackURLs, redirectUri)) return { kind: 'redirect-mismatch', clientId };
  const { responseType, state, codeChallenge, codeChallengeMethod, nonce, lang } = params;
  return {
    kind: 'sign-in-again',
    login: { clientId, redirectUri, responseType, state, codeChallenge, codeChallengeMethod, nonce, lang, scope: params.scope ?? (client.AllowedOAuthScopes ?? []).join(' ') },
  };
}
