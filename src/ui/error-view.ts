import type { Html } from './html.js';
import { html } from './html.js';
import type { Frame } from './layout.js';
import { layout } from './layout.js';

/** The domain's error page: Cognito's sentence, and "name: value" lines below (error code, client id). */
export function errorView(frame: Frame, message: string, details: Record<string, string | undefined> = {}): Html {
  const lines = Object.entries(details).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '');
  return layout(
    frame,
    'Error',
    html`<h1>${message}</h1>${lines.length > 0 ? html`<ul class="details">${lines.map(([k, v]) => html`<li>${k}: ${v}</li>`)}</ul>` : ''}`,
  );
}
