import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { POSTMAN_CALLBACK, postmanExport } from '../../client/postman.js';
import { html } from '../../ui/html.js';
import type { Deps } from '../deps.js';
import { callbackUrl } from '../deps.js';
import { attempt } from '../errors.js';
import { alertError, alertNotice, card, copyable, page, poolCrumbs, poolHref, poolTabs, postForm, table } from '../layout.js';
import { allowsCode, domainBase, poolBase, signInLink } from '../links.js';
import { clientHref } from './app-integration.js';

type ClientParams = { poolId: string; clientId: string };

/** The PKCE verifier of a sign-in the console started, for its callback: `<nonce>.<verifier>`. */
export const PKCE_COOKIE = 'cognate-console-pkce';

/**
 * "Try it" for one app client: Postman's settings in the walkthrough's words, the Postman collection,
 * a sign-in through the hosted UI that comes back with the tokens, and the same with `cognate token`.
 */
export function tryItRoutes(app: FastifyInstance, deps: Deps): void {
  const { api, services } = deps;

  const describe = async (poolId: string, clientId: string) => {
    const { UserPool: pool } = await api.call('DescribeUserPool', { UserPoolId: poolId });
    const { UserPoolClient: client } = await api.call('DescribeUserPoolClient', { UserPoolId: poolId, ClientId: clientId });
    // The walkthrough's "Auth URL" is the domain + /login; without a domain the path form serves the same pages.
    const authBase = domainBase(services, pool.Domain) ?? poolBase(services, poolId);
    return { pool, client, authBase, tokenUrl: `${authBase}/oauth2/token` };
  };

  const tryPage = async (request: FastifyRequest<{ Params: ClientParams }>, reply: FastifyReply, error?: string) => {
    const ctx = deps.context(request, reply);
    const { poolId, clientId } = request.params;
    const { client, authBase, tokenUrl } = await describe(poolId, clientId);
    const href = clientHref(poolId, clientId);
    const callbacks = (client.CallbackURLs ?? []) as string[];
    const scope = ((client.AllowedOAuthScopes ?? []) as string[]).join(' ');
    const own = callbackUrl(services);
    const notes = [
      !allowsCode(client) ? 'This app client does not allow the authorization code grant: turn it on under "OAuth 2.0 grant types".' : '',
      !callbacks.includes(POSTMAN_CALLBACK) ? `Postman's callback URL ${POSTMAN_CALLBACK} is not among the allowed callback URLs: Postman's browser sign-in would end in redirect_mismatch.` : '',
    ].filter(Boolean);
    const row = (name: string, value: ReturnType<typeof html> | string, note?: string) => [name, value, note ?? ''];
    const postman = table(
      ['Postman field', 'Value', ''],
      [
        row('Type', 'OAuth 2.0', 'Collection > Authorization tab'),
        row('Token Name', copyable('Authorization', 'token name'), 'Section: Configure New Token'),
        row('Grant Type', 'Authorization Code'),
        row('Callback URL', copyable(callbacks.includes(POSTMAN_CALLBACK) ? POSTMAN_CALLBACK : (callbacks[0] ?? POSTMAN_CALLBACK), 'callback URL'), 'Check "Authorize using browser"'),
        row('Auth URL', copyable(`${authBase}/login`, 'auth URL'), 'The domain + /login'),
        row('Access Token URL', copyable(tokenUrl, 'access token URL'), 'The domain + /oauth2/token'),
        row('Client ID', copyable(client.ClientId, 'client ID'), 'The client id of the app client'),
        row('Client Secret', client.ClientSecret ? copyable(client.ClientSecret, 'client secret') : 'Leave empty (public client)'),
        row('Scope', scope ? copyable(scope, 'scope') : ''),
        row('Client Authentication', 'Send client credentials in body'),
      ],
    );
    const endpoint = services.settings.publicUrl === 'http://localhost:9400' ? '' : ` --endpoint ${services.settings.publicUrl}`;
    const secret = client.ClientSecret ? ` --client-secret ${client.ClientSecret as string}` : '';
    const tokenCommand = `cognate token${endpoint} --pool ${poolId} --client-id ${clientId}${secret}${scope ? ` --scope "${scope}"` : ''}`;
    const callCommand = `cognate call${endpoint} --pool ${poolId} --client-id ${clientId}${secret} http://127.0.0.1:3000/items`;
    const postmanCommand = `cognate postman${endpoint} --pool ${poolId} --client ${clientId}`;
    const signIn = !allowsCode(client)
      ? html`<p class="muted">Needs the authorization code grant.</p>`
      : callbacks.includes(own)
        ? html`<p>Opens the hosted sign-in page; after signing in you come back here with the tokens, decoded (the code is exchanged with PKCE).</p><div class="actions"><a class="button" id="hosted-signin" href="${href}/signin">Sign in through the hosted UI</a></div>`
        : html`<p>The console's own callback URL <code>${own}</code> is not among the client's allowed callback URLs, so a sign-in cannot come back here.</p>${postForm(`${href}/try/add-callback`, ctx.csrf!, '', 'Add it to the callback URLs')}`;
    const body = html`${poolTabs(poolId, 'app')}${alertNotice(deps.takeFlash(request, reply))}${alertError(error)}${notes.map((n) => html`<div class="alert error" role="note">${n}</div>`)}${card(
      'Sign in through the hosted UI',
      signIn,
    )}${card('Postman: Collection > Authorization tab', postman)}${card(
      'Postman collection',
      html`<p>A collection and environment set up as above, with a PKCE folder and requests to the example API (<code>${postmanCommand}</code> writes the same files).</p>
<div class="actions"><a class="button secondary" href="${href}/try/postman-collection.json" download>Download the collection</a><a class="button secondary" href="${href}/try/postman-environment.json" download>Download the environment</a></div>
<p>${copyable(postmanCommand, 'postman command')}</p>`,
    )}${card(
      'From the command line',
      html`<p>Get tokens for this client (opens the browser for the hosted UI, caches the tokens):</p><p>${copyable(tokenCommand, 'token command')}</p>
<p>Call an API with them (<code>Authorization: Bearer</code>, refreshed as needed):</p><p>${copyable(callCommand, 'call command')}</p>`,
    )}`;
    return deps.send(reply, page({ ...ctx, section: 'pools' }, `Try it: ${client.ClientName as string}`, body, poolCrumbs(poolId, [{ label: 'App integration', href: poolHref(poolId, 'app') }, { label: client.ClientName, href }, { label: 'Try it' }])), error ? 400 : 200);
  };
  app.get<{ Params: ClientParams }>('/console/pools/:poolId/app/clients/:clientId/try', (request, reply) => tryPage(request, reply));

  app.post<{ Params: ClientParams }>('/console/pools/:poolId/app/clients/:clientId/try/add-callback', async (request, reply) => {
    const { poolId, clientId } = request.params;
    const { client } = await describe(poolId, clientId);
    // UpdateUserPoolClient replaces every setting: the client's own, with one more callback URL.
    const result = await attempt(() => api.call('UpdateUserPoolClient', { ...client, UserPoolId: poolId, ClientId: clientId, CallbackURLs: [...(client.CallbackURLs ?? []), callbackUrl(services)] }, request.ip));
    if (result.error !== undefined) return tryPage(request, reply, result.error);
    deps.flash(reply, 'Added the console\'s callback URL.');
    return reply.redirect(`${clientHref(poolId, clientId)}/try`, 303);
  });

  app.get<{ Params: ClientParams }>('/console/pools/:poolId/app/clients/:clientId/signin', async (request, reply) => {
    const { poolId, clientId } = request.params;
    const { client } = await describe(poolId, clientId);
    const nonce = randomBytes(12).toString('base64url');
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const link = signInLink(services, poolId, client, { nonce, code_challenge: challenge, code_challenge_method: 'S256' });
    if (!link || !link.includes(encodeURIComponent(callbackUrl(services)))) return tryPage(request, reply, 'This app client cannot come back to the console: allow the authorization code grant and the console\'s callback URL.');
    reply.setCookie(PKCE_COOKIE, `${nonce}.${verifier}`, { httpOnly: true, sameSite: 'lax', secure: deps.secure(), path: '/console/callback', maxAge: 600 });
    return reply.redirect(link, 303);
  });

  const exportOf = async (poolId: string, clientId: string) => {
    const { pool, client, authBase, tokenUrl } = await describe(poolId, clientId);
    return postmanExport({ poolId, poolName: pool.Name, authBase, tokenUrl, client, apiUrl: 'http://127.0.0.1:3000' });
  };
  app.get<{ Params: ClientParams }>('/console/pools/:poolId/app/clients/:clientId/try/postman-collection.json', async (request, reply) => {
    const { collection } = await exportOf(request.params.poolId, request.params.clientId);
    return reply.header('cache-control', 'no-store').header('content-disposition', 'attachment; filename="cognate.postman_collection.json"').type('application/json').send(JSON.stringify(collection, null, 2));
  });
  app.get<{ Params: ClientParams }>('/console/pools/:poolId/app/clients/:clientId/try/postman-environment.json', async (request, reply) => {
    const { environment } = await exportOf(request.params.poolId, request.params.clientId);
    return reply.header('cache-control', 'no-store').header('content-disposition', 'attachment; filename="cognate.postman_environment.json"').type('application/json').send(JSON.stringify(environment, null, 2));
  });
}
