import type { AssetRef } from '../core/branding/page-style.js';
import type { Html } from './html.js';
import { html } from './html.js';
import { MANAGED_LOGIN_CSS_VERSION } from './managed-login-styles.js';

/**
 * The frame of a managed login (version 2) page: Cognito's managed login layout, styled by the app
 * client's branding style (or Cognito's defaults), around the same page bodies as the classic UI.
 */

export interface ManagedLoginLook {
  /** The client's branding style; absent when the pages use Cognito's values. */
  brandingId?: string;
  version: string;
  assets: AssetRef[];
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ICO: 'image/x-icon',
  JPEG: 'image/jpeg',
  PNG: 'image/png',
  SVG: 'image/svg+xml',
  WEBP: 'image/webp',
};

export const assetContentType = (extension: string): string | undefined => CONTENT_TYPES[extension];

/** `<CATEGORY>.<ext>` for the light (or dynamic) image, `<CATEGORY>-dark.<ext>` for the dark one. */
export const assetFileName = (a: AssetRef): string => `${a.category}${a.colorMode === 'DARK' ? '-dark' : ''}.${a.extension.toLowerCase()}`;

export function parseAssetFileName(file: string): { category: string; colorMode: 'LIGHT' | 'DARK'; extension: string } | undefined {
  const match = /^([A-Z_]{1,64})(-dark)?\.([a-z]{3,4})$/.exec(file);
  if (!match) return undefined;
  return { category: match[1]!, colorMode: match[2] ? 'DARK' : 'LIGHT', extension: match[3]!.toUpperCase() };
}

export const assetUrl = (base: string, brandingId: string, version: string, a: AssetRef): string =>
  `${base}/ui/branding/${encodeURIComponent(brandingId)}/${assetFileName(a)}?v=${encodeURIComponent(version)}`;

/** The image of a category for one color mode: its own, else the one for both modes. */
export function assetFor(assets: readonly AssetRef[], category: string, mode: 'LIGHT' | 'DARK'): AssetRef | undefined {
  return assets.find((a) => a.category === category && a.colorMode === mode) ?? assets.find((a) => a.category === category && a.colorMode === 'DYNAMIC');
}

export function managedLoginLayout(look: ManagedLoginLook, frame: { base: string; poolName: string }, title: string, body: Html): Html {
  const { base } = frame;
  const url = (a: AssetRef) => assetUrl(base, look.brandingId ?? '', look.version, a);
  const logo = look.brandingId ? assetFor(look.assets, 'FORM_LOGO', 'LIGHT') : undefined;
  const darkLogo = look.brandingId ? assetFor(look.assets, 'FORM_LOGO', 'DARK') : undefined;
  const header = logo
    ? html`<picture>${darkLogo && darkLogo !== logo ? html`<source srcset="${url(darkLogo)}" media="(prefers-color-scheme: dark)">` : ''}<img class="ml-logo logo-customizable" src="${url(logo)}" alt="${frame.poolName}"></picture>`
    : frame.poolName
      ? html`<p class="pool-name">${frame.poolName}</p>`
      : '';
  const icons = look.brandingId
    ? [assetFor(look.assets, 'FAVICON_SVG', 'LIGHT'), assetFor(look.assets, 'FAVICON_ICO', 'LIGHT')]
        .filter((a): a is AssetRef => a !== undefined)
        .map((a) => html`<link rel="icon" type="${assetContentType(a.extension) ?? ''}" href="${url(a)}">`)
    : [];
  return html`<!doctype html>
<html lang="en" data-managed-login-version="2">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<link rel="stylesheet" href="${base}/ui/managed-login.css?v=${MANAGED_LOGIN_CSS_VERSION}">
${look.brandingId ? html`<link rel="stylesheet" href="${base}/ui/branding/${encodeURIComponent(look.brandingId)}/style.css?v=${encodeURIComponent(look.version)}">` : ''}
${icons}
</head>
<body>
<main class="managed-login">
<div class="ml-header">${header}</div>
${body}
</main>
</body>
</html>
`;
}
