import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Value } from '../../ui/html.js';
import { html } from '../../ui/html.js';
import type { Deps } from '../deps.js';
import { attempt } from '../errors.js';
import type { Form } from '../forms.js';
import { attributeLines, checked, formOf, text } from '../forms.js';
import { alertError, alertNotice, card, checkbox, choices, field, page, poolCrumbs, poolHref, poolTabs, postForm, props, select, table, textarea, when } from '../layout.js';

type PoolParams = { poolId: string };
type UserParams = { poolId: string; username: string };
type Attr = { Name: string; Value: string };

const SEARCHABLE = ['username', 'email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username', 'cognito:user_status', 'status', 'sub'];
const PAGE_SIZE = 20;

export const userHref = (poolId: string, username: string): string => `${poolHref(poolId, 'users')}/${encodeURIComponent(username)}`;
const attr = (attrs: Attr[] | undefined, name: string) => attrs?.find((a) => a.Name === name)?.Value;

/** Users: search (ListUsers' filter) and pages, create or invite, a user's attributes, state, MFA, devices and groups. */
export function userRoutes(app: FastifyInstance, deps: Deps): void {
  const { api } = deps;

  app.get<{ Params: PoolParams }>('/console/pools/:poolId/users', async (request, reply) => {
    const ctx = deps.context(request, reply);
    const { poolId } = request.params;
    const query = formOf(request.query);
    const attribute = SEARCHABLE.includes(text(query, 'attr') ?? '') ? text(query, 'attr')! : 'username';
    const match = text(query, 'match') === 'equals' ? '=' : '^=';
    const q = text(query, 'q');
    await api.call('DescribeUserPool', { UserPoolId: poolId });
    const filter = q === undefined ? undefined : `${attribute} ${match} "${q.replace(/(["\\])/g, '\\$1')}"`;
    const listed = await attempt(() => api.call('ListUsers', { UserPoolId: poolId, Limit: PAGE_SIZE, Filter: filter, PaginationToken: text(query, 'token') }));
    const users = (listed.ok?.Users ?? []) as { Username: string; Attributes?: Attr[]; UserStatus: string; Enabled: boolean; UserCreateDate?: Date }[];
    const next = listed.ok?.PaginationToken as string | undefined;
    const nextQuery = next ? new URLSearchParams({ ...(q ? { attr: attribute, match: match === '=' ? 'equals' : 'starts', q } : {}), token: next }).toString() : undefined;
    const body = html`${poolTabs(poolId, 'users')}${alertNotice(deps.takeFlash(request, reply))}<div class="actions top"><a class="button" href="${poolHref(poolId, 'users')}/new">Create user</a></div>
${card(
  undefined,
  html`<form method="get" action="${poolHref(poolId, 'users')}" role="search"><div class="row">${select({ name: 'attr', label: 'Search by attribute', value: attribute, options: SEARCHABLE })}${select({
    name: 'match',
    label: 'Match',
    value: match === '=' ? 'equals' : 'starts',
    options: [['starts', 'Starts with'], ['equals', 'Equals']],
  })}${field({ name: 'q', label: 'Value', type: 'search', value: q })}</div><button type="submit" class="secondary">Search</button></form>
${alertError(listed.error)}${table(
    ['User name', 'Email address', 'Confirmation status', 'Status', 'Created'],
    users.map((u) => [html`<a href="${userHref(poolId, u.Username)}">${u.Username}</a>`, attr(u.Attributes, 'email') ?? '', u.UserStatus, u.Enabled ? 'Enabled' : 'Disabled', when(u.UserCreateDate)]),
    q ? 'No user matches.' : 'No users yet.',
  )}${nextQuery ? html`<div class="actions"><a class="button secondary" href="${poolHref(poolId, 'users')}?${nextQuery}">Next page</a></div>` : ''}`,
)}`;
    return deps.send(reply, page({ ...ctx, section: 'pools' }, 'Users', body, poolCrumbs(poolId, [{ label: 'Users' }])), listed.error ? 400 : 200);
  });

  const newUserPage = (request: FastifyRequest<{ Params: PoolParams }>, reply: FastifyReply, form: Form, error?: string) => {
    const ctx = deps.context(request, reply);
    const { poolId } = request.params;
    const at = (m: string) => (error && error.toLowerCase().includes(m) ? error : undefined);
    const fields = html`${choices({
      name: 'invitation',
      legend: 'Invitation message',
      radio: true,
      options: [['SUPPRESS', "Don't send an invitation"], ['EMAIL', 'Send an email invitation'], ['SMS', 'Send an SMS invitation']],
      checked: [text(form, 'invitation') ?? 'SUPPRESS'],
      hint: 'Sent messages go to the message outbox.',
    })}
${field({ name: 'Username', label: 'User name', value: text(form, 'Username'), required: true, error: at('user') ?? at('username') })}
${field({ name: 'email', label: 'Email address', type: 'email', value: text(form, 'email'), error: at('email') })}
${checkbox('emailVerified', 'Mark email address as verified', checked(form, 'emailVerified'))}
${field({ name: 'phone_number', label: 'Phone number', value: text(form, 'phone_number'), hint: 'E.164: +15555550100', error: at('phone') })}
${field({ name: 'TemporaryPassword', label: 'Temporary password', type: 'password', value: text(form, 'TemporaryPassword'), autocomplete: 'new-password', hint: 'Leave empty to generate one.', error: at('password') })}`;
    const body = html`${poolTabs(poolId, 'users')}${card(undefined, html`${alertError(error)}${postForm(poolHref(poolId, 'users'), ctx.csrf!, fields, 'Create user')}`)}`;
    return deps.send(reply, page({ ...ctx, section: 'pools' }, 'Create user', body, poolCrumbs(poolId, [{ label: 'Users', href: poolHref(poolId, 'users') }, { label: 'Create user' }])), error ? 400 : 200);
  };
  app.get<{ Params: PoolParams }>('/console/pools/:poolId/users/new', (request, reply) => newUserPage(request, reply, { invitation: 'SUPPRESS', emailVerified: 'true' }));
  app.post<{ Params: PoolParams }>('/console/pools/:poolId/users', async (request, reply) => {
    const { poolId } = request.params;
    const form = formOf(request.body);
    const invitation = text(form, 'invitation') ?? 'SUPPRESS';
    const attributes: Attr[] = [];
    const email = text(form, 'email');
    const phone = text(form, 'phone_number');
    if (email) attributes.push({ Name: 'email', Value: email });
    if (email && checked(form, 'emailVerified')) attributes.push({ Name: 'email_verified', Value: 'true' });
    if (phone) attributes.push({ Name: 'phone_number', Value: phone });
    const username = text(form, 'Username');
    const result = await attempt(() =>
      api.call(
        'AdminCreateUser',
        {
          UserPoolId: poolId,
          Username: username,
          UserAttributes: attributes,
          TemporaryPassword: text(form, 'TemporaryPassword'),
          ...(invitation === 'SUPPRESS' ? { MessageAction: 'SUPPRESS' } : { DesiredDeliveryMediums: [invitation] }),
        },
        request.ip,
      ),
    );
    if (result.error !== undefined) return newUserPage(request, reply, form, result.error);
    deps.flash(reply, `Created the user ${username ?? ''}.`);
    return reply.redirect(userHref(poolId, result.ok.User.Username as string), 303);
  });

  const userPage = async (request: FastifyRequest<{ Params: UserParams }>, reply: FastifyReply, error?: string) => {
    const ctx = deps.context(request, reply);
    const { poolId, username } = request.params;
    const user = await api.call('AdminGetUser', { UserPoolId: poolId, Username: username });
    const devices = await attempt(() => api.call('AdminListDevices', { UserPoolId: poolId, Username: username, Limit: 60 }));
    const groups = ((await api.call('AdminListGroupsForUser', { UserPoolId: poolId, Username: username, Limit: 60 })).Groups ?? []) as { GroupName: string }[];
    const allGroups = ((await api.call('ListGroups', { UserPoolId: poolId, Limit: 60 })).Groups ?? []) as { GroupName: string }[];
    const attrs = (user.UserAttributes ?? []) as Attr[];
    const href = userHref(poolId, username);
    const action = (name: string, label: string, extra: Value = '', danger = false) =>
      postForm(`${href}/action`, ctx.csrf!, html`<input type="hidden" name="action" value="${name}">${extra}`, label, { inline: true, danger });
    const editable = attrs.filter((a) => a.Name !== 'sub');
    const body = html`${poolTabs(poolId, 'users')}${alertNotice(deps.takeFlash(request, reply))}${alertError(error)}${card(
      'User information',
      html`${props([
        ['User name', user.Username],
        ['User ID (sub)', html`<code>${attr(attrs, 'sub') ?? ''}</code>`],
        ['Confirmation status', user.UserStatus],
        ['Status', user.Enabled ? 'Enabled' : 'Disabled'],
        ['MFA', user.UserMFASettingList?.length ? `${(user.UserMFASettingList as string[]).join(', ')} (preferred: ${user.PreferredMfaSetting ?? 'none'})` : 'MFA not set up'],
        ['Created', when(user.UserCreateDate)],
        ['Last modified', when(user.UserLastModifiedDate)],
      ])}<div class="actions">${action('reset-password', 'Reset password')}${user.UserStatus === 'UNCONFIRMED' ? action('confirm', 'Confirm account') : ''}${
        user.Enabled ? action('disable', 'Disable user access') : action('enable', 'Enable user access')
      }${action('sign-out', 'Sign out of all sessions')}</div>`,
    )}${card(
      'User attributes',
      html`${table(['Attribute name', 'Value'], attrs.map((a) => [html`<code>${a.Name}</code>`, a.Value]))}<h3>Edit attributes</h3>${postForm(
        `${href}/action`,
        ctx.csrf!,
        html`<input type="hidden" name="action" value="attributes">${textarea({ name: 'attributes', label: 'Attributes (name=value, one a line)', value: editable.map((a) => `${a.Name}=${a.Value}`).join('\n'), rows: Math.max(3, editable.length + 1), hint: 'Changed and added lines are saved (AdminUpdateUserAttributes); a line removed deletes that attribute.' })}`,
        'Save attributes',
      )}`,
    )}${card(
      'Set password',
      postForm(
        `${href}/action`,
        ctx.csrf!,
        html`<input type="hidden" name="action" value="set-password">${field({ name: 'Password', label: 'New password', type: 'password', autocomplete: 'new-password', required: true })}${checkbox('Permanent', 'Permanent (otherwise the user must change it at the next sign-in)', true)}`,
        'Set password',
      ),
    )}${card(
      'Group memberships',
      html`${table(['Group name', ''], groups.map((g) => [g.GroupName, action('remove-group', 'Remove', html`<input type="hidden" name="group" value="${g.GroupName}">`, true)]), 'Not in any group.')}${
        allGroups.length
          ? postForm(`${href}/action`, ctx.csrf!, html`<input type="hidden" name="action" value="add-group">${select({ name: 'group', label: 'Add to group', options: allGroups.map((g) => g.GroupName) })}`, 'Add to group')
          : ''
      }`,
    )}${card(
      'Devices',
      devices.error
        ? alertError(devices.error)
        : table(
            ['Device key', 'Name', 'Remembered', 'Last used', 'Actions'],
            ((devices.ok.Devices ?? []) as { DeviceKey: string; DeviceAttributes?: Attr[]; DeviceLastAuthenticatedDate?: Date }[]).map((d) => {
              const remembered = attr(d.DeviceAttributes, 'dev:device_remembered_status') === 'remembered';
              const device = html`<input type="hidden" name="device" value="${d.DeviceKey}">`;
              return [
                html`<code>${d.DeviceKey}</code>`,
                attr(d.DeviceAttributes, 'device_name') ?? '',
                remembered ? 'Remembered' : 'Not remembered',
                when(d.DeviceLastAuthenticatedDate),
                html`<div class="actions">${postForm(
                  `${href}/action`,
                  ctx.csrf!,
                  html`<input type="hidden" name="action" value="device-status">${device}<input type="hidden" name="status" value="${remembered ? 'not_remembered' : 'remembered'}">`,
                  remembered ? 'Stop remembering' : 'Remember',
                  { inline: true },
                )}${postForm(`${href}/action`, ctx.csrf!, html`<input type="hidden" name="action" value="forget-device">${device}`, 'Forget', { inline: true, danger: true })}</div>`,
              ];
            }),
            'No devices.',
          ),
    )}${card(
      'Delete user',
      postForm(`${href}/action`, ctx.csrf!, html`<input type="hidden" name="action" value="delete">${field({ name: 'confirm', label: `To confirm, type the user name (${user.Username as string})`, required: true, autocomplete: 'off' })}`, 'Delete user', { danger: true }),
    )}`;
    return deps.send(reply, page({ ...ctx, section: 'pools' }, `User: ${user.Username as string}`, body, poolCrumbs(poolId, [{ label: 'Users', href: poolHref(poolId, 'users') }, { label: user.Username }])), error ? 400 : 200);
  };
  app.get<{ Params: UserParams }>('/console/pools/:poolId/users/:username', (request, reply) => userPage(request, reply));

  app.post<{ Params: UserParams }>('/console/pools/:poolId/users/:username/action', async (request, reply) => {
    const { poolId, username } = request.params;
    const form = formOf(request.body);
    const who = { UserPoolId: poolId, Username: username };
    const call = (name: string, input: Record<string, unknown> = {}) => api.call(name, { ...who, ...input }, request.ip);
    const actions: Record<string, () => Promise<string>> = {
      'reset-password': async () => (await call('AdminResetUserPassword'), 'Reset the password: the code is in the message outbox.'),
      confirm: async () => (await call('AdminConfirmSignUp'), 'Confirmed the account.'),
      enable: async () => (await call('AdminEnableUser'), 'Enabled the user.'),
      disable: async () => (await call('AdminDisableUser'), 'Disabled the user.'),
      'sign-out': async () => (await call('AdminUserGlobalSignOut'), 'Signed the user out of all sessions.'),
      'set-password': async () => (await call('AdminSetUserPassword', { Password: text(form, 'Password') ?? '', Permanent: checked(form, 'Permanent') }), 'Set the password.'),
      'add-group': async () => (await call('AdminAddUserToGroup', { GroupName: text(form, 'group') }), `Added to ${text(form, 'group') ?? ''}.`),
      'remove-group': async () => (await call('AdminRemoveUserFromGroup', { GroupName: text(form, 'group') }), `Removed from ${text(form, 'group') ?? ''}.`),
      'forget-device': async () => (await call('AdminForgetDevice', { DeviceKey: text(form, 'device') }), 'Forgot the device.'),
      'device-status': async () => {
        const status = text(form, 'status');
        await call('AdminUpdateDeviceStatus', { DeviceKey: text(form, 'device'), DeviceRememberedStatus: status });
        return status === 'remembered' ? 'The device is remembered.' : 'The device is no longer remembered.';
      },
      attributes: async () => {
        const current = ((await call('AdminGetUser')).UserAttributes ?? []) as Attr[];
        const wanted = attributeLines(form, 'attributes');
        const changed = wanted.filter((w) => attr(current, w.Name) !== w.Value);
        const removed = current.filter((c) => c.Name !== 'sub' && !wanted.some((w) => w.Name === c.Name)).map((c) => c.Name);
        if (changed.length) await call('AdminUpdateUserAttributes', { UserAttributes: changed });
        if (removed.length) await call('AdminDeleteUserAttributes', { UserAttributeNames: removed });
        return 'Saved the attributes.';
      },
      delete: async () => {
        if (text(form, 'confirm') !== username) throw new ConfirmError(`Type the user name "${username}" to confirm.`);
        await call('AdminDeleteUser');
        return `Deleted the user ${username}.`;
      },
    };
    const run = actions[text(form, 'action') ?? ''];
    if (!run) return userPage(request, reply, 'Unknown action.');
    let result;
    try {
      result = await attempt(run);
    } catch (error) {
      if (error instanceof ConfirmError) return userPage(request, reply, error.message);
      throw error;
    }
    if (result.error !== undefined) return userPage(request, reply, result.error);
    deps.flash(reply, result.ok);
    return reply.redirect(text(form, 'action') === 'delete' ? poolHref(poolId, 'users') : userHref(poolId, username), 303);
  });
}

class ConfirmError extends Error {}
