import { ResourceServerIdentifier, UserPoolId } from './common.js';
import { list, req, str, struct } from './shapes.js';

// The members of CreateResourceServer and UpdateResourceServer, with the service model's constraints.

const ResourceServerName = str({ min: 1, max: 256, pattern: '[\\w\\s+=,.@-]+' });
const ResourceServerScope = struct({
  ScopeName: req(str({ min: 1, max: 256, pattern: '[\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]+' })),
  ScopeDescription: req(str({ min: 1, max: 256 })),
});

export const resourceServerInput = struct({
  UserPoolId: req(UserPoolId),
  Identifier: req(ResourceServerIdentifier),
  Name: req(ResourceServerName),
  Scopes: list(ResourceServerScope, { max: 100 }),
});
