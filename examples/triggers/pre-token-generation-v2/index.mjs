/**
 * PreTokenGeneration trigger (event version 2): adds a `tenant` claim to the ID and access tokens,
 * taken from the user's `custom:tenant` attribute (default "default"), and grants the access token
 * one more scope (TENANT_SCOPE, default "orders/read"). Works for every sign-in channel and refresh.
 *
 * Wire it up: cognate serve --function pre-token-generation-v2=examples/triggers/pre-token-generation-v2/index.mjs
 * and LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0',
 *   LambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:pre-token-generation-v2' } }.
 */
/* global process */
const extraScope = process.env.TENANT_SCOPE ?? 'orders/read';

export const handler = async (event) => {
  const tenant = event.request.userAttributes['custom:tenant'] ?? 'default';
  event.response = {
    claimsAndScopeOverrideDetails: {
      idTokenGeneration: { claimsToAddOrOverride: { tenant } },
      accessTokenGeneration: { claimsToAddOrOverride: { tenant }, scopesToAdd: [extraScope] },
    },
  };
  return event;
};
