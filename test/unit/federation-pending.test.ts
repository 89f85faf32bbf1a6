import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseProviderEndpoints } from '../../src/cli/serve.js';
import { openPending, sealPending } from '../../src/core/idp/federation/pending.js';
import { ManualClock } from '../../src/core/providers.js';
import type { Services } from '../../src/core/services.js';
import { Sealer } from '../../src/crypto/seal.js';

const clock = new ManualClock();
const services = (key = randomBytes(32)) => ({ sealer: new Sealer(key), clock }) as unknown as Services;

describe('the sealed pending federated sign-in', () => {
  const key = randomBytes(32);
  const pending = { poolId: 'us-east-1_abc', providerName: 'Okta', authorizeQuery: 'client_id=x&state=y', requestId: '_r1', codeVerifier: 'v', expiresAt: clock.now() + 60_000 };

  it('opens what it sealed, until it expires', () => {
    const sealed = sealPending(services(key), pending);
    expect(openPending(services(key), sealed)).toEqual(pending);
    expect(sealed).not.toContain('client_id');
    clock.advance(60_000);
    expect(openPending(services(key), sealed)).toBeUndefined();
    clock.advance(-60_000);
  });

  it('refuses absent, altered, foreign and other-key states', () => {
    const sealed = sealPending(services(key), pending);
    expect(openPending(services(key), undefined)).toBeUndefined();
    expect(openPending(services(key), '')).toBeUndefined();
    expect(openPending(services(key), `${sealed.slice(0, -2)}AA`)).toBeUndefined();
    expect(openPending(services(), sealed)).toBeUndefined();
    // A sign-in session sealed under the same key is not a pending federation.
    expect(openPending(services(key), new Sealer(key).seal(JSON.stringify({ v: 1, ...pending }), 'auth-session'))).toBeUndefined();
  });
});

describe('--provider-endpoint', () => {
  it('reads repeated and comma-separated type=issuer pairs', () => {
    expect(parseProviderEndpoints(['Google=http://127.0.0.1:4000/', 'Facebook=https://fb.test/issuer,SignInWithApple=https://apple.test'])).toEqual({
      Google: 'http://127.0.0.1:4000',
      Facebook: 'https://fb.test/issuer',
      SignInWithApple: 'https://apple.test',
    });
  });

  it('refuses unknown types, non-URLs and plain http off loopback', () => {
    expect(() => parseProviderEndpoints(['Twitter=https://x.test'])).toThrow(/type one of/);
    expect(() => parseProviderEndpoints(['Google'])).toThrow(/type one of/);
    expect(() => parseProviderEndpoints(['Google=nope'])).toThrow(/not a URL/);
    expect(() => parseProviderEndpoints(['Google=http://idp.example'])).toThrow(/https/);
  });
});
