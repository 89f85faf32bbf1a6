import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import { authenticateAccessToken } from '../token/tokens.js';
import type { User } from '../user/users.js';

/** The signed-in user a passkey operation acts for, and the app client their access token is for. */
export interface PasskeyOwner {
  services: Services;
  pool: UserPool;
  user: User;
  clientId: string;
}

export async function passkeyOwner(services: Services, accessToken: string): Promise<PasskeyOwner> {
  const { pool, user, claims } = await authenticateAccessToken(services, accessToken);
  return { services, pool, user, clientId: claims.client_id ?? '' };
}
