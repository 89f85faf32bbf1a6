import { deleteTerms } from '../../core/terms/terms.js';
import { UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { req, struct } from '../shapes.js';
import { TermsId } from '../terms-shapes.js';

export default defineOperation({
  name: 'DeleteTerms',
  auth: 'iam',
  input: struct({ TermsId: req(TermsId), UserPoolId: req(UserPoolId) }),
  run: async (services, input): Promise<Record<string, never>> => {
    await deleteTerms(services, input.UserPoolId, input.TermsId);
    return {};
  },
});
