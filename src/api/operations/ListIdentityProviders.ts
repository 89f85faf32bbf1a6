import type { ListIdentityProvidersResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listIdentityProviders } from '../../core/idp/identity-providers.js';
import { PaginationKey, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { num, req, struct } from '../shapes.js';

export default defineOperation({
  name: 'ListIdentityProviders',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), MaxResults: num({ min: 0, max: 60 }), NextToken: PaginationKey }),
  run: (services, input): Promise<ListIdentityProvidersResponse> => listIdentityProviders(services, input.UserPoolId, input.MaxResults, input.NextToken),
});
