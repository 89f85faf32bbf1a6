import type { Html, Value } from '../ui/html.js';
import { html } from '../ui/html.js';
import { CSS_VERSION, JS_VERSION } from './assets.js';

/** The console's page frame and the small set of parts every page is built from (labelled, escaped by construction). */

export interface PageContext {
  /** The CSRF token every form repeats; absent on pages shown before a session exists. */
  csrf?: string;
  /** Whether the console asks for admin credentials (then a sign-out button is shown). */
  signedIn?: boolean;
  /** The top navigation entry of this page. */
  section?: 'pools' | 'outbox' | 'inspector' | 'start';
}

export interface Crumb {
  label: string;
  href?: string;
}

const navItem = (href: string, label: string, current: boolean) =>
  html`<a href="${href}"${current ? html` aria-current="page"` : ''}>${label}</a>`;

export function page(ctx: PageContext, title: string, body: Value, crumbs: Crumb[] = []): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} &middot; Cognate</title>
<link rel="stylesheet" href="/console/assets/console.css?v=${CSS_VERSION}">
<script src="/console/assets/console.js?v=${JS_VERSION}" defer></script>
</head>
<body>
<a class="skip" href="#content">Skip to content</a>
<header class="top"><div class="bar">
<a class="brand" href="/">Cognate</a>
<nav aria-label="Main">
${navItem('/console', 'User pools', ctx.section === 'pools')}
${navItem('/console/outbox', 'Message outbox', ctx.section === 'outbox')}
${navItem('/console/inspect', 'Token inspector', ctx.section === 'inspector')}
</nav>
${ctx.signedIn && ctx.csrf ? html`<form method="post" action="/console/logout">${csrfInput(ctx.csrf)}<button class="linkish" type="submit">Sign out</button></form>` : ''}
</div></header>
<main id="content">
${crumbs.length ? html`<nav class="crumbs" aria-label="Breadcrumb">${crumbs.map((c, i) => html`${i ? ' / ' : ''}${c.href ? html`<a href="${c.href}">${c.label}</a>` : c.label}`)}</nav>` : ''}
<h1>${title}</h1>
${body}
</main>
</body>
</html>
`;
}

export const csrfInput = (token: string): Html => html`<input type="hidden" name="_csrf" value="${token}">`;

export const alertError = (message: string | undefined): Html | '' => (message ? html`<div class="alert error" role="alert">${message}</div>` : '');
export const alertNotice = (message: string | undefined): Html | '' => (message ? html`<div class="alert notice" role="status">${message}</div>` : '');

export interface FieldOptions {
  name: string;
  label: string;
  value?: string | number;
  type?: string;
  hint?: string;
  error?: string;
  required?: boolean;
  placeholder?: string;
  autocomplete?: string;
  min?: number;
  max?: number;
}

const idOf = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export function field(o: FieldOptions): Html {
  const id = idOf(o.name);
  const described = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field"><label for="${id}">${o.label}</label><input id="${id}" name="${o.name}" type="${o.type ?? 'text'}"${
    o.value !== undefined ? html` value="${String(o.value)}"` : ''
  }${o.required ? html` required` : ''}${o.placeholder ? html` placeholder="${o.placeholder}"` : ''}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${
    o.min !== undefined ? html` min="${o.min}"` : ''
  }${o.max !== undefined ? html` max="${o.max}"` : ''}${o.error ? html` aria-invalid="true"` : ''}${described ? html` aria-describedby="${described}"` : ''}>${
    o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''
  }${o.error ? html`<p class="field-error" id="${id}-error">${o.error}</p>` : ''}</div>`;
}

export function textarea(o: FieldOptions & { rows?: number }): Html {
  const id = idOf(o.name);
  return html`<div class="field"><label for="${id}">${o.label}</label><textarea id="${id}" name="${o.name}" rows="${o.rows ?? 4}"${o.error ? html` aria-invalid="true"` : ''}${
    o.hint ? html` aria-describedby="${id}-hint"` : ''
  }>${o.value === undefined ? '' : String(o.value)}</textarea>${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}${
    o.error ? html`<p class="field-error">${o.error}</p>` : ''
  }</div>`;
}

export function select(o: { name: string; label: string; options: readonly (string | [string, string])[]; value?: string; hint?: string }): Html {
  const id = idOf(o.name);
  return html`<div class="field"><label for="${id}">${o.label}</label><select id="${id}" name="${o.name}">${o.options.map((opt) => {
    const [value, label] = typeof opt === 'string' ? [opt, opt] : opt;
    return html`<option value="${value}"${value === o.value ? html` selected` : ''}>${label}</option>`;
  })}</select>${o.hint ? html`<p class="hint">${o.hint}</p>` : ''}</div>`;
}

/** A group of checkboxes (or radio buttons) sharing one name: a list member of the request. */
export function choices(o: {
  name: string;
  legend: string;
  options: readonly (string | [string, string])[];
  checked: readonly string[];
  radio?: boolean;
  hint?: string;
}): Html {
  return html`<fieldset><legend>${o.legend}</legend><div class="choices">${o.options.map((opt) => {
    const [value, label] = typeof opt === 'string' ? [opt, opt] : opt;
    return html`<label><input type="${o.radio ? 'radio' : 'checkbox'}" name="${o.name}" value="${value}"${o.checked.includes(value) ? html` checked` : ''}> ${label}</label>`;
  })}</div>${o.hint ? html`<p class="hint">${o.hint}</p>` : ''}</fieldset>`;
}

export const checkbox = (name: string, label: string, checked: boolean): Html =>
  html`<div class="field choices"><label><input type="checkbox" name="${name}" value="true"${checked ? html` checked` : ''}> ${label}</label></div>`;

export function postForm(action: string, csrf: string, body: Value, submit: string, options: { danger?: boolean; inline?: boolean; id?: string } = {}): Html {
  return html`<form method="post" action="${action}"${options.inline ? html` class="inline"` : ''}${options.id ? html` id="${options.id}"` : ''}>${csrfInput(csrf)}${body}<button type="submit"${
    options.danger ? html` class="danger"` : ''
  }>${submit}</button></form>`;
}

/** A value shown with a copy button (the button works with JavaScript; the value can always be selected). */
export const copyable = (value: string, label: string): Html =>
  html`<span class="copy"><code>${value}</code><button type="button" class="secondary" data-copy="${value}" aria-label="Copy ${label}">Copy</button></span>`;

export function table(headers: readonly string[], rows: readonly Value[][], empty = 'Nothing here yet.'): Html {
  if (rows.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<div class="scroll"><table><thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows.map(
    (r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>`,
  )}</tbody></table></div>`;
}

export const props = (entries: readonly [string, Value][]): Html => html`<dl class="props">${entries.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;

export const card = (title: string | undefined, body: Value): Html => html`<section class="card">${title ? html`<h2>${title}</h2>` : ''}${body}</section>`;

export interface PoolTab {
  id: 'overview' | 'users' | 'groups' | 'app' | 'keys' | 'outbox' | 'invocations' | 'edit';
  label: string;
}

const POOL_TABS: PoolTab[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'users', label: 'Users' },
  { id: 'groups', label: 'Groups' },
  { id: 'app', label: 'App integration' },
  { id: 'edit', label: 'Settings' },
  { id: 'keys', label: 'Signing keys' },
  { id: 'outbox', label: 'Messages' },
  { id: 'invocations', label: 'Trigger invocations' },
];

export const poolHref = (poolId: string, tab: PoolTab['id'] = 'overview'): string =>
  `/console/pools/${encodeURIComponent(poolId)}${tab === 'overview' ? '' : `/${tab}`}`;

export const poolTabs = (poolId: string, current: PoolTab['id']): Html =>
  html`<nav class="tabs" aria-label="User pool">${POOL_TABS.map((t) => html`<a href="${poolHref(poolId, t.id)}"${t.id === current ? html` aria-current="page"` : ''}>${t.label}</a>`)}</nav>`;

export const poolCrumbs = (poolId: string, more: Crumb[] = []): Crumb[] => [{ label: 'User pools', href: '/console' }, { label: poolId, href: poolHref(poolId) }, ...more];

/** A date of the API's responses (a Date, or epoch seconds on the wire) in words. */
export function when(value: unknown): string {
  const date = value instanceof Date ? value : typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '';
}
