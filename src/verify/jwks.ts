import type { JWK } from 'jose';
import { importJWK } from 'jose';
import { TokenVerificationError } from './errors.js';

type PublicKey = Awaited<ReturnType<typeof importJWK>>;

export interface JwksCacheOptions {
  /** How long to wait after a fetch before an unknown `kid` may cause another (default 30 s). */
  cooldownMs?: number;
  /** How long fetched keys are used before they are fetched again (default 1 h). */
  maxAgeMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/**
 * The issuer's signing keys, fetched once and kept. A token signed with a key not yet seen (the issuer
 * rotated its keys) causes one refetch; a cooldown keeps tokens with made-up `kid`s from turning into
 * a stream of requests to the issuer.
 */
export class JwksCache {
  private keys = new Map<string, PublicKey>();
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;
  /** How many times the key set was fetched (for tests and metrics). */
  fetches = 0;
  private readonly cooldownMs: number;
  private readonly maxAgeMs: number;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;

  constructor(
    readonly uri: string | undefined,
    options: JwksCacheOptions & { jwks?: { keys: JWK[] } } = {},
  ) {
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.maxAgeMs = options.maxAgeMs ?? 3_600_000;
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? Date.now;
    if (options.jwks) this.loaded = this.load(options.jwks).then(() => void (this.fetchedAt = this.now()));
  }

  private loaded: Promise<void> | undefined;

  /** Uses a key set given directly (no fetch), e.g. one saved for an offline test. */
  async load(jwks: { keys: JWK[] }): Promise<void> {
    const keys = new Map<string, PublicKey>();
    for (const jwk of jwks.keys ?? []) {
      if (!jwk.kid || (jwk.use !== undefined && jwk.use !== 'sig') || jwk.kty !== 'RSA') continue;
      keys.set(jwk.kid, await importJWK({ ...jwk, alg: jwk.alg ?? 'RS256' }, jwk.alg ?? 'RS256'));
    }
    this.keys = keys;
  }

  private refresh(): Promise<void> {
    this.inFlight ??= (async () => {
      try {
        if (!this.uri) throw new TokenVerificationError('jwks_unavailable', 'No JWKS URI to fetch signing keys from');
        this.fetches++;
        let res: Response;
        try {
          res = await this.fetchFn(this.uri, { headers: { accept: 'application/json' } });
        } catch (error) {
          throw new TokenVerificationError('jwks_unavailable', `Cannot fetch the signing keys from ${this.uri}: ${(error as Error).message}`);
        }
        if (!res.ok) throw new TokenVerificationError('jwks_unavailable', `The signing keys at ${this.uri} answered HTTP ${res.status}`);
        await this.load((await res.json()) as { keys: JWK[] });
        this.fetchedAt = this.now();
      } finally {
        this.inFlight = undefined;
      }
    })();
    return this.inFlight;
  }

  /** The public key for a `kid`, fetching the key set when it is unknown and the cooldown allows. */
  async key(kid: string | undefined): Promise<PublicKey> {
    await this.loaded;
    if (!kid) throw new TokenVerificationError('malformed', 'The token header has no kid');
    const age = this.now() - this.fetchedAt;
    if (age > this.maxAgeMs && this.uri) {
      try {
        await this.refresh();
      } catch (error) {
        if (this.keys.size === 0) throw error; // with keys in hand, an unreachable issuer is not a reason to refuse
      }
    }
    let key = this.keys.get(kid);
    if (!key && this.uri && this.now() - this.fetchedAt >= this.cooldownMs) {
      await this.refresh();
      key = this.keys.get(kid);
    }
    if (!key) throw new TokenVerificationError('unknown_kid', `The token was signed with a key the issuer does not publish (kid ${kid})`);
    return key;
  }
}
