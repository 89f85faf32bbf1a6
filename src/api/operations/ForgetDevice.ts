import { forgetOwnDevice } from '../../core/device/operations.js';
import { defineOperation } from '../operation.js';
import { AccessToken, DeviceKey } from '../self-service-shapes.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'ForgetDevice',
  auth: 'public',
  input: struct({ AccessToken, DeviceKey: req(DeviceKey) }),
  run: async (services, input): Promise<Record<string, never>> => {
    await forgetOwnDevice(services, input);
    return {};
  },
});
