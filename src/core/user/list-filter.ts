import { err } from '../errors.js';

/** ListUsers' `Filter`: `attribute = "value"` (exact) or `attribute ^= "value"` (prefix). */
export interface UserFilter {
  attribute: SearchableAttribute;
  op: '=' | '^=';
  value: string;
}

export const SEARCHABLE_ATTRIBUTES = [
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
] as const;
export type SearchableAttribute = (typeof SEARCHABLE_ATTRIBUTES)[number];

// The value is everything between the first and the last double quote, so it may itself contain quotes.
const FILTER = /^\s*([A-Za-z_:]+)\s*(\^?=)\s*"(.*)"\s*$/su;

const parseError = () => err.invalidParameter('Error while parsing filter.');

/** Undefined for an empty filter (Cognito lists everyone); InvalidParameterException for anything unparsable. */
export function parseUserFilter(filter: string | undefined): UserFilter | undefined {
  if (filter === undefined || filter.trim() === '') return undefined;
  const m = FILTER.exec(filter);
  if (!m) throw parseError();
  const [, attribute, op, raw] = m as unknown as [string, string, '=' | '^=', string];
  if (!(SEARCHABLE_ATTRIBUTES as readonly string[]).includes(attribute)) throw parseError();
  // `\"` and `\\` inside the value stand for the characters themselves.
  const value = raw.replace(/\\(["\\])/g, '$1');
  return { attribute: attribute as SearchableAttribute, op, value };
}
