import type { DeviceDescription } from './types.js';
import type { Attribute } from '../user/types.js';
import { createHmac } from 'node:crypto';
import type { SealedSecret } from '../../crypto/seal.js';
import * as repo from '../../store/devices.js';
import type { DeviceRow } from '../../store/schema.js';
import { CognitoError } from '../errors.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import type { User } from '../user/users.js';

/**
 * Remembered devices (cognito-wire.md §6 "Device SRP"). A pool tracks devices once any member of its
 * DeviceConfiguration is set: each sign-in from an unknown device gets NewDeviceMetadata, the app
 * registers the device with ConfirmDevice (an SRP verifier over a random device password, computed by
 * the app), and later sign-ins prove the device with DEVICE_SRP_AUTH. Nothing is stored until
 * ConfirmDevice: the device key travels in the access token's `device_key` claim, which is how
 * ConfirmDevice knows the key was issued to this user, and the group key is derived per user.
 */

/** What the database knows of a device; the verifier stays sealed until a sign-in needs it. */
export type Device = DeviceRow;

export interface DeviceVerifier {
  /** Hex, as the app's salt (the library pads it with padHex). */
  salt: string;
  /** v = g^x mod N, hex. */
  verifier: string;
}

/** "When you provide a value for any property of DeviceConfiguration, you activate the device remembering." */
export function tracksDevices(pool: UserPool): boolean {
  const config = pool.DeviceConfiguration;
  return config !== undefined && (config.ChallengeRequiredOnNewDevice !== undefined || config.DeviceOnlyRememberedOnUserPrompt !== undefined);
}

/** With ChallengeRequiredOnNewDevice, a remembered device signs in by device SRP instead of an MFA code. */
export const rememberedDeviceSkipsMfa = (pool: UserPool): boolean => pool.DeviceConfiguration?.ChallengeRequiredOnNewDevice === true;

/** Whether ConfirmDevice leaves the device unremembered until the user says so (UpdateDeviceStatus). */
export const rememberOnlyOnPrompt = (pool: UserPool): boolean => pool.DeviceConfiguration?.DeviceOnlyRememberedOnUserPrompt === true;

export const isRemembered = (device: Device): boolean => Number(device.remembered) === 1;

/** `us-east-1_<uuid>`: the pool's region and a UUID, matching the model's `[\w-]+_[0-9a-f-]+`. */
export function newDeviceKey(services: Services, pool: UserPool): string {
  return `${pool.Id.slice(0, pool.Id.indexOf('_'))}_${services.random.uuid().toLowerCase()}`;
}

const GROUP_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The user's DeviceGroupKey, shaped like Cognito's (`-` and 8 alphanumerics). It is derived from the
 * pool and user under a key only this deployment has, so the one handed out at sign-in is known again
 * at ConfirmDevice without a row written for every sign-in of an app that never confirms devices.
 */
export function deviceGroupKeyOf(services: Services, poolId: string, usernameKey: string): string {
  const bytes = createHmac('sha256', services.sealer.deriveKey('device-group-key')).update(`${poolId}\n${usernameKey}`, 'utf8').digest();
  let key = '-';
  for (let i = 0; i < 8; i++) key += GROUP_ALPHABET[bytes[i]! % GROUP_ALPHABET.length];
  return key;
}

const verifierContext = (row: Pick<Device, 'pool_id' | 'username_key' | 'device_key'>) => `device-verifier:${row.pool_id}:${row.username_key}:${row.device_key}`;

export function sealDeviceVerifier(services: Services, owner: Pick<Device, 'pool_id' | 'username_key' | 'device_key'>, verifier: DeviceVerifier): string {
  return services.sealer.seal(JSON.stringify(verifier), verifierContext(owner));
}

export function openDeviceVerifier(services: Services, device: Device): DeviceVerifier {
  return JSON.parse(services.sealer.openString(device.sealed_verifier as SealedSecret, verifierContext(device))) as DeviceVerifier;
}

/** Cognito's answer for a device key it does not know for this user (also what the SDKs retry on). */
export const deviceNotFound = () => new CognitoError('ResourceNotFoundException', 'Device does not exist.');

export async function findDevice(services: Services, user: User, deviceKey: string): Promise<Device | undefined> {
  return repo.findDevice(services.store.db, user.poolId, user.usernameKey, deviceKey);
}

export async function requireDevice(services: Services, user: User, deviceKey: string): Promise<Device> {
  const device = await findDevice(services, user, deviceKey);
  if (!device) throw deviceNotFound();
  return device;
}

/** Records a sign-in made with the device. */
export async function deviceAuthenticated(services: Services, device: Device): Promise<void> {
  await repo.updateDevice(services.store.db, device.device_key, { last_authenticated_at: services.clock.now() });
}

/**
 * DeviceDescription as Cognito lists it: status, name, ARN, owner, last address, remembered status. The
 * `dev:` attributes are the ones Cognito reserves for itself.
 */
export function wireDevice(pool: UserPool, user: User, device: Device): DeviceDescription {
  const attributes: Attribute[] = [{ Name: 'device_status', Value: 'valid' }];
  if (device.device_name !== null) attributes.push({ Name: 'device_name', Value: device.device_name });
  const owner = `${user.username}.${pool.Id}`;
  const arnPrefix = pool.Arn ? pool.Arn.slice(0, pool.Arn.indexOf(':userpool/')) : undefined;
  if (arnPrefix) attributes.push({ Name: 'dev:device_arn', Value: `${arnPrefix}:owner/${owner}/device/${device.device_key}` });
  attributes.push({ Name: 'dev:device_owner', Value: owner });
  if (device.last_ip_used !== null) attributes.push({ Name: 'last_ip_used', Value: device.last_ip_used });
  attributes.push({ Name: 'dev:device_remembered_status', Value: isRemembered(device) ? 'remembered' : 'not_remembered' });
  return {
    DeviceKey: device.device_key,
    DeviceAttributes: attributes,
    DeviceCreateDate: new Date(Number(device.created_at)),
    DeviceLastModifiedDate: new Date(Number(device.updated_at)),
    ...(device.last_authenticated_at !== null ? { DeviceLastAuthenticatedDate: new Date(Number(device.last_authenticated_at)) } : {}),
  };
}

/**
 * Forgets a device. The refresh tokens issued to it stop working, and with them their access tokens:
 * forgetting a lost device is how a user cuts it off ("all future calls to revalidate that device's
 * refresh tokens will fail", AWS's device-tracking guide).
 */
export async function forgetDevice(services: Services, pool: UserPool, device: Device): Promise<void> {
  await services.store.transaction(async (trx) => {
    await repo.deleteDevice(trx, device.device_key);
    await repo.revokeDeviceTokens(trx, pool.Id, device.device_key, services.clock.now());
  });
}
