import { AdminCreateUserCommand, AdminSetUserPasswordCommand, CreateUserPoolClientCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { forEachEngine } from '../helpers/server.js';

const TABLES = [
  'user_pools', 'user_pool_clients', 'user_pool_domains', 'resource_servers', 'users', 'user_attributes', 'user_aliases',
  'groups', 'group_members', 'outbox', 'signing_keys', 'refresh_tokens', 'user_sign_in_state',
];

forEachEngine('secrets at rest', (server) => {
  it('keeps no password, client secret or private key in clear anywhere in the database', async () => {
    const { cognito, url } = server();
    const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: 'secrets' }));
    const UserPoolId = UserPool!.Id!;
    const password = 'Cl3ar-Text-Passw0rd!';
    const temporary = 'T3mporary-Passw0rd!';
    await cognito.send(new AdminCreateUserCommand({ UserPoolId, Username: 'alice', TemporaryPassword: temporary, MessageAction: 'SUPPRESS' }));
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: 'alice', Password: password, Permanent: true }));
    const { UserPoolClient } = await cognito.send(new CreateUserPoolClientCommand({ UserPoolId, ClientName: 'c', GenerateSecret: true }));
    const secret = UserPoolClient!.ClientSecret!;
    // Publishing the JWKS makes the pool's signing keys.
    const jwks = (await (await fetch(`${url}/${UserPoolId}/.well-known/jwks.json`)).json()) as { keys: unknown[] };
    expect(jwks.keys).toHaveLength(2);

    const { db } = server().services.store;
    let dump = '';
    for (const table of TABLES) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
      dump += JSON.stringify(rows.rows);
    }
    expect(dump).toContain(UserPoolId); // the dump is real
    expect(dump).not.toContain(password);
    expect(dump).not.toContain(temporary);
    expect(dump).not.toContain(secret);
    // A private JWK has "d", "p", "q"... members; a PEM has a PRIVATE KEY header. Neither may appear.
    expect(dump).not.toMatch(/\\"d\\":/);
    expect(dump).not.toContain('PRIVATE KEY');
  });
});
