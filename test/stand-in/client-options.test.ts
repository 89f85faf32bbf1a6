import { describe, expect, it } from 'vitest';
import { buildAuthorizationRequest } from '../../src/client/authorize.js';
import { standInValues } from '../../src/client/headless.js';
import { postmanExport } from '../../src/client/postman.js';
import { settingsFingerprint } from '../../src/client/settings.js';

describe('the token client through an identity provider', () => {
  const endpoints = { authorizationEndpoint: 'http://localhost:9400/us-east-1_Pool/oauth2/authorize', tokenEndpoint: 'http://localhost:9400/us-east-1_Pool/oauth2/token' };
  const settings = { grant: 'authorization_code' as const, clientId: 'abc', scope: 'openid' };

  it('sends identity_provider with the authorization request', () => {
    const url = new URL(buildAuthorizationRequest(endpoints, { ...settings, identityProvider: 'Google' }, 'http://127.0.0.1/callback').url);
    expect(url.searchParams.get('identity_provider')).toBe('Google');
    expect(new URL(buildAuthorizationRequest(endpoints, settings, 'http://127.0.0.1/callback').url).searchParams.has('identity_provider')).toBe(false);
  });

  it('keys the token cache by the provider and the stand-in identity', () => {
    const plain = settingsFingerprint(settings);
    const google = settingsFingerprint({ ...settings, identityProvider: 'Google', standInIdentity: { sub: 'a' } });
    expect(google).not.toBe(plain);
    expect(settingsFingerprint({ ...settings, identityProvider: 'Google', standInIdentity: { sub: 'b' } })).not.toBe(google);
  });

  it('types the given stand-in identity, else one made of --username, else the fixed CI identity', () => {
    expect(standInValues({ standInIdentity: { sub: 's', email: 'e@x.example' } })).toEqual({ sub: 's', email: 'e@x.example' });
    expect(standInValues({ username: 'ann@example.com' })).toEqual({ sub: 'ann@example.com', email: 'ann@example.com', name: 'ann@example.com' });
    expect(standInValues({ username: 'bob' })).toEqual({ sub: 'bob', name: 'bob' });
    expect(standInValues({})).toEqual({ sub: 'cognate-token-client', email: 'cognate-token-client@example.com', name: 'Cognate Token Client' });
  });

  it('the Postman export starts at /oauth2/authorize with identity_provider', () => {
    const input = { poolId: 'us-east-1_Pool', authBase: 'http://localhost:9400/us-east-1_Pool', tokenUrl: 'http://localhost:9400/us-east-1_Pool/oauth2/token', client: { ClientId: 'abc' }, apiUrl: 'http://127.0.0.1:3000' };
    const authUrl = (exported: ReturnType<typeof postmanExport>) =>
      (exported.environment.values as { key: string; value: string }[]).find((v) => v.key === 'authUrl')!.value;
    expect(authUrl(postmanExport(input))).toBe('http://localhost:9400/us-east-1_Pool/login');
    expect(authUrl(postmanExport({ ...input, identityProvider: 'Sign In' }))).toBe('http://localhost:9400/us-east-1_Pool/oauth2/authorize?identity_provider=Sign%20In');
  });
});
