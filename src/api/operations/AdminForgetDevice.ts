import type { AdminForgetDeviceRequest } from '@aws-sdk/client-cognito-identity-provider';
import { adminForgetDevice } from '../../core/device/operations.js';
import { UserPoolId, Username } from '../common.js';
import { defineOperation } from '../operation.js';
import { DeviceKey } from '../self-service-shapes.js';
import { req, struct } from '../shapes.js';

export default defineOperation<AdminForgetDeviceRequest, Record<string, never>>({
  name: 'AdminForgetDevice',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Username: req(Username), DeviceKey: req(DeviceKey) }),
  run: async (services, input) => {
    await adminForgetDevice(services, input);
    return {};
  },
});
