import { CreateIdentityProviderCommand, CreateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';
import { DEMO, seeded, tempConfigDir } from '../client/helpers.js';

/** `cognate token --identity-provider` against the example seed, whose stand-in identity it signs in as. */
describe('cognate token --identity-provider, unattended through the stand-in', () => {
  let server: TestServer;
  let clientId: string;
  beforeAll(async () => {
    server = await startTestServer('sqlite', seeded);
    await server.cognito.send(
      new CreateIdentityProviderCommand({
        UserPoolId: DEMO.poolId,
        ProviderName: 'Google',
        ProviderType: 'Google',
        ProviderDetails: { client_id: 'g', client_secret: 'gs', authorize_scopes: 'openid email' },
        AttributeMapping: { email: 'email' },
      }),
    );
    clientId = (
      await server.cognito.send(
        new CreateUserPoolClientCommand({
          UserPoolId: DEMO.poolId,
          ClientName: 'google-only',
          SupportedIdentityProviders: ['Google'],
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: ['openid', 'email'],
          CallbackURLs: [DEMO.loopback],
        }),
      )
    ).UserPoolClient!.ClientId!;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('signs in as the seeded stand-in identity, and refuses a malformed --stand-in-identity', async () => {
    const flags = ['token', '--pool', DEMO.poolId, '--endpoint', server.services.settings.publicUrl, '--client-id', clientId, '--scope', 'openid email', '--redirect-uri', DEMO.loopback];
    const env = { COGNATE_CONFIG_DIR: tempConfigDir() };
    const run = await runCli([...flags, '--identity-provider', 'Google', '--stand-in-identity', 'sub=104000000000000000001,email=demo.google@example.com', '--json', '--no-cache'], env);
    expect(run.code, run.stderr).toBe(0);
    const claims = decodeJwt(JSON.parse(run.stdout).id_token);
    expect(claims['cognito:username']).toBe('Google_104000000000000000001');
    expect(claims.email).toBe('demo.google@example.com');

    const bad = await runCli([...flags, '--identity-provider', 'Google', '--stand-in-identity', 'nonsense'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--stand-in-identity takes name=value');
  }, 180_000);
});
