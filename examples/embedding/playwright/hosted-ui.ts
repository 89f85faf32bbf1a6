import type { Page } from 'playwright-core';

/** What a Playwright test needs to sign in through Cognate's hosted UI. */
export interface HostedSignIn {
  /** The pool's base on Cognate: `<endpoint>/<poolId>` (`pools[i].baseUrl` of startCognate). */
  poolUrl: string;
  clientId: string;
  /** One of the client's CallbackURLs; the browser is stopped there, so no app needs to listen. */
  redirectUri: string;
  username: string;
  password: string;
  scope?: string;
}

/**
 * Signs in on the hosted UI as a person would (the classic page's form), and returns the
 * authorization code the browser was redirected back with.
 */
export async function signInThroughHostedUi(page: Page, sign: HostedSignIn): Promise<{ code: string; callback: URL }> {
  let resolveCallback: (url: URL) => void;
  const reached = new Promise<URL>((resolve) => (resolveCallback = resolve));
  const callbackBase = sign.redirectUri.split('?')[0]!;
  await page.route((url) => url.href.startsWith(callbackBase), async (route) => {
    resolveCallback(new URL(route.request().url()));
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>signed in</title>' });
  });
  const query = new URLSearchParams({ response_type: 'code', client_id: sign.clientId, redirect_uri: sign.redirectUri, scope: sign.scope ?? 'openid' });
  await page.goto(`${sign.poolUrl}/login?${query}`);
  await page.fill('#signInFormUsername', sign.username);
  await page.fill('#signInFormPassword', sign.password);
  await page.click('#signInSubmitButton');
  const callback = await reached;
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`the hosted UI came back without a code: ${callback.href}`);
  return { code, callback };
}
