import type { UpdateUserPoolDomainRequest, UpdateUserPoolDomainResponse } from '@aws-sdk/client-cognito-identity-provider';
import { updateDomain } from '../../core/pool/domains.js';
import { domainInput } from '../domain-shapes.js';
import { defineOperation } from '../operation.js';

export default defineOperation<UpdateUserPoolDomainRequest, UpdateUserPoolDomainResponse>({
  name: 'UpdateUserPoolDomain',
  auth: 'iam',
  input: domainInput,
  run: (services, input) => updateDomain(services, input),
});
