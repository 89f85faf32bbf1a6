import type { UpdateUserPoolDomainResponse } from '@aws-sdk/client-cognito-identity-provider';
import { updateDomain } from '../../core/pool/domains.js';
import { domainInput } from '../domain-shapes.js';
import { defineOperation } from '../operation.js';

export default defineOperation({
  name: 'UpdateUserPoolDomain',
  auth: 'iam',
  input: domainInput,
  run: (services, input): Promise<UpdateUserPoolDomainResponse> => updateDomain(services, input),
});
