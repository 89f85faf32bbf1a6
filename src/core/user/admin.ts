import type { AdminGetUserResult, Attribute } from './types.js';
import * as repo from '../../store/users.js';
import { validateAttributeDeletes, validateAttributeWrites } from './attributes.js';
import { CognitoError, err } from '../errors.js';
import type { OutgoingMessage } from '../outbox/outbox.js';
import { endUserSsoSessions } from '../oauth/sso-session.js';
import { fillTemplate, sendMessage } from '../outbox/outbox.js';
import { checkPasswordPolicy } from './password-policy.js';
import type { UserPool } from '../pool/pools.js';
import { getPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import { assertPasswordNotReused, rememberReplacedPassword } from './password-history.js';
import { syncAliases } from './aliases.js';
import { FORGOT_PASSWORD_CODE_TTL_MS, newCode, settingsWithCode } from './codes.js';
import { sealPassword } from './password.js';
import type { MessageCustomizer } from '../trigger/custom-message.js';
import { POOL_MESSAGES, customMessage } from '../trigger/custom-message.js';
import { deliverToCustomSenders } from '../trigger/custom-sender.js';
import { postConfirmation } from '../trigger/sign-up.js';
import type { User } from './users.js';
import { getUser, wireAttributes } from './users.js';

/** The pool and the user an Admin* operation names: ResourceNotFoundException, then UserNotFoundException. */
async function target(services: Services, poolId: string, username: string): Promise<{ pool: UserPool; user: User }> {
  const pool = await getPool(services, poolId);
  return { pool, user: await getUser(services, pool, username) };
}

export async function adminGetUser(services: Services, poolId: string, username: string): Promise<AdminGetUserResult> {
  const { user } = await target(services, poolId, username);
  return {
    Username: user.username,
    UserAttributes: wireAttributes(user),
    UserCreateDate: new Date(user.createdAt),
    UserLastModifiedDate: new Date(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
    MFAOptions: user.settings.MFAOptions,
    PreferredMfaSetting: user.settings.PreferredMfaSetting,
    UserMFASettingList: user.settings.UserMFASettingList,
  };
}

/** Removes the user with its attributes, aliases and group memberships; the store cascades to tokens and hosted-UI sessions. */
export async function adminDeleteUser(services: Services, poolId: string, username: string): Promise<void> {
  const { pool, user } = await target(services, poolId, username);
  await services.store.transaction((trx) => repo.deleteUser(trx, pool.Id, user.usernameKey));
}

/** AdminEnableUser / AdminDisableUser; disabling also ends the user's hosted-UI sessions, so enabling again does not revive them. */
export async function setUserEnabled(services: Services, poolId: string, username: string, enabled: boolean): Promise<void> {
  const { pool, user } = await target(services, poolId, username);
  await services.store.transaction(async (trx) => {
    await repo.updateUser(trx, pool.Id, user.usernameKey, { enabled: enabled ? 1 : 0, updated_at: services.clock.now() });
    if (!enabled) await endUserSsoSessions(services, trx, pool.Id, user.usernameKey);
  });
}

/** AdminSetUserPassword: `Permanent` makes the user CONFIRMED, otherwise the password is temporary. */
export async function adminSetUserPassword(
  services: Services,
  input: { UserPoolId?: string; Username?: string; Password?: string; Permanent?: boolean },
): Promise<void> {
  const { pool, user } = await target(services, input.UserPoolId!, input.Username!);
  checkPasswordPolicy(pool, input.Password!);
  await assertPasswordNotReused(services, pool, user, input.Password!);
  const now = services.clock.now();
  await services.store.transaction(async (trx) => {
    await rememberReplacedPassword(trx, services, pool, user);
    await repo.updateUser(trx, pool.Id, user.usernameKey, {
      sealed_password: sealPassword(services, user, input.Password!),
      password_updated_at: now,
      status: input.Permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD',
      updated_at: now,
    });
  });
}

/**
 * AdminResetUserPassword: the password stops working (RESET_REQUIRED) and a reset code goes to the
 * user's verified email or phone, chosen by the pool's AccountRecoverySetting.
 */
export async function adminResetUserPassword(services: Services, poolId: string, username: string, clientMetadata?: Record<string, string>): Promise<void> {
  const { pool, user } = await target(services, poolId, username);
  // As ForgotPassword: a disabled account is not reset (and nothing is sent) until it is enabled again.
  if (!user.enabled) throw err.userDisabled();
  const now = services.clock.now();
  const destination = recoveryDestination(pool, user);
  const code = newCode(services.random);
  const custom = destination
    ? await customMessage(services, { pool, source: 'CustomMessage_ForgotPassword', user, clientMetadata, channels: [destination.channel] })
    : POOL_MESSAGES;
  const message = destination ? resetMessage(pool, user, destination, code, custom) : undefined;
  const settings = destination ? settingsWithCode(services, user, 'forgot-password', code, FORGOT_PASSWORD_CODE_TTL_MS) : user.settings;
  await services.store.transaction(async (trx) => {
    await repo.updateUser(trx, pool.Id, user.usernameKey, {
      status: 'RESET_REQUIRED',
      settings,
      updated_at: now,
    });
    if (message) await sendMessage(services, message, trx);
  });
  await deliverToCustomSenders(services, pool, [message]);
}

export type Destination = { channel: 'EMAIL' | 'SMS'; address: string };

/**
 * Where a reset code goes. Without an AccountRecoverySetting Cognito prefers a verified phone number,
 * then a verified email; `admin_only` sends nothing.
 */
export function recoveryDestination(pool: UserPool, user: User): Destination | undefined {
  const mechanisms = pool.AccountRecoverySetting?.RecoveryMechanisms;
  const order = mechanisms?.length
    ? [...mechanisms].sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0)).map((m) => m.Name)
    : ['verified_phone_number', 'verified_email'];
  const a = user.attributes;
  for (const name of order) {
    if (name === 'verified_email' && a.email && a.email_verified === 'true') return { channel: 'EMAIL', address: a.email };
    if (name === 'verified_phone_number' && a.phone_number && a.phone_number_verified === 'true') {
      return { channel: 'SMS', address: a.phone_number };
    }
    if (name === 'admin_only') return undefined;
  }
  return undefined;
}

export function resetMessage(pool: UserPool, user: User, to: Destination, code: string, custom: MessageCustomizer = POOL_MESSAGES): OutgoingMessage {
  const template = pool.VerificationMessageTemplate;
  const body =
    to.channel === 'EMAIL'
      ? (template?.EmailMessage ?? pool.EmailVerificationMessage ?? 'Your password reset code is {####}')
      : (template?.SmsMessage ?? pool.SmsVerificationMessage ?? 'Your password reset code is {####}');
  return custom({
    poolId: pool.Id,
    username: user.username,
    channel: to.channel,
    destination: to.address,
    kind: 'forgot-password',
    subject: to.channel === 'EMAIL' ? (template?.EmailSubject ?? pool.EmailVerificationSubject ?? 'Your password reset code') : undefined,
    body: fillTemplate(body, { code, username: user.username }),
    code,
  });
}

/**
 * AdminConfirmSignUp: only UNCONFIRMED users can be confirmed. PostConfirmation runs afterwards; as in
 * Cognito, its failure leaves the user confirmed.
 */
export async function adminConfirmSignUp(services: Services, poolId: string, username: string, clientMetadata?: Record<string, string>): Promise<void> {
  const { pool, user } = await target(services, poolId, username);
  if (user.status !== 'UNCONFIRMED') {
    throw new CognitoError('NotAuthorizedException', `User cannot be confirmed. Current status is ${user.status}`);
  }
  await repo.updateUser(services.store.db, pool.Id, user.usernameKey, { status: 'CONFIRMED', updated_at: services.clock.now() });
  await postConfirmation(services, { pool, source: 'PostConfirmation_ConfirmSignUp', user: { ...user, status: 'CONFIRMED' }, clientMetadata });
}

const VERIFIED_FLAG: Record<string, string> = { email: 'email_verified', phone_number: 'phone_number_verified' };

/**
 * AdminUpdateUserAttributes. A changed email or phone number is no longer verified unless the same
 * request marks it verified; empty values delete the attribute.
 */
export async function adminUpdateUserAttributes(
  services: Services,
  poolId: string,
  username: string,
  attributes: Attribute[],
): Promise<void> {
  const pool = await getPool(services, poolId);
  const writes = validateAttributeWrites(pool, attributes, { mode: 'update', admin: true });
  const user = await getUser(services, pool, username);
  const deletes = validateAttributeDeletes(
    pool,
    [...writes].filter(([, v]) => v === '').map(([name]) => name),
    { admin: true },
  );
  const next = new Map(Object.entries(user.attributes));
  for (const name of deletes) next.delete(name);
  for (const [name, value] of writes) if (value !== '') next.set(name, value);
  for (const [attribute, flag] of Object.entries(VERIFIED_FLAG)) {
    if (next.get(attribute) !== user.attributes[attribute] && !writes.has(flag) && next.has(flag)) next.set(flag, 'false');
  }
  await saveAttributes(services, pool, user, next);
}

/** AdminDeleteUserAttributes; deleting an email or phone number also deletes its verified flag. */
export async function adminDeleteUserAttributes(services: Services, poolId: string, username: string, names: string[]): Promise<void> {
  const pool = await getPool(services, poolId);
  const deletes = validateAttributeDeletes(pool, names, { admin: true });
  const user = await getUser(services, pool, username);
  const next = new Map(Object.entries(user.attributes));
  for (const name of deletes) {
    next.delete(name);
    if (VERIFIED_FLAG[name]) next.delete(VERIFIED_FLAG[name]);
  }
  await saveAttributes(services, pool, user, next);
}

/** Writes the difference between the user's attributes and `next`, and the aliases that follow, in one transaction. */
async function saveAttributes(services: Services, pool: UserPool, user: User, next: Map<string, string>): Promise<void> {
  const removed = Object.keys(user.attributes).filter((name) => !next.has(name));
  const changed = [...next].filter(([name, value]) => user.attributes[name] !== value);
  const now = services.clock.now();
  await services.store.transaction(async (trx) => {
    await repo.deleteAttributes(trx, pool.Id, user.usernameKey, removed);
    for (const [name, value] of changed) await repo.setAttribute(trx, pool.Id, user.usernameKey, name, value);
    await syncAliases(trx, pool, user.usernameKey, next, { creating: false }, now);
    await repo.updateUser(trx, pool.Id, user.usernameKey, { updated_at: now });
  });
}
