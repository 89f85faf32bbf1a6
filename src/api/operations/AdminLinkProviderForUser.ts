import type { AdminLinkProviderForUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { adminLinkProviderForUser } from '../../core/idp/links.js';
import { defineOperation } from '../operation.js';
import { req, str, struct } from '../shapes.js';
import { UserPoolId } from '../common.js';
import { ProviderName } from '../idp-shapes.js';

const ProviderUserIdentifier = struct({
  ProviderName: ProviderName,
  ProviderAttributeName: str({ max: 131072 }),
  ProviderAttributeValue: str({ max: 131072 }),
});

export default defineOperation({
  name: 'AdminLinkProviderForUser',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), DestinationUser: req(ProviderUserIdentifier), SourceUser: req(ProviderUserIdentifier) }),
  run: async (services, input): Promise<AdminLinkProviderForUserResponse> => {
    await adminLinkProviderForUser(services, input.UserPoolId, input.DestinationUser, input.SourceUser);
    return {};
  },
});
