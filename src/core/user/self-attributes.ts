import type { Attribute } from './types.js';
import type { UserPoolClient } from '../client/clients.js';
import { CognitoError } from '../errors.js';
import type { User } from './users.js';
import { wireAttributes } from './users.js';

/**
 * What an app client lets its users read and write about themselves (ReadAttributes and
 * WriteAttributes; all attributes when the client leaves them out). The verified flags are Cognito's
 * alone to set, and developer-only attributes stay hidden from users.
 */

const SET_BY_COGNITO = new Set(['sub', 'email_verified', 'phone_number_verified']);

const unauthorizedWrite = () => new CognitoError('NotAuthorizedException', 'A client attempted to write unauthorized attribute');

/** Attribute names as a client lists them: custom attributes may appear with or without `dev:`. */
const listed = (names: readonly string[] | undefined) => (names ? new Set(names.map((n) => n.replace(/^dev:/, ''))) : undefined);

/** Refuses names (schema names, as validateAttributeWrites returns them) the client may not write. */
export function checkClientMayWrite(client: UserPoolClient, names: Iterable<string>): void {
  const writable = listed(client.WriteAttributes);
  for (const name of names) {
    if (SET_BY_COGNITO.has(name) || name.startsWith('dev:')) throw unauthorizedWrite();
    if (writable && !writable.has(name)) throw unauthorizedWrite();
  }
}

/** The user's attributes the client may read, `sub` always among them. */
export function readableAttributes(client: UserPoolClient, user: User): Attribute[] {
  const readable = listed(client.ReadAttributes);
  return wireAttributes(user).filter(({ Name }) => {
    const name = Name!;
    if (name === 'sub') return true;
    if (readable) return readable.has(name.replace(/^dev:/, ''));
    return !name.startsWith('dev:');
  });
}
