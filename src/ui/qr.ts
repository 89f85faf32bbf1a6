import type { Html } from './html.js';
import { trustedMarkup } from './html.js';

/** The `otpauth://` URI authenticator apps read (Key Uri Format): issuer and account in the label and as a parameter. */
export function otpauthUri(issuer: string, account: string, secret: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  return `otpauth://totp/${label}?${new URLSearchParams({ secret, issuer, algorithm: 'SHA1', digits: '6', period: '30' })}`;
}

/**
 * The URI as an inline SVG QR code. Inline SVG is part of the page, not an image it loads, so the
 * pages' Content-Security-Policy needs nothing extra for it; the SVG is the library's output for our
 * own URI, made only of <path> elements.
 */
export async function qrSvg(text: string): Promise<Html> {
  // Loaded when a page first shows a code: it is a large module, and most starts never need it.
  const { default: QRCode } = await import('qrcode');
  const svg = await QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } });
  return trustedMarkup(svg.replace('<svg ', '<svg role="img" aria-label="QR code for your authenticator app" '));
}
