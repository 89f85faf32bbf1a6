import type { AdminUpdateDeviceStatusResponse } from '@aws-sdk/client-cognito-identity-provider';
import { adminUpdateDeviceStatus } from '../../core/device/operations.js';
import { DeviceRememberedStatus, UserPoolId, Username } from '../common.js';
import { defineOperation } from '../operation.js';
import { DeviceKey } from '../self-service-shapes.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'AdminUpdateDeviceStatus',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Username: req(Username), DeviceKey: req(DeviceKey), DeviceRememberedStatus }),
  run: async (services, input): Promise<AdminUpdateDeviceStatusResponse> => {
    await adminUpdateDeviceStatus(services, input);
    return {};
  },
});
