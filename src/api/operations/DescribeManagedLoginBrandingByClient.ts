import type { DescribeManagedLoginBrandingByClientResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeBrandingByClient } from '../../core/branding/branding.js';
import { wireBranding } from '../branding-shapes.js';
import { ClientId, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { bool, req, struct } from '../shapes.js';

export default defineOperation({
  name: 'DescribeManagedLoginBrandingByClient',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), ClientId: req(ClientId), ReturnMergedResources: bool() }),
  run: async (services, input): Promise<DescribeManagedLoginBrandingByClientResponse> => ({
    ManagedLoginBranding: wireBranding(await describeBrandingByClient(services, input.UserPoolId, input.ClientId, input.ReturnMergedResources)),
  }),
});
