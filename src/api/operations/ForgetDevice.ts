import type { ForgetDeviceRequest } from '@aws-sdk/client-cognito-identity-provider';
import { forgetOwnDevice } from '../../core/device/operations.js';
import { defineOperation } from '../operation.js';
import { AccessToken, DeviceKey } from '../self-service-shapes.js';
import { req, struct } from '../shapes.js';

export default defineOperation<ForgetDeviceRequest, Record<string, never>>({
  name: 'ForgetDevice',
  auth: 'public',
  input: struct({ AccessToken, DeviceKey: req(DeviceKey) }),
  run: async (services, input) => {
    await forgetOwnDevice(services, input);
    return {};
  },
});
