import type { Services } from '../core/services.js';
import type { Infer, StructRule } from './shapes.js';

/**
 * `iam`: Cognito protects the operation with SigV4/IAM (Admin*, Create*, List*...).
 * `public`: Cognito's `noAuth` operations, authorised by ClientId, AccessToken or Session in the body.
 */
export type AuthKind = 'iam' | 'public';

export interface RequestContext {
  /** The caller's address, for throttling and logs. */
  ip: string;
  /** The request's User-Agent, for the auth events' DeviceName. */
  userAgent?: string;
  requestId: string;
  /**
   * The region the caller addressed (api/region.ts): where its pools are created and listed.
   * Absent for calls made inside the server (seeds, the console): the server's `--region`.
   */
  region?: string;
}

/**
 * One operation: the shape of its request and what it does with a request that passed the shape.
 * `run` receives `Infer<S>`, so a member the shape marks required is a present, non-optional
 * member there; the operation maps that request to core's input and core's result to the wire.
 */
export interface Operation<S extends StructRule = StructRule, O = unknown> {
  name: string;
  auth: AuthKind;
  input: S;
  run(services: Services, input: Infer<S>, request: RequestContext): Promise<O>;
}

/**
 * Declares one Cognito operation; each lives in `api/operations/<Name>.ts` as its default export.
 * Its `run` names the SDK response type it answers with, which keeps the wire shape checked.
 */
export function defineOperation<S extends StructRule, O>(operation: Operation<S, O>): Operation<S, O> {
  return operation;
}
