import type { FirstFactorChallengeName } from '../core/signin/steps.js';
import type { Html } from './html.js';
import { html, trustedMarkup } from './html.js';
import type { Frame } from './layout.js';
import { csrfField, errorBox, field, layout } from './layout.js';

/**
 * The managed login (version 2) pages of choice-based sign-in: the sign-in form that also offers the
 * other ways in, the choice of first factor, the code page and the passkey page. Every one but the
 * passkey page works without JavaScript; all post back to their own URL.
 */

interface FormPage {
  action: string;
  csrf: string;
  error?: string;
}

export interface ManagedSignInForm extends FormPage {
  username?: string;
  /** Whether the pool signs in with passwords at all (PASSWORD among its first factors). */
  passwordField: boolean;
  forgotPasswordUrl: string;
  signUpUrl?: string;
}

/**
 * The sign-in form of managed login: the classic form's names and ids, the password optional. A name
 * without a password (or "Other ways to sign in") goes on to the choice of first factors.
 */
export function managedSignInForm(p: ManagedSignInForm): Html {
  return html`<form name="cognitoSignInForm" method="post" action="${p.action}" novalidate>
${csrfField(p.csrf)}
<input type="hidden" name="cognitoAsfData" value="">
${field({ name: 'username', id: 'signInFormUsername', label: 'Username', value: p.username, autocomplete: 'username webauthn', autofocus: !p.username })}
${p.passwordField ? field({ name: 'password', id: 'signInFormPassword', label: 'Password', type: 'password', autocomplete: 'current-password', autofocus: Boolean(p.username), required: false }) : ''}
<button type="submit" name="signInSubmitButton" id="signInSubmitButton" class="submitButton-customizable">${p.passwordField ? 'Sign in' : 'Next'}</button>
${p.passwordField ? html`<button type="submit" name="signInOptions" value="1" id="signInOptionsButton" class="secondary">Other ways to sign in</button>` : ''}
</form>
<div class="redirect-customizable">
${p.passwordField ? html`<p><a href="${p.forgotPasswordUrl}">Forgot your password?</a></p>` : ''}
${p.signUpUrl ? html`<p>Need an account? <a href="${p.signUpUrl}">Sign up</a></p>` : ''}
</div>`;
}

const CHOICE_LABELS: Partial<Record<FirstFactorChallengeName, string>> = {
  EMAIL_OTP: 'Sign in with an email code',
  SMS_OTP: 'Sign in with an SMS code',
  WEB_AUTHN: 'Sign in with a passkey',
};

export interface SelectChallengePage extends FormPage {
  username: string;
  choices: FirstFactorChallengeName[];
  cancelUrl: string;
}

export function selectChallengePage(frame: Frame, p: SelectChallengePage): Html {
  const passwordless = p.choices.filter((c) => CHOICE_LABELS[c] !== undefined);
  return layout(
    frame,
    'Sign in',
    html`<h1>Sign in</h1>
<p class="textDescription-customizable">Signing in as <strong>${p.username}</strong>.</p>
${errorBox(p.error)}
${
  p.choices.includes('PASSWORD')
    ? html`<form name="passwordChallengeForm" method="post" action="${p.action}">
${csrfField(p.csrf)}
<input type="hidden" name="challenge" value="PASSWORD">
${field({ name: 'password', id: 'challengePassword', label: 'Password', type: 'password', autocomplete: 'current-password', autofocus: true })}
<button type="submit" name="passwordChallengeButton" class="submitButton-customizable">Sign in</button>
</form>
${passwordless.length > 0 ? html`<p class="textDescription-customizable">or</p>` : ''}`
    : ''
}
${
  passwordless.length > 0
    ? html`<form name="selectChallengeForm" method="post" action="${p.action}" class="choices">
${csrfField(p.csrf)}
${passwordless.map((c) => html`<p><button type="submit" name="challenge" value="${c}" class="submitButton-customizable choice-${c.toLowerCase()}">${CHOICE_LABELS[c]}</button></p>`)}
</form>`
    : ''
}
<div class="redirect-customizable"><p><a href="${p.cancelUrl}">Sign in as another user</a></p></div>`,
  );
}

export interface PasswordlessCodePage extends FormPage {
  factor: 'EMAIL_OTP' | 'SMS_OTP';
  destination?: string;
  cancelUrl: string;
}

export function passwordlessCodePage(frame: Frame, p: PasswordlessCodePage): Html {
  const description =
    p.factor === 'EMAIL_OTP'
      ? html`We have sent a code by e-mail to ${p.destination ?? 'your address'}. Enter it below to sign in.`
      : html`We have sent a code by text message to ${p.destination ?? 'your phone'}. Enter it below to sign in.`;
  return layout(
    frame,
    'Enter your code',
    html`<h1>Enter your code</h1>
<p class="textDescription-customizable">${description}</p>
${errorBox(p.error)}
<form name="passwordlessCodeForm" method="post" action="${p.action}">
${csrfField(p.csrf)}
${field({ name: 'code', label: 'Code', autocomplete: 'one-time-code', inputmode: 'numeric', autofocus: true })}
<button type="submit" name="passwordlessCodeButton" class="submitButton-customizable">Sign in</button>
</form>
<div class="redirect-customizable"><p><a href="${p.cancelUrl}">Sign in another way</a></p></div>`,
  );
}

export interface PasskeyPage extends FormPage {
  /** CREDENTIAL_REQUEST_OPTIONS: the options navigator.credentials.get takes, as JSON. */
  options: string;
  /** The CSP nonce that lets the page's own script run. */
  scriptNonce?: string;
  cancelUrl: string;
}

/**
 * Asks the browser for an assertion with the page's options and posts it, as JSON, in the form's
 * `credential` field. Written out by hand rather than with PublicKeyCredential.parseRequestOptionsFromJSON
 * and toJSON, which older browsers lack. A constant, never request data: options come from `data-options`.
 */
const PASSKEY_SCRIPT = String.raw`(() => {
  const form = document.forms.passkeyForm;
  const status = document.getElementById('passkeyStatus');
  const fromB64 = (s) => Uint8Array.from(atob(s.replaceAll('-', '+').replaceAll('_', '/') + '==='.slice((s.length + 3) % 4)), (c) => c.charCodeAt(0));
  const toB64 = (b) => btoa(String.fromCharCode(...new Uint8Array(b))).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
  document.getElementById('passkeyButton').addEventListener('click', async () => {
    const o = JSON.parse(form.dataset.options);
    status.hidden = true;
    try {
      const c = await navigator.credentials.get({ publicKey: { ...o, challenge: fromB64(o.challenge), allowCredentials: (o.allowCredentials || []).map((a) => ({ ...a, id: fromB64(a.id) })) } });
      const r = c.response;
      form.elements.credential.value = JSON.stringify({
        id: c.id, rawId: toB64(c.rawId), type: c.type, authenticatorAttachment: c.authenticatorAttachment || undefined,
        clientExtensionResults: c.getClientExtensionResults(),
        response: { clientDataJSON: toB64(r.clientDataJSON), authenticatorData: toB64(r.authenticatorData), signature: toB64(r.signature), userHandle: r.userHandle ? toB64(r.userHandle) : undefined },
      });
      form.submit();
    } catch {
      status.hidden = false;
    }
  });
})();`;

export function passkeyPage(frame: Frame, p: PasskeyPage): Html {
  return layout(
    frame,
    'Sign in with a passkey',
    html`<h1>Sign in with a passkey</h1>
<p class="textDescription-customizable">Use the passkey saved on this device or your security key.</p>
${errorBox(p.error)}
<p class="error errorMessage-customizable" role="alert" id="passkeyStatus" hidden>The passkey could not be used. Try again, or sign in another way.</p>
<noscript><p class="error errorMessage-customizable">Signing in with a passkey needs JavaScript. Sign in another way, or turn JavaScript on.</p></noscript>
<form name="passkeyForm" method="post" action="${p.action}" data-options="${p.options}">
${csrfField(p.csrf)}
<input type="hidden" name="credential" value="">
<button type="button" id="passkeyButton" class="submitButton-customizable">Use my passkey</button>
</form>
<div class="redirect-customizable"><p><a href="${p.cancelUrl}">Sign in another way</a></p></div>
${p.scriptNonce ? html`<script nonce="${p.scriptNonce}">${trustedMarkup(PASSKEY_SCRIPT)}</script>` : ''}`,
  );
}
