import type { UserPoolClient } from '../client/clients.js';
import { getClientInPool } from '../client/clients.js';
import { CognitoError } from '../errors.js';
import type { AuthorizeParams } from './authorize.js';
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
  /** Clear the session, then redirect to the domain's `/login` with these parameters. */
  | { kind: 'sign-in-again'; query: URLSearchParams };

/** The exact page texts Cognito shows (cognito-wire.md §1.3). */
export const LOGOUT_MESSAGES = {
  missingClientId: 'Missing required parameter client_id in request URL',
  missingRedirect: "Required String parameter 'redirect_uri' is not present",
  both: 'Specify either logout_uri or redirect_uri, not both.',
} as const;

const PASSED_TO_LOGIN = ['response_type', 'state', 'code_challenge', 'code_challenge_method', 'nonce', 'lang'];

/** Answers a `/logout` request; when the outcome signs out, the session `ssoCookie` names has ended, on every node. */
export async function logoutRequest(services: Services, pool: UserPool, params: AuthorizeParams, ssoCookie: string | undefined): Promise<LogoutOutcome> {
  const outcome = await logoutOutcome(services, pool, params);
  if (outcome.kind === 'signed-out' || outcome.kind === 'sign-in-again') await endSsoSession(services, pool, ssoCookie);
  return outcome;
}

async function logoutOutcome(services: Services, pool: UserPool, params: AuthorizeParams): Promise<LogoutOutcome> {
  const one = (name: string) => (typeof params[name] === 'string' && params[name] !== '' ? (params[name] as string) : undefined);
  const clientId = one('client_id');
  if (clientId === undefined) return { kind: 'error-page', message: LOGOUT_MESSAGES.missingClientId };
  let client: UserPoolClient;
  try {
    client = await getClientInPool(services, pool.Id, clientId);
  } catch (error) {
    if (error instanceof CognitoError && error.type === 'ResourceNotFoundException') return { kind: 'redirect-mismatch', clientId };
    throw error;
  }
  const logoutUri = one('logout_uri');
  const redirectUri = one('redirect_uri');
  if (logoutUri !== undefined && redirectUri !== undefined) return { kind: 'error-page', message: LOGOUT_MESSAGES.both };
  if (logoutUri !== undefined) {
    if (!isRegisteredUri(client.LogoutURLs, logoutUri)) return { kind: 'error-page', message: LOGOUT_MESSAGES.missingRedirect };
    return { kind: 'signed-out', location: logoutUri };
  }
  if (redirectUri === undefined) return { kind: 'error-page', message: LOGOUT_MESSAGES.missingRedirect };
  if (!isRegisteredUri(client.CallbackURLs, redirectUri)) return { kind: 'redirect-mismatch', clientId };
  const query = new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri });
  for (const name of PASSED_TO_LOGIN) {
    const value = one(name);
    if (value !== undefined) query.set(name, value);
  }
  query.set('scope', one('scope') ?? (client.AllowedOAuthScopes ?? []).join(' '));
  return { kind: 'sign-in-again', query };
}
