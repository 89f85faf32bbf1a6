/**
 * The storage contract: after the migrations, each engine's database holds exactly the tables and
 * columns src/store/schema.ts declares, with the declared nullability and coarse type. A migration
 * that adds a column schema.ts does not know, or a declaration no migration creates, fails here.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Store } from '../../src/store/database.js';
import { findPool, updatePoolConfig } from '../../src/store/pools.js';
import type { ColumnType } from '../../src/store/schema.js';
import { tables } from '../../src/store/schema.js';
import { forEachStore } from '../helpers/store.js';

interface ActualColumn {
  table: string;
  column: string;
  type: ColumnType | string;
  nullable: boolean;
}

/** Kysely's own bookkeeping, not part of the schema. */
const MIGRATOR_TABLES = new Set(['cognate_migrations', 'cognate_migrations_lock']);

function coarse(declared: string): ColumnType | string {
  const t = declared.toLowerCase();
  if (t === 'text') return 'text';
  if (t === 'integer' || t === 'bigint') return 'integer';
  return t;
}

async function sqliteColumns(store: Store): Promise<ActualColumn[]> {
  const { rows } = await sql<{ table: string; column: string; type: string; notnull: number; pk: number }>`
    select m.name as "table", c.name as "column", c.type as type, c."notnull" as "notnull", c.pk as pk
    from sqlite_master m join pragma_table_info(m.name) c
    where m.type = 'table' and m.name not like 'sqlite_%'`.execute(store.db);
  // SQLite lets a non-INTEGER primary-key column hold NULL unless it is declared NOT NULL too; no
  // migration writes that, and nothing ever stores a null key, so a key column counts as not null.
  return rows.map((r) => ({ table: r.table, column: r.column, type: coarse(r.type), nullable: r.notnull === 0 && r.pk === 0 }));
}

async function postgresColumns(store: Store): Promise<ActualColumn[]> {
  const { rows } = await sql<{ table: string; column: string; type: string; is_nullable: string }>`
    select table_name as "table", column_name as "column", data_type as type, is_nullable
    from information_schema.columns where table_schema = current_schema()`.execute(store.db);
  return rows.map((r) => ({ table: r.table, column: r.column, type: coarse(r.type), nullable: r.is_nullable === 'YES' }));
}

const declared = (): ActualColumn[] =>
  Object.entries(tables).flatMap(([table, columns]) =>
    Object.entries(columns).map(([column, spec]) => ({ table, column, type: spec.type, nullable: spec.nullable })),
  );

const byName = (a: ActualColumn, b: ActualColumn) => `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`);

forEachStore('schema contract', (store, engine) => {
  it('has exactly the declared tables and columns, with their nullability and coarse type', async () => {
    const actual = (engine === 'postgres' ? await postgresColumns(store()) : await sqliteColumns(store()))
      .filter((c) => !MIGRATOR_TABLES.has(c.table))
      .sort(byName);
    expect(actual).toEqual(declared().sort(byName));
  });

  it('decodes JSON columns in their repository and writes them back in the stored format', async () => {
    // Text as the earlier versions wrote it, straight into the table.
    const config = { Policies: { PasswordPolicy: { MinimumLength: 8 } }, MfaConfiguration: 'OFF' };
    await store().db.insertInto('user_pools').values({ id: 'us-east-1_contract', name: 'c', config_json: JSON.stringify(config), created_at: 1, updated_at: 1 }).execute();
    expect((await findPool(store().db, 'us-east-1_contract'))?.config).toEqual(config);

    await updatePoolConfig(store().db, 'us-east-1_contract', 'c', { ...config, MfaConfiguration: 'ON' }, 2);
    const row = await store().db.selectFrom('user_pools').select('config_json').where('id', '=', 'us-east-1_contract').executeTakeFirstOrThrow();
    expect(row.config_json).toBe(JSON.stringify({ ...config, MfaConfiguration: 'ON' }));

    await store().db.insertInto('user_pools').values({ id: 'us-east-1_corrupt', name: 'c', config_json: '[1]', created_at: 1, updated_at: 1 }).execute();
    await expect(findPool(store().db, 'us-east-1_corrupt')).rejects.toThrow('corrupt row: user_pools.config_json');
  });
});
