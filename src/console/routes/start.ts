import type { FastifyInstance } from 'fastify';
import { html } from '../../ui/html.js';
import type { Deps } from '../deps.js';
import { card, page, table } from '../layout.js';
import { allowsCode, domainBase, poolBase, signInLink } from '../links.js';
import type { ClientLike } from '../links.js';
import { listAllPools } from '../pool-list.js';

/**
 * `/`: on this server's own names, the start page (pools, their sign-in links, the console, the
 * docs); on a pool's domain, what that domain is.
 */
export function startRoutes(app: FastifyInstance, deps: Deps): void {
  const { services, api } = deps;

  async function poolRows(poolIds?: string[]) {
    const pools = poolIds ?? (await listAllPools(services, api)).map((p) => p.Id);
    const rows = [];
    for (const poolId of pools) {
      const { UserPool: pool } = await api.call('DescribeUserPool', { UserPoolId: poolId });
      const clients = (await api.call('ListUserPoolClients', { UserPoolId: poolId, MaxResults: 60 })).UserPoolClients as { ClientId: string }[];
      const described: ClientLike[] = [];
      for (const c of clients) described.push((await api.call('DescribeUserPoolClient', { UserPoolId: poolId, ClientId: c.ClientId })).UserPoolClient);
      const links = described
        .filter(allowsCode)
        .map((c) => ({ c, link: signInLink(services, poolId, c) }))
        .filter((x) => x.link);
      const domain = domainBase(services, pool.Domain);
      rows.push([
        html`<a href="/console/pools/${encodeURIComponent(poolId)}">${pool.Name}</a><br><code>${poolId}</code>`,
        links.length ? html`<ul>${links.map(({ c, link }) => html`<li><a href="${link!}">Sign in to ${c.ClientName ?? c.ClientId}</a></li>`)}</ul>` : html`<span class="muted">No app client with the authorization code grant.</span>`,
        html`<a href="${poolBase(services, poolId)}/.well-known/openid-configuration">Discovery</a>${domain ? html`<br><a href="${domain}/">${domain}</a>` : ''}`,
      ]);
    }
    return rows;
  }

  app.get('/', async (request, reply) => {
    const ctx = deps.context(request, reply);
    const domainPool = await deps.poolOfHost(request.headers.host);
    const listed = await deps.mayListPools(request);
    if (domainPool) {
      const body = html`${card(
        undefined,
        html`<p>This is the hosted UI domain of the user pool <strong>${domainPool.poolName}</strong> (<code>${domainPool.poolId}</code>), served by Cognate as Cognito serves <code>https://&lt;prefix&gt;.auth.&lt;region&gt;.amazoncognito.com</code>.</p>
<p>Its endpoints: <code>/login</code> and <code>/oauth2/authorize</code> (the sign-in page: they need an app client's <code>client_id</code>, <code>response_type</code> and <code>redirect_uri</code>), <code>/oauth2/token</code>, <code>/oauth2/userInfo</code>, <code>/logout</code>.</p>`,
      )}${listed ? card('Sign-in links', table(['User pool', 'Hosted sign-in', 'Endpoints'], await poolRows([domainPool.poolId]))) : ''}`;
      return deps.send(reply, page({ ...ctx, section: 'start' }, `Hosted UI of ${domainPool.poolName}`, body));
    }
    const body = html`${card(
      undefined,
      html`<p>Cognate is a local, Cognito-compatible identity provider: the Cognito API at <code>POST ${services.settings.publicUrl}/</code>, the hosted UI and OAuth 2.0 endpoints of every pool at <code>${services.settings.publicUrl}/&lt;pool id&gt;/</code>.</p>
<div class="actions"><a class="button" href="/console">Open the console</a></div>`,
    )}${
      listed
        ? card('User pools', table(['User pool', 'Hosted sign-in', 'Endpoints'], await poolRows(), 'No user pools yet: create one in the console, or start with --seed examples/seed.yaml.'))
        : card('User pools', html`<p>Sign in to the console to see the pools.</p>`)
    }${card(
      'Docs',
      html`<ul><li><code>README.md</code>: getting started, the walkthrough with Postman</li><li><code>docs/compatibility.md</code>: what works as in Cognito</li><li><code>docs/architecture.md</code>, <code>docs/security.md</code></li><li><code>cognate --help</code>: the command line (<code>cognate token</code>, <code>cognate call</code>, <code>cognate postman</code>)</li></ul>`,
    )}`;
    return deps.send(reply, page({ ...ctx, section: 'start' }, 'Cognate', body));
  });
}
