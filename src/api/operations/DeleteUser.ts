import { deleteSelf } from '../../core/user/self-service.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { AccessToken } from '../self-service-shapes.js';

export default defineOperation({
  name: 'DeleteUser',
  auth: 'public',
  input: struct({ AccessToken: req(AccessToken) }),
  run: async (services, input): Promise<Record<string, never>> => {
    await deleteSelf(services, input.AccessToken);
    return {};
  },
});
