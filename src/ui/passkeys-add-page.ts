import { createHash } from 'node:crypto';
import type { Html } from './html.js';
import { html } from './html.js';
import type { Frame } from './layout.js';
import { csrfField, errorBox, layout } from './layout.js';

/**
 * The managed login page that adds a passkey for the signed-in user (`/passkeys/add`). The creation
 * options ride in a data attribute (escaped like any attribute); the page's one script, served from
 * this server under the CSP nonce, runs navigator.credentials.create and posts the credential's JSON.
 */

export interface PasskeyAddPage {
  action: string;
  csrf: string;
  /** StartWebAuthnRegistration's creation options; absent when the ceremony cannot start (the error says why). */
  creationOptions?: unknown;
  error?: string;
  skipUrl: string;
  scriptNonce?: string;
}

export function passkeyAddPage(frame: Frame, p: PasskeyAddPage): Html {
  return layout(
    frame,
    'Add a passkey',
    html`<h1>Add a passkey</h1>
<p class="textDescription-customizable">Sign in faster next time: a passkey uses your device's screen lock or security key instead of a password.</p>
${errorBox(p.error)}<p class="error errorMessage-customizable" id="passkeyStatus" role="alert" hidden></p>
${
  p.creationOptions !== undefined
    ? html`<form name="passkeyAddForm" id="passkeyAddForm" method="post" action="${p.action}" data-options="${JSON.stringify(p.creationOptions)}">
${csrfField(p.csrf)}
<input type="hidden" name="credential" id="passkeyCredential" value="">
<button type="button" name="passkeyAddButton" id="passkeyAddButton" class="submitButton-customizable">Add a passkey</button>
</form>
<script nonce="${p.scriptNonce ?? ''}" src="${frame.base}/ui/passkeys-add.js?v=${PASSKEY_ADD_JS_VERSION}"></script>`
    : ''
}
<div class="redirect-customizable"><p><a id="passkeySkipLink" href="${p.skipUrl}">Not now</a></p></div>`,
  );
}

/** Base64url on both sides, as the credential's toJSON() and the server's options use it; a fallback for browsers without the JSON helpers. */
export const PASSKEY_ADD_JS = `(() => {
  'use strict';
  const form = document.getElementById('passkeyAddForm');
  const button = document.getElementById('passkeyAddButton');
  const status = document.getElementById('passkeyStatus');
  if (!form || !button || !status) return;
  const say = (text) => { status.textContent = text; status.hidden = false; };
  const toBuffer = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4)), (c) => c.charCodeAt(0)).buffer;
  const toText = (b) => btoa(String.fromCharCode(...new Uint8Array(b))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  const creationOptions = (json) =>
    typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function'
      ? PublicKeyCredential.parseCreationOptionsFromJSON(json)
      : { ...json, challenge: toBuffer(json.challenge), user: { ...json.user, id: toBuffer(json.user.id) },
          excludeCredentials: (json.excludeCredentials || []).map((c) => ({ ...c, id: toBuffer(c.id) })) };
  const credentialJson = (c) =>
    typeof c.toJSON === 'function'
      ? c.toJSON()
      : { id: c.id, rawId: toText(c.rawId), type: c.type, authenticatorAttachment: c.authenticatorAttachment || undefined,
          clientExtensionResults: c.getClientExtensionResults(),
          response: { clientDataJSON: toText(c.response.clientDataJSON), attestationObject: toText(c.response.attestationObject),
            transports: typeof c.response.getTransports === 'function' ? c.response.getTransports() : [] } };
  if (!window.PublicKeyCredential || !navigator.credentials) {
    button.disabled = true;
    say('This browser cannot create passkeys.');
    return;
  }
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const options = creationOptions(JSON.parse(form.dataset.options));
      const credential = await navigator.credentials.create({ publicKey: options });
      document.getElementById('passkeyCredential').value = JSON.stringify(credentialJson(credential));
      form.submit();
    } catch (error) {
      button.disabled = false;
      say(error && error.name === 'NotAllowedError' ? 'The passkey was not created. You can try again.' : 'The passkey could not be created: ' + (error && error.message ? error.message : String(error)));
    }
  });
})();
`;

export const PASSKEY_ADD_JS_VERSION = createHash('sha256').update(PASSKEY_ADD_JS).digest('hex').slice(0, 12);
