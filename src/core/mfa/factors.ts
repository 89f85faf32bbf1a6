/**
 * MFA in sign-in: which second factor challenges a user after the first factor (the pool's
 * MfaConfiguration, the factors the pool offers and the user turned on), and whether an answer is
 * right. The sign-in engine (signin/engine.ts) decides when to ask; this module decides what.
 */
import { CognitoError, err } from '../errors.js';
import { checkMfaCode, sendMfaCode } from './codes.js';
import type { MfaFactor } from './settings.js';
import { FACTOR_ORDER, enabledFactors } from './settings.js';
import { checkSoftwareTokenCode, friendlyDeviceName, hasSoftwareToken } from './totp.js';
import { mfaFactorsOf } from '../pool/mfa-configuration.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import type { User } from '../user/users.js';

export type MfaChallengeName = 'SOFTWARE_TOKEN_MFA' | 'SMS_MFA' | 'EMAIL_OTP' | 'SELECT_MFA_TYPE' | 'MFA_SETUP';
export type MfaStep = { kind: 'none' } | { kind: 'challenge'; challengeName: MfaChallengeName; parameters: Record<string, string> };
/** What the sign-in Session carries between MFA steps. */
export interface MfaSessionState {
  mfaSetupVerified?: boolean;
  selectedMfa?: string;
  codeIssuedAt?: number;
}

const NONE: MfaStep = { kind: 'none' };

/**
 * The factors that can challenge this user now: the ones they turned on that still work (a phone
 * or e-mail to send to, and a pool that still sends SMS/e-mail codes). A verified authenticator
 * keeps working even if the pool stopped offering TOTP, as Cognito documents.
 */
function usableFactors(pool: UserPool, user: User): MfaFactor[] {
  return enabledFactors(user).filter((f) => canChallenge(pool, user, f));
}

function canChallenge(pool: UserPool, user: User, factor: MfaFactor): boolean {
  const offered = mfaFactorsOf(pool);
  if (factor === 'SOFTWARE_TOKEN_MFA') return hasSoftwareToken(user);
  if (factor === 'SMS_MFA') return offered.sms && Boolean(user.attributes.phone_number);
  return offered.email !== undefined && Boolean(user.attributes.email);
}

/**
 * When MFA is required and the user turned nothing on, Cognito still sends codes to the phone
 * number or e-mail address it has, if the pool offers that factor.
 */
function impliedFactors(pool: UserPool, user: User): MfaFactor[] {
  return (['SMS_MFA', 'EMAIL_OTP'] as const).filter((f) => canChallenge(pool, user, f));
}

/** The factors MFA_SETUP offers: the pool's, authenticator first since that is what the challenge can set up. */
function setupFactors(pool: UserPool): MfaFactor[] {
  const offered = mfaFactorsOf(pool);
  if (offered.softwareToken) return ['SOFTWARE_TOKEN_MFA'];
  return FACTOR_ORDER.filter((f) => (f === 'SMS_MFA' ? offered.sms : f === 'EMAIL_OTP' && offered.email !== undefined));
}

const challenge = (user: User, challengeName: MfaChallengeName, parameters: Record<string, string> = {}): MfaStep => ({
  kind: 'challenge',
  challengeName,
  parameters: { ...parameters, USER_ID_FOR_SRP: user.username },
});

/** The challenge for one factor; SMS and e-mail codes are sent now unless `send` is false. */
async function challengeFor(services: Services, pool: UserPool, user: User, factor: MfaFactor, send = true): Promise<MfaStep> {
  if (factor === 'SOFTWARE_TOKEN_MFA') {
    const name = friendlyDeviceName(user);
    return challenge(user, 'SOFTWARE_TOKEN_MFA', name ? { FRIENDLY_DEVICE_NAME: name } : {});
  }
  return challenge(user, factor, send ? await sendMfaCode(services, pool, user, factor) : {});
}

export interface MfaStepOptions {
  /** False for a channel that cannot answer a challenge: no code is sent for a challenge it will refuse. */
  sendCodes?: boolean;
}

/** After the first factor: which MFA challenge (if any) the user gets; sends SMS/e-mail codes to the outbox. */
export async function nextMfaStep(services: Services, pool: UserPool, user: User, options: MfaStepOptions = {}): Promise<MfaStep> {
  const send = options.sendCodes ?? true;
  const mode = pool.MfaConfiguration ?? 'OFF';
  if (mode === 'OFF') return NONE;
  let factors = usableFactors(pool, user);
  if (factors.length === 0) {
    if (mode === 'OPTIONAL') return NONE;
    factors = impliedFactors(pool, user);
    if (factors.length === 0) return challenge(user, 'MFA_SETUP', { MFAS_CAN_SETUP: JSON.stringify(setupFactors(pool)) });
  }
  const preferred = user.settings.PreferredMfaSetting as MfaFactor | undefined;
  if (preferred && factors.includes(preferred)) return challengeFor(services, pool, user, preferred, send);
  if (factors.length === 1) return challengeFor(services, pool, user, factors[0], send);
  return challenge(user, 'SELECT_MFA_TYPE', { MFAS_CAN_CHOOSE: JSON.stringify(factors) });
}

const missing = (name: string) => err.invalidParameter(`Missing required parameter ${name}`);

/** The factors SELECT_MFA_TYPE offered (recomputed: the choice is the user's, the menu is the server's). */
function choosable(pool: UserPool, user: User): MfaFactor[] {
  const usable = usableFactors(pool, user);
  return usable.length > 0 ? usable : pool.MfaConfiguration === 'ON' ? impliedFactors(pool, user) : [];
}

/** ANSWER values clients send for SELECT_MFA_TYPE; the wire reference also lists EMAIL_MFA. */
const ANSWERS: Record<string, MfaFactor> = {
  SMS_MFA: 'SMS_MFA',
  SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA',
  EMAIL_OTP: 'EMAIL_OTP',
  EMAIL_MFA: 'EMAIL_OTP',
};

/** Checks the answer to an MFA challenge; throws CodeMismatchException "Invalid code received for user" / ExpiredCodeException etc. */
export async function answerMfaChallenge(
  services: Services,
  pool: UserPool,
  user: User,
  challengeName: MfaChallengeName,
  responses: Record<string, string>,
  session: MfaSessionState,
): Promise<{ done: true } | { next: MfaStep }> {
  switch (challengeName) {
    case 'SOFTWARE_TOKEN_MFA': {
      const code = responses.SOFTWARE_TOKEN_MFA_CODE;
      if (code === undefined) throw missing('SOFTWARE_TOKEN_MFA_CODE');
      await checkSoftwareTokenCode(services, user, code);
      return { done: true };
    }
    case 'SMS_MFA':
    case 'EMAIL_OTP': {
      const name = challengeName === 'SMS_MFA' ? 'SMS_MFA_CODE' : 'EMAIL_OTP_CODE';
      const code = responses[name];
      if (code === undefined) throw missing(name);
      await checkMfaCode(services, user, challengeName, code);
      return { done: true };
    }
    case 'SELECT_MFA_TYPE': {
      const answer = responses.ANSWER;
      if (answer === undefined) throw missing('ANSWER');
      const factor = ANSWERS[answer];
      if (!factor) throw err.invalidParameter(`Invalid ANSWER: ${answer}`);
      if (!choosable(pool, user).includes(factor))
        throw new CognitoError('MFAMethodNotFoundException', `The MFA method ${answer} is not available for the user.`);
      return { next: await challengeFor(services, pool, user, factor) };
    }
    case 'MFA_SETUP': {
      // The authenticator is set up by AssociateSoftwareToken and VerifySoftwareToken with this sign-in's Session.
      if (!session.mfaSetupVerified) throw err.invalidParameter('User has not verified software token mfa');
      return { done: true };
    }
  }
}
