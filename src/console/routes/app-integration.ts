import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { regionOfPoolId } from '../../core/ids.js';
import { html } from '../../ui/html.js';
import { clientFormFields, clientRequest, formOfClient, newClientForm } from '../client-form.js';
import type { Deps } from '../deps.js';
import { callbackUrl } from '../deps.js';
import { attempt } from '../errors.js';
import type { Form } from '../forms.js';
import { formOf, lines, text } from '../forms.js';
import { alertError, alertNotice, card, choices, copyable, field, page, poolCrumbs, poolHref, poolTabs, postForm, props, table, textarea } from '../layout.js';
import { domainBase, poolBase } from '../links.js';

type PoolParams = { poolId: string };
type ClientParams = { poolId: string; clientId: string };

export const clientHref = (poolId: string, clientId: string): string => `${poolHref(poolId, 'app')}/clients/${encodeURIComponent(clientId)}`;

/** App integration: the pool's domain, resource servers and scopes, app clients. */
export function appRoutes(app: FastifyInstance, deps: Deps): void {
  const { api, services } = deps;

  async function resourceScopes(poolId: string): Promise<string[]> {
    const servers = (await api.call('ListResourceServers', { UserPoolId: poolId, MaxResults: 50 })).ResourceServers as { Identifier: string; Scopes?: { ScopeName: string }[] }[];
    return servers.flatMap((s) => (s.Scopes ?? []).map((sc) => `${s.Identifier}/${sc.ScopeName}`));
  }
  async function providerNames(poolId: string): Promise<string[]> {
    return ((await api.call('ListIdentityProviders', { UserPoolId: poolId, MaxResults: 60 })).Providers as { ProviderName: string }[]).map((p) => p.ProviderName);
  }

  type Errors = { domain?: string; resourceServer?: string; form?: Form };
  const appPage = async (request: FastifyRequest<{ Params: PoolParams }>, reply: FastifyReply, errors: Errors = {}) => {
    const ctx = deps.context(request, reply);
    const { poolId } = request.params;
    const base = poolHref(poolId, 'app');
    const { UserPool: pool } = await api.call('DescribeUserPool', { UserPoolId: poolId });
    const servers = (await api.call('ListResourceServers', { UserPoolId: poolId, MaxResults: 50 })).ResourceServers as { Identifier: string; Name: string; Scopes?: { ScopeName: string; ScopeDescription: string }[] }[];
    const clients = (await api.call('ListUserPoolClients', { UserPoolId: poolId, MaxResults: 60 })).UserPoolClients as { ClientId: string; ClientName: string }[];
    const form = errors.form ?? {};
    const prefix = pool.Domain as string | undefined;
    const custom = pool.CustomDomain as string | undefined;
    const local = domainBase(services, prefix);
    const domainCard = card(
      'Domain',
      html`${alertError(errors.domain)}${
        prefix || custom
          ? html`${props([
              ...(prefix ? ([['Cognito domain', html`<code>https://${prefix}.auth.${regionOfPoolId(poolId) || services.settings.region}.amazoncognito.com</code>`], ['Here', local ? html`<a href="${local}/">${local}</a>` : html`<code>${prefix}.auth.localhost</code>`]] as [string, ReturnType<typeof html>][]) : []),
              ...(custom ? ([['Custom domain', html`<code>${custom}</code>`]] as [string, ReturnType<typeof html>][]) : []),
              ['Path form (works everywhere)', html`<code>${poolBase(services, poolId)}</code>`],
            ])}
${postForm(`${base}/domain/delete`, ctx.csrf!, html`<input type="hidden" name="Domain" value="${custom ?? prefix ?? ''}">`, 'Delete domain', { danger: true })}`
          : html`<p>No domain yet. The hosted UI also answers under <code>${poolBase(services, poolId)}</code>.</p>
${postForm(
  `${base}/domain`,
  ctx.csrf!,
  html`${choices({ name: 'kind', legend: 'Domain type', radio: true, options: [['prefix', 'Cognito domain'], ['custom', 'Custom domain']], checked: [text(form, 'kind') ?? 'prefix'] })}
${field({ name: 'Domain', label: 'Domain', value: text(form, 'Domain'), required: true, hint: `A prefix (https://<prefix>.auth.${regionOfPoolId(poolId) || services.settings.region}.amazoncognito.com, here <prefix>.auth.localhost) or, for a custom domain, its full name.`, error: errors.domain })}
${field({ name: 'CertificateArn', label: 'ACM certificate ARN (custom domain only)', value: text(form, 'CertificateArn') })}`,
  'Create domain',
)}`
      }`,
    );
    const serverCard = card(
      'Resource servers',
      html`${alertError(errors.resourceServer)}${table(
        ['Name', 'Identifier', 'Custom scopes', ''],
        servers.map((s) => [
          s.Name,
          html`<code>${s.Identifier}</code>`,
          (s.Scopes ?? []).map((sc) => html`<code>${s.Identifier}/${sc.ScopeName}</code> ${sc.ScopeDescription}<br>`),
          postForm(`${base}/resource-servers/delete`, ctx.csrf!, html`<input type="hidden" name="Identifier" value="${s.Identifier}">`, 'Delete', { danger: true, inline: true }),
        ]),
        'No resource servers.',
      )}<h3>Create resource server</h3>${postForm(
        `${base}/resource-servers`,
        ctx.csrf!,
        html`<div class="row">${field({ name: 'Name', label: 'Resource server name', value: text(form, 'Name'), required: true })}${field({ name: 'Identifier', label: 'Resource server identifier', value: text(form, 'Identifier'), required: true, hint: 'Often the API\'s URL, e.g. https://api.example.com' })}</div>
${textarea({ name: 'Scopes', label: 'Custom scopes', value: text(form, 'Scopes'), rows: 3, hint: 'One a line: the scope name, a space, its description. For example: read Read the API' })}`,
        'Create resource server',
      )}`,
    );
    const clientCard = card(
      'App clients and analytics',
      html`<div class="actions top"><a class="button" href="${base}/clients/new">Create app client</a></div>${table(
        ['App client name', 'Client ID', ''],
        clients.map((c) => [html`<a href="${clientHref(poolId, c.ClientId)}">${c.ClientName}</a>`, html`<code>${c.ClientId}</code>`, html`<a href="${clientHref(poolId, c.ClientId)}/try">Try it</a>`]),
        'No app clients.',
      )}`,
    );
    const uiCard = card('Hosted UI customization', html`<p><a href="${base}/ui">Edit the hosted UI's CSS and logo</a>, with a live preview.</p>`);
    const body = html`${poolTabs(poolId, 'app')}${alertNotice(deps.takeFlash(request, reply))}${domainCard}${clientCard}${serverCard}${uiCard}`;
    const failed = errors.domain ?? errors.resourceServer;
    return deps.send(reply, page({ ...ctx, section: 'pools' }, 'App integration', body, poolCrumbs(poolId, [{ label: 'App integration' }])), failed ? 400 : 200);
  };
  app.get<{ Params: PoolParams }>('/console/pools/:poolId/app', (request, reply) => appPage(request, reply));

  app.post<{ Params: PoolParams }>('/console/pools/:poolId/app/domain', async (request, reply) => {
    const { poolId } = request.params;
    const form = formOf(request.body);
    const custom = text(form, 'kind') === 'custom';
    const result = await attempt(() =>
      api.call('CreateUserPoolDomain', { UserPoolId: poolId, Domain: text(form, 'Domain'), ...(custom ? { CustomDomainConfig: { CertificateArn: text(form, 'CertificateArn') } } : {}) }, request.ip),
    );
    if (result.error !== undefined) return appPage(request, reply, { domain: result.error, form });
    deps.flash(reply, `Created the domain ${text(form, 'Domain') ?? ''}.`);
    return reply.redirect(poolHref(poolId, 'app'), 303);
  });
  app.post<{ Params: PoolParams }>('/console/pools/:poolId/app/domain/delete', async (request, reply) => {
    const { poolId } = request.params;
    const result = await attempt(() => api.call('DeleteUserPoolDomain', { UserPoolId: poolId, Domain: text(formOf(request.body), 'Domain') }, request.ip));
    if (result.error !== undefined) return appPage(request, reply, { domain: result.error });
    deps.flash(reply, 'Deleted the domain.');
    return reply.redirect(poolHref(poolId, 'app'), 303);
  });

  app.post<{ Params: PoolParams }>('/console/pools/:poolId/app/resource-servers', async (request, reply) => {
    const { poolId } = request.params;
    const form = formOf(request.body);
    const scopes = lines(form, 'Scopes').map((line) => {
      const i = line.search(/\s/);
      return i < 0 ? { ScopeName: line, ScopeDescription: line } : { ScopeName: line.slice(0, i), ScopeDescription: line.slice(i + 1).trim() };
    });
    const result = await attempt(() => api.call('CreateResourceServer', { UserPoolId: poolId, Identifier: text(form, 'Identifier'), Name: text(form, 'Name'), Scopes: scopes }, request.ip));
    if (result.error !== undefined) return appPage(request, reply, { resourceServer: result.error, form });
    deps.flash(reply, `Created the resource server ${text(form, 'Identifier') ?? ''}.`);
    return reply.redirect(poolHref(poolId, 'app'), 303);
  });
  app.post<{ Params: PoolParams }>('/console/pools/:poolId/app/resource-servers/delete', async (request, reply) => {
    const { poolId } = request.params;
    const result = await attempt(() => api.call('DeleteResourceServer', { UserPoolId: poolId, Identifier: text(formOf(request.body), 'Identifier') }, request.ip));
    if (result.error !== undefined) return appPage(request, reply, { resourceServer: result.error });
    deps.flash(reply, 'Deleted the resource server.');
    return reply.redirect(poolHref(poolId, 'app'), 303);
  });

  const newClientPage = async (request: FastifyRequest<{ Params: PoolParams }>, reply: FastifyReply, form: Form, error?: string) => {
    const ctx = deps.context(request, reply);
    const { poolId } = request.params;
    const fields = clientFormFields(form, 'create', await providerNames(poolId), await resourceScopes(poolId), error);
    const body = html`${poolTabs(poolId, 'app')}${card(undefined, html`${alertError(error)}${postForm(`${poolHref(poolId, 'app')}/clients`, ctx.csrf!, fields, 'Create app client')}`)}`;
    return deps.send(reply, page({ ...ctx, section: 'pools' }, 'Create app client', body, poolCrumbs(poolId, [{ label: 'App integration', href: poolHref(poolId, 'app') }, { label: 'Create app client' }])), error ? 400 : 200);
  };
  app.get<{ Params: PoolParams }>('/console/pools/:poolId/app/clients/new', async (request, reply) => {
    await api.call('DescribeUserPool', { UserPoolId: request.params.poolId });
    return newClientPage(request, reply, newClientForm(callbackUrl(services)));
  });
  app.post<{ Params: PoolParams }>('/console/pools/:poolId/app/clients', async (request, reply) => {
    const { poolId } = request.params;
    const form = formOf(request.body);
    const result = await attempt(async () => (await api.call('CreateUserPoolClient', { UserPoolId: poolId, ...clientRequest(form, 'create') }, request.ip)).UserPoolClient.ClientId as string);
    if (result.error !== undefined) return newClientPage(request, reply, form, result.error);
    deps.flash(reply, `Created the app client ${text(form, 'ClientName') ?? ''}: its client ID is ${result.ok}.`);
    return reply.redirect(clientHref(poolId, result.ok), 303);
  });

  const clientPage = async (request: FastifyRequest<{ Params: ClientParams }>, reply: FastifyReply, form?: Form, error?: string) => {
    const ctx = deps.context(request, reply);
    const { poolId, clientId } = request.params;
    const { UserPoolClient: client } = await api.call('DescribeUserPoolClient', { UserPoolId: poolId, ClientId: clientId });
    const href = clientHref(poolId, clientId);
    const fields = clientFormFields(form ?? formOfClient(client), 'edit', await providerNames(poolId), await resourceScopes(poolId), error);
    const body = html`${poolTabs(poolId, 'app')}${alertNotice(deps.takeFlash(request, reply))}${card(
      'App client information',
      html`${props([
        ['App client name', client.ClientName],
        ['Client ID', copyable(client.ClientId, 'client ID')],
        ['Client secret', client.ClientSecret ? copyable(client.ClientSecret, 'client secret') : html`<span class="muted">None (public client)</span>`],
      ])}<div class="actions"><a class="button" href="${href}/try">Try it</a></div>`,
    )}${card('Edit app client', html`${alertError(error)}${postForm(href, ctx.csrf!, fields, 'Save changes')}`)}${card(
      'Delete app client',
      postForm(`${href}/delete`, ctx.csrf!, field({ name: 'confirm', label: `To confirm, type the app client name (${client.ClientName as string})`, required: true, autocomplete: 'off' }), 'Delete app client', { danger: true }),
    )}`;
    return deps.send(reply, page({ ...ctx, section: 'pools' }, `App client: ${client.ClientName as string}`, body, poolCrumbs(poolId, [{ label: 'App integration', href: poolHref(poolId, 'app') }, { label: client.ClientName }])), error ? 400 : 200);
  };
  app.get<{ Params: ClientParams }>('/console/pools/:poolId/app/clients/:clientId', (request, reply) => clientPage(request, reply));
  app.post<{ Params: ClientParams }>('/console/pools/:poolId/app/clients/:clientId', async (request, reply) => {
    const { poolId, clientId } = request.params;
    const form = formOf(request.body);
    const result = await attempt(() => api.call('UpdateUserPoolClient', { UserPoolId: poolId, ClientId: clientId, ...clientRequest(form, 'edit') }, request.ip));
    if (result.error !== undefined) return clientPage(request, reply, form, result.error);
    deps.flash(reply, 'Saved the app client.');
    return reply.redirect(clientHref(poolId, clientId), 303);
  });
  app.post<{ Params: ClientParams }>('/console/pools/:poolId/app/clients/:clientId/delete', async (request, reply) => {
    const { poolId, clientId } = request.params;
    const { UserPoolClient: client } = await api.call('DescribeUserPoolClient', { UserPoolId: poolId, ClientId: clientId });
    if (text(formOf(request.body), 'confirm') !== client.ClientName) return clientPage(request, reply, undefined, `Type the app client name "${client.ClientName as string}" to confirm.`);
    await api.call('DeleteUserPoolClient', { UserPoolId: poolId, ClientId: clientId }, request.ip);
    deps.flash(reply, `Deleted the app client ${client.ClientName as string}.`);
    return reply.redirect(poolHref(poolId, 'app'), 303);
  });
}
