/* global test, expect, process */
// A Jest test against the Cognate of the global set-up: the AWS SDK, pointed at it by the environment.
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';

test('signs the demo user in', async () => {
  const cognito = new CognitoIdentityProviderClient({
    endpoint: process.env.COGNITO_ENDPOINT,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { AuthenticationResult } = await cognito.send(
    new InitiateAuthCommand({ ClientId: process.env.COGNITO_CLIENT_ID, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'demo', PASSWORD: 'Passw0rd!' } }),
  );
  expect(AuthenticationResult.AccessToken).toBeTruthy();
});
