import { randomBytes } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminForgetDeviceCommand,
  AdminGetDeviceCommand,
  AdminInitiateAuthCommand,
  AdminListDevicesCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateDeviceStatusCommand,
  AssociateSoftwareTokenCommand,
  ConfirmDeviceCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgetDeviceCommand,
  GetDeviceCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
  SetUserPoolMfaConfigCommand,
  UpdateDeviceStatusCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AttributeType, DeviceConfigurationType, DeviceType } from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import type { CognitoUserSession, ICognitoStorage, IAuthenticationCallback } from 'amazon-cognito-identity-js';
import { Secret, TOTP } from 'otpauth';
import { beforeEach, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/core/providers.js';
import { computeX, g, modPowN, padHex } from '../../src/crypto/srp.js';
import { forEachEngine } from '../helpers/server.js';
import { srpClient } from '../helpers/srp-client.js';

const PASSWORD = 'Passw0rd!';
const ALWAYS: DeviceConfigurationType = { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false };
const OPT_IN: DeviceConfigurationType = { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true };
/** What amazon-cognito-identity-js sends as DeviceName. */
const LIBRARY_DEVICE_NAME = (globalThis as { navigator?: { userAgent: string } }).navigator?.userAgent ?? 'nodejs';
const DEVICE_KEY = /^us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const STEP_MS = 30_000;
// TOTP codes are good once per 30-second step: tests move this clock to the next step instead of
// waiting. It follows the real time, since the library signs its SRP claims with the real clock.
const clock = new ManualClock();
const appCode = (secret: string) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: clock.now() });

/** The Storage option of amazon-cognito-identity-js: one browser's localStorage. */
class MemoryStorage implements ICognitoStorage {
  private readonly items = new Map<string, string>();
  setItem(key: string, value: string) {
    this.items.set(key, String(value));
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  clear() {
    this.items.clear();
  }
}

type Outcome =
  | { kind: 'success'; session: CognitoUserSession; userConfirmationNecessary?: boolean }
  | { kind: 'totpRequired' }
  | { kind: 'failure'; error: { code?: string; name?: string; message: string } };

function callbacks(resolve: (o: Outcome) => void): IAuthenticationCallback {
  return {
    onSuccess: (session, userConfirmationNecessary) => resolve({ kind: 'success', session, userConfirmationNecessary }),
    onFailure: (error) => resolve({ kind: 'failure', error }),
    totpRequired: () => resolve({ kind: 'totpRequired' }),
  };
}

/** The Cognito calls the library makes while `action` runs: operation, and challenge where there is one. */
async function recordCalls<T>(action: () => Promise<T>): Promise<{ result: T; calls: string[] }> {
  const original = globalThis.fetch;
  const calls: string[] = [];
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const target = new Headers(init?.headers).get('x-amz-target')?.split('.')[1];
    if (target) {
      const body = JSON.parse(String(init?.body ?? '{}')) as { ChallengeName?: string };
      calls.push(body.ChallengeName ? `${target} ${body.ChallengeName}` : target);
    }
    return original(input, init);
  });
  try {
    return { result: await action(), calls };
  } finally {
    spy.mockRestore();
  }
}

const attribute = (device: DeviceType | undefined, name: string) => device?.DeviceAttributes?.find((a: AttributeType) => a.Name === name)?.Value;

forEachEngine(
  'remembered devices',
  (server) => {
    const cognito = () => server().cognito;
    beforeEach(() => clock.set(Math.floor(Date.now() / STEP_MS) * STEP_MS + 1_000));

    const setup = async (device: DeviceConfigurationType | 'untracked' = ALWAYS) => {
      const DeviceConfiguration = device === 'untracked' ? undefined : device;
      const poolId = (await cognito().send(new CreateUserPoolCommand({ PoolName: 'devices', DeviceConfiguration }))).UserPool!.Id!;
      const clientId = (
        await cognito().send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: 'web',
            ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          }),
        )
      ).UserPoolClient!.ClientId!;
      const createUser = async (username: string) => {
        await cognito().send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, TemporaryPassword: PASSWORD, MessageAction: 'SUPPRESS' }));
        await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
      };
      await createUser('alice');
      // One browser: its storage keeps the tokens and the device key between sign-ins.
      const storage = new MemoryStorage();
      const userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: `${server().url}/`, Storage: storage });
      const newUser = (flow?: 'USER_PASSWORD_AUTH') => {
        const user = new CognitoUser({ Username: 'alice', Pool: userPool, Storage: storage });
        if (flow) user.setAuthenticationFlowType(flow);
        return user;
      };
      const cacheKey = (name: string) => `CognitoIdentityServiceProvider.${clientId}.alice.${name}`;
      const signIn = (user = newUser()) =>
        recordCalls(
          () => new Promise<Outcome>((resolve) => user.authenticateUser(new AuthenticationDetails({ Username: 'alice', Password: PASSWORD }), callbacks(resolve))),
        );
      const adminSignIn = async (username = 'alice', DEVICE_KEY?: string) =>
        cognito().send(
          new AdminInitiateAuthCommand({
            UserPoolId: poolId,
            ClientId: clientId,
            AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: username, PASSWORD, ...(DEVICE_KEY ? { DEVICE_KEY } : {}) },
          }),
        );
      const adminDevices = async (username = 'alice') => (await cognito().send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: username }))).Devices ?? [];
      return { poolId, clientId, storage, newUser, signIn, adminSignIn, adminDevices, createUser, cachedDeviceKey: () => storage.getItem(cacheKey('deviceKey')), cacheKey };
    };

    const sendCode = (user: CognitoUser, code: string) =>
      recordCalls(
        () =>
          new Promise<Outcome>((resolve) =>
            user.sendMFACode(
              code,
              { onSuccess: (session, userConfirmationNecessary) => resolve({ kind: 'success', session, userConfirmationNecessary }), onFailure: (error) => resolve({ kind: 'failure', error }) },
              'SOFTWARE_TOKEN_MFA',
            ),
          ),
      );
    const libraryCall = <T>(run: (cb: { onSuccess: (v: T) => void; onFailure: (e: Error) => void }) => void) =>
      new Promise<T>((resolve, reject) => run({ onSuccess: resolve, onFailure: reject }));

    /** A device of alice registered through the SDK as the library would, with the device password known to the test. */
    const confirmByHand = async (accessToken: string, DeviceKey: string, DeviceGroupKey: string) => {
      const password = randomBytes(40).toString('base64');
      const salt = padHex(randomBytes(16).toString('hex'));
      const verifier = padHex(modPowN(g, computeX(DeviceGroupKey, DeviceKey, password, salt)));
      await cognito().send(
        new ConfirmDeviceCommand({
          AccessToken: accessToken,
          DeviceKey,
          DeviceName: 'script',
          DeviceSecretVerifierConfig: { Salt: Buffer.from(salt, 'hex').toString('base64'), PasswordVerifier: Buffer.from(verifier, 'hex').toString('base64') },
        }),
      );
      return password;
    };

    it('answers a sign-in from a new device with NewDeviceMetadata, and amazon-cognito-identity-js registers the device with ConfirmDevice', async () => {
      const { signIn, cachedDeviceKey, adminDevices } = await setup();
      const { result, calls } = await signIn();
      expect(calls).toEqual(['InitiateAuth', 'RespondToAuthChallenge PASSWORD_VERIFIER', 'ConfirmDevice']);
      expect(result).toMatchObject({ kind: 'success', userConfirmationNecessary: undefined });
      if (result.kind !== 'success') return;
      const deviceKey = cachedDeviceKey();
      expect(deviceKey).toMatch(DEVICE_KEY);
      expect(result.session.getAccessToken().payload.device_key).toBe(deviceKey);

      const [device, ...others] = await adminDevices();
      expect(others).toEqual([]);
      expect(device!.DeviceKey).toBe(deviceKey);
      expect(attribute(device, 'device_status')).toBe('valid');
      expect(attribute(device, 'device_name')).toBe(LIBRARY_DEVICE_NAME);
      expect(attribute(device, 'dev:device_remembered_status')).toBe('remembered');
      expect(attribute(device, 'last_ip_used')).toBe('127.0.0.1');
      expect(device!.DeviceCreateDate).toBeInstanceOf(Date);
      expect(device!.DeviceLastAuthenticatedDate).toBeInstanceOf(Date);
    });

    it('lists and gets the remembered device for its user, through the library and the SDK', async () => {
      const { newUser, signIn, cachedDeviceKey } = await setup();
      const user = newUser();
      const { result } = await signIn(user);
      if (result.kind !== 'success') throw new Error('sign-in failed');
      const listed = await new Promise<{ Devices: DeviceType[] }>((resolve, reject) => user.listDevices(10, null, { onSuccess: resolve, onFailure: reject }));
      expect(listed.Devices.map((d) => d.DeviceKey)).toEqual([cachedDeviceKey()]);
      const got = await libraryCall<{ Device: { DeviceKey: string } }>((cb) => user.getDevice(cb as never));
      expect(got.Device.DeviceKey).toBe(cachedDeviceKey());

      const AccessToken = result.session.getAccessToken().getJwtToken();
      const device = (await cognito().send(new GetDeviceCommand({ AccessToken, DeviceKey: cachedDeviceKey()! }))).Device!;
      expect(attribute(device, 'dev:device_remembered_status')).toBe('remembered');
      expect((await cognito().send(new ListDevicesCommand({ AccessToken }))).Devices).toHaveLength(1);
    });

    it('signs in again with the remembered device through DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER', async () => {
      const { signIn, cachedDeviceKey, adminDevices } = await setup();
      await signIn();
      const deviceKey = cachedDeviceKey();
      const before = (await adminDevices())[0]!.DeviceLastAuthenticatedDate!;
      clock.advance(5_000);

      const { result, calls } = await signIn();
      expect(calls).toEqual([
        'InitiateAuth',
        'RespondToAuthChallenge PASSWORD_VERIFIER',
        'RespondToAuthChallenge DEVICE_SRP_AUTH',
        'RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER',
      ]);
      expect(result.kind).toBe('success');
      if (result.kind !== 'success') return;
      expect(result.session.getAccessToken().payload.device_key).toBe(deviceKey);
      expect(cachedDeviceKey()).toBe(deviceKey);
      const devices = await adminDevices();
      expect(devices).toHaveLength(1);
      expect(devices[0]!.DeviceLastAuthenticatedDate!.getTime()).toBeGreaterThan(before.getTime());
    });

    it('proves the remembered device after USER_PASSWORD_AUTH too', async () => {
      const { newUser, signIn } = await setup();
      await signIn(newUser('USER_PASSWORD_AUTH'));
      const { result, calls } = await signIn(newUser('USER_PASSWORD_AUTH'));
      expect(result.kind).toBe('success');
      expect(calls).toEqual(['InitiateAuth', 'RespondToAuthChallenge DEVICE_SRP_AUTH', 'RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER']);
    });

    const withAuthenticator = async (device: DeviceConfigurationType) => {
      const env = await setup(device);
      await cognito().send(new SetUserPoolMfaConfigCommand({ UserPoolId: env.poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
      const AccessToken = (await env.adminSignIn()).AuthenticationResult!.AccessToken!;
      const secret = (await cognito().send(new AssociateSoftwareTokenCommand({ AccessToken }))).SecretCode!;
      await cognito().send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: appCode(secret) }));
      await cognito().send(new SetUserPoolMfaConfigCommand({ UserPoolId: env.poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
      clock.advance(STEP_MS);
      return { ...env, secret };
    };

    it('lets a remembered device stand in for MFA when ChallengeRequiredOnNewDevice is set', async () => {
      const { newUser, signIn, secret } = await withAuthenticator(ALWAYS);
      const first = newUser();
      expect((await signIn(first)).result.kind).toBe('totpRequired');
      const confirmed = await sendCode(first, appCode(secret));
      expect(confirmed.result.kind).toBe('success');
      expect(confirmed.calls).toEqual(['RespondToAuthChallenge SOFTWARE_TOKEN_MFA', 'ConfirmDevice']);

      const { result, calls } = await signIn();
      expect(result.kind).toBe('success');
      expect(calls).not.toContain('RespondToAuthChallenge SOFTWARE_TOKEN_MFA');
      expect(calls).toContain('RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER');
    });

    it('asks a remembered device for MFA, and then no device proof, when ChallengeRequiredOnNewDevice is false', async () => {
      const { newUser, signIn, secret, cachedDeviceKey } = await withAuthenticator({ ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false });
      const first = newUser();
      await signIn(first);
      expect((await sendCode(first, appCode(secret))).result.kind).toBe('success');
      clock.advance(STEP_MS);

      const again = newUser();
      expect((await signIn(again)).result.kind).toBe('totpRequired');
      const { result, calls } = await sendCode(again, appCode(secret));
      expect(result.kind).toBe('success');
      expect(calls).toEqual(['RespondToAuthChallenge SOFTWARE_TOKEN_MFA']);
      if (result.kind === 'success') expect(result.session.getAccessToken().payload.device_key).toBe(cachedDeviceKey());
    });

    it('still proves a remembered device without MFA when ChallengeRequiredOnNewDevice is false', async () => {
      const { signIn } = await setup({ ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false });
      await signIn();
      const { result, calls } = await signIn();
      expect(result.kind).toBe('success');
      expect(calls).toContain('RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER');
    });

    it('makes the next sign-in a new device once the library forgets the device, and revokes its tokens', async () => {
      const { newUser, signIn, cachedDeviceKey, adminDevices, clientId } = await setup();
      const user = newUser();
      const { result } = await signIn(user);
      if (result.kind !== 'success') throw new Error('sign-in failed');
      const forgotten = cachedDeviceKey();
      await libraryCall<string>((cb) => user.forgetDevice(cb));
      expect(cachedDeviceKey()).toBeNull();
      expect(await adminDevices()).toEqual([]);
      await expect(
        cognito().send(
          new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: result.session.getRefreshToken().getToken() } }),
        ),
      ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });

      const { calls } = await signIn();
      expect(calls).toContain('ConfirmDevice');
      expect(cachedDeviceKey()).toMatch(DEVICE_KEY);
      expect(cachedDeviceKey()).not.toBe(forgotten);
      expect((await adminDevices()).map((d) => d.DeviceKey)).toEqual([cachedDeviceKey()]);
    });

    it('answers a forgotten device key with "Device does not exist.", on which the library signs in as a new device', async () => {
      const { poolId, signIn, cachedDeviceKey, adminDevices } = await setup();
      await signIn();
      const forgotten = cachedDeviceKey()!;
      await cognito().send(new AdminForgetDeviceCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey: forgotten }));

      const { result, calls } = await signIn();
      expect(result.kind).toBe('success');
      expect(calls).toEqual([
        'InitiateAuth',
        'RespondToAuthChallenge PASSWORD_VERIFIER',
        'RespondToAuthChallenge PASSWORD_VERIFIER',
        'ConfirmDevice',
      ]);
      expect(cachedDeviceKey()).not.toBe(forgotten);
      expect(await adminDevices()).toHaveLength(1);
    });

    it('refuses a device that does not hold the device secret with NotAuthorizedException', async () => {
      const { signIn, storage, cacheKey } = await setup();
      await signIn();
      storage.setItem(cacheKey('randomPasswordKey'), randomBytes(40).toString('base64'));
      const { result, calls } = await signIn();
      expect(calls).toContain('RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER');
      expect(result).toMatchObject({ kind: 'failure', error: { code: 'NotAuthorizedException', message: 'Incorrect username or password.' } });
    });

    it('remembers a device only when the user says so with DeviceOnlyRememberedOnUserPrompt', async () => {
      const { poolId, newUser, signIn, cachedDeviceKey, adminDevices } = await setup(OPT_IN);
      const user = newUser();
      const { result } = await signIn(user);
      expect(result).toMatchObject({ kind: 'success', userConfirmationNecessary: true });
      if (result.kind !== 'success') return;
      const AccessToken = result.session.getAccessToken().getJwtToken();
      const deviceKey = cachedDeviceKey()!;
      // Tracked, not remembered: the administrator sees it, the user does not, and it proves nothing.
      expect(attribute((await adminDevices())[0], 'dev:device_remembered_status')).toBe('not_remembered');
      expect((await cognito().send(new ListDevicesCommand({ AccessToken }))).Devices).toEqual([]);
      await expect(cognito().send(new GetDeviceCommand({ AccessToken, DeviceKey: deviceKey }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'Device does not exist.',
      });
      expect((await signIn()).calls).toEqual(['InitiateAuth', 'RespondToAuthChallenge PASSWORD_VERIFIER']);

      await libraryCall<string>((cb) => user.setDeviceStatusRemembered(cb));
      expect((await cognito().send(new ListDevicesCommand({ AccessToken }))).Devices).toHaveLength(1);
      expect((await signIn()).calls).toContain('RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER');

      await cognito().send(new AdminUpdateDeviceStatusCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey: deviceKey, DeviceRememberedStatus: 'not_remembered' }));
      expect((await signIn()).calls).not.toContain('RespondToAuthChallenge DEVICE_SRP_AUTH');
    });

    it('runs device SRP through AdminInitiateAuth and AdminRespondToAuthChallenge', async () => {
      const { poolId, clientId, adminSignIn } = await setup();
      const first = (await adminSignIn()).AuthenticationResult!;
      const { DeviceKey, DeviceGroupKey } = first.NewDeviceMetadata!;
      expect(DeviceKey).toMatch(DEVICE_KEY);
      expect(DeviceGroupKey).toMatch(/^-[0-9A-Za-z]{8}$/);
      const devicePassword = await confirmByHand(first.AccessToken!, DeviceKey!, DeviceGroupKey!);

      const challenged = await adminSignIn('alice', DeviceKey);
      expect(challenged).toMatchObject({ ChallengeName: 'DEVICE_SRP_AUTH', ChallengeParameters: { USER_ID_FOR_SRP: 'alice' } });
      // The device's SRP: DeviceGroupKey as the pool name (srpClient takes it from after the "_").
      const device = srpClient(`x_${DeviceGroupKey}`);
      const verifier = await cognito().send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          ChallengeName: 'DEVICE_SRP_AUTH',
          Session: challenged.Session,
          ChallengeResponses: { USERNAME: 'alice', DEVICE_KEY: DeviceKey!, SRP_A: device.SRP_A },
        }),
      );
      expect(verifier.ChallengeName).toBe('DEVICE_PASSWORD_VERIFIER');
      expect(verifier.ChallengeParameters).toMatchObject({ DEVICE_KEY: DeviceKey, USERNAME: 'alice' });
      const respond = (password: string) =>
        cognito().send(
          new AdminRespondToAuthChallengeCommand({
            UserPoolId: poolId,
            ClientId: clientId,
            ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
            Session: verifier.Session,
            ChallengeResponses: {
              ...device.respond({ ...verifier.ChallengeParameters, USER_ID_FOR_SRP: DeviceKey! }, password, { now: clock.now() }),
              USERNAME: 'alice',
              DEVICE_KEY: DeviceKey!,
            },
          }),
        );
      await expect(respond('not the device password')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
      const done = await respond(devicePassword);
      expect(done.AuthenticationResult?.AccessToken).toBeDefined();
      expect(done.AuthenticationResult?.NewDeviceMetadata).toBeUndefined();
    });

    it('refuses a device key presented with the wrong session or by another user', async () => {
      const { poolId, clientId, adminSignIn, createUser } = await setup();
      const first = (await adminSignIn()).AuthenticationResult!;
      const { DeviceKey, DeviceGroupKey } = first.NewDeviceMetadata!;
      await confirmByHand(first.AccessToken!, DeviceKey!, DeviceGroupKey!);
      await createUser('bob');
      await expect(adminSignIn('bob', DeviceKey)).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Device does not exist.' });
      await expect(adminSignIn('alice', 'us-east-1_00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'Device does not exist.',
      });

      const challenged = await adminSignIn('alice', DeviceKey);
      const answer = (ChallengeName: 'DEVICE_SRP_AUTH' | 'DEVICE_PASSWORD_VERIFIER', responses: Record<string, string>) =>
        cognito().send(new AdminRespondToAuthChallengeCommand({ UserPoolId: poolId, ClientId: clientId, ChallengeName, Session: challenged.Session, ChallengeResponses: responses }));
      const SRP_A = srpClient(`x_${DeviceGroupKey}`).SRP_A;
      await expect(answer('DEVICE_PASSWORD_VERIFIER', { USERNAME: 'alice', DEVICE_KEY: DeviceKey! })).rejects.toMatchObject({ name: 'InvalidParameterException' });
      await expect(answer('DEVICE_SRP_AUTH', { USERNAME: 'alice', SRP_A })).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Missing required parameter DEVICE_KEY',
      });
      await expect(answer('DEVICE_SRP_AUTH', { USERNAME: 'alice', DEVICE_KEY: 'us-east-1_0123', SRP_A })).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
      });
      await expect(answer('DEVICE_SRP_AUTH', { USERNAME: 'alice', DEVICE_KEY: DeviceKey!, SRP_A: '0' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });

    it('gives no device metadata in a pool without DeviceConfiguration, and ignores DEVICE_KEY there', async () => {
      const { adminSignIn } = await setup('untracked');
      const result = (await adminSignIn('alice', 'us-east-1_00000000-0000-4000-8000-000000000000')).AuthenticationResult!;
      expect(result.AccessToken).toBeDefined();
      expect(result.NewDeviceMetadata).toBeUndefined();
    });

    it('confirms a device only once, only with a verifier, and only the device its access token was issued with', async () => {
      const { adminSignIn } = await setup();
      const first = (await adminSignIn()).AuthenticationResult!;
      const { DeviceKey, DeviceGroupKey } = first.NewDeviceMetadata!;
      const AccessToken = first.AccessToken!;
      await expect(cognito().send(new ConfirmDeviceCommand({ AccessToken, DeviceKey: DeviceKey! }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Missing required parameter DeviceSecretVerifierConfig',
      });
      await expect(
        cognito().send(new ConfirmDeviceCommand({ AccessToken, DeviceKey: DeviceKey!, DeviceSecretVerifierConfig: { Salt: 'AQ==', PasswordVerifier: 'AA==' } })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Invalid DeviceSecretVerifierConfig.' });
      const other = 'us-east-1_00000000-0000-4000-8000-000000000000';
      await expect(confirmByHand(AccessToken, other, DeviceGroupKey!)).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Device does not exist.' });
      await expect(cognito().send(new ConfirmDeviceCommand({ AccessToken, DeviceKey: 'no-underscore' }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: expect.stringContaining("at 'deviceKey' failed to satisfy constraint: Member must satisfy regular expression pattern"),
      });
      await expect(cognito().send(new ConfirmDeviceCommand({ AccessToken: 'bad.token', DeviceKey: DeviceKey! }))).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Invalid Access Token',
      });

      await confirmByHand(AccessToken, DeviceKey!, DeviceGroupKey!);
      await expect(confirmByHand(AccessToken, DeviceKey!, DeviceGroupKey!)).rejects.toMatchObject({ name: 'DeviceKeyExistsException' });
    });

    it('serves the self-service device operations with their errors', async () => {
      const { adminSignIn, createUser } = await setup();
      const confirmOne = async () => {
        const result = (await adminSignIn()).AuthenticationResult!;
        await confirmByHand(result.AccessToken!, result.NewDeviceMetadata!.DeviceKey!, result.NewDeviceMetadata!.DeviceGroupKey!);
        return { AccessToken: result.AccessToken!, DeviceKey: result.NewDeviceMetadata!.DeviceKey! };
      };
      const one = await confirmOne();
      const two = await confirmOne();
      const { AccessToken } = two;

      const page1 = await cognito().send(new ListDevicesCommand({ AccessToken, Limit: 1 }));
      expect(page1.Devices).toHaveLength(1);
      const page2 = await cognito().send(new ListDevicesCommand({ AccessToken, Limit: 1, PaginationToken: page1.PaginationToken }));
      expect(page2.PaginationToken).toBeUndefined();
      expect([page1.Devices![0]!.DeviceKey, page2.Devices![0]!.DeviceKey].sort()).toEqual([one.DeviceKey, two.DeviceKey].sort());
      await expect(cognito().send(new ListDevicesCommand({ AccessToken, PaginationToken: 'nonsense' }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Invalid pagination token.',
      });
      await expect(cognito().send(new ListDevicesCommand({ AccessToken, Limit: 61 }))).rejects.toMatchObject({ name: 'InvalidParameterException' });

      await expect(cognito().send(new GetDeviceCommand({ DeviceKey: one.DeviceKey }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Missing required parameter AccessToken',
      });
      await expect(cognito().send(new GetDeviceCommand({ AccessToken, DeviceKey: 'us-east-1_0123' }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'Device does not exist.',
      });
      await expect(
        cognito().send(new UpdateDeviceStatusCommand({ AccessToken, DeviceKey: one.DeviceKey, DeviceRememberedStatus: 'sometimes' as never })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });

      // Another user's token does not reach alice's devices.
      await createUser('bob');
      const bobToken = (await adminSignIn('bob')).AuthenticationResult!.AccessToken!;
      await expect(cognito().send(new GetDeviceCommand({ AccessToken: bobToken, DeviceKey: one.DeviceKey }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
      });
      await expect(cognito().send(new ForgetDeviceCommand({ AccessToken: bobToken, DeviceKey: one.DeviceKey }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
      });

      await cognito().send(new UpdateDeviceStatusCommand({ AccessToken, DeviceKey: one.DeviceKey, DeviceRememberedStatus: 'not_remembered' }));
      expect((await cognito().send(new ListDevicesCommand({ AccessToken }))).Devices!.map((d) => d.DeviceKey)).toEqual([two.DeviceKey]);
      await cognito().send(new UpdateDeviceStatusCommand({ AccessToken, DeviceKey: one.DeviceKey, DeviceRememberedStatus: 'remembered' }));
      await cognito().send(new ForgetDeviceCommand({ AccessToken, DeviceKey: one.DeviceKey }));
      await expect(cognito().send(new ForgetDeviceCommand({ AccessToken, DeviceKey: one.DeviceKey }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'Device does not exist.',
      });
      await expect(
        cognito().send(new UpdateDeviceStatusCommand({ AccessToken, DeviceKey: one.DeviceKey, DeviceRememberedStatus: 'remembered' })),
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      // Forgetting device one revoked the tokens issued with it, not those of device two.
      await expect(cognito().send(new ListDevicesCommand({ AccessToken: one.AccessToken }))).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Access Token has been revoked',
      });
      expect((await cognito().send(new ListDevicesCommand({ AccessToken }))).Devices).toHaveLength(1);
    });

    it('serves the Admin* device operations with their errors', async () => {
      const { poolId, adminSignIn, adminDevices } = await setup();
      const result = (await adminSignIn()).AuthenticationResult!;
      const { DeviceKey, DeviceGroupKey } = result.NewDeviceMetadata!;
      await confirmByHand(result.AccessToken!, DeviceKey!, DeviceGroupKey!);

      const device = (await cognito().send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey: DeviceKey! }))).Device!;
      expect(device.DeviceKey).toBe(DeviceKey);
      expect(attribute(device, 'device_name')).toBe('script');
      expect(attribute(device, 'dev:device_owner')).toBe(`alice.${poolId}`);
      expect(attribute(device, 'dev:device_arn')).toBe(`arn:aws:cognito-idp:us-east-1:000000000000:owner/alice.${poolId}/device/${DeviceKey}`);

      await cognito().send(new AdminUpdateDeviceStatusCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey: DeviceKey!, DeviceRememberedStatus: 'not_remembered' }));
      expect(attribute((await adminDevices())[0], 'dev:device_remembered_status')).toBe('not_remembered');
      expect((await cognito().send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'alice', Limit: 0 }))).Devices).toHaveLength(1);

      await expect(cognito().send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'nobody', DeviceKey: DeviceKey! }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'User does not exist.',
      });
      await expect(cognito().send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'nobody' }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
      });
      await expect(cognito().send(new AdminForgetDeviceCommand({ UserPoolId: poolId, Username: 'nobody', DeviceKey: DeviceKey! }))).rejects.toMatchObject({
        name: 'UserNotFoundException',
        message: 'User does not exist.',
      });
      await expect(
        cognito().send(new AdminUpdateDeviceStatusCommand({ UserPoolId: poolId, Username: 'nobody', DeviceKey: DeviceKey!, DeviceRememberedStatus: 'remembered' })),
      ).rejects.toMatchObject({ name: 'UserNotFoundException' });
      await expect(cognito().send(new AdminGetDeviceCommand({ UserPoolId: 'us-east-1_Nope00000', Username: 'alice', DeviceKey: DeviceKey! }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'User pool us-east-1_Nope00000 does not exist.',
      });
      await expect(cognito().send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey: 'us-east-1_0123' }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'Device does not exist.',
      });

      await cognito().send(new AdminForgetDeviceCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey: DeviceKey! }));
      expect(await adminDevices()).toEqual([]);
      await expect(cognito().send(new AdminForgetDeviceCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey: DeviceKey! }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'Device does not exist.',
      });
    });

    it("deletes a user's devices with the user", async () => {
      const { poolId, adminSignIn, adminDevices, createUser } = await setup();
      const result = (await adminSignIn()).AuthenticationResult!;
      await confirmByHand(result.AccessToken!, result.NewDeviceMetadata!.DeviceKey!, result.NewDeviceMetadata!.DeviceGroupKey!);
      await cognito().send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'alice' }));
      await createUser('alice');
      expect(await adminDevices()).toEqual([]);
    });
  },
  { clock },
);
