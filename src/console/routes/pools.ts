import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { regionOfPoolId } from '../../core/ids.js';
import { html } from '../../ui/html.js';
import type { Html } from '../../ui/html.js';
import type { Deps } from '../deps.js';
import { attempt } from '../errors.js';
import type { Form } from '../forms.js';
import { formOf, text } from '../forms.js';
import { alertError, alertNotice, card, field, page, poolCrumbs, poolHref, poolTabs, postForm, props, table, when } from '../layout.js';
import { domainBase, poolBase } from '../links.js';
import { chosenRegion, consoleRegions, listAllPools } from '../pool-list.js';
import { formOfPool, NEW_POOL_FORM, poolFormFields, poolRequests } from '../pool-form.js';

type PoolParams = { poolId: string };

/** Where the new pool is created: any region name, those that hold pools proposed. */
function regionField(form: Form, regions: string[], serverRegion: string, error?: string): Html {
  const value = text(form, 'region') ?? serverRegion;
  const problem = error?.startsWith('Region:') ? error : undefined;
  return html`<fieldset><legend>Region</legend><div class="field"><label for="f-region">AWS Region</label><input id="f-region" name="region" type="text" value="${value}" required list="f-region-list" autocomplete="off" aria-describedby="f-region-hint${problem ? ' f-region-error' : ''}"${
    problem ? html` aria-invalid="true"` : ''
  }><datalist id="f-region-list">${regions.map((r) => html`<option value="${r}"></option>`)}</datalist><p class="hint" id="f-region-hint">The pool's id begins with its region; an SDK or the CLI configured with that region sees it. This server's --region is ${serverRegion}.</p>${
    problem ? html`<p class="field-error" id="f-region-error">${problem}</p>` : ''
  }</div></fieldset>`;
}

/** User pools: the list, the new-pool form, a pool's overview, its settings, and deleting it. */
export function poolRoutes(app: FastifyInstance, deps: Deps): void {
  const { api, services } = deps;

  app.get('/console', async (request, reply) => {
    const ctx = deps.context(request, reply);
    const pools = await listAllPools(services, api);
    const body = html`${alertNotice(deps.takeFlash(request, reply))}<div class="actions top"><a class="button" href="/console/pools/new">Create user pool</a></div>
${card(undefined, table(['User pool name', 'User pool ID', 'Region', 'Created'], pools.map((p) => [html`<a href="${poolHref(p.Id)}">${p.Name}</a>`, html`<code>${p.Id}</code>`, p.region, when(p.CreationDate)]), 'No user pools yet.'))}`;
    return deps.send(reply, page({ ...ctx, section: 'pools' }, 'User pools', body));
  });

  const newPoolPage = async (request: FastifyRequest, reply: FastifyReply, form: Form, error?: string) => {
    const ctx = deps.context(request, reply);
    const regions = await consoleRegions(services);
    const body = card(undefined, html`${alertError(error)}${postForm('/console/pools', ctx.csrf!, html`${regionField(form, regions, services.settings.region, error)}${poolFormFields(form, 'create', error)}`, 'Create user pool')}`);
    return deps.send(reply, page({ ...ctx, section: 'pools' }, 'Create user pool', body, [{ label: 'User pools', href: '/console' }, { label: 'Create' }]), error ? 400 : 200);
  };
  app.get('/console/pools/new', async (request, reply) => newPoolPage(request, reply, { ...NEW_POOL_FORM, region: services.settings.region }));
  app.post('/console/pools', async (request, reply) => {
    const form = formOf(request.body);
    const region = chosenRegion(text(form, 'region') ?? services.settings.region);
    if (region === undefined) return newPoolPage(request, reply, form, `Region: "${text(form, 'region') ?? ''}" is not a region name (lowercase letters, digits and hyphens, such as eu-west-1).`);
    const result = await attempt(async () => {
      const { pool, mfa } = poolRequests(form, 'create', services.settings.accountId, region);
      const created = await api.call('CreateUserPool', pool, request.ip, region);
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
      const { pool, mfa } = poolRequests(form, 'edit', services.settings.accountId, regionOfPoolId(poolId) || services.settings.region);
      await api.call('UpdateUserPool', { UserPoolId: poolId, ...pool }, request.ip);
      await api.call('SetUserPoolMfaConfig', { UserPoolId: poolId, MfaConfiguration: 'OFF', ...mfa }, request.ip);
    });
    if (result.error !== undefined) return editPage(request, reply, form, result.error);
    deps.flash(reply, 'Saved the user pool settings.');
    return reply.redirect(poolHref(poolId, 'edit'), 303);
  });
}
