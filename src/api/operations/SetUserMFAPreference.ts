import type { SetUserMFAPreferenceResponse } from '@aws-sdk/client-cognito-identity-provider';
import { setMfaPreference } from '../../core/mfa/preferences.js';
import { authenticateAccessToken } from '../../core/token/tokens.js';
import { Token } from '../common.js';
import { MfaPreferenceMembers } from '../mfa-shapes.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'SetUserMFAPreference',
  auth: 'public',
  input: struct({ ...MfaPreferenceMembers, AccessToken: req(Token) }),
  run: async (services, input): Promise<SetUserMFAPreferenceResponse> => {
    const { user } = await authenticateAccessToken(services, input.AccessToken);
    await setMfaPreference(services, user, input);
    return {};
  },
});
