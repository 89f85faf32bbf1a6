import type { ListTermsResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listTerms } from '../../core/terms/terms.js';
import { StringType, UserPoolId } from '../common.js';
import { defineOperation } from '../operation.js';
import { num, req, struct } from '../shapes.js';

export default defineOperation({
  name: 'ListTerms',
  auth: 'iam',
  input: struct({ UserPoolId: req(UserPoolId), MaxResults: num({ min: 1, max: 60 }), NextToken: StringType }),
  run: async (services, input): Promise<ListTermsResponse> => {
    const { Terms, NextToken } = await listTerms(services, input.UserPoolId, input.MaxResults, input.NextToken);
    return {
      Terms: Terms.map((t) => ({
        TermsId: t.TermsId,
        TermsName: t.TermsName,
        Enforcement: t.Enforcement as 'NONE',
        CreationDate: new Date(t.CreationDate),
        LastModifiedDate: new Date(t.LastModifiedDate),
      })),
      ...(NextToken ? { NextToken } : {}),
    };
  },
});
