import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/providers.js';
import { forEachEngine, json } from '../helpers/server.js';
import type { OAuthFixture } from './fixture.js';
import { authorizeUrl, CALLBACK, createFixture, navigate, postForm, redirectOf, signedIn } from './fixture.js';

/**
 * Races at the token endpoint have exactly one winner (issue 8, point 4), on both engines.
 * - An authorization code is claimed in one conditional write: of parallel redemptions one gets the
 *   tokens and the rest `invalid_grant`. Redemptions that raced the winner do not revoke what it got;
 *   a replay after the exchange finished revokes the whole family (RFC 6749 §4.1.2).
 * - With refresh-token rotation and no grace period, parallel refreshes of one token give one new
 *   refresh token; reusing a rotated token later revokes the family, the successor included
 *   (RFC 9700 §4.14.2).
 * The clock is frozen during each race ("at once"); it moves forward for the later replay.
 */

const clock = new ManualClock(Date.now());

forEachEngine(
  'single-winner races at the token endpoint',
  (server) => {
    let fx: OAuthFixture;
    let cookie: string;
    let tokenUrl: string;
    beforeAll(async () => {
      fx = await createFixture(server(), { RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 } });
      cookie = await signedIn(server(), fx);
      tokenUrl = `${fx.base}/oauth2/token`;
    });

    async function code(): Promise<string> {
      const res = await navigate(authorizeUrl(fx, { response_type: 'code', client_id: fx.publicClientId, redirect_uri: CALLBACK, scope: 'openid email' }), cookie);
      const value = redirectOf(res).query.get('code');
      if (!value) throw new Error(`no code: ${res.headers.get('location')}`);
      return value;
    }
    const exchange = (value: string) => postForm(tokenUrl, { grant_type: 'authorization_code', client_id: fx.publicClientId, code: value, redirect_uri: CALLBACK });
    const refresh = (token: string) => postForm(tokenUrl, { grant_type: 'refresh_token', client_id: fx.publicClientId, refresh_token: token });
    const userInfo = (accessToken: string) => fetch(`${fx.base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${accessToken}` } });

    /** Sends all requests at once; the 200 bodies and the error codes of the rest. */
    async function race(requests: Promise<Response>[]) {
      const responses = await Promise.all(requests);
      const bodies = await Promise.all(responses.map((r) => json(r)));
      return {
        winners: bodies.filter((_, i) => responses[i]!.status === 200),
        errors: bodies.filter((_, i) => responses[i]!.status !== 200).map((b: { error: string }) => b.error),
      };
    }

    describe('authorization codes', () => {
      it('10 parallel redemptions of one code: exactly one 200, nine invalid_grant, and the winner’s tokens work', async () => {
        const value = await code();
        const { winners, errors } = await race(Array.from({ length: 10 }, () => exchange(value)));
        expect(winners).toHaveLength(1);
        expect(errors).toEqual(Array(9).fill('invalid_grant'));
        const [tokens] = winners;
        expect(decodeJwt(tokens.access_token)).toMatchObject({ username: fx.username });
        expect((await userInfo(tokens.access_token)).status).toBe(200);
        const refreshed = await refresh(tokens.refresh_token);
        expect(refreshed.status).toBe(200);
      });

      it('a replay after the exchange finished is refused and revokes the winner’s whole family', async () => {
        const value = await code();
        const first = await json(await exchange(value));
        expect((await userInfo(first.access_token)).status).toBe(200);
        clock.advance(1000);
        const replay = await exchange(value);
        expect(replay.status).toBe(400);
        expect(await json(replay)).toMatchObject({ error: 'invalid_grant' });
        expect((await userInfo(first.access_token)).status).toBe(401);
        expect(await json(await refresh(first.refresh_token))).toMatchObject({ error: 'invalid_grant' });
      });
    });

    describe('refresh-token rotation without a grace period', () => {
      it('20 parallel refreshes of one token: exactly one new refresh token, which works; the others are refused', async () => {
        const start = await json(await exchange(await code()));
        const { winners, errors } = await race(Array.from({ length: 20 }, () => refresh(start.refresh_token)));
        expect(winners).toHaveLength(1);
        expect(errors).toEqual(Array(19).fill('invalid_grant'));
        const [winner] = winners;
        expect(winner.refresh_token).toBeTruthy();
        expect(winner.refresh_token).not.toBe(start.refresh_token);
        expect((await userInfo(winner.access_token)).status).toBe(200);
        const next = await refresh(winner.refresh_token);
        expect(next.status).toBe(200);
        expect((await json(next)).refresh_token).toBeTruthy();
      });

      it('reusing a rotated refresh token later revokes the whole family, the winner’s successor included', async () => {
        const start = await json(await exchange(await code()));
        const { winners } = await race(Array.from({ length: 20 }, () => refresh(start.refresh_token)));
        expect(winners).toHaveLength(1);
        const [winner] = winners;
        clock.advance(1000);
        const reuse = await refresh(start.refresh_token);
        expect(await json(reuse)).toMatchObject({ error: 'invalid_grant', error_description: 'Refresh Token has been used already.' });
        expect(await json(await refresh(winner.refresh_token))).toMatchObject({ error: 'invalid_grant', error_description: 'Refresh Token has been revoked' });
        expect((await userInfo(winner.access_token)).status).toBe(401);
      });
    });
  },
  { clock },
);
