import type { VerifySoftwareTokenResponse } from '@aws-sdk/client-cognito-identity-provider';
import { verifySoftwareToken } from '../../core/mfa/totp.js';
import { StringType, Token } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, str, struct } from '../shapes.js';

export default defineOperation({
  name: 'VerifySoftwareToken',
  auth: 'public',
  input: struct({
    AccessToken: Token,
    Session: str({ min: 20, max: 2048, sensitive: true }),
    UserCode: req(str({ min: 6, max: 6, pattern: '[0-9]+', sensitive: true })),
    FriendlyDeviceName: StringType,
  }),
  run: (services, input): Promise<VerifySoftwareTokenResponse> => verifySoftwareToken(services, input),
});
