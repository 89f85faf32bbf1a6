import type { GetDeviceResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getOwnDevice } from '../../core/device/operations.js';
import { defineOperation } from '../operation.js';
import { AccessToken, DeviceKey } from '../self-service-shapes.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'GetDevice',
  auth: 'public',
  input: struct({ DeviceKey: req(DeviceKey), AccessToken }),
  run: (services, input): Promise<GetDeviceResponse> => getOwnDevice(services, input),
});
