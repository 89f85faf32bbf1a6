import type { Attribute, CodeDeliveryDetails, GetUserResult } from './types.js';
import * as repo from '../../store/users.js';
import { validateAttributeDeletes, validateAttributeWrites } from './attributes.js';
import { err } from '../errors.js';
import { updateUserSettings } from '../mfa/settings.js';
import { endUserSsoSessions } from '../oauth/sso-session.js';
import type { OutgoingMessage } from '../outbox/outbox.js';
import { checkPasswordPolicy } from './password-policy.js';
import type { UserPool } from '../pool/pools.js';
import { getPool } from '../pool/pools.js';
import { checkClientMayWrite, readableAttributes } from './self-attributes.js';
import { reserveAttempt, settingsWithoutAttempts } from './attempts.js';
import { clientOfToken, signedInUser } from '../client/caller.js';
import type { Services } from '../services.js';
import { recordAuthEvent } from '../events/events.js';
import type { RequestOrigin } from '../events/origin.js';
import { eventOrigin } from '../events/origin.js';
import { assertPasswordNotReused, rememberReplacedPassword } from './password-history.js';
import { signOutEverywhere } from '../token/tokens.js';
import type { MessageCustomizer } from '../trigger/custom-message.js';
import { POOL_MESSAGES, customMessage } from '../trigger/custom-message.js';
import { deliverToCustomSenders } from '../trigger/custom-sender.js';
import { hasTrigger } from '../trigger/invoke.js';
import { settingsWithoutCode } from './codes.js';
import { sealPassword, verifyUserPassword } from './password.js';
import type { User, UserSettings } from './users.js';
import { getUser } from './users.js';
import type { UserChangePlan, VerifiableAttribute } from './verification.js';
import {
  VERIFIABLE,
  isVerifiable,
  newVerificationCode,
  pendingOf,
  saveUser,
  sendAttributeVerificationCode,
  settingsWithPending,
  verifiedFlag,
  verifyAttribute,
} from './verification.js';

/** The access-token operations: a signed-in user reading and changing their own account. */

export async function getSelf(services: Services, accessToken: string): Promise<GetUserResult> {
  const subject = await signedInUser(services, accessToken);
  const client = await clientOfToken(services, subject);
  const { user } = subject;
  return {
    Username: user.username,
    UserAttributes: readableAttributes(client, user),
    MFAOptions: user.settings.MFAOptions,
    PreferredMfaSetting: user.settings.PreferredMfaSetting,
    UserMFASettingList: user.settings.UserMFASettingList,
  };
}

/**
 * UpdateUserAttributes. A new email or phone number in a pool that verifies it automatically gets a
 * verification code and is unverified until the code comes back; where the pool requires
 * verification before update, a verified old value stays in place (and keeps working for sign-in)
 * until then. Empty values delete the attribute.
 */
export async function updateSelfAttributes(
  services: Services,
  accessToken: string,
  attributes: Attribute[],
  clientMetadata?: Record<string, string>,
): Promise<CodeDeliveryDetails[]> {
  const subject = await signedInUser(services, accessToken);
  const { pool, user } = subject;
  const writes = validateAttributeWrites(pool, attributes, { mode: 'update', admin: false });
  const client = await clientOfToken(services, subject);
  checkClientMayWrite(client, writes.keys());
  const deletes = validateAttributeDeletes(
    pool,
    [...writes].filter(([, v]) => v === '').map(([name]) => name),
    { admin: false },
  );
  // The CustomMessage function runs before the write, and only when a code will go out (the plan
  // from the user as loaded says so; the write plans again from the freshest user).
  let custom: MessageCustomizer = POOL_MESSAGES;
  const messageTriggers = (['CustomMessage', 'CustomEmailSender', 'CustomSMSSender'] as const).some((kind) => hasTrigger(pool, kind));
  const preview = messageTriggers ? attributeUpdatePlan(services, pool, user, writes, deletes) : undefined;
  if (preview && preview.messages.length > 0) {
    const changed = { ...user, attributes: Object.fromEntries(preview.attributes) };
    const channels = preview.messages.map((message) => message.channel);
    custom = await customMessage(services, { pool, source: 'CustomMessage_UpdateUserAttribute', user: changed, clientId: client.ClientId, clientMetadata, channels });
  }
  let plan: ReturnType<typeof attributeUpdatePlan> | undefined;
  await saveUser(services, pool, user, (current) => (plan = attributeUpdatePlan(services, pool, current, writes, deletes, custom)));
  await deliverToCustomSenders(services, pool, plan!.messages);
  return plan!.deliveries;
}

/** The attributes, settings and messages an UpdateUserAttributes leaves, from the user as it stands. */
function attributeUpdatePlan(
  services: Services,
  pool: UserPool,
  user: User,
  writes: ReadonlyMap<string, string>,
  deletes: readonly string[],
  custom: MessageCustomizer = POOL_MESSAGES,
): UserChangePlan & { deliveries: CodeDeliveryDetails[]; messages: OutgoingMessage[] } {
  const next = new Map(Object.entries(user.attributes));
  let settings: UserSettings = user.settings;
  for (const name of deletes) {
    next.delete(name);
    if (isVerifiable(name)) settings = forgetAddress(next, settings, name);
  }
  for (const [name, value] of writes) if (value !== '' && !isVerifiable(name)) next.set(name, value);

  const auto = (pool.AutoVerifiedAttributes ?? []) as string[];
  const beforeUpdate = (pool.UserAttributeUpdateSettings?.AttributesRequireVerificationBeforeUpdate ?? []) as string[];
  const toVerify: VerifiableAttribute[] = [];
  for (const attribute of VERIFIABLE) {
    const value = writes.get(attribute);
    if (value === undefined || value === '') continue;
    const flag = verifiedFlag(attribute);
    if (value === user.attributes[attribute]) {
      // Writing the current value back cancels a pending change.
      if (pendingOf(settings)[attribute] !== undefined) settings = settingsWithPending(settingsWithoutCode({ settings }, `verify:${attribute}`), attribute, undefined);
      continue;
    }
    const keepOld = beforeUpdate.includes(attribute) && auto.includes(attribute) && user.attributes[attribute] && user.attributes[flag] === 'true';
    if (keepOld) {
      settings = settingsWithPending(settings, attribute, value);
    } else {
      next.set(attribute, value);
      settings = settingsWithPending(settings, attribute, undefined);
      if (auto.includes(attribute) || next.has(flag)) next.set(flag, 'false');
    }
    if (auto.includes(attribute)) toVerify.push(attribute);
  }

  const messages: OutgoingMessage[] = [];
  const deliveries: CodeDeliveryDetails[] = [];
  const current = { ...user, attributes: Object.fromEntries(next) };
  for (const attribute of toVerify) {
    const sent = newVerificationCode(services, pool, current, settings, attribute, custom);
    settings = sent.settings;
    messages.push(sent.message);
    deliveries.push(sent.delivery);
  }
  return { attributes: next, settings, messages, deliveries };
}

/** An email or phone number removed: its verified flag, pending change and code go with it. */
function forgetAddress(next: Map<string, string>, settings: UserSettings, attribute: VerifiableAttribute): UserSettings {
  next.delete(verifiedFlag(attribute));
  return settingsWithPending(settingsWithoutCode({ settings }, `verify:${attribute}`), attribute, undefined);
}

export async function deleteSelfAttributes(services: Services, accessToken: string, names: string[]): Promise<void> {
  const subject = await signedInUser(services, accessToken);
  const { pool, user } = subject;
  const deletes = validateAttributeDeletes(pool, names, { admin: false });
  checkClientMayWrite(await clientOfToken(services, subject), deletes);
  await saveUser(services, pool, user, (current) => {
    const attributes = new Map(Object.entries(current.attributes));
    let settings = current.settings;
    for (const name of deletes) {
      attributes.delete(name);
      if (isVerifiable(name)) settings = forgetAddress(attributes, settings, name);
    }
    return { attributes, settings };
  });
}

export async function sendSelfVerificationCode(
  services: Services,
  accessToken: string,
  attributeName: string,
  clientMetadata?: Record<string, string>,
): Promise<CodeDeliveryDetails> {
  const subject = await signedInUser(services, accessToken);
  const clientId = typeof subject.claims.client_id === 'string' ? subject.claims.client_id : undefined;
  return sendAttributeVerificationCode(services, subject.pool, subject.user, attributeName, { clientId, clientMetadata });
}

export async function verifySelfAttribute(services: Services, accessToken: string, attributeName: string, code: string): Promise<void> {
  const { pool, user } = await signedInUser(services, accessToken);
  await verifyAttribute(services, pool, user, attributeName, code);
}

/**
 * ChangePassword: the new password against the pool's policy, then the current one (five wrong ones
 * an hour at most). Existing sessions stay signed in, as in Cognito.
 */
export async function changeSelfPassword(
  services: Services,
  accessToken: string,
  previousPassword: string | undefined,
  proposedPassword: string,
  origin?: RequestOrigin,
): Promise<void> {
  const { pool, user } = await signedInUser(services, accessToken);
  const from = eventOrigin(origin);
  if (user.sealedPassword && previousPassword === undefined) throw err.invalidParameter('Missing required parameter PreviousPassword');
  checkPasswordPolicy(pool, proposedPassword);
  const counted = await reserveAttempt(services, user, 'change-password');
  if (user.sealedPassword && !verifyUserPassword(services, user, previousPassword!)) {
    await recordAuthEvent(services, { pool, user, type: 'PasswordChange', response: 'Fail', origin: from });
    throw err.notAuthorized('Incorrect username or password.');
  }
  await assertPasswordNotReused(services, pool, user, proposedPassword);
  const sealed = sealPassword(services, user, proposedPassword);
  await updateUserSettings(services, counted, (current) => settingsWithoutAttempts(current.settings, 'change-password'), {
    touch: true,
    then: async (trx, current) => {
      await rememberReplacedPassword(trx, services, pool, current);
      await repo.updateUser(trx, pool.Id, current.usernameKey, { sealed_password: sealed, password_updated_at: current.updatedAt, updated_at: current.updatedAt });
    },
  });
  await recordAuthEvent(services, { pool, user, type: 'PasswordChange', response: 'Pass', origin: from });
}

/** DeleteUser: the user, with attributes, aliases, memberships, tokens and hosted-UI sessions (the store cascades). */
export async function deleteSelf(services: Services, accessToken: string): Promise<void> {
  const { pool, user } = await signedInUser(services, accessToken);
  await services.store.transaction((trx) => repo.deleteUser(trx, pool.Id, user.usernameKey));
}

/** GlobalSignOut: every token the user holds stops working, this access token included, and so do the hosted-UI sessions. */
export async function globalSignOut(services: Services, accessToken: string): Promise<void> {
  const { pool, user } = await signedInUser(services, accessToken);
  await signOutEverywhere(services, pool, user);
  await endUserSsoSessions(services, services.store.db, pool.Id, user.usernameKey);
}

export async function adminUserGlobalSignOut(services: Services, poolId: string, username: string): Promise<void> {
  const pool = await getPool(services, poolId);
  const user = await getUser(services, pool, username);
  await signOutEverywhere(services, pool, user);
  await endUserSsoSessions(services, services.store.db, pool.Id, user.usernameKey);
}
