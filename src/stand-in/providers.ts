import { randomBytes, randomInt } from 'node:crypto';
import type { StandInIdentity } from '../store/stand-in.js';

/**
 * What each social provider Cognate stands in for says about a person, by the provider's own claim
 * names, so federation maps them exactly as it would map the real provider's answer.
 */

export const SOCIAL_TYPES = ['Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple'] as const;
export type SocialType = (typeof SOCIAL_TYPES)[number];

export const isSocialType = (value: string): value is SocialType => (SOCIAL_TYPES as readonly string[]).includes(value);

export const DISPLAY_NAMES: Record<SocialType, string> = {
  Google: 'Google',
  Facebook: 'Facebook',
  LoginWithAmazon: 'Login with Amazon',
  SignInWithApple: 'Sign in with Apple',
};

/** Google and Apple are OpenID providers and answer the token request with an ID token; Facebook and Amazon do not. */
export const issuesIdToken = (type: SocialType): boolean => type === 'Google' || type === 'SignInWithApple';

/** A subject in the shape the provider uses, for an identity typed without one. */
export function newSubject(type: SocialType): string {
  const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');
  switch (type) {
    case 'Google':
      return `1${digits(20)}`;
    case 'Facebook':
      return `1${digits(15)}`;
    case 'LoginWithAmazon':
      return `amzn1.account.${randomBytes(14).toString('hex').toUpperCase()}`;
    case 'SignInWithApple':
      return `00${digits(4)}.${randomBytes(16).toString('hex')}.${digits(4)}`;
  }
}

function nameParts(identity: StandInIdentity): { given?: string; family?: string } {
  if (identity.given_name || identity.family_name) return { given: identity.given_name, family: identity.family_name };
  const words = identity.name?.trim().split(/\s+/) ?? [];
  if (words.length < 2) return { given: words[0] };
  return { given: words.slice(0, -1).join(' '), family: words.at(-1) };
}

const defined = (claims: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined && v !== ''));

/** The userinfo answer, as the provider names its members. */
export function userInfo(type: SocialType, identity: StandInIdentity): Record<string, unknown> {
  const { given, family } = nameParts(identity);
  switch (type) {
    case 'Google':
      return defined({
        sub: identity.sub,
        email: identity.email,
        email_verified: identity.email ? true : undefined,
        name: identity.name,
        given_name: given,
        family_name: family,
        picture: identity.picture,
      });
    case 'Facebook':
      return defined({
        id: identity.sub,
        email: identity.email,
        name: identity.name,
        first_name: given,
        last_name: family,
        // The Graph API answers `picture` as an object around the URL.
        picture: identity.picture ? { data: { url: identity.picture, height: 50, width: 50, is_silhouette: false } } : undefined,
      });
    case 'LoginWithAmazon':
      return defined({ user_id: identity.sub, email: identity.email, name: identity.name });
    case 'SignInWithApple':
      return defined({ sub: identity.sub, email: identity.email, email_verified: identity.email ? true : undefined });
  }
}

/** The person's claims in the ID token (Google and Apple); the registered claims are added by the token endpoint. */
export function idTokenClaims(type: SocialType, identity: StandInIdentity): Record<string, unknown> {
  if (type === 'SignInWithApple') {
    // Apple never puts the name in the token: it comes once, in the `user` form field of the first sign-in.
    return defined({ sub: identity.sub, email: identity.email, email_verified: identity.email ? true : undefined, is_private_email: identity.email ? false : undefined });
  }
  return userInfo(type, identity);
}

/** Apple's `user` form field of a first sign-in: the name the person shared, and the e-mail. */
export function appleUserField(identity: StandInIdentity): string {
  const { given, family } = nameParts(identity);
  return JSON.stringify({ name: { firstName: given ?? '', lastName: family ?? '' }, ...(identity.email ? { email: identity.email } : {}) });
}
