import type { AdminDisableProviderForUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { adminDisableProviderForUser } from '../../core/idp/links.js';
import { defineOperation } from '../operation.js';
import { req, str, struct } from '../shapes.js';
import { UserPoolId } from '../common.js';
import { ProviderName } from '../idp-shapes.js';

export default defineOperation({
  name: 'AdminDisableProviderForUser',
  auth: 'iam',
  input: struct({
    UserPoolId: req(UserPoolId),
    User: req(struct({ ProviderName: ProviderName, ProviderAttributeName: str({ max: 131072 }), ProviderAttributeValue: str({ max: 131072 }) })),
  }),
  run: async (services, input): Promise<AdminDisableProviderForUserResponse> => {
    await adminDisableProviderForUser(services, input.UserPoolId, input.User);
    return {};
  },
});
