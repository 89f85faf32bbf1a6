import * as repo from '../../store/webauthn-credentials.js';
import { CognitoError, err } from '../errors.js';
import type { PasskeyOwner } from './owner.js';

/** ListWebAuthnCredentials and DeleteWebAuthnCredential: a signed-in user's own passkeys. */

export interface CredentialDescription {
  CredentialId: string;
  FriendlyCredentialName: string;
  RelyingPartyId: string;
  AuthenticatorAttachment?: string;
  AuthenticatorTransports: string[];
  CreatedAt: Date;
}

const DEFAULT_PAGE = 20;

/** One page, oldest first; NextToken is the offset of the next page, which only this server reads. */
export async function listPasskeys(owner: PasskeyOwner, maxResults: number | undefined, nextToken: string | undefined): Promise<{ Credentials: CredentialDescription[]; NextToken?: string }> {
  const offset = nextToken === undefined ? 0 : Number(nextToken);
  if (nextToken !== undefined && !/^\d{1,6}$/.test(nextToken)) throw err.invalidParameter('Invalid NextToken.');
  const limit = maxResults === undefined || maxResults === 0 ? DEFAULT_PAGE : maxResults;
  const rows = await repo.listCredentials(owner.services.store.db, owner.pool.Id, owner.user.usernameKey, { offset, limit: limit + 1 });
  const page = rows.slice(0, limit);
  return {
    Credentials: page.map((c) => ({
      CredentialId: c.credential_id,
      FriendlyCredentialName: c.friendly_name,
      RelyingPartyId: c.relying_party_id,
      ...(c.authenticator_attachment ? { AuthenticatorAttachment: c.authenticator_attachment } : {}),
      AuthenticatorTransports: c.transports,
      CreatedAt: new Date(c.created_at),
    })),
    ...(rows.length > limit ? { NextToken: String(offset + limit) } : {}),
  };
}

export async function deletePasskey(owner: PasskeyOwner, credentialId: string): Promise<void> {
  if (!(await repo.deleteCredential(owner.services.store.db, owner.pool.Id, owner.user.usernameKey, credentialId))) {
    throw new CognitoError('ResourceNotFoundException', 'Credential not found.');
  }
}
