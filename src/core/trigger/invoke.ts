import { CognitoError } from '../errors.js';
import { regionOfPoolId } from '../ids.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import type { TriggerEvent } from './runner.js';
import { FunctionError } from './runner.js';
import type { InvocationOutcome } from './invocations.js';
import { recordInvocation } from './invocations.js';

/**
 * Lambda triggers (LambdaConfig of a pool): builds Cognito's event around a trigger's request, runs
 * the function the pool names, and turns its failure into Cognito's error. Where the function runs
 * (an in-process handler, a module file, a Lambda Invoke endpoint) is the `FunctionRunner`'s business
 * (`services.functions`); a function that resolves nowhere fails like a missing Lambda in Cognito.
 */

/** The LambdaConfig members that name a function Cognate runs. */
export type TriggerKind =
  | 'PreSignUp'
  | 'PostConfirmation'
  | 'PreAuthentication'
  | 'PostAuthentication'
  | 'PreTokenGeneration'
  | 'CustomMessage'
  | 'UserMigration'
  | 'DefineAuthChallenge'
  | 'CreateAuthChallenge'
  | 'VerifyAuthChallengeResponse'
  | 'CustomEmailSender'
  | 'CustomSMSSender';

/** Cognito gives a trigger 5 seconds. */
export const TRIGGER_TIMEOUT_MS = 5_000;

export interface TriggerCall {
  pool: UserPool;
  kind: TriggerKind;
  triggerSource: string;
  userName: string;
  clientId?: string;
  request: Record<string, unknown>;
  response?: Record<string, unknown>;
  /** The event's `version`: '1' unless the trigger's configuration asks for another (PreTokenGeneration V2/V3). */
  version?: string;
}

/** The ARN (or name) of the function the pool configures for `kind`, if any. */
export function triggerArn(pool: UserPool, kind: TriggerKind): string | undefined {
  const config = pool.LambdaConfig;
  if (!config) return undefined;
  if (kind === 'PreTokenGeneration') return config.PreTokenGenerationConfig?.LambdaArn ?? config.PreTokenGeneration;
  if (kind === 'CustomEmailSender') return config.CustomEmailSender?.LambdaArn;
  if (kind === 'CustomSMSSender') return config.CustomSMSSender?.LambdaArn;
  return config[kind];
}

export const hasTrigger = (pool: UserPool, kind: TriggerKind): boolean => triggerArn(pool, kind) !== undefined;

/** `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]` → `<name>`; a bare name stays. */
export function functionNameOf(arnOrName: string): string {
  const parts = arnOrName.split(':');
  if (parts[0] === 'arn' && parts[5] === 'function' && parts[6]) return parts[6];
  return arnOrName;
}

/**
 * Runs the pool's function for `kind` and returns the `response` of the event it answered with, or
 * undefined when the pool configures none. Failures are Cognito's: UserLambdaValidationException
 * "<Kind> failed with error <message>." for an exception in the function, UnexpectedLambdaException
 * for a missing function or a timeout, InvalidLambdaResponseException for an answer that is no event.
 */
export async function invokeTrigger(services: Services, call: TriggerCall): Promise<Record<string, unknown> | undefined> {
  const arn = triggerArn(call.pool, call.kind);
  if (!arn) return undefined;
  const event: TriggerEvent = {
    version: call.version ?? '1',
    region: regionOfPoolId(call.pool.Id),
    userPoolId: call.pool.Id,
    userName: call.userName,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: call.clientId ?? 'CLIENT_ID_NOT_APPLICABLE' },
    triggerSource: call.triggerSource,
    request: call.request,
    response: call.response ?? {},
  };
  const functionName = functionNameOf(arn);
  // Recorded (invocations.ts) whatever the outcome, with the event as sent: the function may change the object it got.
  const sent = structuredClone(event);
  const started = performance.now();
  const record = (outcome: InvocationOutcome, answer?: unknown, error?: CognitoError) =>
    recordInvocation(services, {
      poolId: call.pool.Id,
      triggerKind: call.kind,
      triggerSource: call.triggerSource,
      functionName,
      outcome,
      durationMs: performance.now() - started,
      event: sent,
      ...(answer !== undefined ? { response: answer } : {}),
      ...(error ? { error: `${error.type}: ${error.message}` } : {}),
    });
  let answer: unknown;
  try {
    answer = await services.functions.invoke(functionName, event, TRIGGER_TIMEOUT_MS);
  } catch (error) {
    const failure = triggerFailure(call.kind, error);
    record(error instanceof FunctionError ? error.reason : 'error', undefined, failure);
    throw failure;
  }
  if (typeof answer !== 'object' || answer === null || typeof (answer as TriggerEvent).response !== 'object' || (answer as TriggerEvent).response === null) {
    const failure = new CognitoError('InvalidLambdaResponseException', `Unrecognizable lambda output`);
    record('invalid-response', answer, failure);
    throw failure;
  }
  record('succeeded', (answer as TriggerEvent).response);
  return (answer as TriggerEvent).response;
}

function triggerFailure(kind: TriggerKind, error: unknown): CognitoError {
  if (error instanceof FunctionError && error.reason === 'failed') return new CognitoError('UserLambdaValidationException', `${kind} failed with error ${error.message}.`);
  if (error instanceof FunctionError && error.reason === 'timeout') return new CognitoError('UnexpectedLambdaException', `${kind} invocation failed due to error Socket timeout while invoking Lambda function.`);
  if (error instanceof FunctionError && error.reason === 'not-found') return new CognitoError('UnexpectedLambdaException', `${kind} invocation failed due to error ResourceNotFoundException.`);
  return new CognitoError('UnexpectedLambdaException', `${kind} invocation failed due to error ${(error as Error).message}.`);
}
