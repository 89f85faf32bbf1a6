import type { DescribeUserPoolDomainResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeDomain } from '../../core/pool/domains.js';
import { DomainName } from '../domain-shapes.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'DescribeUserPoolDomain',
  auth: 'iam',
  input: struct({ Domain: req(DomainName) }),
  run: async (services, input): Promise<DescribeUserPoolDomainResponse> => ({ DomainDescription: await describeDomain(services, input.Domain) }),
});
