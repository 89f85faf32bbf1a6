import { sql } from 'kysely';
import type { Store } from '../src/store/database.js';

/**
 * The database's content, for "a rejected request changes nothing". Counters that a rejected request
 * legitimately moves are left out: failed sign-in attempts and lockout, throttle buckets, and the mark
 * a replayed authorization code leaves (RFC 6749 §4.1.2 asks for it).
 */
const SKIPPED_TABLES = /throttle|kysely_|migration/i;
const SKIPPED_COLUMNS = new Set(['failed_attempts', 'last_failed_at', 'locked_until', 'replayed_at', 'hits', 'window_start', 'attempts']);

/** Per-user attempt counters kept inside `settings_json` (VerifyUserAttribute and the like). */
const SKIPPED_SETTINGS = ['attempts'];

export type Snapshot = Map<string, string[]>;

/** A row as stable text, without the counters above. */
function normalise(row: Record<string, unknown>): string {
  const entries = Object.entries(row)
    .filter(([k]) => !SKIPPED_COLUMNS.has(k))
    .map(([k, v]): [string, unknown] => {
      if (k !== 'settings_json' || typeof v !== 'string') return [k, v];
      try {
        const settings = JSON.parse(v) as Record<string, unknown>;
        for (const name of SKIPPED_SETTINGS) delete settings[name];
        return [k, JSON.stringify(settings)];
      } catch {
        return [k, v];
      }
    })
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify(Object.fromEntries(entries));
}

async function tableNames(store: Store): Promise<string[]> {
  const rows =
    store.engine === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(store.db)).rows
      : (await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(store.db)).rows;
  return rows.map((r) => r.name).filter((n) => !SKIPPED_TABLES.test(n)).sort();
}

let cachedTables: { store: Store; names: string[] } | undefined;

export async function takeSnapshot(store: Store): Promise<Snapshot> {
  if (cachedTables?.store !== store) cachedTables = { store, names: await tableNames(store) };
  const snapshot: Snapshot = new Map();
  if (store.engine === 'postgres') {
    // One round trip for every table: each row as JSON without the skipped columns, sorted.
    const drop = `array[${[...SKIPPED_COLUMNS].map((c) => `'${c}'`).join(',')}]::text[]`;
    const query = cachedTables.names
      .map((t) => `select '${t}' as t, coalesce(string_agg(r, E'\\n' order by r), '') as rows from (select (to_jsonb(x) - ${drop})::text as r from "${t}" x) y`)
      .join(' union all ');
    const { rows } = await sql<{ t: string; rows: string }>`${sql.raw(query)}`.execute(store.db);
    for (const row of rows) snapshot.set(row.t, row.rows === '' ? [] : row.rows.split('\n').map((r) => normalise(JSON.parse(r) as Record<string, unknown>)).sort());
    return snapshot;
  }
  for (const t of cachedTables.names) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(t)}`.execute(store.db);
    snapshot.set(t, rows.map(normalise).sort());
  }
  return snapshot;
}

/** The first table that differs between two snapshots, with the rows only before and only after; undefined when equal. */
export function difference(before: Snapshot, after: Snapshot): string | undefined {
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(table) ?? [];
    const now = after.get(table) ?? [];
    const oldSet = new Set(old);
    const newSet = new Set(now);
    const added = now.filter((r) => !oldSet.has(r));
    const removed = old.filter((r) => !newSet.has(r));
    if (added.length > 0 || removed.length > 0) {
      const cut = (rows: string[]) => rows.slice(0, 3).map((r) => r.slice(0, 800)).join('\n      ');
      return `${table}: ${removed.length} row(s) before:\n      ${cut(removed)}\n    ${added.length} row(s) after:\n      ${cut(added)}`;
    }
  }
  return undefined;
}
