/**
 * Issue 13's scale item: the login scenario on pools of 1,000 and 1,000,000 users (bulk-created
 * through the store), the database's size per user, and ListUsers (prefix filter) and AdminGetUser
 * latency on the large pool.
 */
import { apiOf, createStorage, startCognate } from './cognate.js';
import type { EngineName } from './cognate.js';
import { bulkUsername, createUsers } from './bulk-users.js';
import type { Measured } from './load.js';
import { cannon } from './load.js';
import { adminLogin, amzJson } from './scenarios.js';

export interface ScaleResult {
  engine: EngineName;
  small: number;
  large: number;
  creationSeconds: number;
  bytesPerUser: number;
  loginSmall: Measured;
  loginLarge: Measured;
  listUsers: Measured;
  adminGetUser: Measured;
}

const PASSWORD = 'Sc4le!password';

export async function runScale(engine: EngineName, small: number, large: number): Promise<ScaleResult> {
  const storage = await createStorage(engine);
  try {
    // Pools and clients through the API, then the server stops so the bulk writer may open the file.
    let server = await startCognate(storage);
    const api = apiOf(server.url);
    const pools: { id: string; client: string }[] = [];
    for (const name of ['scale-small', 'scale-large']) {
      const pool = (await api('CreateUserPool', { PoolName: name })).UserPool as { Id: string };
      const client = (await api('CreateUserPoolClient', { UserPoolId: pool.Id, ClientName: 'bench', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))
        .UserPoolClient as { ClientId: string };
      pools.push({ id: pool.Id, client: client.ClientId });
    }
    await server.stop();
    const [smallPool, largePool] = pools as [{ id: string; client: string }, { id: string; client: string }];
    // Ten users around the middle of each pool to take turns over (see bench/seed.yaml on why not one).
    const middle = (n: number) => Array.from({ length: 10 }, (_, i) => Math.floor(n / 2) + i);
    await createUsers(storage, { poolId: smallPool.id, prefix: 'user', count: small, signInAs: middle(small), password: PASSWORD });
    const before = await storage.size();
    const creationSeconds = await createUsers(storage, { poolId: largePool.id, prefix: 'user', count: large, signInAs: middle(large), password: PASSWORD });
    const bytesPerUser = ((await storage.size()) - before) / large;
    server = await startCognate(storage);
    try {
      const smallUsers = middle(small).map((i) => bulkUsername('user', i, String(small - 1).length));
      const largeUsers = middle(large).map((i) => bulkUsername('user', i, String(large - 1).length));
      const largeUser = largeUsers[0]!;
      // A first, discarded run: right after a start the first pool measured would also pay for a cold server.
      await cannon(server.pid, server.url, adminLogin(smallUsers, PASSWORD, smallPool.id, smallPool.client));
      const loginSmall = await cannon(server.pid, server.url, adminLogin(smallUsers, PASSWORD, smallPool.id, smallPool.client));
      const loginLarge = await cannon(server.pid, server.url, adminLogin(largeUsers, PASSWORD, largePool.id, largePool.client));
      // A prefix that matches 100 users of the large pool: its last two digits free.
      const prefix = largeUser.slice(0, -2);
      const listUsers = await cannon(server.pid, server.url, amzJson('ListUsers', { UserPoolId: largePool.id, Filter: `username ^= "${prefix}"`, Limit: 60 }));
      const adminGetUser = await cannon(server.pid, server.url, amzJson('AdminGetUser', { UserPoolId: largePool.id, Username: largeUser }));
      return { engine, small, large, creationSeconds, bytesPerUser, loginSmall, loginLarge, listUsers, adminGetUser };
    } finally {
      await server.stop();
    }
  } finally {
    await storage.dispose();
  }
}
