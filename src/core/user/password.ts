import type { PasswordVerifier } from '../../crypto/password.js';
import { checkPassword, hashPassword } from '../../crypto/password.js';
import type { SealedSecret } from '../../crypto/seal.js';
import { poolNameOf } from '../ids.js';
import type { Services } from '../services.js';
import type { User } from './users.js';

/**
 * A user's password as stored: the SRP salt and verifier (never the password), sealed under the master
 * key with the pool and user as context, so a value copied onto another row does not open.
 */

export const passwordContext = (poolId: string, usernameKey: string) => `password:${poolId}:${usernameKey}`;

interface Owner {
  poolId: string;
  username: string;
  usernameKey: string;
}

/** The sealed `{salt, verifier}` for a new password. The SRP username is the internal username. */
export function sealPassword(services: Services, owner: Owner, password: string): SealedSecret {
  const verifier = hashPassword({ poolName: poolNameOf(owner.poolId), username: owner.username }, password, (n) =>
    services.random.bytes(n),
  );
  return services.sealer.seal(JSON.stringify(verifier), passwordContext(owner.poolId, owner.usernameKey));
}

/** The stored salt and verifier (for SRP), or undefined when the user has no password. */
export function openPassword(services: Services, user: User): PasswordVerifier | undefined {
  if (!user.sealedPassword) return undefined;
  return JSON.parse(services.sealer.openString(user.sealedPassword, passwordContext(user.poolId, user.usernameKey))) as PasswordVerifier;
}

/** Whether `password` is the user's password (recomputes the verifier; constant-time comparison). */
export function verifyUserPassword(services: Services, user: User, password: string): boolean {
  const stored = openPassword(services, user);
  if (!stored) return false;
  return checkPassword({ poolName: poolNameOf(user.poolId), username: user.username }, password, stored);
}
