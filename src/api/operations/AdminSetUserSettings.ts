import type { AdminSetUserSettingsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { setUserSettings } from '../../core/mfa/preferences.js';
import { getUser } from '../../core/user/users.js';
import { UserPoolId, Username } from '../common.js';
import { MFAOptions } from '../mfa-shapes.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'AdminSetUserSettings',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Username: req(Username), MFAOptions: req(MFAOptions) }),
  run: async (services, input): Promise<AdminSetUserSettingsResponse> => {
    await setUserSettings(services, await getUser(services, input.UserPoolId, input.Username), input.MFAOptions);
    return {};
  },
});
