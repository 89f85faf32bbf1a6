import type { AdminGetDeviceResponse } from '@aws-sdk/client-cognito-identity-provider';
import { adminGetDevice } from '../../core/device/operations.js';
import { UserPoolId, Username } from '../common.js';
import { defineOperation } from '../operation.js';
import { DeviceKey } from '../self-service-shapes.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'AdminGetDevice',
  auth: 'iam',
  input: struct({ DeviceKey: req(DeviceKey), UserPoolId: req(UserPoolId), Username: req(Username) }),
  run: (services, input): Promise<AdminGetDeviceResponse> => adminGetDevice(services, input),
});
