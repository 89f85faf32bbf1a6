import type { KyselyPlugin } from 'kysely';
import type { Services } from '../../src/core/services.js';

/**
 * The server's services with every SQL statement recorded (as compiled, without its parameters), for
 * comparing the storage work of two requests or counting a request's round trips.
 */
export function countingServices(base: Services): { services: Services; statements: string[] } {
  const statements: string[] = [];
  const executor = base.store.db.getExecutor();
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      statements.push(executor.compileQuery(args.node, args.queryId).sql);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  const db = base.store.db.withPlugin(plugin);
  return { services: { ...base, store: { ...base.store, db, transaction: (work) => db.transaction().execute(work) } }, statements };
}
