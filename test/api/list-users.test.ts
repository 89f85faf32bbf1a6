import { AdminCreateUserCommand, AdminDisableUserCommand, AdminSetUserPasswordCommand, CreateUserPoolCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { ListUsersCommandInput, UserType } from '@aws-sdk/client-cognito-identity-provider';
import { CompiledQuery, sql } from 'kysely';
import type { UserSearch } from '../../src/store/users.js';
import { searchUsersQuery } from '../../src/store/users.js';
import { beforeAll, expect, it } from 'vitest';
import { forEachEngine } from '../helpers/server.js';

const names = (users: UserType[] | undefined) => (users ?? []).map((u) => u.Username);

forEachEngine('ListUsers', (server) => {
  const cognito = () => server().cognito;
  let pool = '';
  const list = (input: Partial<ListUsersCommandInput> = {}) => cognito().send(new ListUsersCommand({ UserPoolId: pool, ...input }));

  beforeAll(async () => {
    pool = (await cognito().send(new CreateUserPoolCommand({ PoolName: 'list' }))).UserPool!.Id!;
    const people: [string, string, string][] = [
      ['amy', 'amy@example.com', 'Amy Adams'],
      ['anna', 'anna@example.org', 'Anna Bell'],
      ['bert', 'bert@example.com', 'Bert "B" Cole'],
      ['carl', 'carl@example.net', 'Carl Dean'],
      ['dora', 'dora_x@example.com', 'Dora 100%'],
    ];
    for (const [Username, email, name] of people) {
      await cognito().send(
        new AdminCreateUserCommand({
          UserPoolId: pool,
          Username,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'name', Value: name },
          ],
        }),
      );
    }
    await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: 'bert', Password: 'Passw0rd!', Permanent: true }));
    await cognito().send(new AdminDisableUserCommand({ UserPoolId: pool, Username: 'carl' }));
  });

  it('lists every user in username order without a filter', async () => {
    const all = await list();
    expect(names(all.Users)).toEqual(['amy', 'anna', 'bert', 'carl', 'dora']);
    expect(all.PaginationToken).toBeUndefined();
    const amy = all.Users![0]!;
    expect(amy).toMatchObject({ Enabled: true, UserStatus: 'FORCE_CHANGE_PASSWORD' });
    expect(amy.UserCreateDate).toBeInstanceOf(Date);
    expect(amy.Attributes!.map((a) => a.Name).sort()).toEqual(['email', 'name', 'sub']);
    expect(names((await list({ Filter: '' })).Users)).toHaveLength(5);
  });

  it('pages with Limit and PaginationToken', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await list({ Limit: 2, PaginationToken: token });
      seen.push(...names(page.Users).map(String));
      token = page.PaginationToken;
      pages++;
    } while (token);
    expect(seen).toEqual(['amy', 'anna', 'bert', 'carl', 'dora']);
    expect(pages).toBe(3);
  });

  it('filters by exact value and by prefix', async () => {
    expect(names((await list({ Filter: 'email = "bert@example.com"' })).Users)).toEqual(['bert']);
    expect(names((await list({ Filter: 'email ^= "a"' })).Users)).toEqual(['amy', 'anna']);
    expect(names((await list({ Filter: 'username = "anna"' })).Users)).toEqual(['anna']);
    expect(names((await list({ Filter: 'username ^= "a"' })).Users)).toEqual(['amy', 'anna']);
    expect(names((await list({ Filter: 'name ^= "Carl"' })).Users)).toEqual(['carl']);
    expect(names((await list({ Filter: 'email ^= "dora_"' })).Users)).toEqual(['dora']);
    expect(names((await list({ Filter: 'email ^= "dora%"' })).Users)).toEqual([]);
    expect(names((await list({ Filter: 'email ^= "dora*"' })).Users)).toEqual([]);
    expect(names((await list({ Filter: 'name = "Bert \\"B\\" Cole"' })).Users)).toEqual(['bert']);
    expect(names((await list({ Filter: 'email = "nobody@example.com"' })).Users)).toEqual([]);
  });

  it('filters by status, user status and sub', async () => {
    expect(names((await list({ Filter: 'status = "Disabled"' })).Users)).toEqual(['carl']);
    expect(names((await list({ Filter: 'status = "Enabled"' })).Users)).toEqual(['amy', 'anna', 'bert', 'dora']);
    expect(names((await list({ Filter: 'cognito:user_status = "confirmed"' })).Users)).toEqual(['bert']);
    expect(names((await list({ Filter: 'cognito:user_status ^= "FORCE"' })).Users)).toEqual(['amy', 'anna', 'carl', 'dora']);
    const sub = (await list({ Filter: 'username = "dora"' })).Users![0]!.Attributes!.find((a) => a.Name === 'sub')!.Value!;
    expect(names((await list({ Filter: `sub = "${sub}"` })).Users)).toEqual(['dora']);
  });

  it('pages through a filtered listing', async () => {
    const first = await list({ Filter: 'email ^= "a"', Limit: 1 });
    expect(names(first.Users)).toEqual(['amy']);
    const second = await list({ Filter: 'email ^= "a"', Limit: 1, PaginationToken: first.PaginationToken });
    expect(names(second.Users)).toEqual(['anna']);
    expect(second.PaginationToken).toBeUndefined();
  });

  it('returns only the attributes asked for', async () => {
    const page = await list({ Filter: 'username = "amy"', AttributesToGet: ['email'] });
    expect(page.Users![0]!.Attributes).toEqual([{ Name: 'email', Value: 'amy@example.com' }]);
    const none = await list({ Filter: 'username = "amy"', AttributesToGet: [] });
    expect(none.Users![0]!.Attributes).toEqual([]);
  });

  it('refuses filters it cannot parse or attributes it cannot search', async () => {
    for (const Filter of ['email', 'email == "x"', 'email = x', 'custom:tier = "gold"', 'locale = "en"', 'email ~ "a"']) {
      await expect(list({ Filter })).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Error while parsing filter.' });
    }
  });

  it('validates Limit, the token and the pool', async () => {
    await expect(list({ Limit: 61 })).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
    });
    await expect(list({ PaginationToken: 'garbage' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(list({ UserPoolId: 'us-east-1_missing01' })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'User pool us-east-1_missing01 does not exist.',
    });
  });

  it('keeps attribute values of 3 KB of UTF-8 (2,048 UTF-16 units), and finds them by prefix', async () => {
    // More than a PostgreSQL b-tree entry may hold, so only the value's head is indexed there.
    const long = (tail: string) => '\u{1F600}'.repeat(500) + tail.repeat(2048 - 1000 - 1) + '!';
    for (const [Username, value] of [['emoji1', long('a')], ['emoji2', long('b')]]) {
      await cognito().send(
        new AdminCreateUserCommand({ UserPoolId: pool, Username, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'name', Value: value }] }),
      );
    }
    const byPrefix = await list({ Filter: `name ^= "${'\u{1F600}'.repeat(40)}"` });
    expect(names(byPrefix.Users)).toEqual(['emoji1', 'emoji2']);
    const user = (await list({ Filter: 'username = "emoji2"' })).Users![0]!;
    expect(user.Attributes!.find((a) => a.Name === 'name')!.Value).toBe(long('b'));
    // Values whose indexed heads are equal are still told apart by the whole value.
    const exact = await searchUsersQuery(server().services.store.db, server().services.store.engine, pool, { on: 'attribute', name: 'name', op: '=', value: long('b') }, undefined, 10).execute();
    expect(exact.map((u) => u.username)).toEqual(['emoji2']);
  });

  it('answers selective filters from an index on a large pool, not by walking its users', async () => {
    const { store } = server().services;
    const big = (await cognito().send(new CreateUserPoolCommand({ PoolName: 'big' }))).UserPool!.Id!;
    const count = 3000;
    await store.transaction(async (trx) => {
      for (let start = 0; start < count; start += 500) {
        const keys = Array.from({ length: 500 }, (_, i) => `user-${String(start + i).padStart(5, '0')}`);
        await trx
          .insertInto('users')
          .values(
            keys.map((k, i) => ({
              pool_id: big,
              username: k,
              username_key: k,
              sub: `00000000-0000-4000-8000-${String(start + i).padStart(12, '0')}`,
              status: (start + i) % 1000 === 0 ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD',
              enabled: (start + i) % 1000 === 0 ? 0 : 1,
              sealed_password: null,
              password_updated_at: null,
              settings_json: '{}',
              created_at: 0,
              updated_at: 0,
            })),
          )
          .execute();
        await trx
          .insertInto('user_attributes')
          .values(keys.flatMap((k) => [
            { pool_id: big, username_key: k, name: 'email', value: `${k}@example.com` },
            { pool_id: big, username_key: k, name: 'name', value: `Name ${k}` },
          ]))
          .execute();
      }
    });
    await sql`ANALYZE`.execute(store.db);
    const searches: [UserSearch, string][] = [
      [{ on: 'attribute', name: 'email', op: '=', value: 'user-00042@example.com' }, 'value'],
      [{ on: 'attribute', name: 'email', op: '^=', value: 'user-0004' }, 'value'],
      [{ on: 'username_key', op: '^=', value: 'user-0004' }, 'username_key'],
      [{ on: 'sub', op: '=', value: '00000000-0000-4000-8000-000000000042' }, 'sub'],
      [{ on: 'status', op: '=', value: 'CONFIRMED' }, 'status'],
      [{ on: 'enabled', values: [0] }, 'enabled'],
    ];
    for (const [search, column] of searches) {
      const query = searchUsersQuery(store.db, store.engine, big, search, undefined, 61).compile();
      const explain = store.engine === 'sqlite' ? 'EXPLAIN QUERY PLAN ' : 'EXPLAIN ';
      const plan = JSON.stringify((await store.db.executeQuery(CompiledQuery.raw(explain + query.sql, [...query.parameters]))).rows);
      const indexed =
        store.engine === 'sqlite'
          ? new RegExp(`SEARCH \\w+ USING (COVERING )?INDEX \\w+ \\([^)]*\\b${column}\\b`)
          : new RegExp(`Index Cond: [^}]*\\b${column}\\b`);
      expect(plan, JSON.stringify(search)).toMatch(indexed);
      const result = await searchUsersQuery(store.db, store.engine, big, search, undefined, 61).execute();
      expect(result.length, JSON.stringify(search)).toBeGreaterThan(0);
    }
  });
});
