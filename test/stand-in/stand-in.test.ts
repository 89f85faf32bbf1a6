import * as oidc from 'openid-client';
import { expect, it } from 'vitest';
import { parseForms, formValues } from '../../src/client/html-forms.js';
import { forEachEngine, json } from '../helpers/server.js';

const insecure = { execute: [oidc.allowInsecureRequests] };
const CALLBACK = 'https://app.example.test/oauth2/idpresponse';

/** The identity form's action and the earlier identities offered on the page. */
async function standInPage(url: string) {
  const res = await fetch(url);
  const body = await res.text();
  return { res, body, forms: parseForms(body) };
}

async function submit(url: string, fields: Record<string, string>) {
  return fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
}

forEachEngine('the social stand-in', (s) => {
  const issuer = (type: string) => `${s().services.settings.publicUrl}/_cognate/social/${type}`;

  it('is a standard OpenID provider for Google: discovery, page, code, token with a signed ID token, userinfo', async () => {
    const config = await oidc.discovery(new URL(issuer('Google')), 'google-client', 'google-secret', undefined, insecure);
    expect(config.serverMetadata().authorization_endpoint).toBe(`${issuer('Google')}/authorize`);
    const verifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: 'openid email profile',
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const page = await standInPage(url.href);
    expect(page.res.status).toBe(200);
    expect(page.res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const form = page.forms.find((f) => 'sub' in formValues(f) || f.fields.some((x) => x.name === 'sub'));
    expect(form).toBeDefined();

    const answer = await submit(url.href, { sub: '104512345678901234567', email: 'ann@example.com', name: 'Ann Example', picture: 'https://example.com/ann.png' });
    expect(answer.status).toBe(303);
    const back = new URL(answer.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(CALLBACK);
    expect(back.searchParams.get('state')).toBe(state);

    const tokens = await oidc.authorizationCodeGrant(config, back, { expectedState: state, expectedNonce: nonce, pkceCodeVerifier: verifier });
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ iss: issuer('Google'), aud: 'google-client', sub: '104512345678901234567', email: 'ann@example.com', email_verified: true, name: 'Ann Example', given_name: 'Ann', family_name: 'Example' });
    // The stand-in's own key: not a pool's, and published without its private members.
    const { keys } = await json(await fetch(`${issuer('Google')}/jwks`));
    expect(keys).toHaveLength(1);
    expect(keys[0].kid).toMatch(/^stand-in-/);
    expect(keys[0].d).toBeUndefined();
    const info = await oidc.fetchUserInfo(config, tokens.access_token, '104512345678901234567');
    expect(info).toMatchObject({ sub: '104512345678901234567', email: 'ann@example.com', picture: 'https://example.com/ann.png' });

    // One-time codes.
    const again = await fetch(`${issuer('Google')}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('google-client:google-secret').toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: CALLBACK, code_verifier: verifier }),
    });
    expect(again.status).toBe(400);
    expect((await json(again)).error).toBe('invalid_grant');
  });

  it('remembers identities and offers them again as buttons posting pick=<sub>', async () => {
    const url = `${issuer('Facebook')}/authorize?response_type=code&client_id=fb&redirect_uri=${encodeURIComponent(CALLBACK)}&state=s1`;
    expect((await submit(url, { sub: '10150000000000001', email: 'bo@example.com', name: 'Bo Face' })).status).toBe(303);
    const page = await standInPage(url);
    const picks = page.forms.flatMap((f) => f.fields).filter((f) => f.name === 'pick');
    expect(picks.map((p) => p.value)).toContain('10150000000000001');

    const picked = await submit(url, { pick: '10150000000000001' });
    expect(picked.status).toBe(303);
    const code = new URL(picked.headers.get('location')!).searchParams.get('code')!;
    // Facebook is no OpenID provider: client_secret_post, no ID token, its own member names.
    const token = await json(
      await fetch(`${issuer('Facebook')}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: CALLBACK, client_id: 'fb', client_secret: 'x' }),
      }),
    );
    expect(token.id_token).toBeUndefined();
    expect(token.token_type).toBe('Bearer');
    const info = await json(await fetch(`${issuer('Facebook')}/userinfo`, { headers: { authorization: `Bearer ${token.access_token}` } }));
    expect(info).toMatchObject({ id: '10150000000000001', email: 'bo@example.com', name: 'Bo Face', first_name: 'Bo', last_name: 'Face' });
    expect(info.sub).toBeUndefined();
  });

  it('makes up a subject in the provider shape when none is typed (Login with Amazon answers user_id)', async () => {
    const url = `${issuer('LoginWithAmazon')}/authorize?response_type=code&client_id=amzn&redirect_uri=${encodeURIComponent(CALLBACK)}`;
    const answer = await submit(url, { email: 'cy@example.com', name: 'Cy' });
    const code = new URL(answer.headers.get('location')!).searchParams.get('code')!;
    const token = await json(
      await fetch(`${issuer('LoginWithAmazon')}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('amzn:secret').toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: CALLBACK }),
      }),
    );
    const info = await json(await fetch(`${issuer('LoginWithAmazon')}/userinfo`, { headers: { authorization: `Bearer ${token.access_token}` } }));
    expect(info.user_id).toMatch(/^amzn1\.account\.[0-9A-F]+$/);
    expect(info).toMatchObject({ email: 'cy@example.com', name: 'Cy' });
  });

  it('answers Sign in with Apple by form_post, with the user field only on the first sign-in', async () => {
    const url = `${issuer('SignInWithApple')}/authorize?response_type=code&response_mode=form_post&client_id=com.example.app&redirect_uri=${encodeURIComponent(CALLBACK)}&state=st&nonce=n1`;
    const first = await submit(url, { sub: '001234.abcdef.1234', email: 'di@example.com', name: 'Di Apple' });
    expect(first.status).toBe(200);
    const page = await first.text();
    const form = parseForms(page).find((f) => f.action === CALLBACK)!;
    const fields = formValues(form);
    expect(fields.state).toBe('st');
    expect(JSON.parse(fields.user!)).toEqual({ name: { firstName: 'Di', lastName: 'Apple' }, email: 'di@example.com' });
    const second = formValues(parseForms(await (await submit(url, { pick: '001234.abcdef.1234' })).text()).find((f) => f.action === CALLBACK)!);
    expect(second.user).toBeUndefined();

    const config = await oidc.discovery(new URL(issuer('SignInWithApple')), 'com.example.app', 'apple-client-secret-jwt', undefined, insecure);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(`${CALLBACK}?code=${encodeURIComponent(second.code!)}&state=st`), { expectedState: 'st', expectedNonce: 'n1' });
    expect(tokens.claims()).toMatchObject({ sub: '001234.abcdef.1234', email: 'di@example.com', nonce: 'n1', aud: 'com.example.app' });
    expect(tokens.claims()!.name).toBeUndefined();
  });

  it('refuses what it must: non-web redirect URIs, unknown types, wrong client or redirect URI, missing secret, bad input', async () => {
    for (const redirect of ['javascript:alert(1)', 'myapp://cb', 'not a url']) {
      const res = await fetch(`${issuer('Google')}/authorize?response_type=code&client_id=c&redirect_uri=${encodeURIComponent(redirect)}`);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('redirect_uri must be an http or https URL');
    }
    expect((await fetch(`${s().url}/_cognate/social/Twitter/.well-known/openid-configuration`)).status).toBe(404);
    const bad = await fetch(`${issuer('Google')}/authorize?response_type=token&client_id=c&redirect_uri=${encodeURIComponent(CALLBACK)}&state=z`, { redirect: 'manual' });
    expect(new URL(bad.headers.get('location')!).searchParams.get('error')).toBe('unsupported_response_type');

    const url = `${issuer('Google')}/authorize?response_type=code&client_id=c1&redirect_uri=${encodeURIComponent(CALLBACK)}`;
    const invalidEmail = await submit(url, { sub: 'x1', email: 'not-an-email<script>' });
    expect(invalidEmail.status).toBe(400);
    const invalidPage = await invalidEmail.text();
    expect(invalidPage).not.toContain('<script>');
    expect((await submit(url, { pick: 'never-seen' })).status).toBe(400);
    expect((await submit(url, { sub: 'a\u0000b' })).status).toBe(400);

    const code = () => submit(url, { sub: 'x2' }).then((r) => new URL(r.headers.get('location')!).searchParams.get('code')!);
    const token = (fields: Record<string, string>) =>
      fetch(`${issuer('Google')}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
    const noSecret = await token({ grant_type: 'authorization_code', code: await code(), redirect_uri: CALLBACK, client_id: 'c1' });
    expect(noSecret.status).toBe(401);
    expect((await json(noSecret)).error).toBe('invalid_client');
    const otherClient = await token({ grant_type: 'authorization_code', code: await code(), redirect_uri: CALLBACK, client_id: 'c2', client_secret: 's' });
    expect((await json(otherClient)).error).toBe('invalid_grant');
    const otherRedirect = await token({ grant_type: 'authorization_code', code: await code(), redirect_uri: 'https://evil.example/cb', client_id: 'c1', client_secret: 's' });
    expect((await json(otherRedirect)).error).toBe('invalid_grant');
    const userinfo = await fetch(`${issuer('Google')}/userinfo`, { headers: { authorization: 'Bearer nope' } });
    expect(userinfo.status).toBe(401);
  });
});
