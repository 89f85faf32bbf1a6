import type { ConfirmDeviceResponse } from '@aws-sdk/client-cognito-identity-provider';
import { confirmDevice } from '../../core/device/operations.js';
import { StringType } from '../common.js';
import { defineOperation } from '../operation.js';
import { AccessToken, DeviceKey } from '../self-service-shapes.js';
import { req, str, struct } from '../shapes.js';

export default defineOperation({
  name: 'ConfirmDevice',
  auth: 'public',
  input: struct({
    AccessToken: req(AccessToken),
    DeviceKey: req(DeviceKey),
    DeviceSecretVerifierConfig: struct({ PasswordVerifier: StringType, Salt: StringType }),
    DeviceName: str({ min: 1, max: 1024 }),
  }),
  run: (services, input, request): Promise<ConfirmDeviceResponse> => confirmDevice(services, input, request.ip),
});
