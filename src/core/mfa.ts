import type { UserPool } from './pools.js';
import type { Services } from './services.js';
import type { User } from './users.js';

export type MfaChallengeName = 'SOFTWARE_TOKEN_MFA' | 'SMS_MFA' | 'EMAIL_OTP' | 'SELECT_MFA_TYPE' | 'MFA_SETUP';
export type MfaStep = { kind: 'none' } | { kind: 'challenge'; challengeName: MfaChallengeName; parameters: Record<string, string> };
/** What the sign-in Session carries between MFA steps. */
export interface MfaSessionState {
  mfaSetupVerified?: boolean;
  selectedMfa?: string;
  codeIssuedAt?: number;
}

/** After the password step: which MFA challenge (if any) the user gets; sends SMS/e-mail codes to the outbox. */
export async function nextMfaStep(services: Services, pool: UserPool, user: User): Promise<MfaStep> {
  void services;
  void pool;
  void user;
  return { kind: 'none' };
}

/** Checks the answer to an MFA challenge; throws CodeMismatchException "Invalid code received for user" / ExpiredCodeException etc. */
export async function answerMfaChallenge(
  services: Services,
  pool: UserPool,
  user: User,
  challengeName: MfaChallengeName,
  responses: Record<string, string>,
  session: MfaSessionState,
): Promise<{ done: true } | { next: MfaStep }> {
  void services;
  void pool;
  void user;
  void challengeName;
  void responses;
  void session;
  return { done: true };
}
