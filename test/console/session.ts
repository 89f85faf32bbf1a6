import type { LightMyRequestResponse } from 'fastify';
import type { TestServer } from '../helpers/server.js';

/** A console user without a browser: keeps the cookies and repeats each form's CSRF token. */
export class ConsoleSession {
  private readonly cookies = new Map<string, string>();
  private csrf = '';
  constructor(
    private readonly server: TestServer,
    private readonly host = `localhost:${server.port}`,
  ) {}

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies) {
      if (c.value === '') this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    // The double-submit token: the same value as the cookie, whether or not the page had a form.
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? this.cookies.get('cognate-console-csrf');
    if (token) this.csrf = token;
    return res;
  }

  private get cookie(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(await this.server.app.inject({ url, headers: { host: this.host, cookie: this.cookie } }));
  }

  /** Posts a form as the browser would: the page's CSRF token and cookies; a 303 is followed. */
  async post(url: string, fields: Record<string, string | string[]>): Promise<LightMyRequestResponse> {
    if (!this.csrf) await this.get('/console');
    const body = new URLSearchParams();
    body.set('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
    const res = this.keep(
      await this.server.app.inject({ method: 'POST', url, headers: { host: this.host, cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() }),
    );
    return res.statusCode === 303 ? this.get(res.headers.location as string) : res;
  }

  /** Posts a multipart form (a file input's form) as the browser would; a 303 is followed. */
  async postMultipart(url: string, fields: Record<string, string>, file?: { name: string; filename: string; type: string; data: Buffer }): Promise<LightMyRequestResponse> {
    if (!this.csrf) await this.get('/console');
    const boundary = '----cognate-test-boundary';
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries({ _csrf: this.csrf, ...fields })) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    if (file) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    const res = this.keep(
      await this.server.app.inject({
        method: 'POST',
        url,
        headers: { host: this.host, cookie: this.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat(parts),
      }),
    );
    return res.statusCode === 303 ? this.get(res.headers.location as string) : res;
  }
}

/** The visible text of a page, tags dropped, entities of the escaper decoded, spaces collapsed. */
export const textOf = (res: LightMyRequestResponse): string =>
  res.body
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#96;/g, '`')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
