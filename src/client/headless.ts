import { CookieJar } from './cookie-jar.js';
import { TokenClientError } from './errors.js';
import type { HtmlForm } from './html-forms.js';
import { dataSecret, errorText, formValues, parseForms } from './html-forms.js';
import { send } from './http.js';
import { redirectError } from './loopback.js';
import { totpCode } from './totp.js';

/**
 * Unattended sign-in through a hosted UI, for CI: the real authorization request, answered by filling
 * in the sign-in pages as a person would, with no browser. It follows the hosted form contract
 * (docs/token-client.md): forms named `cognitoSignInForm` (as Cognito's classic hosted UI names it),
 * `newPasswordForm`, `mfaForm`, `selectMfaForm` and `mfaSetupForm`, each with a hidden `_csrf` equal to
 * the `XSRF-TOKEN` cookie, posted back as `application/x-www-form-urlencoded`. The final redirect to the
 * client's redirect URI is captured, never followed.
 */

export interface HeadlessCredentials {
  /** For Cognate's (or an upstream Cognate pool's) sign-in form; absent when signing in at a social stand-in only. */
  username?: string;
  password?: string;
  /** What to type on Cognate's social stand-in page (sub, email, name, picture, ...); defaults in `standInValues`. */
  standInIdentity?: Record<string, string>;
  /** Base32 TOTP secret, to answer an authenticator-app MFA step. */
  totpSecret?: string;
  /** For a user who must choose a new password at first sign-in. */
  newPassword?: string;
  /** Values for attributes the new-password step requires. */
  userAttributes?: Record<string, string>;
  onStatus?: (message: string) => void;
}

export interface HeadlessResult {
  /** The parameters of the redirect to the client: query and fragment together. */
  params: URLSearchParams;
  /** A TOTP secret the MFA set-up step created, if it ran. */
  totpSecret?: string;
}

// The stand-in's forms: its identity form, and Sign in with Apple's form_post answer to carry on.
const FORM_NAMES = ['cognitoSignInForm', 'newPasswordForm', 'mfaForm', 'selectMfaForm', 'mfaSetupForm', 'standInIdentityForm', 'standInFormPost'] as const;
const STAND_IN_FORMS: ReadonlySet<string> = new Set(['standInIdentityForm', 'standInFormPost']);
type FormName = (typeof FORM_NAMES)[number];
const MAX_STEPS = 25;

const signInError = (message: string, code?: string) => new TokenClientError('sign-in', message, code);

function isRedirectTo(location: URL, redirectUri: string): boolean {
  const target = new URL(redirectUri);
  return location.origin === target.origin && location.pathname === target.pathname;
}

function redirectParams(location: URL): URLSearchParams {
  const params = new URLSearchParams(location.search);
  for (const [k, v] of new URLSearchParams(location.hash.slice(1))) params.set(k, v);
  return params;
}

/** The form of the page to answer: the first contract form, and of the sign-in form the one with a password. */
function pageForm(forms: HtmlForm[]): (HtmlForm & { name: FormName }) | undefined {
  for (const name of FORM_NAMES) {
    const candidates = forms.filter((f) => f.name === name);
    const best = name === 'cognitoSignInForm' ? (candidates.find((f) => f.fields.some((x) => x.name === 'password')) ?? candidates[0]) : candidates[0];
    if (best) return best as HtmlForm & { name: FormName };
  }
  return undefined;
}

/**
 * The identity typed at the stand-in: `--stand-in-identity` as given, else one derived from `--username`
 * (its subject, and its e-mail when it is one), else a fixed CI identity, so repeated runs are one user.
 */
export function standInValues(credentials: HeadlessCredentials): Record<string, string> {
  if (credentials.standInIdentity && Object.keys(credentials.standInIdentity).length > 0) return { ...credentials.standInIdentity };
  const username = credentials.username;
  if (username) return { sub: username, ...(username.includes('@') ? { email: username } : {}), name: username };
  return { sub: 'cognate-token-client', email: 'cognate-token-client@example.com', name: 'Cognate Token Client' };
}

export async function signInHeadless(authorizationUrl: string, redirectUri: string, credentials: HeadlessCredentials): Promise<HeadlessResult> {
  const jar = new CookieJar();
  const status = credentials.onStatus ?? (() => undefined);
  let totpSecret = credentials.totpSecret;
  let createdSecret: string | undefined;
  let url = authorizationUrl;
  let post: URLSearchParams | undefined;
  let posted: FormName | undefined;

  for (let step = 0; step < MAX_STEPS; step++) {
    const cookie = jar.header(url);
    const res = await send(url, {
      method: post ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        accept: 'text/html',
        ...(cookie ? { cookie } : {}),
        ...(post ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: post?.toString(),
    });
    jar.store(url, res);

    if (res.status >= 300 && res.status < 400) {
      const location = res.headers.get('location');
      if (!location) throw signInError(`${url} answered ${res.status} without a Location`);
      const next = new URL(location, url);
      if (isRedirectTo(next, redirectUri)) {
        const params = redirectParams(next);
        const failure = redirectError(params);
        if (failure) throw failure;
        return { params, ...(createdSecret ? { totpSecret: createdSecret } : {}) };
      }
      if (/\/error$/.test(next.pathname) && next.searchParams.has('error'))
        throw signInError(
          `The hosted UI refused the request: ${next.searchParams.get('error')}` +
            // Cognito answers an unknown client the same way as an unlisted callback, so name both causes.
            (next.searchParams.get('error') === 'redirect_mismatch'
              ? `: the app client ${next.searchParams.get('client_id') ?? '(none given)'} does not exist in this pool, or does not list ${redirectUri} among its callback URLs; check --client-id, then --redirect-uri`
              : ''),
          next.searchParams.get('error') ?? undefined,
        );
      url = next.toString();
      post = undefined;
      continue;
    }

    const html = await res.text();
    const shown = errorText(html);
    if (res.status >= 400) throw signInError(`The hosted UI answered HTTP ${res.status} at ${new URL(url).pathname}${shown ? `: ${shown}` : ''}`);
    const form = pageForm(parseForms(html));
    // A step that worked answers 303; the same page again, or any page with an error, means it did not.
    if (posted && (shown || !form || form.name === posted)) throw signInError(shown ?? `The hosted UI did not accept the ${posted} step`);
    if (!form)
      throw signInError(`No sign-in form at ${new URL(url).pathname}${shown ? ` (the page says: ${shown})` : ''}; unattended sign-in needs a hosted UI with the classic Cognito form names`);

    const values = formValues(form);
    if (values._csrf === undefined) {
      const token = jar.get(url, 'XSRF-TOKEN');
      if (token) values._csrf = token;
    }
    switch (form.name) {
      case 'cognitoSignInForm':
        if (credentials.username === undefined || credentials.password === undefined)
          throw signInError(`The sign-in page at ${new URL(url).host} asks for a username and password: give --username and --password`);
        status(`Signing in as ${credentials.username}`);
        values.username = credentials.username;
        values.password = credentials.password;
        break;
      case 'standInIdentityForm':
        Object.assign(values, standInValues(credentials));
        status(`Signing in at the stand-in as ${values.sub}`);
        break;
      case 'standInFormPost':
        break;
      case 'newPasswordForm': {
        if (!credentials.newPassword) throw signInError('The user must choose a new password: give --new-password (or COGNATE_NEW_PASSWORD)', 'NEW_PASSWORD_REQUIRED');
        status('Setting the new password');
        values.newPassword = credentials.newPassword;
        values.confirmPassword = credentials.newPassword;
        const missing: string[] = [];
        for (const field of form.fields) {
          const m = /^requiredAttributes\[(.+)\]$/.exec(field.name);
          if (!m) continue;
          const value = credentials.userAttributes?.[m[1]!];
          if (value === undefined) missing.push(m[1]!);
          else values[field.name] = value;
        }
        if (missing.length) throw signInError(`The new-password step requires attributes ${missing.join(', ')}: give --user-attribute name=value`);
        break;
      }
      case 'selectMfaForm': {
        const offered = form.choices('mfaType');
        if (!totpSecret || (offered.length > 0 && !offered.includes('SOFTWARE_TOKEN_MFA')))
          throw signInError(`The hosted UI asks to choose an MFA method (${offered.join(', ') || 'unknown'}); unattended sign-in answers only SOFTWARE_TOKEN_MFA, with --totp-secret`);
        status('Choosing the authenticator app for MFA');
        values.mfaType = 'SOFTWARE_TOKEN_MFA';
        break;
      }
      case 'mfaForm':
        if (!totpSecret) throw signInError('The hosted UI asks for an MFA code: give --totp-secret (SMS and e-mail codes cannot be answered unattended)', 'MFA');
        status('Answering the MFA step with a TOTP code');
        values.code = totpCode(totpSecret);
        break;
      case 'mfaSetupForm': {
        const secret = dataSecret(html);
        if (!secret) throw signInError('The MFA set-up page shows no data-secret');
        totpSecret = createdSecret = secret;
        status(`Setting up TOTP MFA; the new secret is ${secret} (give it as --totp-secret from now on)`);
        values.code = totpCode(secret);
        if ('deviceName' in values || form.fields.some((f) => f.name === 'deviceName')) values.deviceName = 'cognate';
        break;
      }
    }
    if (values._csrf === undefined && !STAND_IN_FORMS.has(form.name)) throw signInError(`The ${form.name} form has no _csrf field and no XSRF-TOKEN cookie was set`);
    url = form.action ? new URL(form.action, url).toString() : url;
    post = new URLSearchParams(values);
    posted = form.name;
  }
  throw signInError(`Unattended sign-in did not reach ${redirectUri} within ${MAX_STEPS} steps`);
}
