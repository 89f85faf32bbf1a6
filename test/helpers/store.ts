import { afterAll, beforeAll, describe } from 'vitest';
import type { Store } from '../../src/store/database.js';
import { openStore } from '../../src/store/database.js';
import type { EngineName } from './server.js';
import { createTestDatabase, engines } from './server.js';

/**
 * A suite run once per engine against a bare store (migrated, empty, no server): in-memory SQLite,
 * and a fresh PostgreSQL database dropped afterwards.
 */
export function forEachStore(title: string, suite: (store: () => Store, engine: EngineName) => void): void {
  for (const engine of engines()) {
    describe(`${title} [${engine}]`, () => {
      let store: Store | undefined;
      let drop: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        if (engine === 'postgres') {
          const database = await createTestDatabase();
          drop = database.drop;
          store = await openStore({ databaseUrl: database.url, onConnectionLost: () => undefined });
        } else {
          store = await openStore({});
        }
      });
      afterAll(async () => {
        await store?.close();
        await drop?.();
      });
      suite(() => {
        if (!store) throw new Error('store not open');
        return store;
      }, engine);
    });
  }
}
