import type { AdminCreateUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import { adminCreateUser } from '../../core/user/create.js';
import { defineOperation } from '../operation.js';
import { bool, enumOf, req, struct } from '../shapes.js';
import { AttributeList, ClientMetadata, DeliveryMediums, Password, UserPoolId, Username } from '../common.js';

export default defineOperation({
  name: 'AdminCreateUser',
  auth: 'iam',
  input: struct({
    UserPoolId: req(UserPoolId),
    Username: req(Username),
    UserAttributes: AttributeList,
    ValidationData: AttributeList,
    TemporaryPassword: Password,
    ForceAliasCreation: bool(),
    MessageAction: enumOf(['RESEND', 'SUPPRESS']),
    DesiredDeliveryMediums: DeliveryMediums,
    ClientMetadata,
  }),
  run: async (services, input): Promise<AdminCreateUserResponse> => ({ User: await adminCreateUser(services, input) }),
});
