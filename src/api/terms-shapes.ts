import type { TermsType } from '@aws-sdk/client-cognito-identity-provider';
import type { Terms } from '../core/terms/terms.js';
import { enumOf, map, str } from './shapes.js';

// The members of the terms operations, with the service model's constraints.
export const TermsId = str({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[4][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$' });
export const TermsName = str({ pattern: '^(terms-of-use|privacy-policy)$' });
export const TermsSource = enumOf(['LINK']);
export const TermsEnforcement = enumOf(['NONE']);
export const Links = map(
  str({ pattern: '^cognito:(default|dutch|english|french|spanish|german|bahasa-indonesia|italian|japanese|korean|portuguese-brazil|chinese-(simplified|traditional))$' }),
  str({ min: 1, max: 1024, pattern: '^[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+$' }),
  { min: 1, max: 13 },
);

/** A terms document on the wire, its dates as timestamps. */
export function wireTerms(t: Terms): TermsType {
  return { ...t, CreationDate: new Date(t.CreationDate), LastModifiedDate: new Date(t.LastModifiedDate) } as TermsType;
}
