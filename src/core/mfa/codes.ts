import { createHash, timingSafeEqual } from 'node:crypto';
import type { SealedSecret } from '../../crypto/seal.js';
import { CognitoError } from '../errors.js';
import type { MfaState, PendingCode } from './settings.js';
import { mfaStateOf, updateUserSettings, withMfaState } from './settings.js';
import type { OutgoingMessage } from '../outbox/outbox.js';
import { fillTemplate, sendMessage } from '../outbox/outbox.js';
import { mfaFactorsOf } from '../pool/mfa-configuration.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import type { User } from '../user/users.js';
import { customMessage } from '../trigger/custom-message.js';
import { deliverToCustomSenders } from '../trigger/custom-sender.js';

/** SMS and e-mail MFA codes: 6 digits, good for 3 minutes (Cognito's default, as long as the sign-in session). */
export const MFA_CODE_TTL_MS = 3 * 60 * 1000;
/** Wrong answers tolerated before the code is thrown away and the sign-in has to start over. */
export const MFA_CODE_MAX_ATTEMPTS = 5;

export type CodeFactor = PendingCode['factor'];

const context = (user: Pick<User, 'poolId' | 'usernameKey'>) => `mfa-code:${user.poolId}:${user.usernameKey}`;
const digest = (code: string) => createHash('sha256').update(code, 'utf8').digest('hex');

/** `+*******1234`: Cognito shows only the last four digits of the phone number a code went to. */
export const maskPhone = (phone: string): string => phone.slice(0, 1) + '*'.repeat(Math.max(phone.length - 5, 0)) + phone.slice(-4);

/** `a***@e***`: the first letter of the mailbox and of the domain. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return `${email.slice(0, 1)}***`;
  return `${email.slice(0, 1)}***@${email.slice(at + 1, at + 2)}***`;
}

/** Where a factor's code goes, if the user has the attribute for it. */
export function codeDestination(user: User, factor: CodeFactor): string | undefined {
  return factor === 'SMS_MFA' ? user.attributes.phone_number : user.attributes.email;
}

/**
 * Sends a fresh code for `factor` (replacing any earlier one) and returns the challenge parameters
 * describing where it went. The pool's CustomMessage function (CustomMessage_Authentication) may
 * rewrite the message; it runs before the code is stored.
 */
export async function sendMfaCode(services: Services, pool: UserPool, user: User, factor: CodeFactor, digits = 6): Promise<Record<string, string>> {
  const destination = codeDestination(user, factor);
  if (!destination) throw new CognitoError('InvalidParameterException', `User does not have delivery config set to turn on ${factor}`);
  // Passwordless e-mail sign-in codes are longer (signin/passwordless.ts): they stand alone, with no password before them.
  const code = services.random.string(digits, '0123456789');
  const channel = factor === 'SMS_MFA' ? 'SMS' : 'EMAIL';
  const custom = await customMessage(services, { pool, source: 'CustomMessage_Authentication', user, channels: [channel] });
  const message = custom(codeMessage(pool, user, factor, destination, code));
  const pending: PendingCode = {
    factor,
    hash: services.sealer.seal(digest(code), context(user)),
    issuedAt: services.clock.now(),
    attempts: 0,
  };
  await updateUserSettings(services, user, (current) => withMfaState(current.settings, { ...mfaStateOf(current), code: pending }), {
    then: (trx) => sendMessage(services, message, trx),
  });
  await deliverToCustomSenders(services, pool, [message]);
  return factor === 'SMS_MFA'
    ? { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: maskPhone(destination) }
    : { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: maskEmail(destination) };
}

function codeMessage(pool: UserPool, user: User, factor: CodeFactor, destination: string, code: string): OutgoingMessage {
  const email = mfaFactorsOf(pool).email;
  const template =
    factor === 'SMS_MFA'
      ? (pool.SmsAuthenticationMessage ?? 'Your authentication code is {####}. ')
      : (email?.Message ?? 'Your authentication code is {####}. ');
  return {
    poolId: pool.Id,
    username: user.username,
    channel: factor === 'SMS_MFA' ? 'SMS' : 'EMAIL',
    destination,
    kind: 'mfa',
    subject: factor === 'EMAIL_OTP' ? (email?.Subject ?? 'Your authentication code') : undefined,
    body: fillTemplate(template, { code, username: user.username }),
    code,
  };
}

const expiredCode = () => new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
const wrongCode = () => new CognitoError('CodeMismatchException', 'Invalid code or auth state for the user.');

/**
 * Checks the code typed for `factor`. A right code is used up; a wrong one counts, and after
 * MFA_CODE_MAX_ATTEMPTS the code is gone. Throws CodeMismatchException or ExpiredCodeException.
 */
export async function checkMfaCode(services: Services, user: User, factor: CodeFactor, code: string): Promise<void> {
  let outcome = 'expired' as 'ok' | 'wrong' | 'expired';
  await updateUserSettings(services, user, (current) => {
    const state = mfaStateOf(current);
    const pending = state.code;
    const now = services.clock.now();
    if (!pending || pending.factor !== factor || now > pending.issuedAt + MFA_CODE_TTL_MS || pending.attempts >= MFA_CODE_MAX_ATTEMPTS) {
      outcome = 'expired';
      return pending ? withMfaState(current.settings, without(state)) : current.settings;
    }
    if (matches(services, current, pending.hash, code)) {
      outcome = 'ok';
      return withMfaState(current.settings, without(state));
    }
    outcome = 'wrong';
    const attempts = pending.attempts + 1;
    return withMfaState(current.settings, attempts >= MFA_CODE_MAX_ATTEMPTS ? without(state) : { ...state, code: { ...pending, attempts } });
  });
  if (outcome === 'expired') throw expiredCode();
  if (outcome === 'wrong') throw wrongCode();
}

function without(state: MfaState): MfaState {
  const next = { ...state };
  delete next.code;
  return next;
}

function matches(services: Services, user: User, sealed: SealedSecret, code: string): boolean {
  const expected = Buffer.from(services.sealer.openString(sealed, context(user)), 'utf8');
  const given = Buffer.from(digest(code), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
