import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import type { User } from '../user/users.js';
import { CognitoError } from '../errors.js';
import { invokeTrigger } from './invoke.js';

/**
 * The sign-in triggers' events (PreAuthentication, PostAuthentication, UserMigration), in Cognito's
 * shapes. The engine decides when each runs (signin/trigger-extensions.ts); these functions only
 * build the request, run the function and read its answer.
 */

/** Where a sign-in trigger is called from: the pool, the app client and the caller's ClientMetadata. */
export interface TriggerSite {
  services: Services;
  pool: UserPool;
  clientId: string;
  clientMetadata?: Record<string, string>;
}

/** The user's attributes as Cognito hands them to a trigger: every attribute and the account status. */
export function triggerAttributes(user: User): Record<string, string> {
  return { ...user.attributes, 'cognito:user_status': user.status };
}

/**
 * PreAuthentication_Authentication: before the first factor is judged. ClientMetadata of the sign-in
 * reaches this trigger as `validationData` (Cognito's InitiateAuth documentation). For a name without
 * a user, the function runs only when the client hides unknown users, with `userNotFound`.
 */
export async function runPreAuthentication(site: TriggerSite, user: User | undefined, typed: string): Promise<void> {
  await invokeTrigger(site.services, {
    pool: site.pool,
    kind: 'PreAuthentication',
    triggerSource: 'PreAuthentication_Authentication',
    userName: user?.username ?? typed,
    clientId: site.clientId,
    request: {
      userAttributes: user ? triggerAttributes(user) : {},
      validationData: site.clientMetadata ?? {},
      ...(user ? {} : { userNotFound: true }),
    },
  });
}

/** PostAuthentication_Authentication: the sign-in succeeded; a failure withholds the tokens. */
export async function runPostAuthentication(site: TriggerSite, user: User, newDeviceUsed: boolean): Promise<void> {
  await invokeTrigger(site.services, {
    pool: site.pool,
    kind: 'PostAuthentication',
    triggerSource: 'PostAuthentication_Authentication',
    userName: user.username,
    clientId: site.clientId,
    request: { userAttributes: triggerAttributes(user), newDeviceUsed, clientMetadata: site.clientMetadata ?? {} },
  });
}

/** What a UserMigration function answers: the user to create. */
export interface MigratedUser {
  userAttributes: Record<string, string>;
  finalUserStatus: 'CONFIRMED' | 'RESET_REQUIRED';
  forceAliasCreation: boolean;
  /** False for `messageAction: 'SUPPRESS'`; otherwise Cognito sends the welcome message. */
  sendWelcome: boolean;
  /** `desiredDeliveryMediums`; absent or empty means Cognito's default (SMS). */
  desiredDeliveryMediums?: ('EMAIL' | 'SMS')[];
}

/**
 * UserMigration_Authentication (with the typed password) or UserMigration_ForgotPassword: asks the
 * old system for a user the pool does not have. Undefined when the pool has no such trigger; a
 * function that answers without attributes does not know the user either.
 */
export async function runUserMigration(
  site: TriggerSite,
  typed: string,
  source: 'UserMigration_Authentication' | 'UserMigration_ForgotPassword',
  password?: string,
): Promise<MigratedUser | undefined> {
  const metadata = site.clientMetadata ?? {};
  const response = await invokeTrigger(site.services, {
    pool: site.pool,
    kind: 'UserMigration',
    triggerSource: source,
    userName: typed,
    clientId: site.clientId,
    request: { ...(password !== undefined ? { password } : {}), validationData: metadata, clientMetadata: metadata },
    // Cognito's event names every answer the function may give, unset.
    response: { userAttributes: null, finalUserStatus: null, messageAction: null, desiredDeliveryMediums: null, forceAliasCreation: null, enableSMSMFA: null },
  });
  if (!response) return undefined;
  return migratedUser(response);
}

function migratedUser(response: Record<string, unknown>): MigratedUser | undefined {
  const attributes = response.userAttributes;
  if (attributes === undefined || attributes === null) return undefined;
  if (typeof attributes !== 'object' || Object.values(attributes).some((v) => typeof v !== 'string')) throw invalidResponse();
  const status = response.finalUserStatus ?? 'CONFIRMED';
  if (status !== 'CONFIRMED' && status !== 'RESET_REQUIRED') throw invalidResponse();
  const action = response.messageAction ?? null;
  if (action !== null && action !== 'SUPPRESS' && action !== 'RESEND') throw invalidResponse();
  const mediums = response.desiredDeliveryMediums ?? null;
  if (mediums !== null && (!Array.isArray(mediums) || mediums.some((m) => m !== 'EMAIL' && m !== 'SMS'))) throw invalidResponse();
  return {
    userAttributes: attributes as Record<string, string>,
    finalUserStatus: status,
    forceAliasCreation: response.forceAliasCreation === true,
    sendWelcome: action !== 'SUPPRESS',
    ...(mediums && mediums.length > 0 ? { desiredDeliveryMediums: mediums as ('EMAIL' | 'SMS')[] } : {}),
  };
}

const invalidResponse = () => new CognitoError('InvalidLambdaResponseException', 'Invalid lambda response received: invalid UserMigration response');
