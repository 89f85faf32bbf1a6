/**
 * The risk Cognate can judge on one machine: a password on the `--compromised-passwords` list.
 * The pool's (or client's) CompromisedCredentialsRiskConfiguration decides whether it blocks.
 * Everything else (adaptive authentication's account-takeover scores) is NoRisk.
 */
import { CognitoError } from '../errors.js';
import { describeRiskConfiguration } from '../pool/risk-configuration.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import type { AuthEventType } from './events.js';
import { recordAuthEvent } from './events.js';
import type { EventOrigin } from './origin.js';

type CompromisedEvent = 'SIGN_IN' | 'PASSWORD_CHANGE' | 'SIGN_UP';

/** Whether the password is listed, and whether the configuration blocks the event for it. */
export async function compromisedPassword(
  services: Services,
  pool: UserPool,
  clientId: string | undefined,
  password: string,
  event: CompromisedEvent,
): Promise<{ detected: boolean; block: boolean }> {
  if (!services.settings.compromisedPasswords?.has(password)) return { detected: false, block: false };
  const config = (await describeRiskConfiguration(services, pool.Id, clientId)).CompromisedCredentialsRiskConfiguration;
  const filter = (config?.EventFilter as string[] | undefined) ?? ['SIGN_IN', 'PASSWORD_CHANGE', 'SIGN_UP'];
  return { detected: true, block: config?.Actions?.EventAction === 'BLOCK' && filter.includes(event) };
}

/**
 * A sign-in with a proven password: refused, and recorded as blocked, when the password is listed
 * and the configuration says BLOCK. Cognito's message for a sign-in its threat protection blocks.
 */
export async function blockCompromisedSignIn(
  services: Services,
  pool: UserPool,
  clientId: string | undefined,
  user: { sub: string; username: string },
  password: string,
  type: AuthEventType = 'SignIn',
  origin?: EventOrigin,
): Promise<void> {
  const { detected, block } = await compromisedPassword(services, pool, clientId, password, 'SIGN_IN');
  if (!detected || !block) return;
  await recordAuthEvent(services, {
    pool,
    user,
    type,
    response: 'Fail',
    clientId,
    origin,
    risk: { RiskDecision: 'Block', RiskLevel: 'High', CompromisedCredentialsDetected: true },
    challenges: [{ ChallengeName: 'Password', ChallengeResponse: 'Success' }],
  });
  throw new CognitoError('NotAuthorizedException', 'Unable to login because of security reasons.');
}
