import type { CodeDeliveryDetails, ConfirmForgotPasswordInput, ForgotPasswordInput } from './types.js';
import * as tokens from '../../store/tokens.js';
import * as repo from '../../store/users.js';
import { CognitoError, err } from '../errors.js';
import { updateUserSettings } from '../mfa/settings.js';
import { sendMessage } from '../outbox/outbox.js';
import { checkPasswordPolicy } from './password-policy.js';
import type { UserPool } from '../pool/pools.js';
import { checkAttempts, settingsWithAttempt } from './attempts.js';
import { clientAndUser, preventsUserExistenceErrors, unknownUserOfClient } from '../client/caller.js';
import type { Services } from '../services.js';
import { recordAuthEvent } from '../events/events.js';
import type { RequestOrigin } from '../events/origin.js';
import { eventOrigin } from '../events/origin.js';
import { assertPasswordNotReused, rememberReplacedPassword } from './password-history.js';
import { recoveryDestination, resetMessage } from './admin.js';
import { FORGOT_PASSWORD_CODE_TTL_MS, newCode, settingsWithCode } from './codes.js';
import { sealPassword } from './password.js';
import { migrateUser } from '../trigger/migrated-user.js';
import { customMessage } from '../trigger/custom-message.js';
import { deliverToCustomSenders } from '../trigger/custom-sender.js';
import { postConfirmation } from '../trigger/sign-up.js';
import { codeDelivery, codeMismatch, fakeCodeDelivery, requireCode, settingsAfterCode } from './verification.js';

const noRecoveryChannel = () =>
  err.invalidParameter('Cannot reset password for the user as there is no registered/verified email or phone_number');

/**
 * ForgotPassword: a reset code (valid one hour) to the user's verified email or phone, chosen by the
 * pool's AccountRecoverySetting. The password keeps working until the code is used.
 */
export async function forgotPassword(services: Services, input: ForgotPasswordInput, origin?: RequestOrigin): Promise<CodeDeliveryDetails> {
  const { client, pool, user: found } = await clientAndUser(services, input);
  // UserMigration_ForgotPassword: the old system may know a name the pool does not.
  const site = { services, pool, clientId: client.ClientId, ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}) };
  const user = found ?? (await migrateUser(site, input.Username!, 'UserMigration_ForgotPassword'));
  if (!user) {
    if (preventsUserExistenceErrors(client)) return fakeDelivery(pool, input.Username!);
    throw unknownUserOfClient();
  }
  if (!user.enabled) throw err.userDisabled();
  // A user who never chose a password (an invitation not yet answered) cannot reset it.
  if (user.status === 'FORCE_CHANGE_PASSWORD') throw err.notAuthorized('User password cannot be reset in the current state.');
  const destination = recoveryDestination(pool, user);
  if (!destination) throw noRecoveryChannel();
  const code = newCode(services.random);
  checkAttempts(services, user, 'forgot-password');
  const custom = await customMessage(services, {
    pool,
    source: 'CustomMessage_ForgotPassword',
    user,
    clientId: client.ClientId,
    clientMetadata: input.ClientMetadata,
    channels: [destination.channel],
  });
  const message = resetMessage(pool, user, destination, code, custom);
  await updateUserSettings(
    services,
    user,
    (current) => {
      checkAttempts(services, current, 'forgot-password');
      const counted = settingsWithAttempt(services, current.settings, 'forgot-password');
      return settingsWithCode(services, { ...current, settings: counted }, 'forgot-password', code, FORGOT_PASSWORD_CODE_TTL_MS);
    },
    { then: (trx) => sendMessage(services, message, trx) },
  );
  await deliverToCustomSenders(services, pool, [message]);
  await recordAuthEvent(services, { pool, user, type: 'ForgotPassword', response: 'Pass', clientId: client.ClientId, origin: eventOrigin(origin, client) });
  return codeDelivery(destination.channel === 'EMAIL' ? 'email' : 'phone_number', destination.address);
}

/** The fake delivery of PreventUserExistenceErrors, on the medium the pool's recovery setting prefers. */
function fakeDelivery(pool: UserPool, username: string): CodeDeliveryDetails {
  const mechanisms = [...(pool.AccountRecoverySetting?.RecoveryMechanisms ?? [])].sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0));
  const first = mechanisms[0]?.Name;
  return fakeCodeDelivery(pool, username, first === 'verified_email' ? ['email'] : first === 'verified_phone_number' ? ['phone_number'] : []);
}

/**
 * ConfirmForgotPassword: the code and a new password. The user is CONFIRMED afterwards (also out of
 * RESET_REQUIRED), the code is spent and failed sign-ins are forgotten.
 */
export async function confirmForgotPassword(services: Services, input: ConfirmForgotPasswordInput): Promise<void> {
  const { client, pool, user } = await clientAndUser(services, input);
  if (!user) {
    if (preventsUserExistenceErrors(client)) throw codeMismatch();
    throw unknownUserOfClient();
  }
  if (!user.enabled) throw err.userDisabled();
  if (user.status === 'UNCONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
  // Checked first, so that a refused password neither spends the code nor counts as a guess.
  checkPasswordPolicy(pool, input.Password!);
  await assertPasswordNotReused(services, pool, user, input.Password!);
  const counted = await requireCode(services, user, 'forgot-password', input.ConfirmationCode!, 'confirm-forgot-password');
  const sealed = sealPassword(services, user, input.Password!);
  await updateUserSettings(services, counted, (current) => settingsAfterCode(current, 'forgot-password', 'confirm-forgot-password'), {
    touch: true,
    then: async (trx, current) => {
      await rememberReplacedPassword(trx, services, pool, current);
      await repo.updateUser(trx, current.poolId, current.usernameKey, {
        sealed_password: sealed,
        password_updated_at: current.updatedAt,
        status: 'CONFIRMED',
        updated_at: current.updatedAt,
      });
      await tokens.clearFailures(trx, services.store.engine, current.poolId, current.usernameKey);
    },
  });
  // As in Cognito, the new password stays set when PostConfirmation then fails.
  await postConfirmation(services, {
    pool,
    source: 'PostConfirmation_ConfirmForgotPassword',
    user: { ...user, status: 'CONFIRMED' },
    clientId: client.ClientId,
    clientMetadata: input.ClientMetadata,
  });
}
