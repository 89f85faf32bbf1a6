import type { BrowserContext, CDPSession, Page } from 'playwright-core';

/**
 * A platform passkey authenticator that verifies the user, attached to one page through the DevTools
 * protocol's WebAuthn domain: what navigator.credentials answers with in the browser tests.
 */
export async function addVirtualAuthenticator(context: BrowserContext, page: Page): Promise<CDPSession> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  return cdp;
}
