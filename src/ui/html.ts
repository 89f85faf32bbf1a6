/**
 * HTML by tagged template literal, escaped by default: every value interpolated into html`...` is
 * escaped, unless it is itself the result of html`...` (already safe markup). Arrays are joined the
 * same way, item by item. There is no "raw" escape hatch for strings: markup that did not come from a
 * template must be wrapped by a named, reviewed function (`trustedMarkup`), so a reader can find every
 * place where unescaped text enters a page.
 */

const MINT = Symbol('html');

export class Html {
  /** Only this module can mint Html values, so holding one means the text was escaped or reviewed. */
  constructor(
    key: symbol,
    readonly text: string,
  ) {
    if (key !== MINT) throw new Error('Html values come only from html`...` and trustedMarkup');
  }
  toString(): string {
    return this.text;
  }
}

const mint = (text: string): Html => new Html(MINT, text);

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for element content and quoted attribute values alike. */
export const escapeText = (text: string): string => text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);

export type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeText(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i] as Value) + strings[i + 1]!;
  return mint(out);
}

/**
 * Markup produced by a trusted generator rather than a template (the QR code's SVG). Callers pass
 * only output of code, never request data.
 */
export const trustedMarkup = (markup: string): Html => mint(markup);

/**
 * Text for the inside of a <style> element. Entity escaping would break CSS, and inside <style> only
 * `</style` ends the element, so every `<` is written as the CSS escape `\3c ` instead: the same
 * character in strings and identifiers, and no tag can be opened or closed from the CSS.
 */
export const styleText = (css: string): Html => mint(css.replace(/</g, '\\3c '));
