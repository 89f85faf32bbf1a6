/**
 * The shapes of a user's MFA settings and of the TOTP set-up answers.
 */

export interface AssociateSoftwareTokenResult {
  SecretCode?: string;
  Session?: string;
}

export type VerifySoftwareTokenStatus = 'ERROR' | 'SUCCESS';

export interface VerifySoftwareTokenResult {
  Status?: VerifySoftwareTokenStatus;
  Session?: string;
}

export interface EmailMfaSettings {
  Enabled?: boolean;
  PreferredMfa?: boolean;
}

export interface SMSMfaSettings {
  Enabled?: boolean;
  PreferredMfa?: boolean;
}

export interface SoftwareTokenMfaSettings {
  Enabled?: boolean;
  PreferredMfa?: boolean;
}

export interface WebAuthnMfaSettings {
  Enabled?: boolean;
}
