import type { Html } from './html.js';
import { html } from './html.js';
import type { Frame } from './layout.js';
import { csrfField, errorBox, field, layout, noticeBox } from './layout.js';

/**
 * The hosted pages. Form names, field names and element ids follow the fixed form contract the token
 * client drives (and Cognito's classic hosted UI): every form posts back to its own URL.
 */

interface FormPage {
  /** The URL the form posts to: the page's own, query string included. */
  action: string;
  csrf: string;
  error?: string;
  notice?: string;
}

export interface SignInPage extends FormPage {
  username?: string;
  signUpUrl?: string;
  forgotPasswordUrl: string;
  /** Shown with an unconfirmed account's error. */
  confirmUrl?: string;
  /** False when the app client supports no COGNITO sign-in: then only the providers are offered. */
  passwordForm?: boolean;
  /** "Sign in with …" buttons: each links to /oauth2/authorize with the same request and its identity_provider. */
  providers?: { label: string; url: string }[];
  /** The corporate-ID form (e-mail or domain to an IdP identifier); it posts to `action`. */
  corporateId?: { typed?: string };
  /** Managed login's sign-in form, which also offers signing in without a password (passwordless-pages.ts), in place of the classic one. */
  managedForm?: Html;
}

/** The external providers: buttons, and the corporate-ID field. */
function providerChoices(p: SignInPage): Html | '' {
  const buttons = p.providers ?? [];
  if (buttons.length === 0 && !p.corporateId) return '';
  return html`<div class="identity-providers">
${buttons.map((b) => html`<p><a class="idpButton-customizable submitButton-customizable" href="${b.url}">Sign in with ${b.label}</a></p>`)}
${
  p.corporateId
    ? html`<form name="corporateIdForm" method="post" action="${p.action}">
${csrfField(p.csrf)}
${field({ name: 'corporateId', id: 'corporateId', label: 'Sign in with your corporate ID', type: 'text', value: p.corporateId.typed, autocomplete: 'email', required: false })}
<button type="submit" name="corporateIdSubmitButton" class="submitButton-customizable">Sign in</button>
</form>`
    : ''
}
</div>${p.passwordForm === false ? '' : html`<p class="textDescription-customizable">or</p>`}`;
}

export function signInPage(frame: Frame, p: SignInPage): Html {
  return layout(
    frame,
    'Sign in',
    html`<h1>Sign in</h1>
${noticeBox(p.notice)}${errorBox(p.error)}${p.confirmUrl ? html`<p class="textDescription-customizable"><a href="${p.confirmUrl}">Confirm your account</a></p>` : ''}
${providerChoices(p)}${p.passwordForm === false ? '' : (p.managedForm ?? passwordForm(p))}`,
  );
}

function passwordForm(p: SignInPage): Html {
  return html`<form name="cognitoSignInForm" method="post" action="${p.action}" novalidate>
${csrfField(p.csrf)}
<input type="hidden" name="cognitoAsfData" value="">
${field({ name: 'username', id: 'signInFormUsername', label: 'Username', value: p.username, autocomplete: 'username', autofocus: !p.username })}
${field({ name: 'password', id: 'signInFormPassword', label: 'Password', type: 'password', autocomplete: 'current-password', autofocus: Boolean(p.username) })}
<button type="submit" name="signInSubmitButton" id="signInSubmitButton" class="submitButton-customizable">Sign in</button>
</form>
<div class="redirect-customizable">
<p><a href="${p.forgotPasswordUrl}">Forgot your password?</a></p>
${p.signUpUrl ? html`<p>Need an account? <a href="${p.signUpUrl}">Sign up</a></p>` : ''}
</div>`;
}

export interface NewPasswordPage extends FormPage {
  requiredAttributes: { name: string; label: string }[];
}

export function newPasswordPage(frame: Frame, p: NewPasswordPage): Html {
  return layout(
    frame,
    'Change password',
    html`<h1>Change password</h1>
<p class="textDescription-customizable">Please enter a new password.</p>
${errorBox(p.error)}
<form name="newPasswordForm" method="post" action="${p.action}">
${csrfField(p.csrf)}
${field({ name: 'newPassword', label: 'New password', type: 'password', autocomplete: 'new-password', autofocus: true })}
${field({ name: 'confirmPassword', label: 'Enter new password again', type: 'password', autocomplete: 'new-password' })}
${p.requiredAttributes.map((a) => field({ name: `requiredAttributes[${a.name}]`, label: a.label, autocomplete: autocompleteOf(a.name) }))}
<button type="submit" name="newPasswordSubmitButton" class="submitButton-customizable">Send</button>
</form>`,
  );
}

export interface MfaPage extends FormPage {
  kind: 'SOFTWARE_TOKEN_MFA' | 'SMS_MFA' | 'EMAIL_OTP';
  destination?: string;
  deviceName?: string;
  cancelUrl: string;
}

export function mfaPage(frame: Frame, p: MfaPage): Html {
  const description =
    p.kind === 'SOFTWARE_TOKEN_MFA'
      ? html`Enter the code from your authenticator app${p.deviceName ? html` (${p.deviceName})` : ''}.`
      : p.kind === 'SMS_MFA'
        ? html`We have sent a code by text message to ${p.destination ?? 'your phone'}. Enter it below.`
        : html`We have sent a code by e-mail to ${p.destination ?? 'your address'}. Enter it below.`;
  return layout(
    frame,
    'Verify your identity',
    html`<h1>Verify your identity</h1>
<p class="textDescription-customizable">${description}</p>
${errorBox(p.error)}
<form name="mfaForm" method="post" action="${p.action}">
${csrfField(p.csrf)}
${field({ name: 'code', label: 'Code', autocomplete: 'one-time-code', inputmode: 'numeric', autofocus: true })}
<button type="submit" name="mfaSubmitButton" class="submitButton-customizable">Sign in</button>
</form>
<div class="redirect-customizable"><p><a href="${p.cancelUrl}">Sign in as another user</a></p></div>`,
  );
}

const FACTOR_LABELS: Record<string, string> = {
  SOFTWARE_TOKEN_MFA: 'Authenticator app',
  SMS_MFA: 'Text message (SMS)',
  EMAIL_OTP: 'E-mail',
};

export interface SelectMfaPage extends FormPage {
  choices: string[];
  cancelUrl: string;
}

export function selectMfaPage(frame: Frame, p: SelectMfaPage): Html {
  return layout(
    frame,
    'Choose how to verify',
    html`<h1>Choose how to verify</h1>
<p class="textDescription-customizable">Choose how you want to receive your sign-in code.</p>
${errorBox(p.error)}
<form name="selectMfaForm" method="post" action="${p.action}">
${csrfField(p.csrf)}
${p.choices.map(
  (c, i) => html`<label class="choice"><input type="radio" name="mfaType" value="${c}"${i === 0 ? html` checked` : ''}> ${FACTOR_LABELS[c] ?? c}</label>`,
)}
<button type="submit" name="selectMfaSubmitButton" class="submitButton-customizable">Continue</button>
</form>
<div class="redirect-customizable"><p><a href="${p.cancelUrl}">Sign in as another user</a></p></div>`,
  );
}

export interface MfaSetupPage extends FormPage {
  secret: string;
  qr: Html;
  cancelUrl: string;
}

export function mfaSetupPage(frame: Frame, p: MfaSetupPage): Html {
  return layout(
    frame,
    'Set up an authenticator app',
    html`<h1>Set up an authenticator app</h1>
<p class="textDescription-customizable">Multi-factor authentication is required. Scan the QR code with an authenticator app, or enter the secret key by hand, then type the code the app shows.</p>
${errorBox(p.error)}
<div class="qr">${p.qr}</div>
<code class="secret" data-secret="${p.secret}">${p.secret}</code>
<form name="mfaSetupForm" method="post" action="${p.action}">
${csrfField(p.csrf)}
${field({ name: 'code', label: 'Code from the app', autocomplete: 'one-time-code', inputmode: 'numeric', autofocus: true })}
${field({ name: 'deviceName', label: 'Device name (optional)', required: false })}
<button type="submit" name="mfaSetupSubmitButton" class="submitButton-customizable">Verify</button>
</form>
<div class="redirect-customizable"><p><a href="${p.cancelUrl}">Sign in as another user</a></p></div>`,
  );
}

export interface SignUpField {
  /** `username`, `password` or `requiredAttributes[<name>]`. */
  name: string;
  label: string;
  type?: string;
  autocomplete?: string;
}

export interface SignUpPage extends FormPage {
  fields: SignUpField[];
  values: Record<string, string>;
  signInUrl: string;
  /** Managed login only: the client's terms of use and privacy policy links. */
  terms?: { termsOfUse?: string; privacyPolicy?: string };
}

/** Managed login's sentence under the sign-up button, naming the documents the client has. */
function termsSentence(terms: SignUpPage['terms']): Html | '' {
  const links = [
    terms?.termsOfUse ? html`<a id="termsOfUseLink" href="${terms.termsOfUse}" target="_blank" rel="noopener noreferrer">Terms of Use</a>` : undefined,
    terms?.privacyPolicy ? html`<a id="privacyPolicyLink" href="${terms.privacyPolicy}" target="_blank" rel="noopener noreferrer">Privacy Policy</a>` : undefined,
  ].filter((l): l is Html => l !== undefined);
  if (links.length === 0) return '';
  return html`<p class="terms">By signing up, you agree to our ${links.length === 2 ? html`${links[0]} and ${links[1]}` : links[0]}.</p>`;
}

export function signUpPage(frame: Frame, p: SignUpPage): Html {
  return layout(
    frame,
    'Sign up',
    html`<h1>Sign up</h1>
${errorBox(p.error)}
<form name="cognitoSignUpForm" method="post" action="${p.action}">
${csrfField(p.csrf)}
${p.fields.map((f, i) =>
  field({ name: f.name, label: f.label, type: f.type, autocomplete: f.autocomplete, value: f.type === 'password' ? undefined : p.values[f.name], autofocus: i === 0 }),
)}
<button type="submit" name="signUpButton" class="submitButton-customizable">Sign up</button>
</form>
${termsSentence(p.terms)}
<div class="redirect-customizable"><p>Already have an account? <a href="${p.signInUrl}">Sign in</a></p></div>`,
  );
}

export interface ConfirmPage extends FormPage {
  username: string;
  resendAction: string;
  signInUrl: string;
}

export function confirmPage(frame: Frame, p: ConfirmPage): Html {
  return layout(
    frame,
    'Confirm your account',
    html`<h1>Confirm your account</h1>
<p class="textDescription-customizable">We have sent a code to the address you gave for ${p.username}. Enter it below to confirm your account.</p>
${noticeBox(p.notice)}${errorBox(p.error)}
<form name="confirmForm" method="post" action="${p.action}">
${csrfField(p.csrf)}
${field({ name: 'code', label: 'Verification code', autocomplete: 'one-time-code', inputmode: 'numeric', autofocus: true })}
<button type="submit" name="confirmButton" class="submitButton-customizable">Confirm account</button>
</form>
<form name="resendCodeForm" method="post" action="${p.resendAction}" class="redirect-customizable">
${csrfField(p.csrf)}
<p>Didn't receive a code? <button type="submit" name="resendCodeButton" class="secondary">Send a new code</button></p>
</form>
<div class="redirect-customizable"><p><a href="${p.signInUrl}">Back to sign in</a></p></div>`,
  );
}

export interface ForgotPasswordPage extends FormPage {
  username?: string;
  signInUrl: string;
}

export function forgotPasswordPage(frame: Frame, p: ForgotPasswordPage): Html {
  return layout(
    frame,
    'Forgot your password?',
    html`<h1>Forgot your password?</h1>
<p class="textDescription-customizable">Enter your username and we will send you a code to reset your password.</p>
${errorBox(p.error)}
<form name="forgotPasswordForm" method="post" action="${p.action}">
${csrfField(p.csrf)}
${field({ name: 'username', label: 'Username', value: p.username, autocomplete: 'username', autofocus: true })}
<button type="submit" name="forgotPasswordButton" class="submitButton-customizable">Reset my password</button>
</form>
<div class="redirect-customizable"><p><a href="${p.signInUrl}">Back to sign in</a></p></div>`,
  );
}

export interface ConfirmForgotPasswordPage extends FormPage {
  username: string;
  signInUrl: string;
}

export function confirmForgotPasswordPage(frame: Frame, p: ConfirmForgotPasswordPage): Html {
  return layout(
    frame,
    'Reset your password',
    html`<h1>Reset your password</h1>
<p class="textDescription-customizable">If an account exists for ${p.username}, we have sent it a code. Enter the code and a new password.</p>
${errorBox(p.error)}
<form name="confirmForgotPasswordForm" method="post" action="${p.action}">
${csrfField(p.csrf)}
${field({ name: 'code', label: 'Code', autocomplete: 'one-time-code', inputmode: 'numeric', autofocus: true })}
${field({ name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password' })}
${field({ name: 'confirmPassword', label: 'Enter new password again', type: 'password', autocomplete: 'new-password' })}
<button type="submit" name="resetPasswordButton" class="submitButton-customizable">Change password</button>
</form>
<div class="redirect-customizable"><p><a href="${p.signInUrl}">Back to sign in</a></p></div>`,
  );
}

/** A page that only tells something (the link-confirmation result, throttling). */
export function messagePage(frame: Frame, title: string, message: string, kind: 'notice' | 'error', details: Html | '' = ''): Html {
  return layout(frame, title, html`<h1>${title}</h1>${kind === 'error' ? errorBox(message) : noticeBox(message)}${details}`);
}

const AUTOCOMPLETE: Record<string, string> = {
  email: 'email',
  phone_number: 'tel',
  name: 'name',
  given_name: 'given-name',
  family_name: 'family-name',
  middle_name: 'additional-name',
  nickname: 'nickname',
  preferred_username: 'username',
  birthdate: 'bday',
  gender: 'sex',
  locale: 'language',
  address: 'street-address',
  website: 'url',
};

export const autocompleteOf = (attribute: string): string | undefined => AUTOCOMPLETE[attribute];
