import type { CreateUserPoolDomainResponse } from '@aws-sdk/client-cognito-identity-provider';
import { createDomain } from '../../core/pool/domains.js';
import { domainInput } from '../domain-shapes.js';
import { defineOperation } from '../operation.js';

export default defineOperation({
  name: 'CreateUserPoolDomain',
  auth: 'iam',
  input: domainInput,
  run: (services, input): Promise<CreateUserPoolDomainResponse> => createDomain(services, input),
});
