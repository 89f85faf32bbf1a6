import * as repo from '../../store/identity-providers.js';
import type { UserPoolClient } from '../client/clients.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';

/**
 * What the hosted sign-in page offers for an app client: its password form (when the client supports
 * COGNITO), a button per external provider it supports, and the corporate-ID field when one of those
 * providers has IdP identifiers (an e-mail domain, say) to be found by.
 */

export interface SignInChoices {
  cognito: boolean;
  /** The client's external providers, in the client's order, with the label their button shows. */
  providers: { name: string; label: string }[];
  corporateId: boolean;
}

const SOCIAL_LABELS: Record<string, string> = { Google: 'Google', Facebook: 'Facebook', LoginWithAmazon: 'Amazon', SignInWithApple: 'Apple' };

export async function signInChoices(services: Services, pool: UserPool, client: UserPoolClient): Promise<SignInChoices> {
  const supported = client.SupportedIdentityProviders ?? [];
  const providers: SignInChoices['providers'] = [];
  let corporateId = false;
  for (const name of supported) {
    if (name === 'COGNITO') continue;
    const row = await repo.findProvider(services.store.db, pool.Id, name);
    if (!row) continue;
    providers.push({ name, label: SOCIAL_LABELS[row.type] ?? name });
    if (row.idp_identifiers.length > 0) corporateId = true;
  }
  return { cognito: supportsCognito(client), providers, corporateId };
}

/** Whether the client signs in with the pool's own directory (a client that names no provider at all keeps the password form). */
export const supportsCognito = (client: UserPoolClient): boolean => {
  const supported = client.SupportedIdentityProviders ?? [];
  return supported.length === 0 || supported.includes('COGNITO');
};

/**
 * The IdP identifier a typed corporate ID signs in with: the domain of an e-mail address, or the text
 * itself, when it is an identifier of one of the client's providers (identifiers are exact, as Cognito's).
 */
export async function corporateIdentifier(services: Services, pool: UserPool, client: UserPoolClient, typed: string): Promise<string | undefined> {
  const text = typed.trim();
  if (text === '') return undefined;
  const at = text.lastIndexOf('@');
  const candidates = at >= 0 ? [text.slice(at + 1), text.slice(at + 1).toLowerCase(), text] : [text, text.toLowerCase()];
  const supported = new Set(client.SupportedIdentityProviders ?? []);
  for (const identifier of candidates) {
    const row = await repo.findProviderByIdentifier(services.store.db, pool.Id, identifier);
    if (row && supported.has(row.name)) return identifier;
  }
  return undefined;
}
