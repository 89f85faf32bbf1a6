import {
  AdminCreateUserCommand,
  AdminGetDeviceCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CognitoIdentityProviderClient,
  ConfirmDeviceCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  GetUICustomizationCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { randomBytes } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { computeX, g, modPowN, padHex } from '../../src/crypto/srp.js';
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

forEachEngine('console: regions', (server) => {
  const inRegion = (region: string) =>
    new CognitoIdentityProviderClient({ endpoint: server().url, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });

  it('lists the pools of every region, and creates a pool in the region the form names', async () => {
    const s = new ConsoleSession(server());
    const eu = inRegion('eu-west-1');
    const south = inRegion('ap-south-1');
    try {
      const far = (await eu.send(new CreateUserPoolCommand({ PoolName: 'far-away' }))).UserPool!.Id!;
      expect(far.startsWith('eu-west-1_')).toBe(true);
      const home = (await server().cognito.send(new CreateUserPoolCommand({ PoolName: 'at-home' }))).UserPool!.Id!;
      const list = await s.get('/console');
      expect(textOf(list)).toContain(`far-away ${far} eu-west-1`);
      expect(list.body).toContain(`<code>${home}</code>`);
      expect(textOf(await s.get('/'))).toContain(far);

      const form = await s.get('/console/pools/new');
      const serverRegion = home.slice(0, home.indexOf('_'));
      expect(form.body).toContain(`name="region" type="text" value="${serverRegion}"`);
      expect(form.body).toContain('<option value="eu-west-1">');

      const refused = await s.post('/console/pools', { PoolName: 'nowhere', region: 'Not A Region', signIn: 'username' });
      expect(refused.statusCode).toBe(400);
      expect(textOf(refused)).toContain('"Not A Region" is not a region name');

      const created = await s.post('/console/pools', { PoolName: 'southern', region: 'ap-south-1', signIn: 'username' });
      expect(created.statusCode).toBe(200);
      expect(textOf(created)).toContain('Created the user pool southern.');
      const southern = (await south.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools!;
      expect(southern.map((p) => p.Name)).toEqual(['southern']);
      expect(southern[0]!.Id!.startsWith('ap-south-1_')).toBe(true);
      expect(textOf(created)).toContain(`arn:aws:cognito-idp:ap-south-1:`);
      // The default region's list, as the API answers it, is unchanged.
      const names = (await server().cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools!.map((p) => p.Name);
      expect(names).toContain('at-home');
      expect(names).not.toContain('southern');
    } finally {
      eu.destroy();
      south.destroy();
    }
  });
});

forEachEngine('console: devices', (server) => {
  it("shows whether a user's device is remembered, changes it (AdminUpdateDeviceStatus), and forgets it", async () => {
    const cognito = server().cognito;
    const s = new ConsoleSession(server());
    const poolId = (
      await cognito.send(new CreateUserPoolCommand({ PoolName: 'devices', DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: true } }))
    ).UserPool!.Id!;
    const clientId = (await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })))
      .UserPoolClient!.ClientId!;
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'dora', MessageAction: 'SUPPRESS' }));
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'dora', Password: 'Passw0rd!long', Permanent: true }));
    const auth = await cognito.send(
      new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'dora', PASSWORD: 'Passw0rd!long' } }),
    );
    const { DeviceKey, DeviceGroupKey } = auth.AuthenticationResult!.NewDeviceMetadata!;
    const salt = padHex(randomBytes(16).toString('hex'));
    const verifier = padHex(modPowN(g, computeX(DeviceGroupKey!, DeviceKey!, randomBytes(40).toString('base64'), salt)));
    await cognito.send(
      new ConfirmDeviceCommand({
        AccessToken: auth.AuthenticationResult!.AccessToken!,
        DeviceKey: DeviceKey!,
        DeviceName: 'laptop',
        DeviceSecretVerifierConfig: { Salt: Buffer.from(salt, 'hex').toString('base64'), PasswordVerifier: Buffer.from(verifier, 'hex').toString('base64') },
      }),
    );
    const user = `/console/pools/${poolId}/users/dora`;
    const status = async () =>
      (await cognito.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'dora', DeviceKey: DeviceKey! }))).Device!.DeviceAttributes!.find((a) => a.Name === 'dev:device_remembered_status')!.Value;

    const before = await s.get(user);
    expect(textOf(before)).toContain(`${DeviceKey!} laptop Not remembered`);
    expect(before.body).toContain('<input type="hidden" name="status" value="remembered">');
    expect(await status()).toBe('not_remembered');

    const remembered = await s.post(`${user}/action`, { action: 'device-status', device: DeviceKey!, status: 'remembered' });
    expect(textOf(remembered)).toContain('The device is remembered.');
    expect(textOf(remembered)).toContain(`${DeviceKey!} laptop Remembered`);
    expect(textOf(remembered)).toContain('Stop remembering');
    expect(await status()).toBe('remembered');

    const refused = await s.post(`${user}/action`, { action: 'device-status', device: DeviceKey!, status: 'sometimes' });
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused)).toMatch(/(InvalidParameterException|ValidationException|SerializationException)/);

    const forgotten = await s.post(`${user}/action`, { action: 'device-status', device: DeviceKey!, status: 'not_remembered' });
    expect(textOf(forgotten)).toContain('The device is no longer remembered.');
    expect(await status()).toBe('not_remembered');
    const gone = await s.post(`${user}/action`, { action: 'forget-device', device: DeviceKey! });
    expect(textOf(gone)).toContain('Forgot the device.');
    expect(textOf(gone)).toContain('No devices.');
  });
});

/** A 1x1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

forEachEngine('console: hosted UI logo', (server) => {
  it('uploads a logo in a multipart form (no script), shows it in the preview and on the hosted sign-in page, keeps it when the CSS changes', async () => {
    const cognito = server().cognito;
    const s = new ConsoleSession(server());
    const poolId = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'logo' }))).UserPool!.Id!;
    await cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `logo-${poolId.slice(-6).toLowerCase()}` }));
    const clientId = (
      await cognito.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: ['https://app.example.com/cb'], SupportedIdentityProviders: ['COGNITO'] }),
      )
    ).UserPoolClient!.ClientId!;
    const ui = `/console/pools/${poolId}/app/ui`;
    const editor = await s.get(ui);
    expect(editor.body).toContain('enctype="multipart/form-data"');
    expect(editor.body).toContain('<input id="f-logo" name="logo" type="file" accept="image/png,image/jpeg"');

    const svg = await s.postMultipart(ui, { CSS: '' }, { name: 'logo', filename: 'logo.svg', type: 'image/svg+xml', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
    expect(svg.statusCode).toBe(400);
    expect(textOf(svg)).toContain('The image file must be a PNG or JPEG image.');
    const big = await s.postMultipart(ui, { CSS: '' }, { name: 'logo', filename: 'big.png', type: 'image/png', data: Buffer.concat([PNG, Buffer.alloc(131072)]) });
    expect(big.statusCode).toBe(400);
    expect(textOf(big)).toContain('Member must have length less than or equal to 131072');

    const uploaded = await s.postMultipart(ui, { CSS: '.banner-customizable { background: rgb(9, 9, 9); }' }, { name: 'logo', filename: 'logo.png', type: 'image/png', data: PNG });
    expect(uploaded.statusCode).toBe(200);
    expect(textOf(uploaded)).toContain('Saved the hosted UI CSS and logo.');
    const imageUrl = (await cognito.send(new GetUICustomizationCommand({ UserPoolId: poolId }))).UICustomization!.ImageUrl!;
    const logoPath = new URL(imageUrl).pathname + new URL(imageUrl).search;
    expect(uploaded.body).toContain(`<img class="current-logo" src="${logoPath.replace(/&/g, '&amp;')}"`);
    const logo = await server().app.inject({ url: logoPath });
    expect(logo.headers['content-type']).toBe('image/png');
    expect(logo.rawPayload.equals(PNG)).toBe(true);
    expect((await s.get(`${ui}/preview`)).body).toContain(`<img class="logo-customizable" alt="logo" src="${logoPath.replace(/&/g, '&amp;')}">`);
    const login = await server().app.inject({ url: `/${poolId}/login?client_id=${clientId}&response_type=code&redirect_uri=${encodeURIComponent('https://app.example.com/cb')}` });
    expect(login.body).toMatch(/<img class="logo-customizable" src="[^"]*\/ui\/logo\/ALL\?v=/);

    // A form without a file (or posted urlencoded) keeps the logo; "Remove the logo" removes it.
    expect(textOf(await s.post(ui, { CSS: '.x {}' }))).toContain('Saved the hosted UI CSS.');
    expect((await cognito.send(new GetUICustomizationCommand({ UserPoolId: poolId }))).UICustomization).toMatchObject({ CSS: '.x {}', ImageUrl: imageUrl });
    expect(textOf(await s.postMultipart(ui, { CSS: '.y {}' }, { name: 'logo', filename: '', type: 'application/octet-stream', data: Buffer.alloc(0) }))).toContain('Saved the hosted UI CSS.');
    expect((await cognito.send(new GetUICustomizationCommand({ UserPoolId: poolId }))).UICustomization?.ImageUrl).toBe(imageUrl);
    await s.postMultipart(ui, { CSS: '.y {}', removeLogo: 'true' });
    expect((await cognito.send(new GetUICustomizationCommand({ UserPoolId: poolId }))).UICustomization?.ImageUrl).toBeUndefined();
  });

  it('refuses a form over its limits (413) or unreadable (400) in a page, and never reads a file as a text field', async () => {
    const s = new ConsoleSession(server());
    const poolId = (await server().cognito.send(new CreateUserPoolCommand({ PoolName: 'limits' }))).UserPool!.Id!;
    await server().cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `limits-${poolId.slice(-6).toLowerCase()}` }));
    const ui = `/console/pools/${poolId}/app/ui`;
    const saved = async () => (await server().cognito.send(new GetUICustomizationCommand({ UserPoolId: poolId }))).UICustomization?.CSS;
    expect(textOf(await s.postMultipart(ui, { CSS: '.kept {}' }))).toContain('Saved the hosted UI CSS.');
    expect(await saved()).toBe('.kept {}');

    const huge = await s.postMultipart(ui, { CSS: '' }, { name: 'logo', filename: 'huge.png', type: 'image/png', data: Buffer.alloc(1024 * 1024 + 1) });
    expect(huge.statusCode).toBe(413);
    expect(textOf(huge)).toContain('The form is too large: a file is over 1048576 bytes.');
    const longField = await s.postMultipart(ui, { CSS: 'x'.repeat(256 * 1024 + 1) });
    expect(longField.statusCode).toBe(413);
    expect(textOf(longField)).toContain('The form is too large: the field CSS is over 262144 bytes.');
    const manyFields = await s.postMultipart(ui, Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`f${i}`, 'x'])));
    expect(manyFields.statusCode).toBe(413);
    // A file where the CSS field belongs is not the CSS (it was bytes, and reading them as text failed with a 500).
    const fileAsField = await s.postMultipart(ui, {}, { name: 'CSS', filename: 'evil.css', type: 'text/css', data: Buffer.from('.evil {}') });
    expect(fileAsField.statusCode).toBe(200);
    expect(await saved()).not.toBe('.evil {}');

    const host = `localhost:${server().port}`;
    const unreadable = await server().app.inject({ method: 'POST', url: ui, headers: { host, 'content-type': 'multipart/form-data' }, payload: 'no boundary' });
    expect(unreadable.statusCode).toBe(400);
    expect(unreadable.body).toContain('The form could not be read');
    expect(await saved()).not.toBe('.evil {}');
  });
});
