import type { FastifyInstance } from 'fastify';
import { authenticateClient } from '../../core/oauth/client-auth.js';
import { authorizationCodeGrant, checkGrantAllowed } from '../../core/oauth/token.js';
import { getPool } from '../../core/pool/pools.js';
import type { Value } from '../../ui/html.js';
import { html } from '../../ui/html.js';
import type { Deps } from '../deps.js';
import { callbackUrl } from '../deps.js';
import { attempt } from '../errors.js';
import { formOf, text } from '../forms.js';
import { alertError, card, copyable, page, poolHref } from '../layout.js';
import { decodeState } from '../links.js';
import { inspectToken, tokenView } from '../tokens.js';
import { clientHref } from './app-integration.js';
import { PKCE_COOKIE } from './try-it.js';

/**
 * `/console/callback`: where the console's and `npm start`'s sign-in links come back to. It
 * exchanges the code at the token endpoint's own grant (core/oauth/token.ts), with the PKCE verifier
 * the "Sign in" button left in a cookie, and shows the tokens decoded.
 */
export function callbackRoutes(app: FastifyInstance, deps: Deps): void {
  const { services, api } = deps;

  app.get('/console/callback', async (request, reply) => {
    const ctx = deps.context(request, reply);
    const query = formOf(request.query);
    const state = decodeState(text(query, 'state'));
    const show = (body: Value, status = 200) => deps.send(reply, page({ ...ctx, section: 'pools' }, 'Signed in: the tokens', body), status);
    const oauthError = text(query, 'error');
    if (oauthError) return show(alertError(`The hosted UI answered ${oauthError}${text(query, 'error_description') ? `: ${text(query, 'error_description')}` : ''}.`), 400);
    const code = text(query, 'code');
    if (!code || !state) return show(alertError('This page is where a sign-in comes back to: it needs the code and the state that the sign-in links of the console send.'), 400);

    // The verifier is used once: the cookie goes whatever the outcome.
    const stored = request.cookies[PKCE_COOKIE];
    reply.clearCookie(PKCE_COOKIE, { path: '/console/callback' });
    const verifier = state.n && stored?.startsWith(`${state.n}.`) ? stored.slice(state.n.length + 1) : undefined;
    if (state.n && !verifier) return show(alertError('The sign-in was started in another browser, or its PKCE verifier has expired: start it again from "Try it".'), 400);

    const result = await attempt(async () => {
      const pool = await getPool(services, state.p);
      const { UserPoolClient: described } = await api.call('DescribeUserPoolClient', { UserPoolId: state.p, ClientId: state.c });
      const auth = await authenticateClient(services, pool, { clientId: state.c, clientSecret: described.ClientSecret, presentedIn: 'body' });
      checkGrantAllowed(auth, 'authorization_code');
      return authorizationCodeGrant(services, pool, auth.client, { code, redirectUri: callbackUrl(services), codeVerifier: verifier });
    });
    if (result.error !== undefined) return show(alertError(`The code could not be exchanged: ${result.error}`), 400);
    const tokens = result.ok;
    const now = services.clock.now();
    const body = html`${card(
      undefined,
      html`<p>Signed in through the hosted UI of <code>${state.p}</code> as app client <code>${state.c}</code>; the code was exchanged at the token endpoint${verifier ? ' with PKCE' : ''}. The tokens expire in ${tokens.expiresIn} seconds.</p>
<div class="actions"><a class="button secondary" href="${clientHref(state.p, state.c)}/try">Back to "Try it"</a><a class="button secondary" href="${poolHref(state.p)}">The user pool</a></div>`,
    )}${tokens.idToken ? tokenView('ID token', tokens.idToken, await inspectToken(services, tokens.idToken), now) : ''}${tokenView('Access token', tokens.accessToken, await inspectToken(services, tokens.accessToken), now)}${
      tokens.refreshToken ? card('Refresh token', html`<p>Opaque, as Cognito's: exchange it at the token endpoint with <code>grant_type=refresh_token</code>.</p>${copyable(tokens.refreshToken, 'refresh token')}`) : ''
    }`;
    return show(body);
  });
}
