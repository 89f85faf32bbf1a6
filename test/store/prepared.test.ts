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

  const renameGroup = prepared<{ poolId: string; from: string; to: string }, never>((db, v) =>
    db.updateTable('groups').set({ name: v.to }).where('pool_id', '=', v.poolId).where('name', '=', v.from),
  );
  const countGroups = prepared<{ poolId: string }, { n: number }>((db, v) =>
    db.selectFrom('groups').select((eb) => eb.fn.countAll<number>().as('n')).where('pool_id', '=', v.poolId),
  );

  it("does not land in another request's open transaction: it runs after it, and survives its rollback", async () => {
    let inside!: () => void;
    const holding = new Promise<void>((resolve) => (inside = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const rolledBack = store()
      .transaction(async (trx) => {
        await trx.insertInto('groups').values({ pool_id: 'p1', name: 'temporary', description: null, role_arn: null, precedence: 9, created_at: 1, updated_at: 1 }).execute();
        inside();
        await released;
        throw new Error('roll back');
      })
      .catch((error: Error) => error.message);
    await holding;
    // Run while the other transaction is open, between its statements.
    const renamed = renameGroup(store().db, engine, { poolId: 'p1', from: 'readers', to: 'viewers' });
    const counted = countGroups(store().db, engine, { poolId: 'p1' });
    release();
    expect(await rolledBack).toBe('roll back');
    await renamed;
    // The rename outlived the rollback, and the count never saw the rolled-back row.
    expect(await countGroups(store().db, engine, { poolId: 'p1' })).toEqual([{ n: 3 }]);
    expect((await counted)[0]).toEqual({ n: 3 });
    expect(await groupsFrom(store().db, engine, { poolId: 'p1', after: '' })).toEqual([{ name: 'admins' }, { name: 'viewers' }]);
    await renameGroup(store().db, engine, { poolId: 'p1', from: 'viewers', to: 'readers' });
  });

  it('sees, inside a transaction, what that transaction wrote, and takes it back with it', async () => {
    const seen = await store()
      .transaction(async (trx) => {
        await trx.insertInto('groups').values({ pool_id: 'p1', name: 'temporary', description: null, role_arn: null, precedence: 9, created_at: 1, updated_at: 1 }).execute();
        await renameGroup(trx, engine, { poolId: 'p1', from: 'temporary', to: 'temporary2' });
        const rows = await countGroups(trx, engine, { poolId: 'p1' });
        throw Object.assign(new Error('roll back'), { rows });
      })
      .catch((error: { rows: unknown }) => error.rows);
    expect(seen).toEqual([{ n: 4 }]);
    expect(await countGroups(store().db, engine, { poolId: 'p1' })).toEqual([{ n: 3 }]);
  });
});
