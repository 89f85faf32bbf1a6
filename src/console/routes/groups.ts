import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { html } from '../../ui/html.js';
import type { Deps } from '../deps.js';
import { attempt } from '../errors.js';
import type { Form } from '../forms.js';
import { formOf, number, text } from '../forms.js';
import { alertError, alertNotice, card, field, page, poolCrumbs, poolHref, poolTabs, postForm, table, when } from '../layout.js';
import { userHref } from './users.js';

type PoolParams = { poolId: string };
type GroupParams = { poolId: string; group: string };
type Group = { GroupName: string; Description?: string; Precedence?: number; RoleArn?: string; CreationDate?: Date };

const groupHref = (poolId: string, group: string) => `${poolHref(poolId, 'groups')}/${encodeURIComponent(group)}`;

/** Groups: list, create, edit (description, precedence, IAM role ARN), members, delete. */
export function groupRoutes(app: FastifyInstance, deps: Deps): void {
  const { api } = deps;

  const groupFields = (form: Form, create: boolean, error?: string) =>
    html`${create ? field({ name: 'GroupName', label: 'Group name', value: text(form, 'GroupName'), required: true, error: error?.toLowerCase().includes('group') ? error : undefined }) : ''}
${field({ name: 'Description', label: 'Description', value: text(form, 'Description') })}
${field({ name: 'Precedence', label: 'Precedence', type: 'number', value: text(form, 'Precedence'), hint: 'Lower numbers win: the group whose role ends up in cognito:preferred_role.', error: error?.toLowerCase().includes('precedence') ? error : undefined })}
${field({ name: 'RoleArn', label: 'IAM role ARN', value: text(form, 'RoleArn'), error: error?.toLowerCase().includes('role') ? error : undefined })}`;
  const request = (form: Form) => ({ Description: text(form, 'Description'), Precedence: number(form, 'Precedence'), RoleArn: text(form, 'RoleArn') });

  const listPage = async (request: FastifyRequest<{ Params: PoolParams }>, reply: FastifyReply, form: Form = {}, error?: string) => {
    const ctx = deps.context(request, reply);
    const { poolId } = request.params;
    const groups = ((await api.call('ListGroups', { UserPoolId: poolId, Limit: 60 })).Groups ?? []) as Group[];
    const body = html`${poolTabs(poolId, 'groups')}${alertNotice(deps.takeFlash(request, reply))}${card(
      undefined,
      table(
        ['Group name', 'Description', 'Precedence', 'IAM role ARN', 'Created'],
        groups.map((g) => [html`<a href="${groupHref(poolId, g.GroupName)}">${g.GroupName}</a>`, g.Description ?? '', g.Precedence === undefined ? '' : String(g.Precedence), g.RoleArn ?? '', when(g.CreationDate)]),
        'No groups yet.',
      ),
    )}${card('Create group', html`${alertError(error)}${postForm(poolHref(poolId, 'groups'), ctx.csrf!, groupFields(form, true, error), 'Create group')}`)}`;
    return deps.send(reply, page({ ...ctx, section: 'pools' }, 'Groups', body, poolCrumbs(poolId, [{ label: 'Groups' }])), error ? 400 : 200);
  };
  app.get<{ Params: PoolParams }>('/console/pools/:poolId/groups', (request, reply) => listPage(request, reply));
  app.post<{ Params: PoolParams }>('/console/pools/:poolId/groups', async (req, reply) => {
    const form = formOf(req.body);
    const result = await attempt(() => api.call('CreateGroup', { UserPoolId: req.params.poolId, GroupName: text(form, 'GroupName'), ...request(form) }, req.ip));
    if (result.error !== undefined) return listPage(req, reply, form, result.error);
    deps.flash(reply, `Created the group ${text(form, 'GroupName') ?? ''}.`);
    return reply.redirect(poolHref(req.params.poolId, 'groups'), 303);
  });

  const groupPage = async (req: FastifyRequest<{ Params: GroupParams }>, reply: FastifyReply, form?: Form, error?: string) => {
    const ctx = deps.context(req, reply);
    const { poolId, group } = req.params;
    const { Group: g } = (await api.call('GetGroup', { UserPoolId: poolId, GroupName: group })) as { Group: Group };
    const members = ((await api.call('ListUsersInGroup', { UserPoolId: poolId, GroupName: group, Limit: 60 })).Users ?? []) as { Username: string; UserStatus: string }[];
    const values: Form = form ?? { Description: g.Description, Precedence: g.Precedence === undefined ? undefined : String(g.Precedence), RoleArn: g.RoleArn };
    const href = groupHref(poolId, group);
    const body = html`${poolTabs(poolId, 'groups')}${alertNotice(deps.takeFlash(req, reply))}${card(
      'Group members',
      table(['User name', 'Confirmation status'], members.map((u) => [html`<a href="${userHref(poolId, u.Username)}">${u.Username}</a>`, u.UserStatus]), 'No members: add users from their pages.'),
    )}${card('Edit group', html`${alertError(error)}${postForm(href, ctx.csrf!, groupFields(values, false, error), 'Save changes')}`)}${card('Delete group', postForm(`${href}/delete`, ctx.csrf!, '', 'Delete group', { danger: true }))}`;
    return deps.send(reply, page({ ...ctx, section: 'pools' }, `Group: ${group}`, body, poolCrumbs(poolId, [{ label: 'Groups', href: poolHref(poolId, 'groups') }, { label: group }])), error ? 400 : 200);
  };
  app.get<{ Params: GroupParams }>('/console/pools/:poolId/groups/:group', (req, reply) => groupPage(req, reply));
  app.post<{ Params: GroupParams }>('/console/pools/:poolId/groups/:group', async (req, reply) => {
    const form = formOf(req.body);
    const result = await attempt(() => api.call('UpdateGroup', { UserPoolId: req.params.poolId, GroupName: req.params.group, ...request(form) }, req.ip));
    if (result.error !== undefined) return groupPage(req, reply, form, result.error);
    deps.flash(reply, 'Saved the group.');
    return reply.redirect(groupHref(req.params.poolId, req.params.group), 303);
  });
  app.post<{ Params: GroupParams }>('/console/pools/:poolId/groups/:group/delete', async (req, reply) => {
    await api.call('DeleteGroup', { UserPoolId: req.params.poolId, GroupName: req.params.group }, req.ip);
    deps.flash(reply, `Deleted the group ${req.params.group}.`);
    return reply.redirect(poolHref(req.params.poolId, 'groups'), 303);
  });
}
