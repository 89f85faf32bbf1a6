import { adminForgetDevice } from '../../core/device/operations.js';
import { UserPoolId, Username } from '../common.js';
import { defineOperation } from '../operation.js';
import { DeviceKey } from '../self-service-shapes.js';
import { req, struct } from '../shapes.js';

export default defineOperation({
  name: 'AdminForgetDevice',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), Username: req(Username), DeviceKey: req(DeviceKey) }),
  run: async (services, input): Promise<Record<string, never>> => {
    await adminForgetDevice(services, input);
    return {};
  },
});
