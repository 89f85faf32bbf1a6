import type { CodeDeliveryDetails, ConfirmSignUpInput, ResendConfirmationCodeInput, SignUpInput, SignUpResult } from './types.js';
import { checkRequiredAttributes, validateAttributeWrites } from './attributes.js';
import { CognitoError, err } from '../errors.js';
import { updateUserSettings } from '../mfa/settings.js';
import { sendMessage } from '../outbox/outbox.js';
import { checkPasswordPolicy } from './password-policy.js';
import type { UserPool } from '../pool/pools.js';
import { checkClientMayWrite } from './self-attributes.js';
import { checkAttempts, settingsWithAttempt } from './attempts.js';
import { clientAndUser, preventsUserExistenceErrors, publicClient, unknownUserOfClient } from '../client/caller.js';
import { checkSecretHash } from '../client/secret-hash.js';
import type { Services } from '../services.js';
import { recordAuthEvent } from '../events/events.js';
import type { RequestOrigin } from '../events/origin.js';
import { eventOrigin } from '../events/origin.js';
import { checkSignUpSession, signUpSession } from '../signin/after-sign-up.js';
import { insertNewUser, internalUsername } from './create.js';
import { newCode, settingsWithCode } from './codes.js';
import { sealPassword } from './password.js';
import type { MessageCustomizer } from '../trigger/custom-message.js';
import { customMessage } from '../trigger/custom-message.js';
import { deliverToCustomSenders } from '../trigger/custom-sender.js';
import { postConfirmation, preSignUp } from '../trigger/sign-up.js';
import type { User, UserSettings } from './users.js';
import { usernameKeyOf } from './users.js';
import type { VerifiableAttribute } from './verification.js';
import {
  VERIFICATION_CODE_TTL_MS,
  channelOf,
  codeDelivery,
  codeMismatch,
  confirmationAttribute,
  fakeCodeDelivery,
  requireCode,
  saveUser,
  settingsAfterCode,
  verificationMessage,
  verifiedFlag,
} from './verification.js';

const userExists = () => new CognitoError('UsernameExistsException', 'User already exists');

/** Which attribute the pending confirmation code was sent to, kept with the user's settings. */
const CONFIRMATION_ATTRIBUTE = 'confirmationAttribute';

/**
 * SignUp: a new UNCONFIRMED user with the password the user chose. When the pool verifies email or
 * phone automatically, a confirmation code goes to it. A PreSignUp function may refuse the user or
 * confirm it at once (then no code is sent, and PostConfirmation runs once the user exists).
 */
export async function signUp(services: Services, input: SignUpInput, origin?: RequestOrigin): Promise<SignUpResult> {
  const { client, pool } = await publicClient(services, input.ClientId!);
  checkSecretHash(services, client, input.SecretHash, [input.Username]);
  if (pool.AdminCreateUserConfig?.AllowAdminCreateUserOnly) throw err.notAuthorized('SignUp is not permitted for this user pool');

  const attributes = validateAttributeWrites(pool, input.UserAttributes ?? [], { mode: 'create', admin: false });
  checkClientMayWrite(client, attributes.keys());
  for (const [name, value] of attributes) if (value === '') attributes.delete(name);
  // ValidationData and ClientMetadata only reach Lambda triggers; UserContextData and AnalyticsMetadata
  // only analytics. Nothing keeps them.

  const sub = services.random.uuid();
  const username = internalUsername(pool, input.Username!, sub, attributes);
  checkRequiredAttributes(pool, new Map([...attributes, ['sub', sub]]));
  const password = signUpPassword(pool, input.Password);
  const decision = await preSignUp(services, {
    pool,
    source: 'PreSignUp_SignUp',
    userName: username,
    clientId: client.ClientId,
    userAttributes: Object.fromEntries(attributes),
    validationData: input.ValidationData,
    clientMetadata: input.ClientMetadata,
  });
  attributes.set('sub', sub);
  if (decision.autoConfirmUser) {
    if (decision.autoVerifyEmail && attributes.get('email')) attributes.set('email_verified', 'true');
    if (decision.autoVerifyPhone && attributes.get('phone_number')) attributes.set('phone_number_verified', 'true');
  }

  const now = services.clock.now();
  const usernameKey = usernameKeyOf(pool, username);
  const target = decision.autoConfirmUser ? undefined : confirmationAttribute(pool, Object.fromEntries(attributes));
  const code = target ? newCode(services.random) : undefined;
  const user: User = {
    poolId: pool.Id,
    username,
    usernameKey,
    sub,
    status: decision.autoConfirmUser ? 'CONFIRMED' : 'UNCONFIRMED',
    enabled: true,
    attributes: Object.fromEntries(attributes),
    sealedPassword: password === undefined ? null : sealPassword(services, { poolId: pool.Id, username, usernameKey }, password),
    passwordUpdatedAt: password === undefined ? null : now,
    settings: {},
    createdAt: now,
    updatedAt: now,
  };
  if (target && code) user.settings = confirmationSettings(services, user, user.settings, target, code);
  const next = signUpSession(services, client, user, user.settings);
  user.settings = next.settings;
  const message =
    target && code
      ? confirmationMessage(
          services,
          pool,
          user,
          client.ClientId,
          target,
          code,
          await customMessage(services, { pool, source: 'CustomMessage_SignUp', user, clientId: client.ClientId, clientMetadata: input.ClientMetadata, channels: [channelOf(target)] }),
        )
      : undefined;

  await services.store.transaction(async (trx) => {
    // A taken email or phone in email/phone-as-username pools is reported by the alias check.
    await insertNewUser(trx, pool, user, { exists: userExists });
    if (message) await sendMessage(services, message, trx);
  });
  await deliverToCustomSenders(services, pool, [message]);
  await recordAuthEvent(services, { pool, user, type: 'SignUp', response: 'Pass', clientId: client.ClientId, origin: eventOrigin(origin, client) });
  if (decision.autoConfirmUser) {
    // As in Cognito, the user stays created and confirmed when PostConfirmation then fails.
    await postConfirmation(services, { pool, source: 'PostConfirmation_ConfirmSignUp', user, clientId: client.ClientId, clientMetadata: input.ClientMetadata });
  }
  return {
    UserConfirmed: decision.autoConfirmUser,
    UserSub: sub,
    ...(target ? { CodeDeliveryDetails: codeDelivery(target, user.attributes[target]!) } : {}),
    Session: next.session,
  };
}

/**
 * Passwordless sign-up needs a pool that offers one-time-password sign-in; elsewhere the password
 * is required, as it was in the API before passwordless sign-in existed.
 */
function signUpPassword(pool: UserPool, password: string | undefined): string | undefined {
  if (password === undefined || password === '') {
    const factors = (pool.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? []) as string[];
    if (factors.includes('EMAIL_OTP') || factors.includes('SMS_OTP')) return undefined;
    throw err.invalidParameter("1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null");
  }
  checkPasswordPolicy(pool, password);
  return password;
}

function confirmationSettings(services: Services, user: Pick<User, 'poolId' | 'usernameKey'>, settings: UserSettings, target: VerifiableAttribute, code: string): UserSettings {
  return { ...settingsWithCode(services, { ...user, settings }, 'confirmation', code, VERIFICATION_CODE_TTL_MS), [CONFIRMATION_ATTRIBUTE]: target };
}

function confirmationMessage(
  services: Services,
  pool: UserPool,
  user: User,
  clientId: string,
  target: VerifiableAttribute,
  code: string,
  custom: MessageCustomizer,
) {
  // On this server the hosted pages of a pool live under its path (the domain form needs a Host header).
  const link = `${services.settings.publicUrl}/${pool.Id}/confirmUser?${new URLSearchParams({ client_id: clientId, user_name: user.username, confirmation_code: code })}`;
  const message = verificationMessage({ pool, user, kind: 'confirmation', attribute: target, address: user.attributes[target]!, code, link });
  return custom(message, sentByLink(pool, target) ? { link } : {});
}

/** Whether the confirmation goes as a link (an e-mail in a pool that confirms with a link) rather than a code. */
const sentByLink = (pool: UserPool, target: VerifiableAttribute) =>
  target === 'email' && pool.VerificationMessageTemplate?.DefaultEmailOption === 'CONFIRM_WITH_LINK';

/**
 * ConfirmSignUp: the code from the sign-up message confirms the user and verifies the attribute it
 * was sent to. A verified email or phone that is another user's sign-in alias needs ForceAliasCreation.
 * PostConfirmation runs once the user is confirmed; as in Cognito, its failure leaves the user confirmed.
 */
export async function confirmSignUp(services: Services, input: ConfirmSignUpInput): Promise<{ Session: string }> {
  const { client, pool, user } = await clientAndUser(services, input);
  if (!user) {
    if (preventsUserExistenceErrors(client)) throw codeMismatch();
    throw unknownUserOfClient();
  }
  if (user.status !== 'UNCONFIRMED') throw err.notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
  if (input.Session !== undefined) checkSignUpSession(services, client, user, input.Session);
  const counted = await requireCode(services, user, 'confirmation', input.ConfirmationCode!, 'confirm-sign-up');

  let confirmed: ReadonlyMap<string, string> | undefined;
  let session = '';
  await saveUser(
    services,
    pool,
    counted,
    (current) => {
      const attributes = new Map(Object.entries(current.attributes));
      const target = current.settings[CONFIRMATION_ATTRIBUTE] as VerifiableAttribute | undefined;
      if (target && attributes.get(target)) attributes.set(verifiedFlag(target), 'true');
      const settings = settingsAfterCode(current, 'confirmation', 'confirm-sign-up');
      delete settings[CONFIRMATION_ATTRIBUTE];
      confirmed = attributes;
      // The code just proven is the first factor of the sign-in this Session opens (after-sign-up.ts).
      const next = signUpSession(services, client, { ...current, status: 'CONFIRMED' }, settings);
      session = next.session;
      return { attributes, settings: next.settings, changes: { status: 'CONFIRMED' } };
    },
    { forceAliasCreation: input.ForceAliasCreation ?? false },
  );
  await postConfirmation(services, {
    pool,
    source: 'PostConfirmation_ConfirmSignUp',
    user: { username: user.username, status: 'CONFIRMED', attributes: Object.fromEntries(confirmed!) },
    clientId: client.ClientId,
    clientMetadata: input.ClientMetadata,
  });
  return { Session: session };
}

/**
 * ResendConfirmationCode: a new code for a user who has not confirmed yet (five per hour); the
 * previous code stops working.
 */
export async function resendConfirmationCode(services: Services, input: ResendConfirmationCodeInput): Promise<CodeDeliveryDetails> {
  const { client, pool, user } = await clientAndUser(services, input);
  if (!user) {
    if (preventsUserExistenceErrors(client)) return fakeCodeDelivery(pool, input.Username!);
    throw unknownUserOfClient();
  }
  if (user.status !== 'UNCONFIRMED') throw err.invalidParameter('User is already confirmed.');
  if ((pool.AutoVerifiedAttributes ?? []).length === 0) throw err.invalidParameter('Cannot resend codes. Auto verification not turned on.');
  const target = confirmationAttribute(pool, user.attributes);
  if (!target) throw err.invalidParameter('There is no email or phone_number to send the confirmation code to.');
  const code = newCode(services.random);
  checkAttempts(services, user, 'resend-code');
  const custom = await customMessage(services, {
    pool,
    source: 'CustomMessage_ResendCode',
    user,
    clientId: client.ClientId,
    clientMetadata: input.ClientMetadata,
    channels: [channelOf(target)],
  });
  const message = confirmationMessage(services, pool, user, client.ClientId, target, code, custom);
  await updateUserSettings(
    services,
    user,
    (current) => {
      checkAttempts(services, current, 'resend-code');
      return confirmationSettings(services, current, settingsWithAttempt(services, current.settings, 'resend-code'), target, code);
    },
    { then: (trx) => sendMessage(services, message, trx) },
  );
  await deliverToCustomSenders(services, pool, [message]);
  return codeDelivery(target, user.attributes[target]!);
}
