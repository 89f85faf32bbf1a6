import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachEngine } from '../helpers/server.js';
import { errorsOf, FormBrowser } from './form-client.js';
import type { UiFixture } from './fixture.js';
import { callbackQuery, createUiFixture, createUser, PASSWORD } from './fixture.js';

// Read when the server registers the pages: a small limit, so the test stays short.
const LIMIT = 5;
const previous = process.env.COGNATE_UI_RATE_LIMIT;
process.env.COGNATE_UI_RATE_LIMIT = String(LIMIT);
afterAll(() => {
  if (previous === undefined) delete process.env.COGNATE_UI_RATE_LIMIT;
  else process.env.COGNATE_UI_RATE_LIMIT = previous;
});

forEachEngine('hosted sign-in throttling per IP address', (server) => {
  let fx: UiFixture;
  beforeAll(async () => {
    fx = await createUiFixture(server());
    await createUser(server(), fx.poolId, 'rita');
  });

  it('answers 429 with the throttling page past the limit of sign-in posts from one address, while another address still signs in', async () => {
    const attacker = new FormBrowser('127.0.0.1');
    const page = await attacker.get(fx.loginUrl());
    for (let i = 0; i < LIMIT; i++) {
      const res = await attacker.submit(page, 'cognitoSignInForm', { username: `guess${i}`, password: 'Wrong0rd!' });
      expect(res.status).toBe(200);
      expect(errorsOf(res.body)).toEqual(['User does not exist.']);
    }
    const throttled = await attacker.submit(page, 'cognitoSignInForm', { username: 'rita', password: PASSWORD });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(errorsOf(throttled.body)).toEqual(['Too many attempts from your network. Please wait a minute and try again.']);
    expect(throttled.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    // The page itself still loads; only the posts are counted.
    expect((await attacker.get(fx.loginUrl())).status).toBe(200);

    const neighbour = new FormBrowser('127.0.0.2');
    const done = await neighbour.submit(await neighbour.get(fx.loginUrl()), 'cognitoSignInForm', { username: 'rita', password: PASSWORD });
    expect(callbackQuery(done.location).get('code')).toBeTruthy();
  });
});
