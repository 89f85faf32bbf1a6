import * as repo from '../../store/stand-in.js';
import { err } from '../errors.js';
import type { Services } from '../services.js';

/**
 * Identities a seed gives the social stand-in (src/stand-in/) ahead of time, so its page offers them
 * and an unattended sign-in can name them. The stand-in itself is no part of the core; this module is
 * only the seed's way to its store.
 */

export const STAND_IN_PROVIDERS = ['Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple'] as const;

export interface SeedStandInIdentity {
  Provider: string;
  Subject: string;
  Email?: string;
  Name?: string;
  GivenName?: string;
  FamilyName?: string;
  Picture?: string;
}

const MEMBERS = { Email: 'email', Name: 'name', GivenName: 'given_name', FamilyName: 'family_name', Picture: 'picture' } as const;

/** Adds the identities that are not there yet; an identity already known (typed or seeded) is left alone. */
export async function seedStandInIdentities(services: Services, identities: unknown): Promise<{ created: string[]; unchanged: string[] }> {
  if (!Array.isArray(identities)) throw err.invalidParameter('Invalid seed: StandInIdentities must be a list');
  const checked = identities.map(checkIdentity);
  const report = { created: [] as string[], unchanged: [] as string[] };
  for (const { provider, identity } of checked) {
    const label = `stand-in identity ${provider} ${identity.sub}`;
    if (await repo.findIdentity(services.store.db, provider, identity.sub)) report.unchanged.push(label);
    else {
      await repo.saveIdentity(services.store.db, provider, identity, services.clock.now());
      report.created.push(label);
    }
  }
  return report;
}

function checkIdentity(value: unknown): { provider: string; identity: repo.StandInIdentity } {
  const invalid = (message: string) => err.invalidParameter(`Invalid seed: ${message}`);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid('each of StandInIdentities is a mapping with Provider and Subject');
  const v = value as Record<string, unknown>;
  if (typeof v.Provider !== 'string' || !(STAND_IN_PROVIDERS as readonly string[]).includes(v.Provider))
    throw invalid(`a stand-in identity's Provider is one of ${STAND_IN_PROVIDERS.join(', ')}`);
  const text = (name: string, max: number): string | undefined => {
    const member = v[name];
    if (member === undefined) return undefined;
    if (typeof member !== 'string' && typeof member !== 'number') throw invalid(`a stand-in identity's ${name} is text`);
    const s = String(member);
    // eslint-disable-next-line no-control-regex
    if (s === '' || s.length > max || /[\u0000-\u001f\u007f]/.test(s)) throw invalid(`a stand-in identity's ${name} is text of 1 to ${max} characters`);
    return s;
  };
  const sub = text('Subject', 255);
  if (!sub) throw invalid('a stand-in identity needs a Subject');
  const identity: repo.StandInIdentity = { sub };
  for (const [member, key] of Object.entries(MEMBERS)) {
    const s = text(member, member === 'Picture' ? 2048 : 256);
    if (s !== undefined) identity[key] = s;
  }
  const unknown = Object.keys(v).filter((k) => k !== 'Provider' && k !== 'Subject' && !(k in MEMBERS));
  if (unknown.length) throw invalid(`a stand-in identity has no member ${unknown[0]}`);
  return { provider: v.Provider, identity };
}
