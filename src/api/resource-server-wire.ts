import type { ResourceServerType } from '@aws-sdk/client-cognito-identity-provider';
import type { ResourceServerDescription } from '../core/pool/types.js';

/**
 * A resource server on the wire. The model lists a scope's description as a required member;
 * core keeps the scope as stored, so the member is named here even when the store has none.
 */
export function wireResourceServer(server: ResourceServerDescription): ResourceServerType {
  const { Scopes, ...rest } = server;
  if (!Scopes) return rest;
  return { ...rest, Scopes: Scopes.map((scope) => ({ ScopeName: scope.ScopeName, ScopeDescription: scope.ScopeDescription })) };
}
