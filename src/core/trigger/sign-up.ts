import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import type { User } from '../user/users.js';
import { invokeTrigger } from './invoke.js';

/**
 * The sign-up triggers: PreSignUp (may refuse a new user, or confirm and verify it at once) and
 * PostConfirmation (told once a user is confirmed). Both run outside any write, before it: a failing
 * function throws Cognito's error and the caller has changed nothing yet.
 */

export type PreSignUpSource = 'PreSignUp_SignUp' | 'PreSignUp_AdminCreateUser' | 'PreSignUp_ExternalProvider';
export type PostConfirmationSource = 'PostConfirmation_ConfirmSignUp' | 'PostConfirmation_ConfirmForgotPassword';

export interface PreSignUpDecision {
  autoConfirmUser: boolean;
  autoVerifyEmail: boolean;
  autoVerifyPhone: boolean;
}

const NOTHING_AUTOMATIC: PreSignUpDecision = { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false };

/** Cognito's `userAttributes` of an existing user: the attributes plus `cognito:user_status`. */
export const eventAttributes = (user: Pick<User, 'attributes' | 'status'>): Record<string, string> => ({
  ...user.attributes,
  'cognito:user_status': user.status,
});

/** `[{Name, Value}]` as the event's `{name: value}`; Cognito sends null for no validation data. */
const validationMap = (data: { Name?: string; Value?: string }[] | undefined): Record<string, string> | null =>
  data === undefined ? null : Object.fromEntries(data.filter((a) => a.Name !== undefined).map((a) => [a.Name!, a.Value ?? '']));

/**
 * Runs PreSignUp for a user about to be created. The function's answer counts only as Cognito reads
 * it: `autoVerifyEmail` / `autoVerifyPhone` only together with `autoConfirmUser`.
 */
export async function preSignUp(
  services: Services,
  call: {
    pool: UserPool;
    source: PreSignUpSource;
    userName: string;
    clientId?: string;
    userAttributes: Record<string, string>;
    validationData?: { Name?: string; Value?: string }[];
    clientMetadata?: Record<string, string>;
  },
): Promise<PreSignUpDecision> {
  const response = await invokeTrigger(services, {
    pool: call.pool,
    kind: 'PreSignUp',
    triggerSource: call.source,
    userName: call.userName,
    clientId: call.clientId,
    request: {
      userAttributes: call.userAttributes,
      validationData: validationMap(call.validationData),
      ...(call.clientMetadata ? { clientMetadata: call.clientMetadata } : {}),
    },
    response: { ...NOTHING_AUTOMATIC },
  });
  if (!response || response.autoConfirmUser !== true) return NOTHING_AUTOMATIC;
  return { autoConfirmUser: true, autoVerifyEmail: response.autoVerifyEmail === true, autoVerifyPhone: response.autoVerifyPhone === true };
}

/** Runs PostConfirmation for `user` as it stands once confirmed (its status and attributes after the change). */
export async function postConfirmation(
  services: Services,
  call: {
    pool: UserPool;
    source: PostConfirmationSource;
    user: Pick<User, 'username' | 'attributes' | 'status'>;
    clientId?: string;
    clientMetadata?: Record<string, string>;
  },
): Promise<void> {
  await invokeTrigger(services, {
    pool: call.pool,
    kind: 'PostConfirmation',
    triggerSource: call.source,
    userName: call.user.username,
    clientId: call.clientId,
    request: { userAttributes: eventAttributes(call.user), ...(call.clientMetadata ? { clientMetadata: call.clientMetadata } : {}) },
  });
}
