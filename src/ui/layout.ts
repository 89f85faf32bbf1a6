import type { PageBranding } from '../core/pool/ui-customization.js';
import type { Html } from './html.js';
import { html, styleText } from './html.js';
import type { ManagedLoginLook } from './managed-login-layout.js';
import { managedLoginLayout } from './managed-login-layout.js';
import { HOSTED_CSS_VERSION } from './styles.js';

/** What every hosted page is framed with: the pool's name, its branding, and where this host serves the assets. */
export interface Frame {
  /** `/<poolId>` in the path form, empty on a pool's domain; `.` where only a relative URL is known. */
  base: string;
  poolName: string;
  branding?: PageBranding;
  /** The CSP nonce that lets the pool's CSS run as an inline <style>. */
  styleNonce?: string;
  /** Set when the domain serves managed login (version 2): the pages take its layout and the client's branding style. */
  managedLogin?: ManagedLoginLook;
}

export function layout(frame: Frame, title: string, body: Html): Html {
  if (frame.managedLogin) return managedLoginLayout(frame.managedLogin, frame, title, body);
  const { base, branding } = frame;
  const logo = branding?.imageVersion
    ? html`<img class="logo-customizable" src="${base}/ui/logo/${encodeURIComponent(branding.clientKey)}?v=${branding.imageVersion}" alt="${frame.poolName}">`
    : frame.poolName
      ? html`<p class="pool-name">${frame.poolName}</p>`
      : '';
  const custom = branding?.css && frame.styleNonce ? html`<style nonce="${frame.styleNonce}">${styleText(branding.css)}</style>` : '';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<link rel="stylesheet" href="${base}/ui/hosted.css?v=${HOSTED_CSS_VERSION}">
${custom}
</head>
<body class="background-customizable">
<main class="modal-content">
<div class="banner-customizable">${logo}</div>
<div class="modal-body">
${body}
</div>
</main>
</body>
</html>
`;
}

/** The element the form contract names for errors: class `error`. */
export const errorBox = (message: string | undefined): Html | '' =>
  message ? html`<p class="error errorMessage-customizable" role="alert">${message}</p>` : '';

export const noticeBox = (message: string | undefined): Html | '' => (message ? html`<p class="notice" role="status">${message}</p>` : '');

export const csrfField = (token: string): Html => html`<input type="hidden" name="_csrf" value="${token}">`;

export interface InputOptions {
  name: string;
  label: string;
  type?: string;
  id?: string;
  value?: string;
  autocomplete?: string;
  required?: boolean;
  inputmode?: string;
  autofocus?: boolean;
  pattern?: string;
}

export function field(o: InputOptions): Html {
  const id = o.id ?? `field-${o.name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return html`<div class="field"><label class="label-customizable" for="${id}">${o.label}</label><input class="inputField-customizable" id="${id}" name="${o.name}" type="${o.type ?? 'text'}"${
    o.value !== undefined ? html` value="${o.value}"` : ''
  }${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.inputmode ? html` inputmode="${o.inputmode}"` : ''}${o.pattern ? html` pattern="${o.pattern}"` : ''}${
    o.required === false ? '' : html` required`
  }${o.autofocus ? html` autofocus` : ''}></div>`;
}
