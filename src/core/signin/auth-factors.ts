import { NO_EXTENSIONS } from './extensions.js';
import { enabledFactors } from '../mfa/settings.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import type { User } from '../user/users.js';

/**
 * GetUserAuthFactors and AdminGetUserAuthFactors: the user's MFA settings, and the first factors of
 * choice-based sign-in the user has set up — a password, a verified e-mail address or phone number
 * in a pool that signs in with codes to it, passkeys.
 */
export interface UserAuthFactors {
  Username: string;
  PreferredMfaSetting?: string;
  UserMFASettingList?: string[];
  ConfiguredUserAuthFactors: string[];
}

export async function userAuthFactors(services: Services, pool: UserPool, user: User): Promise<UserAuthFactors> {
  const configured: string[] = user.sealedPassword ? ['PASSWORD'] : [];
  const allowed: string[] = pool.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? [];
  for (const [name, factor] of Object.entries(NO_EXTENSIONS.firstFactors)) {
    if (allowed.includes(name) && (await factor.usable(services, pool, user))) configured.push(name);
  }
  const mfa = enabledFactors(user);
  return {
    Username: user.username,
    ...(user.settings.PreferredMfaSetting ? { PreferredMfaSetting: user.settings.PreferredMfaSetting } : {}),
    ...(mfa.length > 0 ? { UserMFASettingList: mfa } : {}),
    ConfiguredUserAuthFactors: configured,
  };
}
