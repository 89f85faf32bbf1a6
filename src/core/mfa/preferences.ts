import type { EmailMfaSettings, SMSMfaSettings, SoftwareTokenMfaSettings, WebAuthnMfaSettings } from './types.js';
import type { MFAOption } from '../user/types.js';
import { err } from '../errors.js';
import type { MfaFactor } from './settings.js';
import { enabledFactors, mfaStateOf, updateUserSettings, withFactors, withMfaState } from './settings.js';
import type { Services } from '../services.js';
import type { User } from '../user/users.js';
import { getPool } from '../pool/pools.js';
import { passkeyMfaPool } from '../webauthn/config.js';

export interface MfaPreferenceInput {
  SMSMfaSettings?: SMSMfaSettings;
  SoftwareTokenMfaSettings?: SoftwareTokenMfaSettings;
  EmailMfaSettings?: EmailMfaSettings;
  WebAuthnMfaSettings?: WebAuthnMfaSettings;
}

const passkeyMfaNotEnabled = () =>
  err.invalidParameter('Passkey MFA is not enabled for the user pool: its WebAuthnConfiguration FactorConfiguration must be MULTI_FACTOR_WITH_USER_VERIFICATION.');

const noDeliveryConfig = (factor: MfaFactor) => err.invalidParameter(`User does not have delivery config set to turn on ${factor}`);

/** Why the user cannot turn `factor` on, if they cannot. */
function cannotEnable(user: User, factor: MfaFactor): Error | undefined {
  if (factor === 'SMS_MFA') return user.attributes.phone_number ? undefined : noDeliveryConfig(factor);
  if (factor === 'EMAIL_OTP') return user.attributes.email ? undefined : noDeliveryConfig(factor);
  const state = mfaStateOf(user);
  if (state.totp) return undefined;
  // Associated but never verified, and never associated, are told apart as Cognito does.
  return state.pendingTotp ? err.invalidParameter('User has not verified software token mfa') : noDeliveryConfig(factor);
}

/**
 * SetUserMFAPreference / AdminSetUserMFAPreference. A settings block left out changes nothing;
 * `Enabled` turns the factor on or off, `PreferredMfa` makes it (or stops it being) the one used
 * when several are on. Turning off the preferred factor clears the preference.
 */
export async function setMfaPreference(services: Services, user: User, input: MfaPreferenceInput): Promise<void> {
  const pool = await getPool(services, user.poolId);
  const blocks: [MfaFactor, { Enabled?: boolean; PreferredMfa?: boolean } | undefined][] = [
    ['SMS_MFA', input.SMSMfaSettings],
    ['SOFTWARE_TOKEN_MFA', input.SoftwareTokenMfaSettings],
    ['EMAIL_OTP', input.EmailMfaSettings],
  ];
  if (blocks.filter(([, b]) => b?.PreferredMfa === true).length > 1)
    throw err.invalidParameter('Only one MFA method can be set as preferred.');
  await updateUserSettings(
    services,
    user,
    (current) => {
      const on = new Set(enabledFactors(current));
      let preferred = current.settings.PreferredMfaSetting;
      for (const [factor, block] of blocks) {
        if (!block) continue;
        if (block.Enabled === true) {
          const problem = cannotEnable(current, factor);
          if (problem) throw problem;
          on.add(factor);
        } else if (block.Enabled === false) {
          on.delete(factor);
        }
        if (block.PreferredMfa === true) {
          if (!on.has(factor)) throw err.invalidParameter(`${factor} must be enabled to be the preferred MFA method.`);
          preferred = factor;
        } else if (preferred === factor && (block.PreferredMfa === false || !on.has(factor))) {
          preferred = undefined;
        }
      }
      let settings = withFactors(current.settings, on, preferred);
      if (input.WebAuthnMfaSettings?.Enabled === true) {
        if (!passkeyMfaPool(pool)) throw passkeyMfaNotEnabled();
        // A lost passkey must not lock the user out: another factor has to be on.
        if (on.size === 0) throw err.invalidParameter('Passkey MFA needs another MFA method (SMS, TOTP or email) turned on for the user.');
      }
      if (input.WebAuthnMfaSettings?.Enabled !== undefined) {
        settings = withMfaState(settings, { ...mfaStateOf(current), webAuthnMfa: input.WebAuthnMfaSettings.Enabled });
      }
      return settings;
    },
    { touch: true },
  );
}

/**
 * SetUserSettings / AdminSetUserSettings, the legacy SMS-only switch: an SMS option on
 * `phone_number` turns SMS MFA on, an empty list turns it off.
 */
export async function setUserSettings(services: Services, user: User, options: MFAOption[]): Promise<void> {
  for (const option of options) {
    if (option.DeliveryMedium !== 'SMS' || (option.AttributeName !== undefined && option.AttributeName !== 'phone_number'))
      throw err.invalidParameter('Only phone_number attribute with SMS delivery medium is supported for MFAOptions.');
  }
  const wantSms = options.length > 0;
  await updateUserSettings(
    services,
    user,
    (current) => {
      const on = new Set(enabledFactors(current));
      if (wantSms) {
        const problem = cannotEnable(current, 'SMS_MFA');
        if (problem) throw problem;
        on.add('SMS_MFA');
      } else {
        on.delete('SMS_MFA');
      }
      return withFactors(current.settings, on, current.settings.PreferredMfaSetting);
    },
    { touch: true },
  );
}
