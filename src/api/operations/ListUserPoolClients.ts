import type { ListUserPoolClientsRequest, ListUserPoolClientsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listClients } from '../../core/client/clients.js';
import { PoolQueryLimit, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, str, struct } from '../shapes.js';

const PaginationKey = str({ min: 1, max: 131072, pattern: '[\\S]+' });

export default defineOperation<ListUserPoolClientsRequest, ListUserPoolClientsResponse>({
  name: 'ListUserPoolClients',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), MaxResults: PoolQueryLimit, NextToken: PaginationKey }),
  run: (services, input) => listClients(services, input.UserPoolId!, input.MaxResults, input.NextToken),
});
