/**
 * The links the managed login sign-up page shows under "By signing up, you agree to …": a client's
 * terms of use and privacy policy, each in the page's language when it has a link for it, else its
 * `cognito:default` link. As in Cognito, nothing is shown until the client has both documents.
 */
import * as repo from '../../store/terms.js';
import type { Services } from '../services.js';

export interface SignUpTermsLinks {
  termsOfUse?: string;
  privacyPolicy?: string;
}

/** Managed login's `lang` values and the link keys Cognito names their languages by. */
const LANGUAGE_KEYS: Readonly<Record<string, string>> = {
  en: 'cognito:english',
  fr: 'cognito:french',
  es: 'cognito:spanish',
  de: 'cognito:german',
  nl: 'cognito:dutch',
  id: 'cognito:bahasa-indonesia',
  it: 'cognito:italian',
  ja: 'cognito:japanese',
  ko: 'cognito:korean',
  'pt-br': 'cognito:portuguese-brazil',
  'zh-cn': 'cognito:chinese-simplified',
  'zh-tw': 'cognito:chinese-traditional',
};

const SAFE_LINK = /^https?:\/\//i;

function linkFor(record: repo.TermsRecord | undefined, lang: string | undefined): string | undefined {
  if (!record || record.config.TermsSource !== 'LINK') return undefined;
  const links = record.config.Links;
  const key = lang ? LANGUAGE_KEYS[lang.toLowerCase()] : undefined;
  const link = (key ? links[key] : undefined) ?? links['cognito:default'];
  // Only web links become an href: a stored `javascript:` URL must not reach the page.
  return link && SAFE_LINK.test(link) ? link : undefined;
}

export async function signUpTermsLinks(services: Services, poolId: string, clientId: string, lang: string | undefined): Promise<SignUpTermsLinks> {
  const db = services.store.db;
  const termsOfUse = linkFor(await repo.findTermsByName(db, poolId, clientId, 'terms-of-use'), lang);
  const privacyPolicy = linkFor(await repo.findTermsByName(db, poolId, clientId, 'privacy-policy'), lang);
  return termsOfUse && privacyPolicy ? { termsOfUse, privacyPolicy } : {};
}
