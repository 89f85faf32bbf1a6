import { AttributeName } from './common.js';
import { bool, enumOf, list, struct } from './shapes.js';

// Members shared by the user MFA operations. Constraints are the service model's.
const Toggle = struct({ Enabled: bool(), PreferredMfa: bool() });

export const MfaPreferenceMembers = {
  SMSMfaSettings: Toggle,
  SoftwareTokenMfaSettings: Toggle,
  EmailMfaSettings: Toggle,
  WebAuthnMfaSettings: struct({ Enabled: bool() }),
};

export const MFAOptions = list(struct({ DeliveryMedium: enumOf(['SMS', 'EMAIL']), AttributeName }));
