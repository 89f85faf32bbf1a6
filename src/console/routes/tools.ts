import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { poolJwks, rotateKeys } from '../../core/keys/signing-keys.js';
import { getPool } from '../../core/pool/pools.js';
import { listOutbox } from '../../core/outbox/outbox.js';
import { listInvocations } from '../../core/trigger/invocations.js';
import { html } from '../../ui/html.js';
import type { Deps } from '../deps.js';
import { formOf, text } from '../forms.js';
import { alertError, alertNotice, card, copyable, field, page, poolCrumbs, poolHref, poolTabs, postForm, table, textarea } from '../layout.js';
import { inspectToken, relative, tokenView } from '../tokens.js';

type PoolParams = { poolId: string };

/**
 * What Cognate adds to the console: signing keys and their rotation, the message outbox, trigger
 * invocations, and the token inspector. The same core functions as `/_cognate/*` (http/admin.ts).
 */
export function toolRoutes(app: FastifyInstance, deps: Deps): void {
  const { services } = deps;

  app.get<{ Params: PoolParams }>('/console/pools/:poolId/keys', async (request, reply) => {
    const ctx = deps.context(request, reply);
    const { poolId } = request.params;
    await getPool(services, poolId);
    const { keys } = await poolJwks(services, poolId);
    const body = html`${poolTabs(poolId, 'keys')}${alertNotice(deps.takeFlash(request, reply))}${card(
      'Published signing keys (JWKS)',
      html`${table(['Key ID (kid)', 'Algorithm', 'Use'], keys.map((k) => [html`<code>${String(k.kid)}</code>`, String(k.alg ?? ''), String(k.use ?? '')]))}
<p class="muted">Rotating publishes a new ID-token key and a new access-token key and signs with them at once; the old keys stay in the JWKS until the last token they signed has expired.</p>
${postForm(`${poolHref(poolId, 'keys')}/rotate`, ctx.csrf!, '', 'Rotate signing keys')}`,
    )}`;
    return deps.send(reply, page({ ...ctx, section: 'pools' }, 'Signing keys', body, poolCrumbs(poolId, [{ label: 'Signing keys' }])));
  });
  app.post<{ Params: PoolParams }>('/console/pools/:poolId/keys/rotate', async (request, reply) => {
    const rotation = await rotateKeys(services, request.params.poolId);
    deps.flash(reply, `Rotated: tokens are now signed with ${rotation.idKid} (ID) and ${rotation.accessKid} (access).`);
    return reply.redirect(poolHref(request.params.poolId, 'keys'), 303);
  });

  const outbox = async (request: FastifyRequest, reply: FastifyReply, poolId: string | undefined) => {
    const ctx = deps.context(request, reply);
    const query = formOf(request.query);
    const pool = poolId ?? text(query, 'pool');
    const user = text(query, 'user');
    const messages = (await listOutbox(services, { poolId: pool, username: user })).reverse();
    const now = services.clock.now();
    const action = poolId ? poolHref(poolId, 'outbox') : '/console/outbox';
    const body = html`${poolId ? poolTabs(poolId, 'outbox') : ''}${card(
      undefined,
      html`<form method="get" action="${action}" role="search"><div class="row">${poolId ? '' : field({ name: 'pool', label: 'User pool ID', value: pool })}${field({ name: 'user', label: 'User name or address', value: user })}</div><button type="submit" class="secondary">Filter</button></form>
<p class="muted">Every email and SMS a pool would send, newest first, kept for the outbox retention (--outbox-retention).</p>
${table(
  ['Sent', 'To', 'Kind', 'Code', 'Message'],
  messages.map((m) => [
    html`${relative(Date.parse(m.createdAt) / 1000, now)}<br><span class="muted">${m.createdAt}</span>`,
    html`${m.channel} ${m.destination}<br><span class="muted">${m.username ?? ''}${poolId ? '' : html` &middot; <code>${m.poolId}</code>`}</span>`,
    m.kind,
    m.code ? copyable(m.code, 'code') : '',
    html`${m.subject ? html`<strong>${m.subject}</strong><br>` : ''}${m.body}`,
  ]),
  'No messages.',
)}`,
    )}`;
    return deps.send(reply, page({ ...ctx, section: poolId ? 'pools' : 'outbox' }, 'Message outbox', body, poolId ? poolCrumbs(poolId, [{ label: 'Messages' }]) : []));
  };
  app.get('/console/outbox', (request, reply) => outbox(request, reply, undefined));
  app.get<{ Params: PoolParams }>('/console/pools/:poolId/outbox', async (request, reply) => {
    await getPool(services, request.params.poolId);
    return outbox(request, reply, request.params.poolId);
  });

  app.get<{ Params: PoolParams }>('/console/pools/:poolId/invocations', async (request, reply) => {
    const ctx = deps.context(request, reply);
    const { poolId } = request.params;
    await getPool(services, poolId);
    const invocations = (await listInvocations(services, poolId)).reverse();
    const body = html`${poolTabs(poolId, 'invocations')}${card(
      undefined,
      html`<p class="muted">Every Lambda trigger the pool ran, newest first, with its event and answer (secrets masked).</p>${table(
        ['When', 'Trigger', 'Function', 'Outcome', 'Event and response'],
        invocations.map((i) => [
          i.createdAt,
          html`${i.triggerKind}<br><code>${i.triggerSource}</code>`,
          html`<code>${i.functionName}</code>`,
          html`<span class="badge ${i.outcome === 'succeeded' ? 'ok' : 'bad'}">${i.outcome}</span> ${i.durationMs} ms${i.error ? html`<br>${i.error}` : ''}`,
          html`<details><summary>Show</summary><pre>${JSON.stringify({ event: i.event, response: i.response }, null, 2)}</pre></details>`,
        ]),
        'No trigger invocations: the pool names no Lambda functions, or none has run yet.',
      )}`,
    )}`;
    return deps.send(reply, page({ ...ctx, section: 'pools' }, 'Trigger invocations', body, poolCrumbs(poolId, [{ label: 'Trigger invocations' }])));
  });

  const inspector = async (request: FastifyRequest, reply: FastifyReply) => {
    const ctx = deps.context(request, reply);
    const token = text(formOf(request.body), 'token');
    const decoded = token ? await inspectToken(services, token) : undefined;
    const body = html`${card(
      undefined,
      postForm('/console/inspect', ctx.csrf!, textarea({ name: 'token', label: 'JWT (ID or access token)', value: token, rows: 5, hint: 'Decoded here, and verified against the JWKS of the pool its iss claim names. Sent by POST, so it stays out of URLs and logs.' }), 'Inspect'),
    )}${token ? (decoded ? tokenView('Token', token, decoded, services.clock.now()) : alertError('This is not a JWT: it needs three base64url parts, the first two JSON.')) : ''}`;
    return deps.send(reply, page({ ...ctx, section: 'inspector' }, 'Token inspector', body), token && !decoded ? 400 : 200);
  };
  app.get('/console/inspect', inspector);
  app.post('/console/inspect', inspector);
}
