import type { SealedSecret } from '../../crypto/seal.js';
import type { Executor } from '../../store/database.js';
import { recentPasswords, rememberPassword } from '../../store/password-history.js';
import { CognitoError } from '../errors.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import { verifyUserPassword } from './password.js';
import type { User } from './users.js';

/**
 * PasswordHistorySize (0–24): a user may not set any of their last n passwords, the current one
 * included. The replaced passwords are kept as sealed verifiers, like the current one.
 */
const historySize = (pool: UserPool) => pool.Policies?.PasswordPolicy?.PasswordHistorySize ?? 0;

/** PasswordHistoryPolicyViolationException when `password` is one of the user's last n passwords. */
export async function assertPasswordNotReused(services: Services, pool: UserPool, user: User, password: string): Promise<void> {
  const n = historySize(pool);
  if (n <= 0 || !user.sealedPassword) return;
  const earlier = n > 1 ? await recentPasswords(services.store.db, pool.Id, user.usernameKey, n - 1) : [];
  // Every candidate is checked, so the time taken does not tell which one matched.
  let reused = verifyUserPassword(services, user, password);
  for (const row of earlier) {
    if (verifyUserPassword(services, { ...user, sealedPassword: row.sealed_password as SealedSecret }, password)) reused = true;
  }
  if (reused) throw new CognitoError('PasswordHistoryPolicyViolationException', 'The password has previously been used.');
}

/** Keeps the password being replaced, inside the write that replaces it. */
export async function rememberReplacedPassword(db: Executor, services: Services, pool: UserPool, user: User): Promise<void> {
  const n = historySize(pool);
  if (n <= 1 || !user.sealedPassword) return;
  await rememberPassword(db, pool.Id, user.usernameKey, user.sealedPassword, services.clock.now(), n - 1);
}
