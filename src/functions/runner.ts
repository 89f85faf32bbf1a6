import type { FunctionRunner, TriggerEvent } from '../core/trigger/runner.js';
import { FunctionError } from '../core/trigger/runner.js';
import { functionNameOf } from '../core/trigger/invoke.js';
import type { FunctionHandler } from './handler.js';
import { runHandler } from './handler.js';
import { invokeLambdaEndpoint } from './lambda-endpoint.js';
import { checkModuleFile, loadHandler } from './module.js';

/**
 * The server's FunctionRunner (`services.functions`), resolving each function name in turn to a
 * handler given in code, a module file (`--function`, a seed's `Functions`), or a Lambda Invoke
 * endpoint (`--lambda-endpoint`); a name that resolves nowhere is missing, as in Cognito. Names may be
 * given as ARNs: the function name is the ARN's last part, as the pool's LambdaConfig is read.
 */

export interface FunctionRunnerOptions {
  /** Function name or ARN → module file exporting `handler` (.js, .mjs, .cjs; .ts with tsx installed). */
  modules?: Record<string, string>;
  /** Function name or ARN → handler function, run in this process (tests, programs embedding Cognate). */
  handlers?: Record<string, FunctionHandler>;
  /** A server speaking the Lambda Invoke API, for every function not mapped above. */
  lambdaEndpoint?: string;
}

export function functionRunner(options: FunctionRunnerOptions = {}): FunctionRunner {
  const handlers = new Map<string, FunctionHandler>();
  for (const [name, handler] of Object.entries(options.handlers ?? {})) handlers.set(functionNameOf(name), handler);
  const modules = new Map<string, string>();
  for (const [name, file] of Object.entries(options.modules ?? {})) modules.set(functionNameOf(name), checkModuleFile(name, file));
  const endpoint = options.lambdaEndpoint ? checkEndpoint(options.lambdaEndpoint) : undefined;
  // Each module is imported once, on its first invocation; a failed import is tried again next time.
  const loaded = new Map<string, Promise<FunctionHandler>>();
  const load = (path: string) => {
    let handler = loaded.get(path);
    if (!handler) {
      handler = loadHandler(path);
      loaded.set(path, handler);
      handler.catch(() => loaded.delete(path));
    }
    return handler;
  };

  return {
    async invoke(functionName: string, event: TriggerEvent, timeoutMs: number): Promise<unknown> {
      const given = handlers.get(functionName);
      if (given) return runHandler(functionName, given, event, timeoutMs);
      const path = modules.get(functionName);
      if (path) {
        let handler: FunctionHandler;
        try {
          handler = await load(path);
        } catch (error) {
          // Lambda reports a module that does not load (Runtime.ImportModuleError) as the function's error.
          throw new FunctionError('failed', `Cannot load the module of ${functionName}: ${(error as Error).message}`);
        }
        return runHandler(functionName, handler, event, timeoutMs);
      }
      if (endpoint) return invokeLambdaEndpoint(endpoint, functionName, event, timeoutMs);
      throw new FunctionError('not-found', `Function not found: ${functionName}`);
    },
  };
}

function checkEndpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--lambda-endpoint must be an http(s) URL, got ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--lambda-endpoint must be an http(s) URL, got ${value}`);
  return value;
}

/**
 * `--function` values (and COGNATE_FUNCTIONS, a comma list): `<arn-or-name>=<file>` each. An ARN holds
 * colons but no `=`, so the first `=` splits.
 */
export function parseFunctionMappings(values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean)) {
    const i = value.indexOf('=');
    if (i <= 0 || i === value.length - 1) throw new Error(`--function takes <arn-or-name>=<file>, got ${value}`);
    out[value.slice(0, i).trim()] = value.slice(i + 1).trim();
  }
  return out;
}
