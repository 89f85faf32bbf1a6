import type { AdminCreateUserInput, DeliveryMedium, UserDescription } from './types.js';
import type { Executor } from '../../store/database.js';
import { isUniqueViolation } from '../../store/database.js';
import * as repo from '../../store/users.js';
import { checkRequiredAttributes, validateAttributeWrites } from './attributes.js';
import { CognitoError, err } from '../errors.js';
import type { OutgoingMessage } from '../outbox/outbox.js';
import { fillTemplate, sendMessage } from '../outbox/outbox.js';
import { checkPasswordPolicy, generateTemporaryPassword } from './password-policy.js';
import type { UserPool } from '../pool/pools.js';
import { getPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import { syncAliases } from './aliases.js';
import { sealPassword } from './password.js';
import { customMessage } from '../trigger/custom-message.js';
import { deliverToCustomSenders } from '../trigger/custom-sender.js';
import { preSignUp } from '../trigger/sign-up.js';
import type { User } from './users.js';
import { getUser, usernameKeyOf, wireUser } from './users.js';

// The same loose shapes Cognito uses to tell an email or a phone number from a plain username.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/u;
const PHONE_SHAPE = /^\+[0-9]+$/;

const DEFAULT_INVITATION = 'Your username is {username} and temporary password is {####}.';
const DEFAULT_INVITATION_SUBJECT = 'Your temporary password';

/**
 * AdminCreateUser: a new user in FORCE_CHANGE_PASSWORD with a temporary password, and its invitation.
 * A PreSignUp function may refuse the user; its answer has no other effect here (the user always
 * starts with the temporary password). A CustomMessage function may rewrite the invitation.
 */
export async function adminCreateUser(services: Services, input: AdminCreateUserInput): Promise<UserDescription> {
  const pool = await getPool(services, input.UserPoolId!);
  if (input.MessageAction === 'RESEND') return resendInvitation(services, pool, input);

  const attributes = validateAttributeWrites(pool, input.UserAttributes ?? [], { mode: 'create', admin: true });
  for (const [name, value] of attributes) if (value === '') attributes.delete(name);
  // ValidationData and ClientMetadata go to Lambda triggers only; Cognito does not store them.

  const sub = services.random.uuid();
  const username = internalUsername(pool, input.Username!, sub, attributes);
  checkRequiredAttributes(pool, new Map([...attributes, ['sub', sub]]));

  const temporaryPassword = input.TemporaryPassword ?? generateTemporaryPassword(pool, services.random);
  if (input.TemporaryPassword !== undefined) checkPasswordPolicy(pool, temporaryPassword);
  let messages =
    input.MessageAction === 'SUPPRESS'
      ? []
      : invitations(pool, input.DesiredDeliveryMediums, attributes, input.Username!, username, temporaryPassword);
  await preSignUp(services, {
    pool,
    source: 'PreSignUp_AdminCreateUser',
    userName: username,
    userAttributes: Object.fromEntries(attributes),
    validationData: input.ValidationData,
    clientMetadata: input.ClientMetadata,
  });
  attributes.set('sub', sub);

  const now = services.clock.now();
  const usernameKey = usernameKeyOf(pool, username);
  const user: User = {
    poolId: pool.Id,
    username,
    usernameKey,
    sub,
    status: 'FORCE_CHANGE_PASSWORD',
    enabled: true,
    attributes: Object.fromEntries(attributes),
    sealedPassword: sealPassword(services, { poolId: pool.Id, username, usernameKey }, temporaryPassword),
    passwordUpdatedAt: now,
    settings: {},
    createdAt: now,
    updatedAt: now,
  };
  if (messages.length > 0) {
    const channels = messages.map((message) => message.channel);
    const custom = await customMessage(services, { pool, source: 'CustomMessage_AdminCreateUser', user, clientMetadata: input.ClientMetadata, channels });
    messages = messages.map((message) => custom(message, { username: input.Username! }));
  }

  await services.store.transaction(async (trx) => {
    await insertNewUser(trx, pool, user, { forceAliasCreation: input.ForceAliasCreation, exists: usernameExists });
    await send(services, messages, trx);
  });
  await deliverToCustomSenders(services, pool, messages);
  return wireUser(user);
}

const usernameExists = () => new CognitoError('UsernameExistsException', 'User account already exists');

/**
 * Writes a new user with its attributes and aliases inside the caller's transaction (AdminCreateUser
 * and SignUp). A taken username is `exists()`; a taken username attribute or alias is the error
 * `syncAliases` gives.
 */
export async function insertNewUser(
  trx: Executor,
  pool: UserPool,
  user: User,
  options: { forceAliasCreation?: boolean; exists: () => CognitoError },
): Promise<void> {
  try {
    await repo.insertUser(trx, {
      pool_id: pool.Id,
      username: user.username,
      username_key: user.usernameKey,
      sub: user.sub,
      status: user.status,
      enabled: user.enabled ? 1 : 0,
      sealed_password: user.sealedPassword,
      password_updated_at: user.passwordUpdatedAt,
      settings: user.settings,
      created_at: user.createdAt,
      updated_at: user.updatedAt,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw options.exists();
    throw error;
  }
  await repo.insertAttributes(
    trx,
    Object.entries(user.attributes).map(([name, value]) => ({ pool_id: pool.Id, username_key: user.usernameKey, name, value })),
  );
  await syncAliases(trx, pool, user.usernameKey, user.attributes, { creating: true, forceAliasCreation: options.forceAliasCreation }, user.createdAt);
}

/**
 * In email/phone-as-username pools the typed username must be an email or phone; it becomes that
 * attribute and the stored username is the new user's `sub`. Elsewhere the username is kept, but it
 * may not look like an attribute the pool also accepts as an alias.
 */
export function internalUsername(pool: UserPool, typed: string, sub: string, attributes: Map<string, string>): string {
  const kinds = (pool.UsernameAttributes ?? []) as string[];
  if (kinds.length > 0) {
    if (kinds.includes('email') && EMAIL_SHAPE.test(typed)) attributes.set('email', typed);
    else if (kinds.includes('phone_number') && PHONE_SHAPE.test(typed)) attributes.set('phone_number', typed);
    else if (kinds.length === 2) throw err.invalidParameter('Username should be either an email or a phone number.');
    else if (kinds[0] === 'email') throw err.invalidParameter('Username should be an email.');
    else throw err.invalidParameter('Username should be a phone number.');
    return sub;
  }
  const aliases = (pool.AliasAttributes ?? []) as string[];
  if (aliases.includes('email') && EMAIL_SHAPE.test(typed)) {
    throw err.invalidParameter('Username cannot be of email format, since user pool is configured for email alias.');
  }
  if (aliases.includes('phone_number') && PHONE_SHAPE.test(typed)) {
    throw err.invalidParameter('Username cannot be of phone number format, since user pool is configured for phone_number alias.');
  }
  return typed;
}

/**
 * MessageAction RESEND: a new temporary password (the one given, or a generated one), a fresh validity
 * period, and the invitation again. Only for users who have not yet set their own password.
 */
async function resendInvitation(services: Services, pool: UserPool, input: AdminCreateUserInput): Promise<UserDescription> {
  const user = await getUser(services, pool, input.Username!);
  if (user.status !== 'FORCE_CHANGE_PASSWORD') {
    throw new CognitoError('UnsupportedUserStateException', `Resend not possible. ${user.username} status is not FORCE_CHANGE_PASSWORD.`);
  }
  const temporaryPassword = input.TemporaryPassword ?? generateTemporaryPassword(pool, services.random);
  if (input.TemporaryPassword !== undefined) checkPasswordPolicy(pool, temporaryPassword);
  const attributes = new Map(Object.entries(user.attributes));
  const shownUsername = (pool.UsernameAttributes?.length ?? 0) > 0 ? input.Username! : user.username;
  let messages = invitations(pool, input.DesiredDeliveryMediums, attributes, shownUsername, user.username, temporaryPassword);
  if (messages.length > 0) {
    const channels = messages.map((message) => message.channel);
    const custom = await customMessage(services, { pool, source: 'CustomMessage_AdminCreateUser', user, clientMetadata: input.ClientMetadata, channels });
    messages = messages.map((message) => custom(message, { username: shownUsername }));
  }
  const now = services.clock.now();
  const sealed = sealPassword(services, user, temporaryPassword);
  await services.store.transaction(async (trx) => {
    await repo.updateUser(trx, pool.Id, user.usernameKey, { sealed_password: sealed, password_updated_at: now, updated_at: now });
    await send(services, messages, trx);
  });
  await deliverToCustomSenders(services, pool, messages);
  return wireUser({ ...user, sealedPassword: sealed, passwordUpdatedAt: now, updatedAt: now });
}

/**
 * The welcome message of a user UserMigration created (unless the function answered `messageAction:
 * 'SUPPRESS'`): AdminCreateUser's invitation — the pool's InviteMessageTemplate, CustomMessage as
 * `CustomMessage_AdminCreateUser` (Cognito does not document the source of this message), the custom
 * senders — by `desiredDeliveryMediums`. There is no temporary password: the user keeps the password
 * just typed (or has none yet), so `{####}` is filled with nothing and the message carries no code.
 * A medium the user has no address for is skipped rather than failing the migration. The caller
 * stores the messages in the transaction that creates the user, then hands them to custom senders.
 */
export async function migrationWelcome(
  services: Services,
  call: {
    pool: UserPool;
    user: User;
    shownUsername: string;
    desired: DeliveryMedium[] | undefined;
    clientId: string;
    clientMetadata?: Record<string, string>;
  },
): Promise<OutgoingMessage[]> {
  const { pool, user } = call;
  const attributes = new Map(Object.entries(user.attributes));
  const messages = invitations(pool, call.desired, attributes, call.shownUsername, user.username, undefined);
  if (messages.length === 0) return [];
  const channels = messages.map((message) => message.channel);
  const custom = await customMessage(services, {
    pool,
    source: 'CustomMessage_AdminCreateUser',
    user,
    clientId: call.clientId,
    clientMetadata: call.clientMetadata,
    channels,
  });
  return messages.map((message) => custom(message, { username: call.shownUsername }));
}

/**
 * The invitation, by each requested medium. Cognito's default medium is SMS; a user with no phone
 * number but an email gets the email instead, since an SMS could not reach them. A medium asked for
 * explicitly needs its attribute — except for a migrated user's welcome (no temporary password),
 * where a medium without an address is skipped.
 */
function invitations(
  pool: UserPool,
  desired: DeliveryMedium[] | undefined,
  attributes: ReadonlyMap<string, string>,
  shownUsername: string,
  storedUsername: string,
  temporaryPassword: string | undefined,
): OutgoingMessage[] {
  const email = attributes.get('email');
  const phone = attributes.get('phone_number');
  const welcome = temporaryPassword === undefined;
  let mediums: DeliveryMedium[];
  if (desired && desired.length > 0) {
    mediums = [...new Set(desired)];
    if (welcome) mediums = mediums.filter((medium) => (medium === 'EMAIL' ? email : phone));
    if (mediums.includes('EMAIL') && !email) throw err.invalidParameter('User has no email address to send the invitation to.');
    if (mediums.includes('SMS') && !phone) throw err.invalidParameter('User has no phone number to send the invitation to.');
  } else {
    mediums = phone ? ['SMS'] : email ? ['EMAIL'] : [];
  }
  const template = pool.AdminCreateUserConfig?.InviteMessageTemplate;
  const values = { username: shownUsername, code: temporaryPassword ?? '' };
  return mediums.map((medium) =>
    medium === 'EMAIL'
      ? {
          poolId: pool.Id,
          username: storedUsername,
          channel: 'EMAIL',
          destination: email!,
          kind: 'invitation',
          subject: template?.EmailSubject ?? DEFAULT_INVITATION_SUBJECT,
          body: fillTemplate(template?.EmailMessage ?? DEFAULT_INVITATION, values),
          ...(temporaryPassword !== undefined ? { code: temporaryPassword } : {}),
        }
      : {
          poolId: pool.Id,
          username: storedUsername,
          channel: 'SMS',
          destination: phone!,
          kind: 'invitation',
          body: fillTemplate(template?.SMSMessage ?? DEFAULT_INVITATION, values),
          ...(temporaryPassword !== undefined ? { code: temporaryPassword } : {}),
        },
  );
}

/** Stores messages in the outbox inside the caller's transaction (custom senders' messages are skipped). */
export async function send(services: Services, messages: OutgoingMessage[], trx: Executor): Promise<void> {
  for (const message of messages) await sendMessage(services, message, trx);
}
