import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { expect, it } from 'vitest';
import { forEachEngine } from '../helpers/server.js';
import { FormBrowser } from '../ui/form-client.js';
import { APP_CALLBACK, addOidcProvider, callbackParams, createAppClient, createPool, createProviderPool, poolBase, signInThroughProvider } from './fixture.js';

/**
 * Cognito writes the mapped attributes at every federated sign-in, and a write to an attribute the
 * schema marks `Mutable: false` fails: the first sign-in creates the user with it, a later one that
 * carries it again ends at the app with `invalid_request`.
 */
forEachEngine('federation with immutable mapped attributes', (server) => {
  async function federation(mapping: Record<string, string>) {
    const appPoolId = await createPool(server(), {
      Schema: [
        { Name: 'email', AttributeDataType: 'String', Mutable: false },
        { Name: 'tier', AttributeDataType: 'String', Mutable: false },
      ],
    });
    const idp = await createProviderPool(server(), [`${poolBase(server(), appPoolId)}/oauth2/idpresponse`]);
    await addOidcProvider(server(), appPoolId, { name: 'Upstream', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret }, mapping);
    const clientId = await createAppClient(server(), appPoolId, ['Upstream']);
    const params = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: APP_CALLBACK, scope: 'openid', identity_provider: 'Upstream' });
    // A fresh browser each time, so the app pool's SSO session never answers in the provider's place.
    const signIn = async () => callbackParams(await signInThroughProvider(new FormBrowser(), `${poolBase(server(), appPoolId)}/oauth2/authorize?${params}`, idp.username));
    return { appPoolId, idp, signIn };
  }

  it('sets an immutable mapped attribute at the first sign-in and refuses a later sign-in that carries it', async () => {
    const { appPoolId, idp, signIn } = await federation({ email: 'email', name: 'name' });
    const first = await signIn();
    expect(first.get('code')).toBeTruthy();
    const user = await server().cognito.send(new AdminGetUserCommand({ UserPoolId: appPoolId, Username: `Upstream_${idp.sub}` }));
    expect(user.UserAttributes?.find((a) => a.Name === 'email')?.Value).toBe(`${idp.username}@idp.example`);

    // The same value as stored: Cognito refuses the write all the same.
    const second = await signIn();
    expect(second.get('code')).toBeNull();
    expect(second.get('error')).toBe('invalid_request');
    expect(second.get('error_description')).toBe('user.email: Attribute cannot be updated.');
  });

  it('lets later sign-ins through when the provider does not send the immutable mapped attribute', async () => {
    // The provider pool has no `tier` claim, so nothing is written to the immutable custom attribute.
    const { signIn } = await federation({ 'custom:tier': 'tier', name: 'name' });
    expect((await signIn()).get('code')).toBeTruthy();
    expect((await signIn()).get('code')).toBeTruthy();
  });
});
