import type { ConfirmDeviceInput, ConfirmDeviceResult, DeviceDescription, DeviceRememberedStatus, DeviceSecretVerifierConfig } from './types.js';
import { N } from '../../crypto/srp.js';
import * as repo from '../../store/devices.js';
import { isUniqueViolation } from '../../store/database.js';
import type { Device, DeviceVerifier } from './devices.js';
import {
  deviceGroupKeyOf,
  deviceNotFound,
  forgetDevice,
  isRemembered,
  rememberOnlyOnPrompt,
  requireDevice,
  sealDeviceVerifier,
  wireDevice,
} from './devices.js';
import { CognitoError, err } from '../errors.js';
import type { UserPool } from '../pool/pools.js';
import { getPool } from '../pool/pools.js';
import { signedInUser } from '../client/caller.js';
import type { Services } from '../services.js';
import type { User } from '../user/users.js';
import { findUser } from '../user/users.js';

/**
 * The device operations: ConfirmDevice and the self-service ones (access token), and their Admin*
 * twins. A user sees only remembered devices (GetDevice, ListDevices), as Cognito's own SDK tests
 * observe; an administrator sees every confirmed device, remembered or not.
 */

interface Owner {
  pool: UserPool;
  user: User;
}

const DEFAULT_LIMIT = 60;

/**
 * ConfirmDevice: registers the device a sign-in handed out in NewDeviceMetadata. The access token
 * names that device in its `device_key` claim; any other key is one this user was never given.
 */
export async function confirmDevice(services: Services, input: ConfirmDeviceInput, ip: string): Promise<ConfirmDeviceResult> {
  const { pool, user, claims } = await signedInUser(services, input.AccessToken!);
  const deviceKey = input.DeviceKey!;
  if ((claims as { device_key?: unknown }).device_key !== deviceKey) throw deviceNotFound();
  const verifier = readVerifierConfig(input.DeviceSecretVerifierConfig);
  const now = services.clock.now();
  const owner = { pool_id: pool.Id, username_key: user.usernameKey, device_key: deviceKey };
  const promptUser = rememberOnlyOnPrompt(pool);
  try {
    await repo.insertDevice(services.store.db, {
      ...owner,
      device_group_key: deviceGroupKeyOf(services, pool.Id, user.usernameKey),
      sealed_verifier: sealDeviceVerifier(services, owner, verifier),
      device_name: input.DeviceName ?? null,
      remembered: promptUser ? 0 : 1,
      last_ip_used: ip || null,
      created_at: now,
      updated_at: now,
      last_authenticated_at: now,
    });
  } catch (error) {
    // Wording unconfirmed; the exception is the one the model lists for this case.
    if (isUniqueViolation(error)) throw new CognitoError('DeviceKeyExistsException', 'Device key already exists.');
    throw error;
  }
  return { UserConfirmationNecessary: promptUser };
}

/**
 * DeviceSecretVerifierConfig as amazon-cognito-identity-js and Amplify send it: the salt and the
 * verifier, each the base64 of its padHex bytes. Without both the device could never sign in, so
 * both are required; a verifier outside 1..N-1 would make every device sign-in fail.
 */
function readVerifierConfig(config: DeviceSecretVerifierConfig | undefined): DeviceVerifier {
  const salt = base64ToHex(config?.Salt);
  const verifier = base64ToHex(config?.PasswordVerifier);
  if (salt === undefined || verifier === undefined) throw err.invalidParameter('Missing required parameter DeviceSecretVerifierConfig');
  const v = BigInt(`0x${verifier}`);
  if (v === 0n || v >= N || BigInt(`0x${salt}`) === 0n) throw err.invalidParameter('Invalid DeviceSecretVerifierConfig.');
  return { salt, verifier: v.toString(16) };
}

function base64ToHex(value: string | undefined): string | undefined {
  if (!value || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  const hex = Buffer.from(value, 'base64').toString('hex');
  return hex === '' ? undefined : hex;
}

/** The caller's own device; a device they chose not to remember is not theirs to read. */
async function ownRememberedDevice(services: Services, owner: Owner, deviceKey: string): Promise<Device> {
  const device = await requireDevice(services, owner.user, deviceKey);
  if (!isRemembered(device)) throw deviceNotFound();
  return device;
}

/** GetDevice and ForgetDevice take the access token as optional in the model; without one there is no user to act for. */
async function tokenOwner(services: Services, accessToken: string | undefined): Promise<Owner> {
  if (accessToken === undefined) throw err.invalidParameter('Missing required parameter AccessToken');
  const { pool, user } = await signedInUser(services, accessToken);
  return { pool, user };
}

export async function getOwnDevice(services: Services, input: { AccessToken?: string; DeviceKey?: string }): Promise<{ Device: DeviceDescription }> {
  const owner = await tokenOwner(services, input.AccessToken);
  return { Device: wireDevice(owner.pool, owner.user, await ownRememberedDevice(services, owner, input.DeviceKey!)) };
}

export async function listOwnDevices(
  services: Services,
  input: { AccessToken?: string; Limit?: number; PaginationToken?: string },
): Promise<{ Devices: DeviceDescription[]; PaginationToken?: string }> {
  const owner = await tokenOwner(services, input.AccessToken);
  return listDevicesOf(services, owner, input, true);
}

/** ForgetDevice: any of the caller's devices, remembered or not (forgetting is how a user cuts one off). */
export async function forgetOwnDevice(services: Services, input: { AccessToken?: string; DeviceKey?: string }): Promise<void> {
  const owner = await tokenOwner(services, input.AccessToken);
  await forgetDevice(services, owner.pool, await requireDevice(services, owner.user, input.DeviceKey!));
}

/** UpdateDeviceStatus: the user's answer to "remember this device?", so it works on unremembered devices too. */
export async function updateOwnDeviceStatus(
  services: Services,
  input: { AccessToken?: string; DeviceKey?: string; DeviceRememberedStatus?: DeviceRememberedStatus },
): Promise<void> {
  const owner = await tokenOwner(services, input.AccessToken);
  await setRememberedStatus(services, await requireDevice(services, owner.user, input.DeviceKey!), input.DeviceRememberedStatus);
}

/**
 * The model lists UserNotFoundException for AdminForgetDevice and AdminUpdateDeviceStatus but not for
 * AdminGetDevice and AdminListDevices, which report an unknown user as a missing resource.
 */
async function adminOwner(services: Services, poolId: string, username: string, missingUser: 'user' | 'resource'): Promise<Owner> {
  const pool = await getPool(services, poolId);
  const user = await findUser(services, pool, username);
  if (!user) throw new CognitoError(missingUser === 'user' ? 'UserNotFoundException' : 'ResourceNotFoundException', 'User does not exist.');
  return { pool, user };
}

export async function adminGetDevice(services: Services, input: { UserPoolId?: string; Username?: string; DeviceKey?: string }): Promise<{ Device: DeviceDescription }> {
  const owner = await adminOwner(services, input.UserPoolId!, input.Username!, 'resource');
  return { Device: wireDevice(owner.pool, owner.user, await requireDevice(services, owner.user, input.DeviceKey!)) };
}

export async function adminListDevices(
  services: Services,
  input: { UserPoolId?: string; Username?: string; Limit?: number; PaginationToken?: string },
): Promise<{ Devices: DeviceDescription[]; PaginationToken?: string }> {
  const owner = await adminOwner(services, input.UserPoolId!, input.Username!, 'resource');
  return listDevicesOf(services, owner, input, false);
}

export async function adminForgetDevice(services: Services, input: { UserPoolId?: string; Username?: string; DeviceKey?: string }): Promise<void> {
  const owner = await adminOwner(services, input.UserPoolId!, input.Username!, 'user');
  await forgetDevice(services, owner.pool, await requireDevice(services, owner.user, input.DeviceKey!));
}

export async function adminUpdateDeviceStatus(
  services: Services,
  input: { UserPoolId?: string; Username?: string; DeviceKey?: string; DeviceRememberedStatus?: DeviceRememberedStatus },
): Promise<void> {
  const owner = await adminOwner(services, input.UserPoolId!, input.Username!, 'user');
  await setRememberedStatus(services, await requireDevice(services, owner.user, input.DeviceKey!), input.DeviceRememberedStatus);
}

/** An absent DeviceRememberedStatus (optional in the model) changes nothing. */
async function setRememberedStatus(services: Services, device: Device, status: DeviceRememberedStatus | undefined): Promise<void> {
  if (status === undefined) return;
  await repo.updateDevice(services.store.db, device.device_key, { remembered: status === 'remembered' ? 1 : 0, updated_at: services.clock.now() });
}

async function listDevicesOf(
  services: Services,
  owner: Owner,
  input: { Limit?: number; PaginationToken?: string },
  rememberedOnly: boolean,
): Promise<{ Devices: DeviceDescription[]; PaginationToken?: string }> {
  const after = input.PaginationToken === undefined ? undefined : readToken(input.PaginationToken);
  // A limit of 0 would return empty pages forever; the default applies.
  const limit = input.Limit || DEFAULT_LIMIT;
  const rows = await repo.listDevices(services.store.db, owner.pool.Id, owner.user.usernameKey, { rememberedOnly, after, limit: limit + 1 });
  const page = rows.slice(0, limit);
  return {
    Devices: page.map((row) => wireDevice(owner.pool, owner.user, row)),
    ...(rows.length > limit ? { PaginationToken: writeToken(page[page.length - 1]!.device_key) } : {}),
  };
}

// Opaque to callers; it carries the last device key of the page.
const writeToken = (deviceKey: string) => Buffer.from(JSON.stringify({ d: deviceKey }), 'utf8').toString('base64url');

function readToken(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { d?: unknown };
    if (typeof parsed.d === 'string') return parsed.d;
  } catch {
    // reported below
  }
  throw err.invalidParameter('Invalid pagination token.');
}

