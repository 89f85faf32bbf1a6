/**
 * Prepared statements (src/store/prepared.ts): built and compiled once per database, run with new
 * values, on both engines; a builder that does anything but pass its values through is refused on
 * its first run instead of binding the wrong thing later.
 */
import type { KyselyPlugin } from 'kysely';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { prepared } from '../../src/store/prepared.js';
import { forEachStore } from '../helpers/store.js';

forEachStore('prepared statements', (store, engine) => {
  beforeAll(async () => {
    await store().db.insertInto('user_pools').values({ id: 'p1', name: 'p1', config_json: '{}', created_at: 1, updated_at: 1 }).execute();
    await store().db
      .insertInto('groups')
      .values(['admins', 'readers', 'writers'].map((name, i) => ({ pool_id: 'p1', name, description: null, role_arn: null, precedence: i, created_at: 1, updated_at: 1 })))
      .execute();
  });

  const groupsFrom = prepared<{ poolId: string; after: string }, { name: string }>((db, v) =>
    db.selectFrom('groups').select('name').where('pool_id', '=', v.poolId).where('name', '>', v.after).where('name', '<>', 'writers').orderBy('name'),
  );

  it('binds new values on every run, with the constants of the build kept in place', async () => {
    expect(await groupsFrom(store().db, engine, { poolId: 'p1', after: '' })).toEqual([{ name: 'admins' }, { name: 'readers' }]);
    expect(await groupsFrom(store().db, engine, { poolId: 'p1', after: 'admins' })).toEqual([{ name: 'readers' }]);
    expect(await groupsFrom(store().db, engine, { poolId: 'p2', after: '' })).toEqual([]);
  });

  it('runs inside a transaction, and plugins still see each statement', async () => {
    const seen: string[] = [];
    const executor = store().db.getExecutor();
    const counting: KyselyPlugin = {
      transformQuery(args) {
        seen.push(executor.compileQuery(args.node, args.queryId).sql);
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const rows = await store().db
      .withPlugin(counting)
      .transaction()
      .execute((trx) => groupsFrom(trx, engine, { poolId: 'p1', after: 'b' }));
    expect(rows).toEqual([{ name: 'readers' }]);
    expect(seen.filter((s) => /from "groups"/.test(s))).toHaveLength(1);
  });

  it('refuses a build that only chooses by a value, changes one, or writes one into the SQL', async () => {
    // A value that only picks the shape never reaches the statement. (One used on both sides of a
    // branch does, and goes unnoticed: that is the rule prepared() states, not a check.)
    const branching = prepared<{ poolId: string; after: string }, { name: string }>((db, v) => {
      const q = db.selectFrom('groups').select('name').where('pool_id', '=', v.poolId);
      return (v.after as string) ? q.where('name', '>', 'm') : q;
    });
    await expect(branching(store().db, engine, { poolId: 'p1', after: '' })).rejects.toThrow(/after did not reach the statement/);

    const changing = prepared<{ name: string }, { name: string }>((db, v) => db.selectFrom('groups').select('name').where('name', 'like', `${v.name as string}%`));
    await expect(changing(store().db, engine, { name: 'adm' })).rejects.toThrow(/was changed on its way/);
    const lost = prepared<{ name: string }, { name: string }>((db, v) => db.selectFrom('groups').select('name').where('name', '=', (v.name as string).toUpperCase()));
    await expect(lost(store().db, engine, { name: 'admins' })).rejects.toThrow(/name did not reach the statement/);

    const inlining = prepared<{ name: string }, { name: string }>((db, v) => db.selectFrom('groups').select('name').where('name', '=', sql.lit(v.name)));
    await expect(inlining(store().db, engine, { name: 'admins' })).rejects.toThrow(/written into the SQL text/);
  });
});
