import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON, VerifiedRegistrationResponse } from '@simplewebauthn/server';
import { simpleWebAuthn } from './library.js';
import * as repo from '../../store/webauthn-credentials.js';
import { CognitoError, err } from '../errors.js';
import { updateUserSettings } from '../mfa/settings.js';
import type { Services } from '../services.js';
import type { User, UserSettings } from '../user/users.js';
import type { PasskeyOwner } from './owner.js';
import { allowedOrigin, notEnabled, originNotAllowed, relyingPartyIdOf, userVerification, webAuthnEnabled } from './config.js';

/**
 * Registering a passkey for the signed-in user: StartWebAuthnRegistration hands out creation
 * options whose challenge waits in the user's settings (one at a time, for the client that asked,
 * for REGISTRATION_TTL_MS), and CompleteWebAuthnRegistration checks the browser's answer against it
 * and keeps the credential. The challenge is used up by the first answer, right or wrong.
 */

/** Cognito's limit of passkeys per user. */
export const MAX_CREDENTIALS = 20;
const REGISTRATION_TTL_MS = 5 * 60_000;
const SETTING = 'webAuthnRegistration';

interface PendingRegistration {
  challenge: string;
  clientId: string;
  rpId: string;
  expiresAt: number;
}


const tooMany = () => new CognitoError('LimitExceededException', `A user can have at most ${MAX_CREDENTIALS} passkeys.`);

export async function startRegistration(owner: PasskeyOwner): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { services, pool, user } = owner;
  if (!webAuthnEnabled(pool)) throw notEnabled();
  const rpId = await relyingPartyIdOf(services, pool);
  const existing = await repo.listCredentials(services.store.db, pool.Id, user.usernameKey);
  if (existing.length >= MAX_CREDENTIALS) throw tooMany();
  const options = await (await simpleWebAuthn()).generateRegistrationOptions({
    rpName: pool.Name,
    rpID: rpId,
    userName: user.attributes.email ?? user.username,
    userDisplayName: user.attributes.name ?? user.attributes.email ?? user.username,
    userID: new Uint8Array(Buffer.from(user.sub, 'utf8')),
    challenge: new Uint8Array(services.random.bytes(32)),
    attestationType: 'none',
    timeout: REGISTRATION_TTL_MS,
    excludeCredentials: existing.filter((c) => c.relying_party_id === rpId).map((c) => ({ id: c.credential_id, transports: c.transports as never })),
    authenticatorSelection: { residentKey: 'required', userVerification: userVerification(pool) },
  });
  const pending: PendingRegistration = { challenge: options.challenge, clientId: owner.clientId, rpId, expiresAt: services.clock.now() + REGISTRATION_TTL_MS };
  await updateUserSettings(services, user, (current) => ({ ...current.settings, [SETTING]: pending }));
  return options;
}

export async function completeRegistration(owner: PasskeyOwner, credential: Record<string, unknown>): Promise<void> {
  const { services, pool, user } = owner;
  if (!webAuthnEnabled(pool)) throw notEnabled();
  const pending = await takePending(services, user);
  if (!pending || services.clock.now() > pending.expiresAt) {
    throw new CognitoError('WebAuthnChallengeNotFoundException', 'The passkey registration has expired or was never started.');
  }
  if (pending.clientId !== owner.clientId) {
    throw new CognitoError('WebAuthnClientMismatchException', 'The access token is for another app client than the one that started the registration.');
  }
  const response = credential as unknown as RegistrationResponseJSON;
  const origin = allowedOrigin((response.response as { clientDataJSON?: unknown } | undefined)?.clientDataJSON, pending.rpId);
  if (!origin) throw originNotAllowed();
  let verified: VerifiedRegistrationResponse;
  try {
    verified = await (await simpleWebAuthn()).verifyRegistrationResponse({
      response,
      expectedChallenge: pending.challenge,
      expectedOrigin: origin,
      expectedRPID: pending.rpId,
      requireUserVerification: userVerification(pool) === 'required',
    });
  } catch (error) {
    throw registrationError(error);
  }
  if (!verified.verified) throw err.invalidParameter('The passkey credential could not be verified.');
  const info = verified.registrationInfo;
  if (await repo.findCredential(services.store.db, pool.Id, info.credential.id)) throw err.invalidParameter('This passkey is already registered.');
  if ((await repo.countCredentials(services.store.db, pool.Id, user.usernameKey)) >= MAX_CREDENTIALS) throw tooMany();
  await repo.insertCredential(services.store.db, {
    pool_id: pool.Id,
    credential_id: info.credential.id,
    username_key: user.usernameKey,
    public_key: Buffer.from(info.credential.publicKey).toString('base64url'),
    sign_count: info.credential.counter,
    transports: (response.response.transports ?? []).filter((t) => typeof t === 'string'),
    friendly_name: friendlyName(info.credentialDeviceType),
    relying_party_id: pending.rpId,
    authenticator_attachment: response.authenticatorAttachment === 'platform' || response.authenticatorAttachment === 'cross-platform' ? response.authenticatorAttachment : null,
    created_at: services.clock.now(),
  });
}

/** The pending challenge, removed from the settings in the same write: an answer is judged once. */
async function takePending(services: Services, user: User): Promise<PendingRegistration | undefined> {
  let pending: PendingRegistration | undefined;
  await updateUserSettings(services, user, (current) => {
    pending = current.settings[SETTING] as PendingRegistration | undefined;
    if (!pending) return current.settings;
    const next: UserSettings = { ...current.settings };
    delete next[SETTING];
    return next;
  });
  return pending;
}

// Browsers do not say what the authenticator is called; Cognito names passkeys by their kind too.
const friendlyName = (deviceType: string) => (deviceType === 'multiDevice' ? 'Synced passkey' : 'Passkey');

function registrationError(error: unknown): CognitoError {
  const message = error instanceof Error ? error.message : String(error);
  if (/RP ID/i.test(message)) return new CognitoError('WebAuthnRelyingPartyMismatchException', 'The passkey credential is for another relying party id than the user pool\'s.');
  if (/unsupported|not supported/i.test(message)) return new CognitoError('WebAuthnCredentialNotSupportedException', 'This passkey or its provider is not supported.');
  return err.invalidParameter(`The passkey credential is not valid: ${message}`);
}
