import type { SignInExtensions } from './extensions.js';
import { NO_EXTENSIONS } from './extensions.js';
import type { SignInContext } from './user.js';
import { hasTrigger } from '../trigger/invoke.js';
import { migrateUser } from '../trigger/migrated-user.js';
import type { TriggerSite } from '../trigger/signin-triggers.js';
import { runPostAuthentication, runPreAuthentication } from '../trigger/signin-triggers.js';

/**
 * The sign-in extensions a pool's LambdaConfig fills in: UserMigration, PreAuthentication and
 * PostAuthentication. A pool without any of them gets NO_EXTENSIONS, so a sign-in without triggers
 * runs exactly as before. (The CUSTOM_AUTH trio is its own flow, custom-auth.ts.)
 */
export function triggerExtensions(ctx: SignInContext): SignInExtensions {
  const pool = ctx.pool;
  const migration = hasTrigger(pool, 'UserMigration');
  const pre = hasTrigger(pool, 'PreAuthentication');
  const post = hasTrigger(pool, 'PostAuthentication');
  if (!migration && !pre && !post) return NO_EXTENSIONS;
  return {
    ...NO_EXTENSIONS,
    ...(migration ? { migrateUser: (c, typed, password) => migrateUser(siteOf(c), typed, 'UserMigration_Authentication', password) } : {}),
    ...(pre
      ? {
          beforeFirstFactor: async (c, user, typed) => {
            // Cognito tells the function about an unknown name only when the client hides unknown users.
            if (user || c.client.PreventUserExistenceErrors === 'ENABLED') await runPreAuthentication(siteOf(c), user, typed);
          },
        }
      : {}),
    ...(post ? { afterSignIn: (c, user, newDeviceUsed) => runPostAuthentication(siteOf(c), user, newDeviceUsed) } : {}),
  };
}

export const siteOf = (ctx: SignInContext): TriggerSite => ({
  services: ctx.services,
  pool: ctx.pool,
  clientId: ctx.client.ClientId,
  ...(ctx.clientMetadata ? { clientMetadata: ctx.clientMetadata } : {}),
});
