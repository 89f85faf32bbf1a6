import { computeVerifier } from '../crypto/srp.js';
import { assertUserCanSignIn, incorrectCredentials } from './auth-user.js';
import type { CognitoError } from './errors.js';
import { assertNotLocked, recordFailedSignIn } from './lockout.js';
import type { UserPool } from './pools.js';
import type { Services } from './services.js';
import { verifyUserPassword } from './user-password.js';
import type { User } from './users.js';

/**
 * The password check every plain-password sign-in shares — USER_PASSWORD_AUTH and the admin flows,
 * the hosted sign-in form, the password grant — in Cognito's order: the account's state before the
 * password, the lockout, then the verifier; a wrong password counts toward the lockout.
 */
export async function checkPasswordSignIn(
  services: Services,
  pool: UserPool,
  user: User | undefined,
  typed: string,
  password: string,
  unknownUser: () => CognitoError,
): Promise<User> {
  if (!user) {
    // Spend what a real check costs, so the answer's timing does not tell unknown users apart.
    computeVerifier('timing', typed, password, '00');
    throw unknownUser();
  }
  assertUserCanSignIn(user);
  await assertNotLocked(services, pool.Id, user.usernameKey);
  if (!verifyUserPassword(services, user, password)) {
    await recordFailedSignIn(services, pool.Id, user.usernameKey);
    throw incorrectCredentials();
  }
  return user;
}
