import type { AdminSetUserMFAPreferenceResponse } from '@aws-sdk/client-cognito-identity-provider';
import { setMfaPreference } from '../../core/mfa/preferences.js';
import { getUser } from '../../core/user/users.js';
import { UserPoolId, Username } from '../common.js';
import { MfaPreferenceMembers } from '../mfa-shapes.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'AdminSetUserMFAPreference',
  auth: 'iam',
  input: struct({ ...MfaPreferenceMembers, Username: req(Username), UserPoolId: req(UserPoolId) }),
  run: async (services, input): Promise<AdminSetUserMFAPreferenceResponse> => {
    await setMfaPreference(services, await getUser(services, input.UserPoolId, input.Username), input);
    return {};
  },
});
