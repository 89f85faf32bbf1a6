import type { UpdateDeviceStatusResponse } from '@aws-sdk/client-cognito-identity-provider';
import { updateOwnDeviceStatus } from '../../core/device/operations.js';
import { DeviceRememberedStatus } from '../common.js';
import { defineOperation } from '../operation.js';
import { AccessToken, DeviceKey } from '../self-service-shapes.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'UpdateDeviceStatus',
  auth: 'public',
  input: struct({ AccessToken: req(AccessToken), DeviceKey: req(DeviceKey), DeviceRememberedStatus }),
  run: async (services, input): Promise<UpdateDeviceStatusResponse> => {
    await updateOwnDeviceStatus(services, input);
    return {};
  },
});
