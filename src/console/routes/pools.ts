import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { html } from '../../ui/html.js';
import type { Deps } from '../deps.js';
import { attempt } from '../errors.js';
import type { Form } from '../forms.js';
import { formOf, text } from '../forms.js';
import { alertError, alertNotice, card, field, page, poolCrumbs, poolHref, poolTabs, postForm, props, table, when } from '../layout.js';
import { domainBase, poolBase } from '../links.js';
import { formOfPool, NEW_POOL_FORM, poolFormFields, poolRequests } from '../pool-form.js';

type PoolParams = { poolId: string };

/** User pools: the list, the new-pool form, a pool's overview, its settings, and deleting it. */
export function poolRoutes(app: FastifyInstance, deps: Deps): void {
  const { api, services } = deps;

  app.get('/console', async (request, reply) => {
    const ctx = deps.context(request, reply);
    const pools = (await api.call('ListUserPools', { MaxResults: 60 })).UserPools as { Id: string; Name: string; CreationDate?: Date }[];
    const body = html`${alertNotice(deps.takeFlash(request, reply))}<div class="actions top"><a class="button" href="/console/pools/new">Create user pool</a></div>
${card(undefined, table(['User pool name', 'User pool ID', 'Created'], pools.map((p) => [html`<a href="${poolHref(p.Id)}">${p.Name}</a>`, html`<code>${p.Id}</code>`, when(p.CreationDate)]), 'No user pools yet.'))}`;
    return deps.send(reply, page({ ...ctx, section: 'pools' }, 'User pools', body));
  });

  const newPoolPage = (request: FastifyRequest, reply: FastifyReply, form: Form, error?: string) => {
    const ctx = deps.context(request, reply);
    const body = card(undefined, html`${alertError(error)}${postForm('/console/pools', ctx.csrf!, poolFormFields(form, 'create', error), 'Create user pool')}`);
    return deps.send(reply, page({ ...ctx, section: 'pools' }, 'Create user pool', body, [{ label: 'User pools', href: '/console' }, { label: 'Create' }]), error ? 400 : 200);
  };
  app.get('/console/pools/new', async (request, reply) => newPoolPage(request, reply, NEW_POOL_FORM));
  app.post('/console/pools', async (request, reply) => {
    const form = formOf(request.body);
    const result = await attempt(async () => {
      const { pool, mfa } = poolRequests(form, 'create', services.settings.accountId, services.settings.region);
      const created = await api.call('CreateUserPool', pool, request.ip);
      const poolId = created.UserPool.Id as string;
      if (mfa) await api.call('SetUserPoolMfaConfig', { UserPoolId: poolId, ...mfa }, request.ip);
      return poolId;
    });
    if (result.error !== undefined) return newPoolPage(request, reply, form, result.error);
    deps.flash(reply, `Created the user pool ${text(form, 'PoolName') ?? ''}.`);
    return reply.redirect(poolHref(result.ok), 303);
  });

  const overview = async (request: FastifyRequest<{ Params: PoolParams }>, reply: FastifyReply, error?: string) => {
    const ctx = deps.context(request, reply);
    const { poolId } = request.params;
    const { UserPool: pool } = await api.call('DescribeUserPool', { UserPoolId: poolId });
    const domain = domainBase(services, pool.Domain);
    const signIn = pool.UsernameAttributes?.length ? `${(pool.UsernameAttributes as string[]).join(', ')} (as user name)` : `user name${pool.AliasAttributes?.length ? `, aliases: ${(pool.AliasAttributes as string[]).join(', ')}` : ''}`;
    const body = html`${poolTabs(poolId, 'overview')}${alertNotice(deps.takeFlash(request, reply))}${card(
      'User pool overview',
      props([
        ['User pool name', pool.Name],
        ['User pool ID', html`<code>${pool.Id}</code>`],
        ['ARN', html`<code>${pool.Arn ?? ''}</code>`],
        ['Created', when(pool.CreationDate)],
        ['Estimated number of users', String(pool.EstimatedNumberOfUsers ?? 0)],
        ['Sign-in identifiers', signIn],
        ['MFA', pool.MfaConfiguration ?? 'OFF'],
        ['Deletion protection', pool.DeletionProtection ?? 'INACTIVE'],
        ['Token signing key URL', html`<a href="${poolBase(services, poolId)}/.well-known/jwks.json">${poolBase(services, poolId)}/.well-known/jwks.json</a>`],
        ['Discovery', html`<a href="${poolBase(services, poolId)}/.well-known/openid-configuration">openid-configuration</a>`],
        ['Cognito domain', pool.Domain ? html`<code>${pool.Domain}</code>${domain ? html` (<a href="${domain}/">${domain}</a>)` : ''}` : html`<a href="${poolHref(poolId, 'app')}">None: create one under App integration</a>`],
      ]),
    )}${card(
      'Delete user pool',
      html`${alertError(error)}<p>Deleting a user pool deletes its users, groups, app clients and domain. With deletion protection on, Cognito refuses it: turn it off under Settings first.</p>${postForm(
        `${poolHref(poolId)}/delete`,
        ctx.csrf!,
        field({ name: 'confirm', label: `To confirm, type the user pool name (${pool.Name as string})`, required: true, autocomplete: 'off' }),
        'Delete user pool',
        { danger: true },
      )}`,
    )}`;
    return deps.send(reply, page({ ...ctx, section: 'pools' }, pool.Name as string, body, poolCrumbs(poolId).slice(0, 1).concat({ label: poolId })), error ? 400 : 200);
  };
  app.get<{ Params: PoolParams }>('/console/pools/:poolId', async (request, reply) => overview(request, reply));

  app.post<{ Params: PoolParams }>('/console/pools/:poolId/delete', async (request, reply) => {
    const { poolId } = request.params;
    const { UserPool: pool } = await api.call('DescribeUserPool', { UserPoolId: poolId });
    if (text(formOf(request.body), 'confirm') !== pool.Name) return overview(request, reply, `Type the user pool name "${pool.Name as string}" to confirm.`);
    const result = await attempt(() => api.call('DeleteUserPool', { UserPoolId: poolId }, request.ip));
    if (result.error !== undefined) return overview(request, reply, result.error);
    deps.flash(reply, `Deleted the user pool ${pool.Name as string}.`);
    return reply.redirect('/console', 303);
  });

  const editPage = async (request: FastifyRequest<{ Params: PoolParams }>, reply: FastifyReply, form?: Form, error?: string) => {
    const ctx = deps.context(request, reply);
    const { poolId } = request.params;
    const { UserPool: pool } = await api.call('DescribeUserPool', { UserPoolId: poolId });
    const values = form ?? formOfPool(pool, await api.call('GetUserPoolMfaConfig', { UserPoolId: poolId }));
    const body = html`${poolTabs(poolId, 'edit')}${alertNotice(deps.takeFlash(request, reply))}${card(
      undefined,
      html`${alertError(error)}<p class="muted">Sign-in identifiers and required attributes are fixed when a pool is created, as in Cognito.</p>${postForm(`${poolHref(poolId, 'edit')}`, ctx.csrf!, poolFormFields(values, 'edit', error), 'Save changes')}`,
    )}`;
    return deps.send(reply, page({ ...ctx, section: 'pools' }, `Settings of ${pool.Name as string}`, body, poolCrumbs(poolId, [{ label: 'Settings' }])), error ? 400 : 200);
  };
  app.get<{ Params: PoolParams }>('/console/pools/:poolId/edit', async (request, reply) => editPage(request, reply));
  app.post<{ Params: PoolParams }>('/console/pools/:poolId/edit', async (request, reply) => {
    const { poolId } = request.params;
    const form = formOf(request.body);
    const result = await attempt(async () => {
      const { pool, mfa } = poolRequests(form, 'edit', services.settings.accountId, services.settings.region);
      await api.call('UpdateUserPool', { UserPoolId: poolId, ...pool }, request.ip);
      await api.call('SetUserPoolMfaConfig', { UserPoolId: poolId, MfaConfiguration: 'OFF', ...mfa }, request.ip);
    });
    if (result.error !== undefined) return editPage(request, reply, form, result.error);
    deps.flash(reply, 'Saved the user pool settings.');
    return reply.redirect(poolHref(poolId, 'edit'), 303);
  });
}
