import cookiePlugin from '@fastify/cookie';
import Fastify from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/providers.js';
import { createSsoSession } from '../../src/core/oauth/sso-session.js';
import { getPool } from '../../src/core/pool/pools.js';
import { getUser } from '../../src/core/user/users.js';
import { setSsoCookie } from '../../src/web/sso-cookie.js';
import { forEachEngine, json } from '../helpers/server.js';
import type { OAuthFixture } from './fixture.js';
import { authorizeUrl, CALLBACK, createFixture, navigate, postForm, redirectOf, signedIn } from './fixture.js';

const clock = new ManualClock(Date.now());

forEachEngine(
  'codes and sessions over time',
  (server) => {
    let fx: OAuthFixture;
    beforeAll(async () => {
      fx = await createFixture(server());
    });
    const code = async (cookie: string) =>
      redirectOf(await navigate(authorizeUrl(fx, { response_type: 'code', client_id: fx.publicClientId, redirect_uri: CALLBACK }), cookie)).query.get('code');
    const exchange = (c: string) => postForm(`${fx.base}/oauth2/token`, { grant_type: 'authorization_code', client_id: fx.publicClientId, code: c, redirect_uri: CALLBACK });

    it('honours a code for five minutes and refuses it after', async () => {
      const cookie = await signedIn(server(), fx);
      const fresh = (await code(cookie))!;
      const stale = (await code(cookie))!;
      clock.advance(5 * 60_000 - 1000);
      expect((await exchange(fresh)).status).toBe(200);
      clock.advance(2000);
      expect(await json(await exchange(stale))).toMatchObject({ error: 'invalid_grant' });
    });

    it('keeps the single sign-on session for one hour', async () => {
      const cookie = await signedIn(server(), fx);
      clock.advance(59 * 60_000);
      expect(await code(cookie)).toBeTruthy();
      clock.advance(2 * 60_000);
      const res = await navigate(authorizeUrl(fx, { response_type: 'code', client_id: fx.publicClientId, redirect_uri: CALLBACK }), cookie);
      expect(redirectOf(res).url.startsWith(`/${fx.poolId}/login?`)).toBe(true);
    });

    it('sets the session cookie HttpOnly, SameSite=Lax, for an hour; over https as __Host-cognito-<poolId> on Path=/', async () => {
      const services = server().services;
      const pool = await getPool(services, fx.poolId);
      const session = await createSsoSession(services, pool, await getUser(services, pool, fx.username), Math.floor(clock.now() / 1000));
      const app = Fastify();
      await app.register(cookiePlugin);
      app.get('/', async (_req, reply) => setSsoCookie(reply, { pool, form: 'path', base: `/${pool.Id}`, cookiePath: `/${pool.Id}`, secure: true }, session).send('ok'));
      const res = await app.inject({ method: 'GET', url: '/' });
      await app.close();
      const header = String(res.headers['set-cookie']);
      expect(header.startsWith(`__Host-cognito-${pool.Id}=v1.`)).toBe(true);
      expect(header).toMatch(/; Path=\/;/);
      expect(header).toContain('HttpOnly');
      expect(header).toContain('SameSite=Lax');
      expect(header).toContain('Secure');
      expect(header).toContain('Max-Age=3600');
    });
  },
  { clock },
);
