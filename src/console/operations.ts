import { randomUUID } from 'node:crypto';
import type { Operation } from '../api/operation.js';
import { loadOperations } from '../api/registry.js';
import { validateInput } from '../api/validate.js';
import type { Services } from '../core/services.js';

/**
 * The console changes pools through the Cognito operations themselves (docs/decisions.md, "The admin
 * console calls the API's operations"): each form becomes the operation's request, checked by the
 * operation's own shape and run by its own `run`, so the console has no rule of its own to keep in
 * step, and its errors are the API's, word for word.
 */
export interface ConsoleApi {
  // The console reads the SDK's response shapes loosely: they are rendered, never trusted as input.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call(name: string, input: Record<string, unknown>, ip?: string, region?: string): Promise<any>;
}

export async function consoleApi(services: Services): Promise<ConsoleApi> {
  const operations: Map<string, Operation> = await loadOperations();
  return {
    // `region` is the one a signed API request names in its scope (api/region.ts): where ListUserPools
    // looks and CreateUserPool creates; absent, the server's `--region`.
    async call(name, input, ip = '127.0.0.1', region) {
      const operation = operations.get(name);
      if (!operation) throw new Error(`no operation ${name}`);
      // A round trip through JSON is what the API does to a request: undefined members disappear.
      const body = JSON.parse(JSON.stringify(input)) as unknown;
      validateInput(operation.input, body);
      return operation.run(services, body, { ip, requestId: randomUUID(), ...(region === undefined ? {} : { region }) });
    },
  };
}
