import { decodeJwt } from 'jose';
import type { Endpoints } from './endpoints.js';
import { TokenClientError, configError } from './errors.js';
import type { HeadlessCredentials } from './headless.js';
import { signInHeadless } from './headless.js';
import { durationText, isLoopbackUri, redirectError, startLoopbackReceiver } from './loopback.js';
import type { Pkce } from './pkce.js';
import { createPkce, randomToken } from './pkce.js';
import type { ClientSettings } from './settings.js';
import type { TokenResponse } from './token-endpoint.js';
import { requestToken } from './token-endpoint.js';

/**
 * The browser-based grants, authorization code (with or without PKCE) and implicit, answered either
 * by a person in the system browser (the redirect comes back to a loopback listener, or is pasted
 * when the callback is not loopback) or unattended through the hosted UI's forms.
 */

export interface InteractiveOptions {
  /** Opens the URL in a browser; when absent the URL is only shown. */
  openBrowser?: (url: string) => Promise<unknown> | unknown;
  /** Reads the address the browser landed on, for a redirect URI that is not loopback. */
  readRedirect?: (prompt: string) => Promise<string>;
  timeoutMs?: number;
  /** Set when no person can answer (no terminal, no browser): the sign-in fails at once with this reason instead of waiting. */
  unavailable?: string;
}

export interface AuthorizeOptions {
  interactive?: InteractiveOptions;
  /** Unattended sign-in with these credentials instead of a browser. */
  headless?: HeadlessCredentials;
  onStatus?: (message: string) => void;
}

export interface AuthorizationRequest {
  url: string;
  state: string;
  nonce?: string;
  pkce?: Pkce;
  redirectUri: string;
}

export function buildAuthorizationRequest(endpoints: Endpoints, settings: ClientSettings, redirectUri: string): AuthorizationRequest {
  if (!endpoints.authorizationEndpoint) throw configError('No authorization endpoint: give --auth-url, or an --issuer whose discovery has one');
  const implicit = settings.grant === 'implicit';
  const pkce = !implicit && settings.pkce !== false ? createPkce(settings.codeChallengeMethod ?? 'S256') : undefined;
  const state = settings.state ?? randomToken();
  const nonce = (settings.scope ?? '').split(' ').includes('openid') ? randomToken() : undefined;
  const url = new URL(endpoints.authorizationEndpoint);
  const params: Record<string, string | undefined> = {
    response_type: implicit ? 'token' : 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri,
    scope: settings.scope,
    state,
    nonce,
    code_challenge: pkce?.challenge,
    code_challenge_method: pkce?.method,
    identity_provider: settings.identityProvider,
    ...settings.authParams,
  };
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') url.searchParams.set(k, v);
  return { url: url.toString(), state, redirectUri, ...(nonce ? { nonce } : {}), ...(pkce ? { pkce } : {}) };
}

/** The browser's answer, checked: no error, our state, and for the ID token our nonce. */
function checkAnswer(request: AuthorizationRequest, params: URLSearchParams): void {
  const failure = redirectError(params);
  if (failure) throw failure;
  if (params.get('state') !== request.state) throw new TokenClientError('oauth', 'The response carries another state than the request sent (possible forgery); try again');
  const idToken = params.get('id_token');
  if (idToken && request.nonce) {
    let nonce: unknown;
    try {
      nonce = decodeJwt(idToken).nonce;
    } catch {
      throw new TokenClientError('oauth', 'The ID token in the response is not a JWT');
    }
    if (nonce !== request.nonce) throw new TokenClientError('oauth', 'The ID token carries another nonce than the request sent');
  }
}

async function waitForBrowser(request: AuthorizationRequest, options: AuthorizeOptions, receiverReady?: Awaited<ReturnType<typeof startLoopbackReceiver>>): Promise<URLSearchParams> {
  const status = options.onStatus ?? (() => undefined);
  const interactive = options.interactive ?? {};
  if (interactive.unavailable) {
    await receiverReady?.close();
    throw configError(interactive.unavailable);
  }
  const timeoutMs = interactive.timeoutMs ?? 300_000;
  const show = async () => {
    if (interactive.openBrowser) {
      try {
        await interactive.openBrowser(request.url);
        status(`Opened the browser to sign in. If it did not open, go to:\n  ${request.url}`);
        return;
      } catch {
        status('Could not open a browser.');
      }
    }
    status(`Open this address in a browser to sign in:\n  ${request.url}`);
  };
  if (receiverReady) {
    try {
      status(`Waiting up to ${durationText(timeoutMs)} for the browser to return to ${request.redirectUri} ...`);
      const answer = receiverReady.wait({ state: request.state, timeoutMs });
      answer.catch(() => undefined); // awaited below; this only keeps an early failure from counting as unhandled
      await show();
      return await answer;
    } finally {
      await receiverReady.close();
    }
  }
  if (!interactive.readRedirect) throw configError(`${request.redirectUri} is not a loopback address, and nothing can read the address the browser lands on`);
  await show();
  const landed = await interactive.readRedirect(`After signing in, the browser goes to ${request.redirectUri}. Paste the full address it shows: `);
  let url: URL;
  try {
    url = new URL(landed.trim());
  } catch {
    throw configError('That is not an address');
  }
  const params = new URLSearchParams(url.search);
  for (const [k, v] of new URLSearchParams(url.hash.slice(1))) params.set(k, v);
  return params;
}

/** Runs the authorization request and returns the token response (exchanging the code, or read from the fragment). */
export async function authorize(endpoints: Endpoints, settings: ClientSettings, options: AuthorizeOptions = {}): Promise<TokenResponse> {
  let params: URLSearchParams;
  let request: AuthorizationRequest;
  if (options.headless) {
    request = buildAuthorizationRequest(endpoints, settings, settings.redirectUri ?? 'http://127.0.0.1/callback');
    params = (await signInHeadless(request.url, request.redirectUri, options.headless)).params;
  } else if (settings.redirectUri && !isLoopbackUri(settings.redirectUri)) {
    request = buildAuthorizationRequest(endpoints, settings, settings.redirectUri);
    params = await waitForBrowser(request, options);
  } else {
    const receiver = await startLoopbackReceiver({ redirectUri: settings.redirectUri });
    try {
      request = buildAuthorizationRequest(endpoints, settings, receiver.redirectUri);
    } catch (error) {
      await receiver.close();
      throw error;
    }
    params = await waitForBrowser(request, options, receiver);
  }
  checkAnswer(request, params);

  if (settings.grant === 'implicit') {
    const accessToken = params.get('access_token');
    if (!accessToken) throw new TokenClientError('oauth', 'The implicit response has no access_token');
    return {
      access_token: accessToken,
      token_type: params.get('token_type') ?? 'Bearer',
      ...(params.get('expires_in') ? { expires_in: Number(params.get('expires_in')) } : {}),
      ...(params.get('id_token') ? { id_token: params.get('id_token')! } : {}),
      ...(params.get('scope') ? { scope: params.get('scope')! } : {}),
    };
  }
  const code = params.get('code');
  if (!code) throw new TokenClientError('oauth', 'The response has no authorization code');
  return requestToken(
    endpoints.tokenEndpoint,
    { grant_type: 'authorization_code', code, redirect_uri: request.redirectUri, code_verifier: request.pkce?.verifier },
    settings,
    settings.tokenParams,
  );
}
