import { randomUUID } from 'node:crypto';
import type { TriggerEvent } from '../core/trigger/runner.js';
import { FunctionError } from '../core/trigger/runner.js';

/**
 * Running a Lambda handler in this process, as the Node.js Lambda runtime would: `handler(event,
 * context)` returning the answer or a promise of it, or the callback style `handler(event, context,
 * callback)`. A thrown error is the function's failure (Cognito's "<Kind> failed with error <message>.").
 */

/** The Lambda context a handler receives: the members functions read, with local values. */
export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

export type LambdaCallback = (error?: unknown, result?: unknown) => void;

/** A trigger function: the `handler` a module exports. */
export type FunctionHandler = (event: TriggerEvent, context: LambdaContext, callback: LambdaCallback) => unknown;

function contextFor(functionName: string, event: TriggerEvent, deadline: number): LambdaContext {
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${event.region}:000000000000:function:${functionName}`,
    memoryLimitInMB: '128',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'cognate',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

/** Runs `handler` with a copy of the event; rejects with FunctionError 'failed' or 'timeout'. */
export async function runHandler(functionName: string, handler: FunctionHandler, event: TriggerEvent, timeoutMs: number): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  // The handler cannot be stopped; past the deadline its answer is simply no longer awaited, as Cognito does.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FunctionError('timeout', `${functionName} timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([call(handler, structuredClone(event), contextFor(functionName, event, deadline)), timeout]);
  } catch (error) {
    if (error instanceof FunctionError) throw error;
    throw new FunctionError('failed', errorMessage(error));
  } finally {
    clearTimeout(timer);
  }
}

function call(handler: FunctionHandler, event: TriggerEvent, context: LambdaContext): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const callback: LambdaCallback = (error, result) => (error ? reject(error) : resolve(result));
    let returned: unknown;
    try {
      returned = handler(event, context, callback);
    } catch (error) {
      reject(error);
      return;
    }
    if (isThenable(returned)) returned.then(resolve, reject);
    // A handler declaring the callback answers through it; any other answers with what it returns.
    else if (handler.length < 3) resolve(returned);
  });
}

const isThenable = (value: unknown): value is PromiseLike<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';

/** Lambda's `errorMessage`: an Error's message, a thrown string as it is. */
function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return JSON.stringify(error) ?? String(error);
}
