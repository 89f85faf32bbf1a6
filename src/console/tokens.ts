import { createLocalJWKSet, jwtVerify } from 'jose';
import { CognitoError } from '../core/errors.js';
import { poolJwks } from '../core/keys/signing-keys.js';
import type { Services } from '../core/services.js';
import type { Html } from '../ui/html.js';
import { html } from '../ui/html.js';
import { copyable, table } from './layout.js';

/** A JWT taken apart for reading: its header and claims, and whether the pool's JWKS verifies it. */
export interface DecodedToken {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  poolId?: string;
  verified: boolean;
  /** Why it is not verified, or which pool's key verified it. */
  verdict: string;
}

const part = (s: string | undefined): Record<string, unknown> | undefined => {
  if (!s) return undefined;
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

export async function inspectToken(services: Services, token: string): Promise<DecodedToken | undefined> {
  const [h, c, s, more] = token.trim().split('.');
  const header = part(h);
  const claims = part(c);
  if (!header || !claims || s === undefined || more !== undefined) return undefined;
  // Both issuer styles end in the pool id: <public URL>/<poolId> and https://cognito-idp.<region>.amazonaws.com/<poolId>.
  const poolId = typeof claims.iss === 'string' ? claims.iss.split('/').pop() : undefined;
  if (!poolId) return { header, claims, verified: false, verdict: 'No iss claim: the token names no pool to verify it with.' };
  let jwks;
  try {
    jwks = await poolJwks(services, poolId);
  } catch (error) {
    if (error instanceof CognitoError) return { header, claims, poolId, verified: false, verdict: `The pool ${poolId} of its iss claim is not on this server.` };
    throw error;
  }
  try {
    await jwtVerify(token.trim(), createLocalJWKSet(jwks), { currentDate: new Date(services.clock.now()), algorithms: ['RS256'] });
    return { header, claims, poolId, verified: true, verdict: `Signature verified with the JWKS of ${poolId}; not expired.` };
  } catch (error) {
    return { header, claims, poolId, verified: false, verdict: `Not verified against the JWKS of ${poolId}: ${(error as Error).message}` };
  }
}

const TIME_CLAIMS = new Set(['exp', 'iat', 'auth_time', 'nbf']);

/** Seconds from now in words: "in 59 minutes", "3 hours ago". */
export function relative(seconds: number, nowMs: number): string {
  const delta = Math.round(seconds - nowMs / 1000);
  const abs = Math.abs(delta);
  const [n, unit] = abs < 90 ? [abs, 'second'] : abs < 5400 ? [Math.round(abs / 60), 'minute'] : abs < 129600 ? [Math.round(abs / 3600), 'hour'] : [Math.round(abs / 86400), 'day'];
  const words = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return delta >= 0 ? `in ${words}` : `${words} ago`;
}

const claimValue = (name: string, value: unknown, nowMs: number): Html | string => {
  if (TIME_CLAIMS.has(name) && typeof value === 'number')
    return html`<code>${value}</code> ${new Date(value * 1000).toISOString().replace('.000Z', 'Z')} (${relative(value, nowMs)})`;
  return html`<code>${typeof value === 'string' ? value : JSON.stringify(value)}</code>`;
};

export function tokenView(label: string, token: string, decoded: DecodedToken | undefined, nowMs: number): Html {
  if (!decoded) return html`<section class="card"><h2>${label}</h2><p>This is not a JWT (three base64url parts).</p>${copyable(token, label)}</section>`;
  return html`<section class="card" data-token="${label}"><h2>${label}</h2>
<p><span class="badge ${decoded.verified ? 'ok' : 'bad'}">${decoded.verified ? 'Verified' : 'Not verified'}</span> ${decoded.verdict}</p>
<h3>Header</h3>${table(['Name', 'Value'], Object.entries(decoded.header).map(([k, v]) => [html`<code>${k}</code>`, claimValue(k, v, nowMs)]))}
<h3>Claims</h3>${table(['Claim', 'Value'], Object.entries(decoded.claims).map(([k, v]) => [html`<code>${k}</code>`, claimValue(k, v, nowMs)]))}
<details><summary>Encoded token</summary>${copyable(token, label)}</details>
</section>`;
}
