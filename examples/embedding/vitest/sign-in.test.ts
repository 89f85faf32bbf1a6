import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { expect, inject, it } from 'vitest';

it('signs the demo user in against the Cognate of the global set-up', async () => {
  const { endpoint, clientId, issuer } = inject('cognate');
  const cognito = new CognitoIdentityProviderClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const { AuthenticationResult } = await cognito.send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'demo', PASSWORD: 'Passw0rd!' } }),
  );
  const claims = JSON.parse(Buffer.from(AuthenticationResult!.IdToken!.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  expect(claims).toMatchObject({ iss: issuer, 'cognito:username': 'demo', email: 'demo@example.com' });
});
