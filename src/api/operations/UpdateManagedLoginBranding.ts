import type { UpdateManagedLoginBrandingResponse } from '@aws-sdk/client-cognito-identity-provider';
import { updateBranding } from '../../core/branding/branding.js';
import { Assets, ManagedLoginBrandingId, wireBranding } from '../branding-shapes.js';
import { UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { bool, document, struct } from '../shapes.js';

// The model leaves UserPoolId and ManagedLoginBrandingId optional; the core still needs both.
export default defineOperation({
  name: 'UpdateManagedLoginBranding',
  auth: 'iam',
  input: struct({ UserPoolId, ManagedLoginBrandingId, UseCognitoProvidedValues: bool(), Settings: document(), Assets }),
  run: async (services, input): Promise<UpdateManagedLoginBrandingResponse> => ({
    ManagedLoginBranding: wireBranding(await updateBranding(services, input.UserPoolId, input.ManagedLoginBrandingId, input)),
  }),
});
