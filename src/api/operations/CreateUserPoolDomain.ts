import type { CreateUserPoolDomainRequest, CreateUserPoolDomainResponse } from '@aws-sdk/client-cognito-identity-provider';
import { createDomain } from '../../core/pool/domains.js';
import { domainInput } from '../domain-shapes.js';
import { defineOperation } from '../operation.js';

export default defineOperation<CreateUserPoolDomainRequest, CreateUserPoolDomainResponse>({
  name: 'CreateUserPoolDomain',
  auth: 'iam',
  input: domainInput,
  run: (services, input) => createDomain(services, input),
});
