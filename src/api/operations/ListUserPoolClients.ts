import type { ListUserPoolClientsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listClients } from '../../core/client/clients.js';
import { PoolQueryLimit, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, str, struct } from '../shapes.js';

const PaginationKey = str({ min: 1, max: 131072, pattern: '[\\S]+' });

export default defineOperation({
  name: 'ListUserPoolClients',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), MaxResults: PoolQueryLimit, NextToken: PaginationKey }),
  run: (services, input): Promise<ListUserPoolClientsResponse> => listClients(services, input.UserPoolId, input.MaxResults, input.NextToken),
});
