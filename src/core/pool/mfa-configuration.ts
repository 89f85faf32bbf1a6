import type { GetUserPoolMfaConfigResult, SetUserPoolMfaConfigInput, UserPoolMfa } from './types.js';
import { err } from '../errors.js';
import { prune } from './defaults.js';
import type { PoolMfaFactors, UserPool } from './pools.js';

const NO_FACTORS: PoolMfaFactors = { softwareToken: false, sms: false };

/** The second factors the pool offers; a pool never configured for MFA offers none. */
export const mfaFactorsOf = (pool: UserPool): PoolMfaFactors => pool.MfaFactors ?? NO_FACTORS;

const anyFactor = (f: PoolMfaFactors) => f.softwareToken || f.sms || f.email !== undefined;

// Cognito's words when MFA is ON/OPTIONAL and no factor can be used (CreateUserPool, UpdateUserPool).
const smsRequired = () =>
  err.invalidParameter('SMS configuration and Auto verification for phone_number are required when MFA is required/optional');

/**
 * MFA factors after CreateUserPool or UpdateUserPool. Those operations can only turn on SMS MFA (TOTP
 * and e-mail are SetUserPoolMfaConfig's business); turning MFA OFF turns every factor off.
 */
export function factorsAfterPoolWrite(
  previous: PoolMfaFactors | undefined,
  mode: UserPoolMfa,
  hasSmsConfiguration: boolean,
): PoolMfaFactors {
  const before = previous ?? NO_FACTORS;
  if (mode === 'OFF') return prune({ softwareToken: false, sms: false, webAuthn: before.webAuthn });
  if (anyFactor(before)) return before;
  if (!hasSmsConfiguration) throw smsRequired();
  return { ...before, sms: true };
}

/** SetUserPoolMfaConfig: every factor left out of the request is turned off. */
export function withMfaConfig(pool: UserPool, input: SetUserPoolMfaConfigInput): UserPool {
  const mode = input.MfaConfiguration ?? pool.MfaConfiguration ?? 'OFF';
  const webAuthn = input.WebAuthnConfiguration;
  // A passkey stands for two factors only when the authenticator verified the user.
  if (webAuthn?.FactorConfiguration === 'MULTI_FACTOR_WITH_USER_VERIFICATION' && webAuthn.UserVerification !== 'required')
    throw err.invalidParameter('WebAuthnConfiguration FactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION requires UserVerification to be required.');
  const factors: PoolMfaFactors = prune({
    softwareToken: input.SoftwareTokenMfaConfiguration?.Enabled === true,
    sms: input.SmsMfaConfiguration !== undefined,
    email: input.EmailMfaConfiguration,
    webAuthn: input.WebAuthnConfiguration ?? pool.MfaFactors?.webAuthn,
  });
  if (mode === 'OFF' && anyFactor(factors))
    throw err.invalidParameter("Invalid MFA configuration given, can't turn off MFA and configure an MFA together.");
  if (mode !== 'OFF' && !anyFactor(factors))
    throw err.invalidParameter("Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.");

  const sms = input.SmsMfaConfiguration;
  return prune({
    ...pool,
    MfaConfiguration: mode,
    // SMS MFA settings are the pool's own SMS settings, as DescribeUserPool shows them.
    SmsAuthenticationMessage: sms?.SmsAuthenticationMessage ?? pool.SmsAuthenticationMessage,
    SmsConfiguration: sms?.SmsConfiguration ?? pool.SmsConfiguration,
    MfaFactors: factors,
  });
}

/** GetUserPoolMfaConfig's (and SetUserPoolMfaConfig's) answer. */
export function describeMfaConfig(pool: UserPool): GetUserPoolMfaConfigResult {
  const factors = mfaFactorsOf(pool);
  return prune({
    SmsMfaConfiguration: factors.sms
      ? prune({ SmsAuthenticationMessage: pool.SmsAuthenticationMessage, SmsConfiguration: pool.SmsConfiguration })
      : undefined,
    SoftwareTokenMfaConfiguration: { Enabled: factors.softwareToken },
    EmailMfaConfiguration: factors.email,
    MfaConfiguration: pool.MfaConfiguration ?? 'OFF',
    // Passkeys ask for user verification when possible unless the pool says otherwise (unconfirmed default).
    WebAuthnConfiguration: factors.webAuthn ?? { UserVerification: 'preferred' },
  });
}
