import { createHash } from 'node:crypto';
import { DEFAULT_SETTINGS } from '../core/branding/defaults.js';

/**
 * The managed login (version 2) look. Its stylesheet is the classic pages' markup restyled (the same
 * form names, ids and `*-customizable` classes, so the token client drives both), drawn with CSS
 * variables. A branding style's Settings become those variables in a stylesheet of its own, served
 * from `<base>/ui/branding/<id>/style.css`: no inline style, so the pages keep the strict CSP.
 */

type Mode = 'lightMode' | 'darkMode';

/** Each variable and where the Settings document keeps its value; `*` stands for the color mode. */
const COLOR_VARIABLES: readonly [string, string][] = [
  ['--ml-page-bg', 'components.pageBackground.*.color'],
  ['--ml-form-bg', 'components.form.*.backgroundColor'],
  ['--ml-form-border', 'components.form.*.borderColor'],
  ['--ml-heading', 'components.pageText.*.headingColor'],
  ['--ml-text', 'components.pageText.*.bodyColor'],
  ['--ml-description', 'components.pageText.*.descriptionColor'],
  ['--ml-button-bg', 'components.primaryButton.*.defaults.backgroundColor'],
  ['--ml-button-text', 'components.primaryButton.*.defaults.textColor'],
  ['--ml-button-hover-bg', 'components.primaryButton.*.hover.backgroundColor'],
  ['--ml-input-bg', 'componentClasses.input.*.defaults.backgroundColor'],
  ['--ml-input-border', 'componentClasses.input.*.defaults.borderColor'],
  ['--ml-label', 'componentClasses.inputLabel.*.textColor'],
  ['--ml-link', 'componentClasses.link.*.defaults.textColor'],
  ['--ml-link-hover', 'componentClasses.link.*.hover.textColor'],
  ['--ml-focus', 'componentClasses.focusState.*.borderColor'],
  ['--ml-error-bg', 'componentClasses.statusIndicator.*.error.backgroundColor'],
  ['--ml-error-border', 'componentClasses.statusIndicator.*.error.borderColor'],
];

const RADIUS_VARIABLES: readonly [string, string][] = [
  ['--ml-form-radius', 'components.form.borderRadius'],
  ['--ml-button-radius', 'componentClasses.buttons.borderRadius'],
  ['--ml-input-radius', 'componentClasses.input.borderRadius'],
];

function at(settings: unknown, path: string): unknown {
  let value = settings;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Cognito writes colors as `rrggbbaa` hex; anything else is left out, so no text of the document reaches the CSS. */
const color = (value: unknown): string | undefined => (typeof value === 'string' && /^(?:[0-9a-f]{6}|[0-9a-f]{8})$/i.test(value) ? `#${value.toLowerCase()}` : undefined);
const radius = (value: unknown): string | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 64 ? `${value}px` : undefined);

function declarations(settings: unknown, mode: Mode, withRadii: boolean): string {
  const out: string[] = [];
  for (const [name, path] of COLOR_VARIABLES) {
    const value = color(at(settings, path.replace('*', mode)));
    if (value) out.push(`${name}: ${value};`);
  }
  if (withRadii) {
    for (const [name, path] of RADIUS_VARIABLES) {
      const value = radius(at(settings, path));
      if (value) out.push(`${name}: ${value};`);
    }
  }
  return out.join(' ');
}

/** Whether the settings draw the pages light, dark, or by the browser's preference. */
function schemeOf(settings: unknown): 'LIGHT' | 'DARK' | 'DYNAMIC' {
  const mode = at(settings, 'categories.global.colorSchemeMode');
  return mode === 'DARK' || mode === 'DYNAMIC' ? mode : 'LIGHT';
}

export interface StyleImages {
  /** URLs of the page background image, per color mode. */
  background?: { light?: string; dark?: string };
}

/** The CSS variables of a style's (merged) Settings, its dark mode by prefers-color-scheme when the settings ask for it. */
export function brandingCss(settings: unknown, images: StyleImages = {}): string {
  const scheme = schemeOf(settings);
  const backgroundEnabled = at(settings, 'components.pageBackground.image.enabled') !== false;
  const bg = (url: string | undefined) => (backgroundEnabled && url ? ` --ml-page-image: url("${url.replace(/["\\\n\r]/g, '')}");` : '');
  const light = `:root { color-scheme: light; ${declarations(settings, 'lightMode', true)}${bg(images.background?.light)} }`;
  const dark = `color-scheme: dark; ${declarations(settings, 'darkMode', scheme === 'DARK')}${bg(images.background?.dark ?? images.background?.light)}`;
  if (scheme === 'DARK') return `:root { ${dark} }\n`;
  if (scheme === 'DYNAMIC') return `${light}\n@media (prefers-color-scheme: dark) { :root { ${dark} } }\n`;
  return `${light}\n`;
}

const BASE_CSS = `
*, *::before, *::after { box-sizing: border-box; }
:root {
  --ml-page-bg: #ffffff; --ml-form-bg: #ffffff; --ml-form-border: #c6c6cd; --ml-heading: #0f141a; --ml-text: #0f141a;
  --ml-description: #656871; --ml-button-bg: #0972d3; --ml-button-text: #ffffff; --ml-button-hover-bg: var(--ml-button-bg);
  --ml-input-bg: #ffffff; --ml-input-border: #8c8c94; --ml-label: #0f141a; --ml-link: #0972d3; --ml-link-hover: var(--ml-link);
  --ml-focus: #075ca7; --ml-error-bg: #fff5f5; --ml-error-border: #d91515;
  --ml-form-radius: 8px; --ml-button-radius: 8px; --ml-input-radius: 8px; --ml-page-image: none;
}
html { font-size: 16px; }
body {
  margin: 0; min-height: 100vh; display: flex; flex-direction: column; align-items: center; justify-content: center;
  font-family: "Amazon Ember", "Helvetica Neue", Roboto, Arial, sans-serif; line-height: 1.45;
  color: var(--ml-text); background-color: var(--ml-page-bg); background-image: var(--ml-page-image); background-size: cover; background-position: center;
}
main.managed-login {
  width: 100%; max-width: 420px; margin: 40px 16px; padding: 32px 32px 28px; background: var(--ml-form-bg);
  border: 1px solid var(--ml-form-border); border-radius: var(--ml-form-radius);
}
.ml-header { text-align: center; margin-bottom: 8px; }
.ml-logo { max-width: 70%; max-height: 88px; display: inline-block; }
.pool-name { margin: 0; font-size: .95rem; font-weight: 700; color: var(--ml-description); }
h1 { font-size: 1.5rem; margin: 12px 0 20px; font-weight: 700; color: var(--ml-heading); text-align: center; }
.textDescription-customizable { margin: 0 0 16px; color: var(--ml-description); font-size: .95rem; }
form { margin: 0; }
.field { margin-bottom: 16px; }
.label-customizable { display: block; margin-bottom: 4px; font-size: .9rem; font-weight: 700; color: var(--ml-label); }
.inputField-customizable {
  display: block; width: 100%; padding: 8px 12px; font: inherit; color: var(--ml-text);
  background: var(--ml-input-bg); border: 2px solid var(--ml-input-border); border-radius: var(--ml-input-radius);
}
.inputField-customizable:focus { outline: none; border-color: var(--ml-focus); box-shadow: 0 0 0 1px var(--ml-focus); }
.choice { display: flex; align-items: center; gap: 8px; margin: 8px 0; }
.submitButton-customizable {
  display: block; width: 100%; margin-top: 20px; padding: 10px 16px; font: inherit; font-weight: 700;
  color: var(--ml-button-text); background: var(--ml-button-bg); border: 0; border-radius: var(--ml-button-radius); cursor: pointer;
}
.submitButton-customizable:hover { background: var(--ml-button-hover-bg); }
.submitButton-customizable:focus-visible { outline: 2px solid var(--ml-focus); outline-offset: 2px; }
a.idpButton-customizable { text-align: center; text-decoration: none; }
.secondary { color: var(--ml-link); background: none; border: 0; padding: 0; font: inherit; cursor: pointer; text-decoration: underline; }
a { color: var(--ml-link); }
a:hover { color: var(--ml-link-hover); }
.errorMessage-customizable {
  margin: 0 0 16px; padding: 10px 12px; border-radius: var(--ml-input-radius); font-size: .92rem;
  background: var(--ml-error-bg); border: 2px solid var(--ml-error-border);
}
.notice { margin: 0 0 16px; padding: 10px 12px; border-radius: var(--ml-input-radius); font-size: .92rem; border: 2px solid #037f0c; background: #f2fcf3; color: #0f141a; }
.redirect-customizable { margin-top: 20px; font-size: .92rem; text-align: center; color: var(--ml-description); }
.redirect-customizable p { margin: 6px 0; }
.terms { margin: 16px 0 0; font-size: .85rem; color: var(--ml-description); text-align: center; }
.qr { display: flex; justify-content: center; margin: 4px 0 12px; }
.qr svg { width: 200px; height: 200px; background: #fff; }
.secret { display: block; margin: 0 0 16px; padding: 8px 10px; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9rem; word-break: break-all; text-align: center; border: 1px solid var(--ml-form-border); border-radius: 6px; }
.details { margin: 0; padding-left: 18px; color: var(--ml-description); font-size: .9rem; }
@media (max-width: 460px) { main.managed-login { margin: 0; border: 0; border-radius: 0; min-height: 100vh; } }
`;

/** The managed login stylesheet: the layout, with Cognito's default values (core/branding/defaults.ts) as its variables. */
export const MANAGED_LOGIN_CSS = `${BASE_CSS}${brandingCss(DEFAULT_SETTINGS)}`;

export const MANAGED_LOGIN_CSS_VERSION = createHash('sha256').update(MANAGED_LOGIN_CSS).digest('hex').slice(0, 12);
