import type { UserPoolClient } from '../../client/clients.js';
import type { Services } from '../../services.js';
import type { UserPool } from '../../pool/pools.js';
import { identityProviderForSignIn } from '../identity-providers.js';
import type { IdentityProviderDescription } from '../types.js';

/**
 * Which directory an authorization request signs in with (cognito-wire.md §1.1): `identity_provider`
 * names COGNITO or one of the pool's providers, `idp_identifier` one of a provider's identifiers
 * (the name wins when both are given). A named provider must be one the app client lists.
 */
export type ProviderSelection =
  | { kind: 'cognito' }
  | { kind: 'external'; provider: IdentityProviderDescription }
  | { kind: 'error'; error: 'invalid_request' | 'unauthorized_client'; description: string };

export async function selectProvider(
  services: Services,
  pool: UserPool,
  client: UserPoolClient,
  named: { identityProvider?: string; idpIdentifier?: string },
): Promise<ProviderSelection> {
  const { identityProvider, idpIdentifier } = named;
  if (identityProvider === 'COGNITO' || (identityProvider === undefined && idpIdentifier === undefined)) return { kind: 'cognito' };
  const provider =
    identityProvider !== undefined
      ? await identityProviderForSignIn(services, pool.Id, { name: identityProvider })
      : await identityProviderForSignIn(services, pool.Id, { identifier: idpIdentifier! });
  if (!provider) {
    return {
      kind: 'error',
      error: 'invalid_request',
      description: identityProvider !== undefined ? `Identity provider ${identityProvider} does not exist for this user pool.` : 'No identity provider matches idp_identifier.',
    };
  }
  if (!(client.SupportedIdentityProviders ?? []).includes(provider.ProviderName!))
    return { kind: 'error', error: 'unauthorized_client', description: `The client does not support identity provider ${provider.ProviderName}.` };
  return { kind: 'external', provider };
}
