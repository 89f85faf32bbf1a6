import { deleteBranding } from '../../core/branding/branding.js';
import { ManagedLoginBrandingId } from '../branding-shapes.js';
import { UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'DeleteManagedLoginBranding',
  auth: 'iam',
  input: struct({ ManagedLoginBrandingId: req(ManagedLoginBrandingId), UserPoolId: req(UserPoolId) }),
  run: async (services, input): Promise<Record<string, never>> => {
    await deleteBranding(services, input.UserPoolId, input.ManagedLoginBrandingId);
    return {};
  },
});
