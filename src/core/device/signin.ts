import { claimSignature, isValidSrpA, parseSrpTimestamp, serverEphemeral, serverSessionKey, signaturesMatch } from '../../crypto/srp-server.js';
import type { ChallengeStep, NewDevice } from '../signin/steps.js';
import { challengeState } from '../signin/steps.js';
import { TIMESTAMP_SKEW_MS, openBlock, sealBlock } from '../signin/srp.js';
import type { SignInContext } from '../signin/user.js';
import { incorrectCredentials, requiredParameter } from '../signin/user.js';
import type { Device } from './devices.js';
import {
  deviceAuthenticated,
  deviceGroupKeyOf,
  deviceNotFound,
  isRemembered,
  newDeviceKey,
  openDeviceVerifier,
  rememberedDeviceSkipsMfa,
  requireDevice,
  tracksDevices,
} from './devices.js';
import { err } from '../errors.js';
import type { User } from '../user/users.js';

/**
 * Devices in the sign-in engine (signin/engine.ts; cognito-wire.md §5.3, §6 "Device SRP"). Only the
 * API channel presents and receives device keys. After the password (and the
 * new-password step), a client that presents the DEVICE_KEY of a remembered device proves it holds
 * the device's secret with DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER: the USER_SRP_AUTH maths with
 * the DeviceGroupKey as pool name and the DeviceKey as username. Where the pool says so
 * (ChallengeRequiredOnNewDevice) the proof stands in for MFA; otherwise it is asked only of sign-ins
 * without an MFA step (see deviceStepBeforeTokens). A client
 * without a device key gets NewDeviceMetadata with its tokens; a key this user does not have is
 * "Device does not exist.", on which the SDKs forget the key and sign in again as a new device.
 */

const DEVICE_BLOCK_CONTEXT = 'device-srp-secret-block';

/** The context with the DEVICE_KEY a step presented; ignored when the pool does not track devices. */
export function withDevice(ctx: SignInContext, deviceKey: unknown): SignInContext {
  if (ctx.device || typeof deviceKey !== 'string' || deviceKey === '' || !tracksDevices(ctx.pool)) return ctx;
  return { ...ctx, device: { key: deviceKey, proven: false } };
}

/**
 * Before MFA: an unknown device key is refused here, before any code is sent; a remembered device
 * that replaces MFA is challenged now.
 */
export async function deviceStepBeforeMfa(ctx: SignInContext, user: User, authTime: number): Promise<ChallengeStep | undefined> {
  if (!ctx.device || ctx.device.proven) return undefined;
  const device = await requireDevice(ctx.services, user, ctx.device.key);
  return isRemembered(device) && rememberedDeviceSkipsMfa(ctx.pool) ? deviceSrpChallenge(ctx, user, device, authTime) : undefined;
}

export type DeviceStep = { challenge: ChallengeStep } | { deviceKey?: string; newDevice?: NewDevice };

/**
 * Just before tokens: a remembered device not yet proven is challenged, unless the user has just
 * answered MFA; a known device is recorded as used; no device at all gets a new key (bound to the
 * tokens through `device_key`).
 *
 * After an MFA answer the device proves nothing more than the second factor already did, and
 * amazon-cognito-identity-js (sendMFACode) would answer a DEVICE_SRP_AUTH there with the MFA step's
 * spent Session, which a careful server cannot accept: so that sign-in ends with tokens for the device.
 */
export async function deviceStepBeforeTokens(ctx: SignInContext, user: User, mfaAnswered: boolean, authTime: number): Promise<DeviceStep> {
  if (!tracksDevices(ctx.pool)) return {};
  if (!ctx.device) {
    const deviceKey = newDeviceKey(ctx.services, ctx.pool);
    return { deviceKey, newDevice: { DeviceKey: deviceKey, DeviceGroupKey: deviceGroupKeyOf(ctx.services, ctx.pool.Id, user.usernameKey) } };
  }
  const device = await requireDevice(ctx.services, user, ctx.device.key);
  if (!ctx.device.proven && !mfaAnswered && isRemembered(device)) return { challenge: deviceSrpChallenge(ctx, user, device, authTime) };
  // A device the user chose not to remember is tracked, not trusted: it never skipped MFA above.
  await deviceAuthenticated(ctx.services, device);
  return { deviceKey: device.device_key };
}

function deviceSrpChallenge(ctx: SignInContext, user: User, device: Device, authTime: number): ChallengeStep {
  return {
    kind: 'challenge',
    challengeName: 'DEVICE_SRP_AUTH',
    parameters: { USERNAME: user.username, USER_ID_FOR_SRP: user.username },
    state: challengeState(ctx, user, 'DEVICE_SRP_AUTH', authTime, { deviceKey: device.device_key }),
  };
}

/** The device a device challenge is about: the one in the session, which DEVICE_KEY must name. */
async function challengedDevice(ctx: SignInContext, user: User, responses: Record<string, string>): Promise<Device> {
  const given = requiredParameter(responses, 'DEVICE_KEY');
  if (!ctx.device || given !== ctx.device.key) throw deviceNotFound();
  const device = await requireDevice(ctx.services, user, given);
  if (!isRemembered(device)) throw deviceNotFound();
  return device;
}

/** DEVICE_SRP_AUTH answered with SRP_A: the DEVICE_PASSWORD_VERIFIER challenge, its state sealed in SECRET_BLOCK. */
export async function answerDeviceSrp(ctx: SignInContext, user: User, responses: Record<string, string>, authTime: number): Promise<ChallengeStep> {
  const device = await challengedDevice(ctx, user, responses);
  const srpA = requiredParameter(responses, 'SRP_A');
  if (!isValidSrpA(srpA)) throw err.invalidParameter('SRP_A is not a valid SRP value.');
  const stored = openDeviceVerifier(ctx.services, device);
  const { b, B } = serverEphemeral(stored.verifier, (n) => ctx.services.random.bytes(n));
  const block = sealBlock(ctx, { usernameKey: user.usernameKey, userId: device.device_key, A: srpA.toLowerCase(), B, b }, DEVICE_BLOCK_CONTEXT);
  return {
    kind: 'challenge',
    challengeName: 'DEVICE_PASSWORD_VERIFIER',
    state: challengeState(ctx, user, 'DEVICE_PASSWORD_VERIFIER', authTime, { deviceKey: device.device_key }),
    parameters: {
      SALT: stored.salt,
      SRP_B: B,
      SECRET_BLOCK: block,
      USERNAME: user.username,
      USER_ID_FOR_SRP: user.username,
      DEVICE_KEY: device.device_key,
    },
  };
}

/**
 * DEVICE_PASSWORD_VERIFIER: checks PASSWORD_CLAIM_SIGNATURE against the device's verifier, signed over
 * DeviceGroupKey ‖ DeviceKey ‖ SECRET_BLOCK ‖ TIMESTAMP. Returns the context with the device proven.
 * A wrong device secret does not count toward the password lockout: the password was already right,
 * and a 40-byte random device password cannot be guessed.
 */
export async function verifyDevicePassword(ctx: SignInContext, user: User, responses: Record<string, string>): Promise<SignInContext> {
  const { services } = ctx;
  const device = await challengedDevice(ctx, user, responses);
  const secretBlock = requiredParameter(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
  const timestamp = requiredParameter(responses, 'TIMESTAMP');
  const signature = requiredParameter(responses, 'PASSWORD_CLAIM_SIGNATURE');
  const block = openBlock(ctx, secretBlock, DEVICE_BLOCK_CONTEXT);
  if (!block || block.usernameKey !== user.usernameKey || block.userId !== device.device_key) throw incorrectCredentials();
  if (services.clock.now() >= block.expiresAt) throw err.sessionExpired();
  const parsed = parseSrpTimestamp(timestamp);
  if (parsed.kind === 'malformed') throw err.invalidParameter('TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.');
  const key = serverSessionKey({ A: block.A, B: block.B, b: block.b, verifier: openDeviceVerifier(services, device).verifier });
  const plausible = parsed.kind === 'ok' && Math.abs(parsed.ms - services.clock.now()) <= TIMESTAMP_SKEW_MS;
  const expected = key ? claimSignature(key, device.device_group_key, device.device_key, Buffer.from(secretBlock, 'base64'), timestamp) : undefined;
  if (!expected || !signaturesMatch(expected, signature) || !plausible) throw incorrectCredentials();
  return { ...ctx, device: { key: device.device_key, proven: true } };
}
