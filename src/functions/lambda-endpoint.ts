import type { TriggerEvent } from '../core/trigger/runner.js';
import { FunctionError } from '../core/trigger/runner.js';
import { signRequest } from '../client/sigv4.js';

/**
 * Functions behind a server that speaks the Lambda Invoke API (a local Lambda emulator, SAM's
 * `start-lambda`, LocalStack): `POST <endpoint>/2015-03-31/functions/<name>/invocations` with the
 * event as the JSON body, signed with SigV4 by dummy credentials as the AWS SDK would be. The answer is
 * read as AWS's: `X-Amz-Function-Error` marks a function error whose body is `{errorMessage, errorType}`;
 * 404 or ResourceNotFoundException is a missing function.
 */

const DUMMY_CREDENTIALS = { accessKeyId: 'cognate', secretAccessKey: 'cognate' };

export async function invokeLambdaEndpoint(endpoint: string, functionName: string, event: TriggerEvent, timeoutMs: number): Promise<unknown> {
  const url = new URL(`2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`, endpoint.endsWith('/') ? endpoint : `${endpoint}/`);
  const body = JSON.stringify(event);
  const headers = await signRequest(
    { method: 'POST', url, headers: { host: url.host, 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse' }, body },
    DUMMY_CREDENTIALS,
    event.region,
    'lambda',
  );
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
    text = await res.text();
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') throw new FunctionError('timeout', `${functionName} timed out after ${timeoutMs} ms`);
    throw new Error(`the Lambda endpoint ${url.origin} could not be reached (${(error as Error).message})`);
  }
  const answer = parse(text);
  const errorType = res.headers.get('x-amzn-errortype') ?? (answer as { __type?: string; Type?: string } | undefined)?.__type;
  if (res.status === 404 || errorType?.startsWith('ResourceNotFoundException')) throw new FunctionError('not-found', `Function not found: ${functionName}`);
  if (!res.ok) throw new Error(`the Lambda endpoint answered ${res.status}${errorType ? ` ${errorType}` : ''}`);
  if (res.headers.get('x-amz-function-error')) {
    const failure = answer as { errorMessage?: unknown } | undefined;
    throw new FunctionError('failed', typeof failure?.errorMessage === 'string' ? failure.errorMessage : text);
  }
  return answer;
}

/** The function's answer: JSON, or nothing usable (which invokeTrigger reports as an invalid response). */
function parse(text: string): unknown {
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}
