/**
 * Where a trigger's function runs, as the core sees it: a name in, Cognito's event out. The runners
 * themselves (an in-process handler, a module file, a Lambda Invoke endpoint) are configured at start.
 */

/** Cognito's event, as every trigger receives it. */
export interface TriggerEvent {
  version: string;
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: { awsSdkVersion: string; clientId: string };
  triggerSource: string;
  request: Record<string, unknown>;
  response: Record<string, unknown>;
}

/** Runs a function by its name (the last part of its ARN), or says it does not exist. */
export interface FunctionRunner {
  /** The function's answer (the event it returns); rejects with `FunctionError` when it fails. */
  invoke(functionName: string, event: TriggerEvent, timeoutMs: number): Promise<unknown>;
}

/** Why a function run failed, for Cognito's error mapping. */
export class FunctionError extends Error {
  constructor(
    readonly reason: 'not-found' | 'failed' | 'timeout',
    message: string,
  ) {
    super(message);
  }
}

/** The runner of a server that has no functions configured: every name is missing. */
export const NO_FUNCTIONS: FunctionRunner = {
  invoke: async (name) => {
    throw new FunctionError('not-found', `Function not found: ${name}`);
  },
};
