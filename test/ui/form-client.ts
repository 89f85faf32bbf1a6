import { request as httpRequest } from 'node:http';

/**
 * A browser without JavaScript, for driving the hosted pages over plain HTTP: it keeps cookies,
 * reads forms by name, submits them with their hidden fields, and follows redirects only when asked
 * (a redirect to the client's callback is captured, never followed).
 */

export interface Page {
  status: number;
  url: string;
  headers: Headers;
  body: string;
  /** Where a redirect goes (absolute), if the response is one. */
  location?: string;
}

export interface Form {
  name: string;
  action: string;
  method: string;
  /** Every named input's current value (hidden fields included), in document order. */
  fields: Record<string, string>;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#96;': '`' };
export const unescapeHtml = (text: string): string => text.replace(/&(?:amp|lt|gt|quot|#39|#96);/g, (e) => ENTITIES[e]!);

const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescapeHtml(m[1]!) : undefined;
};

export function formsOf(body: string): Form[] {
  const forms: Form[] = [];
  for (const m of body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const tag = m[1]!;
    const fields: Record<string, string> = {};
    for (const input of m[2]!.matchAll(/<input\b[^>]*>/g)) {
      const name = attr(input[0], 'name');
      if (!name) continue;
      const type = attr(input[0], 'type');
      if (type === 'radio' && !/\schecked\b/.test(input[0])) continue;
      fields[name] = attr(input[0], 'value') ?? '';
    }
    forms.push({ name: attr(tag, 'name') ?? '', action: attr(tag, 'action') ?? '', method: attr(tag, 'method') ?? 'get', fields });
  }
  return forms;
}

/** The text of every element with class `error` (the contract's error element). */
export function errorsOf(body: string): string[] {
  return [...body.matchAll(/<[a-z]+ class="error[ "][^>]*>([\s\S]*?)<\//g)].map((m) => unescapeHtml(m[1]!));
}

export class FormBrowser {
  readonly cookies = new Map<string, string>();

  constructor(
    /** Local address to send from, to appear as another client IP (127.0.0.x). */
    private readonly localAddress?: string,
    /** A Host header to send instead of the URL's (a pool's domain). */
    private readonly host?: string,
    /** Headers every request carries (a browser's User-Agent). */
    private readonly always: Record<string, string> = {},
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(url: string, options: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Page> {
    const target = new URL(url);
    const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
    const headers: Record<string, string> = { ...this.always, ...options.headers };
    if (this.cookies.size > 0) headers.cookie = this.cookieHeader();
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    if (this.host) headers.host = this.host;
    const res = await new Promise<{ status: number; headers: Headers; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: target.hostname === 'localhost' ? '127.0.0.1' : target.hostname,
          port: target.port,
          // As typed (a browser would percent-encode; an attacker's client need not).
          path: url.startsWith(target.origin) ? url.slice(target.origin.length) || '/' : `${target.pathname}${target.search}`,
          method: options.method ?? (body !== undefined ? 'POST' : 'GET'),
          headers,
          ...(this.localAddress ? { localAddress: this.localAddress } : {}),
        },
        (r) => {
          let text = '';
          r.setEncoding('utf8');
          r.on('data', (c: string) => (text += c));
          r.on('end', () => {
            const h = new Headers();
            for (const [k, v] of Object.entries(r.headers)) {
              if (Array.isArray(v)) for (const item of v) h.append(k, item);
              else if (v !== undefined) h.set(k, v);
            }
            resolve({ status: r.statusCode ?? 0, headers: h, body: text });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    this.remember(res.headers.getSetCookie());
    const location = res.headers.get('location');
    return { ...res, url, ...(location ? { location: new URL(location, url).toString() } : {}) };
  }

  get(url: string): Promise<Page> {
    return this.request(url);
  }

  /** Follows same-server redirects (GET), stopping at a page or at a redirect that leaves the server. */
  async follow(page: Page, max = 10): Promise<Page> {
    let current = page;
    for (let i = 0; i < max && current.location && new URL(current.location).origin === new URL(current.url).origin; i++) current = await this.get(current.location);
    return current;
  }

  /** Fills and submits the form named `name` on the page (its hidden fields included). */
  async submit(page: Page, name: string, values: Record<string, string> = {}): Promise<Page> {
    const form = formsOf(page.body).find((f) => f.name === name);
    if (!form) throw new Error(`no form ${name} on ${page.url} (status ${page.status}): ${page.body.slice(0, 300)}`);
    return this.request(new URL(form.action, page.url).toString(), { method: 'POST', form: { ...form.fields, ...values } });
  }
}
