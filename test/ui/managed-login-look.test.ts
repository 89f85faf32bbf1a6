import {
  CreateManagedLoginBrandingCommand,
  CreateTermsCommand,
  CreateUserPoolClientCommand,
  SetUICustomizationCommand,
  UpdateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, it } from 'vitest';
import { signInHeadless } from '../../src/client/headless.js';
import { forEachEngine } from '../helpers/server.js';
import type { UiFixture } from './fixture.js';
import { CALLBACK, createUiFixture, createUser, PASSWORD } from './fixture.js';
import { FormBrowser, formsOf, unescapeHtml } from './form-client.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const ICO = Buffer.from([0, 0, 1, 0, 1, 0, 16, 16]);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>');

const SETTINGS = {
  components: {
    primaryButton: { lightMode: { defaults: { backgroundColor: 'b8002eff', textColor: 'fefefeff' } }, darkMode: { defaults: { backgroundColor: '00aa55ff' } } },
    pageBackground: { lightMode: { color: 'f0e6d2ff' }, darkMode: { color: '101820ff' } },
    // Not a color: must not reach the stylesheet.
    form: { lightMode: { backgroundColor: 'red;} body{display:none' } },
  },
  categories: { global: { colorSchemeMode: 'DYNAMIC' } },
};

const linkHref = (body: string, pattern: RegExp): string | undefined => {
  for (const m of body.matchAll(/<link\b[^>]*>/g)) {
    const href = /\shref="([^"]*)"/.exec(m[0])?.[1];
    if (href && pattern.test(unescapeHtml(href))) return unescapeHtml(href);
  }
  return undefined;
};

/**
 * Managed login (ManagedLoginVersion 2) over plain HTTP: the pages take the managed login layout and
 * the client's branding style (colors as a stylesheet, images from the server), keep the classic
 * form contract, show the client's terms on sign-up; classic (version 1) pages stay as they were.
 */
forEachEngine('managed login look', (server) => {
  let v2: UiFixture;
  let v1: UiFixture;
  let brandingId: string;
  let plainClientId: string;
  const cognito = () => server().cognito;

  beforeAll(async () => {
    v2 = await createUiFixture(server(), { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } });
    await cognito().send(new UpdateUserPoolDomainCommand({ UserPoolId: v2.poolId, Domain: v2.domain, ManagedLoginVersion: 2 }));
    // Managed login ignores the classic customization.
    await cognito().send(new SetUICustomizationCommand({ UserPoolId: v2.poolId, CSS: '.banner-customizable { background-color: #123456; }' }));
    const branding = await cognito().send(
      new CreateManagedLoginBrandingCommand({
        UserPoolId: v2.poolId,
        ClientId: v2.clientId,
        Settings: SETTINGS as never,
        Assets: [
          { Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: PNG },
          { Category: 'PAGE_BACKGROUND', ColorMode: 'DARK', Extension: 'SVG', Bytes: SVG },
          { Category: 'FAVICON_ICO', ColorMode: 'LIGHT', Extension: 'ICO', Bytes: ICO },
        ],
      }),
    );
    brandingId = branding.ManagedLoginBranding!.ManagedLoginBrandingId!;
    plainClientId = (
      await cognito().send(
        new CreateUserPoolClientCommand({
          UserPoolId: v2.poolId,
          ClientName: 'plain',
          SupportedIdentityProviders: ['COGNITO'],
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: ['openid'],
          CallbackURLs: [CALLBACK],
        }),
      )
    ).UserPoolClient!.ClientId!;
    for (const fx of [v2]) {
      await cognito().send(new CreateTermsCommand({ UserPoolId: fx.poolId, ClientId: fx.clientId, TermsName: 'terms-of-use', TermsSource: 'LINK', Enforcement: 'NONE', Links: { 'cognito:default': 'https://app.example/terms', 'cognito:french': 'https://app.example/fr/conditions' } }));
      await cognito().send(new CreateTermsCommand({ UserPoolId: fx.poolId, ClientId: fx.clientId, TermsName: 'privacy-policy', TermsSource: 'LINK', Enforcement: 'NONE', Links: { 'cognito:default': 'https://app.example/privacy' } }));
    }
    v1 = await createUiFixture(server());
    await cognito().send(new CreateTermsCommand({ UserPoolId: v1.poolId, ClientId: v1.clientId, TermsName: 'terms-of-use', TermsSource: 'LINK', Enforcement: 'NONE', Links: { 'cognito:default': 'https://app.example/terms' } }));
    await cognito().send(new CreateTermsCommand({ UserPoolId: v1.poolId, ClientId: v1.clientId, TermsName: 'privacy-policy', TermsSource: 'LINK', Enforcement: 'NONE', Links: { 'cognito:default': 'https://app.example/privacy' } }));
    await createUser(server(), v2.poolId, 'mona', [{ Name: 'email', Value: 'mona@example.com' }]);
  });

  describe('version 2', () => {
    it('draws /login with the managed login layout and the client’s style, keeping the form contract', async () => {
      const page = await new FormBrowser().get(v2.loginUrl());
      expect(page.status).toBe(200);
      expect(page.body).toContain('data-managed-login-version="2"');
      expect(linkHref(page.body, /\/ui\/managed-login\.css\?v=/)).toBeDefined();
      expect(linkHref(page.body, /\/ui\/hosted\.css/)).toBeUndefined();
      expect(linkHref(page.body, new RegExp(`/ui/branding/${brandingId}/style\\.css\\?v=`))).toBeDefined();
      expect(page.body).not.toContain('#123456');
      expect(page.body).not.toContain('<style');
      const form = formsOf(page.body).find((f) => f.name === 'cognitoSignInForm')!;
      expect(Object.keys(form.fields)).toEqual(expect.arrayContaining(['_csrf', 'username', 'password']));
      expect(page.body).toContain('id="signInFormUsername"');
      expect(page.body).toContain('id="signInFormPassword"');
    });

    it('follows the domain’s version on the domain’s own host too', async () => {
      const origin = new URL(server().services.settings.publicUrl);
      const onDomain = (fx: UiFixture) => new FormBrowser(undefined, `${fx.domain}.auth.localhost:${origin.port}`);
      const path = (fx: UiFixture) => fx.loginUrl().replace(`/${fx.poolId}/login`, '/login');
      expect((await onDomain(v2).get(path(v2))).body).toContain('data-managed-login-version="2"');
      const classic = await onDomain(v1).get(path(v1));
      expect(classic.status).toBe(200);
      expect(classic.body).not.toContain('data-managed-login-version');
    });

    it('serves the style’s colors as a stylesheet, dark mode by prefers-color-scheme, cached for good at its version', async () => {
      const page = await new FormBrowser().get(v2.loginUrl());
      const href = linkHref(page.body, /style\.css/)!;
      const res = await fetch(new URL(href, page.url));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const css = await res.text();
      const [light, dark] = css.split('@media (prefers-color-scheme: dark)');
      expect(light).toContain('--ml-button-bg: #b8002eff;');
      expect(light).toContain('--ml-button-text: #fefefeff;');
      expect(light).toContain('--ml-page-bg: #f0e6d2ff;');
      // Cognito's defaults fill what the style leaves out.
      expect(light).toContain('--ml-input-border: #8c8c94ff;');
      expect(dark).toContain('--ml-button-bg: #00aa55ff;');
      expect(dark).toContain('--ml-page-bg: #101820ff;');
      expect(dark).toMatch(/--ml-page-image: url\("PAGE_BACKGROUND-dark\.svg\?v=[^"]+"\)/);
      expect(css).not.toContain('display:none');
      // An old or missing version is revalidated, not cached for good.
      const unversioned = await fetch(new URL(href.replace(/\?.*$/, ''), page.url));
      expect(unversioned.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    });

    it('serves the logo, favicon and background with their content types; unknown ones are 404', async () => {
      const page = await new FormBrowser().get(v2.loginUrl());
      const logo = /<img class="ml-logo[^"]*" src="([^"]+)"/.exec(page.body)?.[1];
      expect(logo).toBeDefined();
      const png = await fetch(new URL(unescapeHtml(logo!), page.url));
      expect(png.status).toBe(200);
      expect(png.headers.get('content-type')).toBe('image/png');
      expect(png.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(Buffer.from(await png.arrayBuffer())).toEqual(PNG);
      const icon = linkHref(page.body, /FAVICON_ICO\.ico/)!;
      const ico = await fetch(new URL(icon, page.url));
      expect(ico.headers.get('content-type')).toBe('image/x-icon');
      expect(Buffer.from(await ico.arrayBuffer())).toEqual(ICO);
      const svg = await fetch(`${v2.base}/ui/branding/${brandingId}/PAGE_BACKGROUND-dark.svg`);
      expect(svg.headers.get('content-type')).toBe('image/svg+xml');
      expect(svg.headers.get('content-security-policy')).toContain('sandbox');
      for (const missing of ['FORM_LOGO-dark.png', 'FORM_LOGO.jpeg', 'nope.txt', '..%2Fstyle.css']) {
        expect((await fetch(`${v2.base}/ui/branding/${brandingId}/${missing}`)).status).toBe(404);
      }
      expect((await fetch(`${v2.base}/ui/branding/00000000-0000-0000-0000-000000000000/style.css`)).status).toBe(404);
    });

    it('uses Cognito’s defaults for a client without a style', async () => {
      const fx = { ...v2, clientId: plainClientId };
      const page = await new FormBrowser().get(`${v2.base}/login?${new URLSearchParams({ ...v2.authorizeParams(), client_id: fx.clientId, scope: 'openid' })}`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('data-managed-login-version="2"');
      expect(linkHref(page.body, /\/ui\/branding\//)).toBeUndefined();
      const href = linkHref(page.body, /managed-login\.css/)!;
      const css = await (await fetch(new URL(href, page.url))).text();
      expect(css).toContain('--ml-button-bg: #0972d3ff;');
    });

    it('draws the other pages and the error page in the managed login layout too', async () => {
      const browser = new FormBrowser();
      for (const name of ['signup', 'forgotPassword']) {
        const page = await browser.get(v2.loginUrl().replace('/login?', `/${name}?`));
        expect(page.status, name).toBe(200);
        expect(page.body, name).toContain('data-managed-login-version="2"');
      }
      const error = await browser.get(v2.loginUrl({ redirect_uri: 'https://evil.example/' }));
      expect(error.status).toBe(400);
      expect(error.body).toContain('data-managed-login-version="2"');
    });

    it('links the client’s terms on sign-up, in the page’s language when it has a link for it', async () => {
      const page = await new FormBrowser().get(v2.loginUrl().replace('/login?', '/signup?'));
      expect(page.body).toMatch(/By signing up, you agree to our <a id="termsOfUseLink" href="https:\/\/app\.example\/terms"[^>]*>Terms of Use<\/a> and <a id="privacyPolicyLink" href="https:\/\/app\.example\/privacy"[^>]*>Privacy Policy<\/a>\./);
      const french = await new FormBrowser().get(`${v2.loginUrl().replace('/login?', '/signup?')}&lang=fr`);
      expect(french.body).toContain('href="https://app.example/fr/conditions"');
      expect(french.body).toContain('href="https://app.example/privacy"');
    });

    // Node does not resolve `*.auth.localhost`; the path form is served with the domain's version 2 pages.
    it('signs in with the headless client (cognate token) on managed login pages', async () => {
      const authorize = `${v2.base}/oauth2/authorize?${new URLSearchParams(v2.authorizeParams())}`;
      const result = await signInHeadless(authorize, CALLBACK, { username: 'mona', password: PASSWORD });
      expect(result.params.get('code')).toBeTruthy();
      expect(result.params.get('state')).toBe('st-42');
    });
  });

  describe('version 1', () => {
    it('keeps the classic page: hosted.css, no managed login layout, no terms on sign-up', async () => {
      const login = await new FormBrowser().get(v1.loginUrl());
      expect(login.body).not.toContain('data-managed-login-version');
      expect(linkHref(login.body, /\/ui\/hosted\.css\?v=/)).toBeDefined();
      const signup = await new FormBrowser().get(v1.loginUrl().replace('/login?', '/signup?'));
      expect(signup.status).toBe(200);
      expect(signup.body).not.toContain('By signing up');
      expect(signup.body).not.toContain('app.example/terms');
    });

    it('has no /passkeys/add: 404 with the error page', async () => {
      const page = await new FormBrowser().get(`${v1.base}/passkeys/add?${new URLSearchParams({ client_id: v1.clientId, redirect_uri: CALLBACK })}`);
      expect(page.status).toBe(404);
      expect(page.body).toContain('An error was encountered with the requested page');
    });
  });

  describe('/passkeys/add checks', () => {
    const url = (params: Record<string, string>) => `${v2.base}/passkeys/add?${new URLSearchParams(params)}`;

    it('sends a browser without a session to /login, and refuses a redirect_uri the client has not registered', async () => {
      const browser = new FormBrowser();
      const page = await browser.get(url({ client_id: v2.clientId, redirect_uri: CALLBACK }));
      expect(page.status).toBe(302);
      const login = new URL(page.location!);
      expect(login.pathname).toBe(`/${v2.poolId}/login`);
      expect(login.searchParams.get('client_id')).toBe(v2.clientId);
      expect(login.searchParams.get('redirect_uri')).toBe(CALLBACK);
      expect((await browser.get(page.location!)).status).toBe(200);
      for (const bad of [{ client_id: v2.clientId, redirect_uri: 'https://evil.example/' }, { client_id: 'nope', redirect_uri: CALLBACK }, { redirect_uri: CALLBACK }] as Record<string, string>[]) {
        const refused = await new FormBrowser().get(url(bad));
        expect(refused.status, JSON.stringify(bad)).toBe(400);
        expect(refused.location).toBeUndefined();
      }
    });

    it('comes back after sign-in to the passkey page, which refuses a bad credential on the page', async () => {
      const browser = new FormBrowser();
      const login = await browser.follow(await browser.get(url({ client_id: v2.clientId, redirect_uri: CALLBACK })));
      const back = await browser.submit(login, 'cognitoSignInForm', { username: 'mona', password: PASSWORD });
      expect(back.status).toBe(303);
      expect(back.location).toBe(url({ client_id: v2.clientId, redirect_uri: CALLBACK }));
      const page = await browser.get(back.location!);
      expect(page.body).not.toMatch(/role="alert">[^<]/);
      expect(page.status).toBe(200);
      const form = formsOf(page.body).find((f) => f.name === 'passkeyAddForm')!;
      const options = JSON.parse(unescapeHtml(/data-options="([^"]*)"/.exec(page.body)![1]!)) as { rp: { id: string }; challenge: string };
      // Without a WebAuthnConfiguration the relying party is the pool's domain, as in Cognito.
      expect(options.rp.id).toBe(`${v2.domain}.auth.us-east-1.amazoncognito.com`);
      expect(page.headers.get('content-security-policy')).toMatch(/script-src 'nonce-/);
      for (const credential of ['not json', '{}', '[]']) {
        const refused = await browser.submit(page, form.name, { credential });
        expect(refused.status, credential).toBe(200);
        expect(refused.location).toBeUndefined();
        expect(refused.body).toMatch(/class="error errorMessage-customizable" role="alert">[^<]+</);
      }
      // A later sign-in of this browser to the client goes to the client, not back here.
      const again = await browser.submit(await browser.get(v2.loginUrl()), 'cognitoSignInForm', { username: 'mona', password: PASSWORD });
      expect(again.location?.startsWith(`${CALLBACK}?code=`)).toBe(true);
    });

    it('shows a clear error page when the pool does not allow passkeys', async () => {
      const noPasskeys = await createUiFixture(server());
      await cognito().send(new UpdateUserPoolDomainCommand({ UserPoolId: noPasskeys.poolId, Domain: noPasskeys.domain, ManagedLoginVersion: 2 }));
      const page = await new FormBrowser().get(`${noPasskeys.base}/passkeys/add?${new URLSearchParams({ client_id: noPasskeys.clientId, redirect_uri: CALLBACK })}`);
      expect(page.status).toBe(400);
      expect(page.body).toContain('does not allow sign-in with passkeys');
    });
  });
});
