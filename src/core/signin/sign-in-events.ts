import type { SignInContext } from './user.js';
import { recordAuthEvent } from '../events/events.js';
import type { User } from '../user/users.js';

/**
 * A sign-in as an auth event of the user, through the client that drove it, from where the request
 * came. For a name without a user, callers pass a stand-in (a fresh sub): the same statements run and
 * nothing is written (store/auth-events.ts), so the work does not tell the two apart.
 */
export function recordSignInEvent(ctx: SignInContext, user: Pick<User, 'sub' | 'username'>, response: 'Pass' | 'Fail'): Promise<void> {
  return recordAuthEvent(ctx.services, { pool: ctx.pool, user, type: 'SignIn', response, clientId: ctx.client.ClientId, origin: ctx.origin });
}
