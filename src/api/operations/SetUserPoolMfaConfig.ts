import type { SetUserPoolMfaConfigResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeMfaConfig, withMfaConfig } from '../../core/pool/mfa-configuration.js';
import { changePool } from '../../core/pool/pools.js';
import { UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { EmailMfaConfig, MfaConfiguration, SmsMfaConfig, SoftwareTokenMfaConfig, WebAuthnConfiguration } from '../pool-shapes.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'SetUserPoolMfaConfig',
  auth: 'iam',
  input: struct({
    UserPoolId: req(UserPoolId),
    SmsMfaConfiguration: SmsMfaConfig,
    SoftwareTokenMfaConfiguration: SoftwareTokenMfaConfig,
    EmailMfaConfiguration: EmailMfaConfig,
    MfaConfiguration,
    WebAuthnConfiguration,
  }),
  run: async (services, input): Promise<SetUserPoolMfaConfigResponse> => {
    const pool = await changePool(services, input.UserPoolId, (current) => withMfaConfig(current, input));
    return describeMfaConfig(pool);
  },
});
