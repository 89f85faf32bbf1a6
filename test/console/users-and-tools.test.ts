import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, expect, it } from 'vitest';
import { forEachEngine } from '../helpers/server.js';
import { ConsoleSession, textOf } from './session.js';

/** Users, groups, signing keys, the outbox, trigger invocations and the token inspector, through the console's forms. */
forEachEngine('console: users, groups and tools', (server) => {
  let poolId: string;
  let clientId: string;
  let s: ConsoleSession;
  const pool = (path = '') => `/console/pools/${poolId}${path}`;

  beforeAll(async () => {
    s = new ConsoleSession(server());
    poolId = (await server().cognito.send(new CreateUserPoolCommand({ PoolName: 'people', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
    clientId = (
      await server().cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))
    ).UserPoolClient!.ClientId!;
  });

  it('invites a user by email: the invitation with its temporary password is in the outbox, newest first', async () => {
    const created = await s.post(pool('/users'), { invitation: 'EMAIL', Username: 'alice', email: 'alice@example.com', emailVerified: 'true' });
    expect(created.statusCode).toBe(200);
    expect(textOf(created)).toContain('Created the user alice.');
    expect(textOf(created)).toContain('FORCE_CHANGE_PASSWORD');
    const outbox = textOf(await s.get(pool('/outbox')));
    expect(outbox).toContain('EMAIL alice@example.com');
    expect(outbox).toContain('invitation');
    const filtered = textOf(await s.get('/console/outbox?user=nobody'));
    expect(filtered).toContain('No messages.');
  });

  it('searches with the ListUsers filter and pages through the results', async () => {
    for (let i = 0; i < 21; i++) await server().cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: `user${String(i).padStart(2, '0')}`, MessageAction: 'SUPPRESS' }));
    const found = textOf(await s.get(pool('/users?attr=email&match=starts&q=ali')));
    expect(found).toContain('alice@example.com');
    expect(found).not.toContain('user00');
    expect(textOf(await s.get(pool('/users?attr=username&q=zzz')))).toContain('No user matches.');
    const first = await s.get(pool('/users'));
    const next = /href="([^"]+)">Next page/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
    expect(next).toBeDefined();
    const second = await s.get(next!);
    const names = (r: typeof first) => [...r.body.matchAll(/\/users\/(user\d\d|alice)"/g)].map((m) => m[1]);
    expect(names(first)).toHaveLength(20);
    expect([...names(first), ...names(second)].sort()).toHaveLength(22);
  });

  it('edits attributes, disables and enables, resets the password, signs out everywhere', async () => {
    const user = pool('/users/alice');
    expect(textOf(await s.post(`${user}/action`, { action: 'attributes', attributes: 'email=alice@example.com\nemail_verified=true\nname=Alice Liddell' }))).toContain('name Alice Liddell');
    expect(textOf(await s.post(`${user}/action`, { action: 'disable' }))).toContain('Status Disabled');
    expect(textOf(await s.post(`${user}/action`, { action: 'enable' }))).toContain('Status Enabled');
    expect(textOf(await s.post(`${user}/action`, { action: 'set-password', Password: 'short', Permanent: 'true' }))).toContain('InvalidPasswordException');
    expect(textOf(await s.post(`${user}/action`, { action: 'set-password', Password: 'Passw0rd!long', Permanent: 'true' }))).toContain('CONFIRMED');
    expect(textOf(await s.post(`${user}/action`, { action: 'reset-password' }))).toContain('RESET_REQUIRED');
    expect(textOf(await s.get(pool('/outbox?user=alice')))).toMatch(/forgot-password \d{6}/);
    expect(textOf(await s.post(`${user}/action`, { action: 'sign-out' }))).toContain('Signed the user out of all sessions.');
    expect(textOf(await s.post(`${user}/action`, { action: 'delete', confirm: 'not-alice' }))).toContain('Type the user name "alice" to confirm.');
  });

  it('creates a group with precedence and role ARN, and manages membership', async () => {
    expect(textOf(await s.post(pool('/groups'), { GroupName: 'admins', Precedence: '-1' }))).toContain('InvalidParameterException');
    const created = textOf(await s.post(pool('/groups'), { GroupName: 'admins', Description: 'Run things', Precedence: '3', RoleArn: 'arn:aws:iam::123456789012:role/admins' }));
    expect(created).toContain('admins Run things 3 arn:aws:iam::123456789012:role/admins');
    expect(textOf(await s.post(pool('/users/alice/action'), { action: 'add-group', group: 'admins' }))).toContain('Added to admins.');
    expect(textOf(await s.get(pool('/groups/admins')))).toContain('alice');
    expect(textOf(await s.post(pool('/users/alice/action'), { action: 'remove-group', group: 'admins' }))).toContain('Not in any group.');
  });

  it('rotates the signing keys', async () => {
    const before = await s.get(pool('/keys'));
    const kids = [...before.body.matchAll(/<td><code>([^<]+)<\/code><\/td><td>RS256/g)].map((m) => m[1]);
    expect(kids).toHaveLength(2);
    const after = await s.post(pool('/keys/rotate'), {});
    expect(textOf(after)).toContain('Rotated: tokens are now signed with');
    expect([...after.body.matchAll(/<td><code>([^<]+)<\/code><\/td><td>RS256/g)]).toHaveLength(4);
  });

  it('inspects a token: verified against the pool JWKS, and not when tampered with', async () => {
    await server().cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'user00', Password: 'Passw0rd!long', Permanent: true }));
    const auth = await server().cognito.send(
      new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'user00', PASSWORD: 'Passw0rd!long' } }),
    );
    const token = auth.AuthenticationResult!.AccessToken!;
    const good = textOf(await s.post('/console/inspect', { token }));
    expect(good).toContain('Verified');
    expect(good).toContain(`Signature verified with the JWKS of ${poolId}`);
    expect(good).toMatch(/exp \d+ \S+ \(in 60 minutes\)/);
    const [h, c, sig] = token.split('.');
    const claims = JSON.parse(Buffer.from(c!, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, username: 'admin' })).toString('base64url')}.${sig}`;
    expect(textOf(await s.post('/console/inspect', { token: forged }))).toContain('Not verified');
    const garbage = await s.post('/console/inspect', { token: 'not a token' });
    expect(garbage.statusCode).toBe(400);
  });

  it('lists trigger invocations (none here) and answers a missing pool with 404', async () => {
    expect(textOf(await s.get(pool('/invocations')))).toContain('No trigger invocations');
    expect((await s.get('/console/pools/us-east-1_missing0/users')).statusCode).toBe(404);
  });
});

forEachEngine('console: pool settings', (server) => {
  it('edits a pool without losing the settings the form has no field for, and turns MFA on with authenticator apps', async () => {
    const s = new ConsoleSession(server());
    const poolId = (
      await server().cognito.send(new CreateUserPoolCommand({ PoolName: 'editable', UserPoolTags: { team: 'identity' }, DeviceConfiguration: { ChallengeRequiredOnNewDevice: true } }))
    ).UserPool!.Id!;
    const edit = await s.get(`/console/pools/${poolId}/edit`);
    expect(edit.body).toContain('&quot;team&quot;: &quot;identity&quot;');
    const more = /<textarea id="f-more"[^>]*>([^<]*)<\/textarea>/.exec(edit.body)![1]!.replace(/&quot;/g, '"');
    const saved = await s.post(`/console/pools/${poolId}/edit`, {
      MinimumLength: '12',
      RequireNumbers: 'true',
      TemporaryPasswordValidityDays: '3',
      MfaConfiguration: 'OPTIONAL',
      mfaFactors: 'SOFTWARE_TOKEN',
      recovery: 'email',
      selfSignUp: 'true',
      AutoVerifiedAttributes: 'email',
      DeletionProtection: 'true',
      more,
    });
    expect(textOf(saved)).toContain('Saved the user pool settings.');
    const { DescribeUserPoolCommand, GetUserPoolMfaConfigCommand } = await import('@aws-sdk/client-cognito-identity-provider');
    const pool = (await server().cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
    expect(pool.Policies?.PasswordPolicy).toMatchObject({ MinimumLength: 12, RequireNumbers: true, RequireSymbols: false, TemporaryPasswordValidityDays: 3 });
    expect(pool.UserPoolTags).toEqual({ team: 'identity' });
    expect(pool.DeviceConfiguration?.ChallengeRequiredOnNewDevice).toBe(true);
    expect(pool.DeletionProtection).toBe('ACTIVE');
    const mfa = await server().cognito.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
    expect(mfa.MfaConfiguration).toBe('OPTIONAL');
    expect(mfa.SoftwareTokenMfaConfiguration?.Enabled).toBe(true);
    // The form shows what was saved.
    const again = await s.get(`/console/pools/${poolId}/edit`);
    expect(again.body).toMatch(/name="MinimumLength" type="number" value="12"/);
    expect(again.body).toMatch(/value="OPTIONAL" checked/);
  });
});
