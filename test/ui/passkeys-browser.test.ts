import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CompleteWebAuthnRegistrationCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  ListWebAuthnCredentialsCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  StartWebAuthnRegistrationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM } from '../helpers/global-setup.js';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';
import { addVirtualAuthenticator } from '../helpers/virtual-authenticator.js';

const PASSWORD = 'Passw0rd!';
const browserAvailable = inject('browser');
if (!browserAvailable) console.log(`SKIP: no Chromium at ${CHROMIUM}; the passkey browser test is skipped.`);

/**
 * Passkeys with a real browser: Chromium's virtual authenticator (DevTools protocol, WebAuthn domain)
 * answers navigator.credentials.create/get on a page at http://localhost, the pool's relying party,
 * with the options Cognate's API returned; the test carries the results back through the AWS SDK.
 */
describe.skipIf(!browserAvailable)('passkeys in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let site: Server;
  let page: Page;
  let clientId: string;

  beforeAll(async () => {
    site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title><p>app</p>'));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    server = await startTestServer('sqlite');
    const cognito = server.cognito;
    const poolId = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'passkeys', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } }))).UserPool!.Id!;
    await cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OFF', WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' } }));
    clientId = (await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))).UserPoolClient!.ClientId!;
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'pia', MessageAction: 'SUPPRESS' }));
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'pia', Password: PASSWORD, Permanent: true }));

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    const context = await browser.newContext();
    page = await context.newPage();
    await addVirtualAuthenticator(context, page);
    // The relying party id is the host alone: any port on localhost belongs to it.
    await page.goto(`http://localhost:${(site.address() as AddressInfo).port}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => site?.close(resolve));
  });

  it('registers a passkey with navigator.credentials.create and signs in with navigator.credentials.get', async () => {
    const cognito = server.cognito;
    const signedIn = await cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'pia', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD } }));
    const accessToken = signedIn.AuthenticationResult!.AccessToken!;

    const { CredentialCreationOptions: creation } = await cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
    const registration = JSON.parse(
      await page.evaluate(async (json) => {
        const credential = (await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(JSON.parse(json)) })) as PublicKeyCredential;
        return JSON.stringify(credential.toJSON());
      }, JSON.stringify(creation)),
    ) as { id: string };
    await cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: registration as never }));
    const { Credentials } = await cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken: accessToken }));
    expect(Credentials?.map((c) => c.CredentialId)).toEqual([registration.id]);

    const started = await cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'pia' } }));
    expect(started.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP', 'WEB_AUTHN']);
    const challenge = await cognito.send(
      new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'SELECT_CHALLENGE', Session: started.Session, ChallengeResponses: { USERNAME: 'pia', ANSWER: 'WEB_AUTHN' } }),
    );
    expect(challenge.ChallengeName).toBe('WEB_AUTHN');
    const assertion = await page.evaluate(async (json) => {
      const credential = (await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(JSON.parse(json)) })) as PublicKeyCredential;
      return JSON.stringify(credential.toJSON());
    }, challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!);
    const done = await cognito.send(
      new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'WEB_AUTHN', Session: challenge.Session, ChallengeResponses: { USERNAME: 'pia', CREDENTIAL: assertion } }),
    );
    expect(done.AuthenticationResult?.AccessToken).toBeDefined();
  });
});
