import type { FirstFactor } from './extensions.js';
import type { SignInState } from './session.js';
import type { ChallengeStep } from './steps.js';
import { challengeState } from './steps.js';
import type { SignInContext } from './user.js';
import { judgeAttempt, notCodeMismatch, reserveAttempt } from './lockout.js';
import { err } from '../errors.js';
import type { CodeFactor } from '../mfa/codes.js';
import { checkMfaCode, sendMfaCode } from '../mfa/codes.js';
import type { User } from '../user/users.js';
import { WEB_AUTHN_FACTOR } from '../webauthn/signin.js';

/**
 * The one-time-password first factors of USER_AUTH (EMAIL_OTP, SMS_OTP): a code to the user's
 * verified address, answered with EMAIL_OTP_CODE or SMS_OTP_CODE. The code is kept like an MFA code
 * (mfa/codes.ts: sealed digest, expiry, attempts). A code sent to an address nobody verified would
 * let whoever typed the address sign in, so only verified ones count.
 */

/** Cognito's passwordless e-mail codes have 8 digits; SMS codes 6. */
const DIGITS: Record<CodeFactor, number> = { EMAIL_OTP: 8, SMS_MFA: 6 };

function otpFactor(challengeName: 'EMAIL_OTP' | 'SMS_OTP', codeFactor: CodeFactor, attribute: 'email' | 'phone_number'): FirstFactor {
  const responseName = `${challengeName}_CODE`;
  return {
    usable: async (_services, _pool, user) => Boolean(user.attributes[attribute]) && user.attributes[`${attribute}_verified`] === 'true',
    async start(ctx: SignInContext, user: User, authTime: number): Promise<ChallengeStep> {
      const delivery = await sendMfaCode(ctx.services, ctx.pool, user, codeFactor, DIGITS[codeFactor]);
      const parameters = { ...delivery, USERNAME: user.username, USER_ID_FOR_SRP: user.username };
      return {
        kind: 'challenge',
        challengeName,
        parameters,
        state: challengeState(ctx, user, challengeName, authTime, { firstFactor: challengeName, parameters, codeIssuedAt: ctx.services.clock.now() }),
      };
    },
    async answer(ctx: SignInContext, _state: SignInState, user: User, responses: Record<string, string>): Promise<void> {
      const code = responses[responseName];
      if (code === undefined || code === '') throw err.invalidParameter(`Missing required parameter ${responseName}`);
      // A wrong code is a failed sign-in, reserved before it is judged (as a password or an MFA code).
      const reservation = await reserveAttempt(ctx.services, ctx.pool.Id, user.usernameKey);
      await judgeAttempt(ctx.services, reservation, () => checkMfaCode(ctx.services, user, codeFactor, code), notCodeMismatch);
    },
  };
}

export const PASSWORDLESS_FACTORS: Readonly<Record<string, FirstFactor>> = {
  EMAIL_OTP: otpFactor('EMAIL_OTP', 'EMAIL_OTP', 'email'),
  SMS_OTP: otpFactor('SMS_OTP', 'SMS_MFA', 'phone_number'),
  WEB_AUTHN: WEB_AUTHN_FACTOR,
};
