import type { CreateManagedLoginBrandingResponse } from '@aws-sdk/client-cognito-identity-provider';
import { createBranding } from '../../core/branding/branding.js';
import { Assets, wireBranding } from '../branding-shapes.js';
import { ClientId, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { bool, document, req, struct } from '../shapes.js';

export default defineOperation({
  name: 'CreateManagedLoginBranding',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), ClientId: req(ClientId), UseCognitoProvidedValues: bool(), Settings: document(), Assets }),
  run: async (services, input): Promise<CreateManagedLoginBrandingResponse> => ({
    ManagedLoginBranding: wireBranding(await createBranding(services, input.UserPoolId, input.ClientId, input)),
  }),
});
