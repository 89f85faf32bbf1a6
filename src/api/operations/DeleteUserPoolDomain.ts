import type { DeleteUserPoolDomainResponse } from '@aws-sdk/client-cognito-identity-provider';
import { deleteDomain } from '../../core/pool/domains.js';
import { UserPoolId } from '../common.js';
import { DomainName } from '../domain-shapes.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'DeleteUserPoolDomain',
  auth: 'iam',
  input: struct({ Domain: req(DomainName), UserPoolId: req(UserPoolId) }),
  run: async (services, input): Promise<DeleteUserPoolDomainResponse> => {
    await deleteDomain(services, input.UserPoolId, input.Domain);
    return {};
  },
});
