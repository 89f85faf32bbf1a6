import type { Services } from '../core/services.js';
import type { StructRule } from './shapes.js';

/**
 * `iam`: Cognito protects the operation with SigV4/IAM (Admin*, Create*, List*...).
 * `public`: Cognito's `noAuth` operations, authorised by ClientId, AccessToken or Session in the body.
 */
export type AuthKind = 'iam' | 'public';

export interface RequestContext {
  /** The caller's address, for throttling and logs. */
  ip: string;
  requestId: string;
}

export interface Operation<I = unknown, O = unknown> {
  name: string;
  auth: AuthKind;
  input: StructRule;
  run(services: Services, input: I, request: RequestContext): Promise<O>;
}

/** Declares one Cognito operation; each lives in `api/operations/<Name>.ts` as its default export. */
export function defineOperation<I, O>(operation: Operation<I, O>): Operation<I, O> {
  return operation;
}
