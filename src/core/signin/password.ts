import { checkPassword } from '../../crypto/password.js';
import type { Sealer, SealedSecret } from '../../crypto/seal.js';
import { computeVerifier } from '../../crypto/srp.js';
import type { SignInContext } from './user.js';
import { assertUserCanSignIn, incorrectCredentials } from './user.js';
import type { CognitoError } from '../errors.js';
import { poolNameOf } from '../ids.js';
import { failAttempt, judgeAttempt, reserveAttempt, reserveUnknownAttempt } from './lockout.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import { openPassword } from '../user/password.js';
import type { User } from '../user/users.js';
import { usernameKeyOf } from '../user/users.js';

/**
 * The password check every plain-password sign-in shares — USER_PASSWORD_AUTH and the admin flows,
 * the hosted sign-in form, the password grant — in Cognito's order: the account's state before the
 * password, then the lockout, then the verifier. The attempt is reserved (counted as a failure) before
 * the verifier is computed, so parallel guesses cannot outrun the lockout; a right password hands the
 * reservation back, and the count is cleared when the sign-in ends with tokens.
 */
export async function checkPasswordSignIn(
  ctx: SignInContext,
  user: User | undefined,
  typed: string,
  password: string,
  unknownUser: () => CognitoError,
): Promise<User> {
  const { services, pool } = ctx;
  if (!user) {
    await spendUnknownUserWork(services, pool, typed, password);
    throw unknownUser();
  }
  assertUserCanSignIn(user);
  const reservation = await reserveAttempt(services, pool.Id, user.usernameKey);
  const { cleared } = await judgeAttempt(services, reservation, () => {
    if (!judgePassword(services, user, password)) throw incorrectCredentials();
  });
  // With no failure left counted, a sign-in that ends in this request need not clear the count.
  if (cleared) ctx.failuresCleared = true;
  return user;
}

/** One unsealing and one verifier computation, also for a user who has no password yet. */
function judgePassword(services: Services, user: User, password: string): boolean {
  const stored = openPassword(services, user);
  if (stored) return checkPassword({ poolName: poolNameOf(user.poolId), username: user.username }, password, stored);
  computeVerifier('timing', user.username, password, '00');
  return false;
}

// A sealed stand-in for a stored password, opened on the unknown-user path as a real one would be.
const standIns = new WeakMap<Sealer, SealedSecret>();
const STAND_IN_CONTEXT = 'password:timing';

function openStandIn(sealer: Sealer): void {
  let sealed = standIns.get(sealer);
  if (!sealed) {
    sealed = sealer.seal(JSON.stringify({ salt: '00'.repeat(16), verifier: '00'.repeat(384) }), STAND_IN_CONTEXT);
    standIns.set(sealer, sealed);
  }
  JSON.parse(sealer.openString(sealed, STAND_IN_CONTEXT));
}

/**
 * An unknown name costs what a wrong password costs a known user (PreventUserExistenceErrors): after
 * the lookup (one statement, which brings a found user's attributes along), the reservation's and the
 * failure's statements (which write nothing for a name without a user), opening a sealed verifier and
 * one verifier computation. Timing then does not tell the two apart.
 */
async function spendUnknownUserWork(services: Services, pool: UserPool, typed: string, password: string): Promise<void> {
  const key = usernameKeyOf(pool, typed);
  await reserveUnknownAttempt(services, pool.Id, key);
  openStandIn(services.sealer);
  computeVerifier('timing', typed, password, '00');
  await failAttempt(services, pool.Id, key);
}
