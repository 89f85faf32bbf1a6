import type { SealedSecret } from '../../crypto/seal.js';
import type { Executor } from '../../store/database.js';
import { replaceUserSettings } from '../../store/user-settings.js';
import * as repo from '../../store/users.js';
import { CognitoError } from '../errors.js';
import type { Services } from '../services.js';
import type { User, UserSettings } from '../user/users.js';
import { userFromRows } from '../user/users.js';

/** The user-level MFA factors, named as UserMFASettingList and the challenges name them. */
export type MfaFactor = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';

/** Cognito lists factors in this order. */
export const FACTOR_ORDER: readonly MfaFactor[] = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'];

export interface TotpToken {
  /** The base32 secret, sealed for this user. */
  secret: SealedSecret;
  friendlyName?: string;
  /** The last time step whose code was accepted: a code is good once. */
  lastStep?: number;
  at: number;
}

export interface PendingCode {
  factor: 'SMS_MFA' | 'EMAIL_OTP';
  /** SHA-256 of the code, sealed: the code itself is never kept. */
  hash: SealedSecret;
  issuedAt: number;
  attempts: number;
}

/** What Cognate keeps about a user's second factors, under `settings.mfa`. */
export interface MfaState {
  /** The verified authenticator, used at sign-in. */
  totp?: TotpToken;
  /** A secret from AssociateSoftwareToken awaiting VerifySoftwareToken; the verified one stays in use meanwhile. */
  pendingTotp?: TotpToken;
  /** The SMS or e-mail code of the sign-in in progress. */
  code?: PendingCode;
  /** WebAuthnMfaSettings.Enabled, kept as given. */
  webAuthnMfa?: boolean;
}

export const mfaStateOf = (user: Pick<User, 'settings'>): MfaState => (user.settings.mfa as MfaState | undefined) ?? {};

export const withMfaState = (settings: UserSettings, state: MfaState): UserSettings => ({ ...settings, mfa: state });

/** The factors the user turned on: UserMFASettingList, plus SMS set through the legacy MFAOptions. */
export function enabledFactors(user: Pick<User, 'settings'>): MfaFactor[] {
  const on = new Set<string>(user.settings.UserMFASettingList ?? []);
  if (user.settings.MFAOptions?.some((o) => o.DeliveryMedium === 'SMS')) on.add('SMS_MFA');
  return FACTOR_ORDER.filter((f) => on.has(f));
}

/**
 * The user's settings with `factors` on and `preferred` as PreferredMfaSetting. MFAOptions mirrors
 * SMS, as GetUser shows it for users who turned SMS MFA on either way.
 */
export function withFactors(settings: UserSettings, factors: Iterable<MfaFactor>, preferred: string | undefined): UserSettings {
  const on = new Set(factors);
  const list = FACTOR_ORDER.filter((f) => on.has(f));
  const next: UserSettings = { ...settings };
  delete next.UserMFASettingList;
  delete next.PreferredMfaSetting;
  delete next.MFAOptions;
  if (list.length > 0) next.UserMFASettingList = list;
  if (preferred && on.has(preferred as MfaFactor)) next.PreferredMfaSetting = preferred;
  if (on.has('SMS_MFA')) next.MFAOptions = [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }];
  return next;
}

const MAX_TRIES = 5;

/**
 * Read-modify-write of a user's settings without losing a concurrent change: `change` computes the
 * new settings from the freshest user (it may run more than once), and the write only lands if
 * nobody wrote in between. Returning the same object means "no change". `then` runs in the same
 * transaction (e.g. to put the message carrying a new code into the outbox).
 */
export async function updateUserSettings(
  services: Services,
  user: User,
  change: (current: User) => UserSettings,
  options: { touch?: boolean; then?: (trx: Executor, updated: User) => Promise<void> } = {},
): Promise<User> {
  let current = user;
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const settings = change(current);
    if (settings === current.settings) return current;
    const now = services.clock.now();
    const written = await services.store.transaction(async (trx) => {
      if (!(await replaceUserSettings(trx, current.poolId, current.usernameKey, current.settings, settings, options.touch ? now : undefined))) return undefined;
      const updated: User = { ...current, settings, updatedAt: options.touch ? now : current.updatedAt };
      await options.then?.(trx, updated);
      return updated;
    });
    if (written) return written;
    const row = await repo.findUserByKey(services.store.db, current.poolId, current.usernameKey);
    if (!row) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    current = userFromRows(row, await repo.listAttributes(services.store.db, current.poolId, current.usernameKey));
  }
  throw new CognitoError('ConcurrentModificationException', 'The user was changed by another request; try again.');
}
