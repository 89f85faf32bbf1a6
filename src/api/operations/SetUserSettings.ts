import type { SetUserSettingsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { setUserSettings } from '../../core/mfa/preferences.js';
import { authenticateAccessToken } from '../../core/token/tokens.js';
import { Token } from '../common.js';
import { MFAOptions } from '../mfa-shapes.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'SetUserSettings',
  auth: 'public',
  input: struct({ AccessToken: req(Token), MFAOptions: req(MFAOptions) }),
  run: async (services, input): Promise<SetUserSettingsResponse> => {
    const { user } = await authenticateAccessToken(services, input.AccessToken);
    await setUserSettings(services, user, input.MFAOptions);
    return {};
  },
});
