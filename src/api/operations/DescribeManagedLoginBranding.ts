import type { DescribeManagedLoginBrandingResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeBranding } from '../../core/branding/branding.js';
import { ManagedLoginBrandingId, wireBranding } from '../branding-shapes.js';
import { UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { bool, req, struct } from '../shapes.js';

export default defineOperation({
  name: 'DescribeManagedLoginBranding',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), ManagedLoginBrandingId: req(ManagedLoginBrandingId), ReturnMergedResources: bool() }),
  run: async (services, input): Promise<DescribeManagedLoginBrandingResponse> => ({
    ManagedLoginBranding: wireBranding(await describeBranding(services, input.UserPoolId, input.ManagedLoginBrandingId, input.ReturnMergedResources)),
  }),
});
