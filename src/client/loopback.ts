import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenClientError, configError } from './errors.js';

/**
 * The redirect receiver of a native app (RFC 8252 §7.3): an HTTP listener on the loopback interface,
 * on a free port unless the registered redirect URI names one. The authorization server must accept
 * any port for a loopback redirect URI, so `http://127.0.0.1/callback` registered means
 * `http://127.0.0.1:<any>/callback` may be used.
 *
 * The code grant's answer arrives in the query. The implicit grant's answer is in the fragment, which
 * browsers never send, so a bare request gets a small page whose script posts the fragment back.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

export function isLoopbackUri(uri: string): boolean {
  const url = new URL(uri);
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

export interface LoopbackReceiver {
  /** The redirect URI to send, with the port actually listened on. */
  redirectUri: string;
  /** Resolves with the parameters of the redirect, or rejects on an error, a state mismatch or the timeout. */
  wait(options: { state?: string; timeoutMs: number }): Promise<URLSearchParams>;
  close(): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res: ServerResponse, status: number, title: string, message: string, script?: { nonce: string; code: string }): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'content-security-policy': `default-src 'none'; connect-src 'self'; style-src 'unsafe-inline'${script ? `; script-src 'nonce-${script.nonce}'` : ''}`,
  });
  res.end(
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
      `<body style="font-family:sans-serif;margin:3em"><h1>${escapeHtml(title)}</h1><p id="message">${escapeHtml(message)}</p>` +
      (script ? `<script nonce="${script.nonce}">${script.code}</script>` : '') +
      `</body></html>`,
  );
}

// Posts the fragment to the listener and shows its answer; clears the fragment from the address bar.
const FRAGMENT_SCRIPT = `
const fragment = location.hash.slice(1);
const message = document.getElementById('message');
if (!fragment) { message.textContent = 'No tokens in this address. Go back to the terminal.'; }
else {
  history.replaceState(null, '', location.pathname);
  fetch(location.pathname, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fragment })
    .then((r) => r.text()).then((t) => { message.textContent = t; }, () => { message.textContent = 'Could not reach the terminal.'; });
}`;

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 64 * 1024) req.destroy(new Error('too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });

/** The failure a redirect's `error` parameter describes. */
export function redirectError(params: URLSearchParams): TokenClientError | undefined {
  const error = params.get('error');
  if (!error) return undefined;
  const description = params.get('error_description');
  if (error === 'access_denied')
    return new TokenClientError('denied', `Sign-in was denied or cancelled (access_denied${description ? `: ${description}` : ''})`, error);
  return new TokenClientError('oauth', `The authorization server answered ${error}${description ? `: ${description}` : ''}`, error);
}

const ANSWER_PARAMS = ['code', 'error', 'access_token', 'id_token'];

/** A duration for people: `500 ms`, `30 s`. */
export const durationText = (ms: number): string => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);

export async function startLoopbackReceiver(options: { redirectUri?: string } = {}): Promise<LoopbackReceiver> {
  const requested = new URL(options.redirectUri ?? 'http://127.0.0.1/callback');
  if (!isLoopbackUri(requested.toString())) throw configError(`${requested} is not a loopback redirect URI (http://127.0.0.1, [::1] or localhost)`);
  if (requested.hash) throw configError('A redirect URI has no fragment');
  const path = requested.pathname;
  const host = requested.hostname === '[::1]' ? '::1' : '127.0.0.1';

  let deliver: (params: URLSearchParams) => void = () => undefined;
  let delivered = false;
  const answered = new Promise<URLSearchParams>((resolve) => (deliver = resolve));
  let expectedState: string | undefined;

  const accept = (params: URLSearchParams, res: ServerResponse) => {
    if (delivered) return page(res, 409, 'Already done', 'This sign-in is already complete. Go back to the terminal.');
    if (expectedState !== undefined && params.get('state') !== expectedState && !params.has('error')) {
      // Not the answer to our request (a stale tab, or a forged redirect): refuse it and keep waiting.
      return page(res, 400, 'Unexpected response', 'The state parameter does not match this sign-in; it was ignored.');
    }
    delivered = true;
    deliver(params);
    const failure = redirectError(params);
    if (failure) return page(res, 200, 'Sign-in failed', `${failure.message}. You can close this window.`);
    return page(res, 200, 'Signed in', 'You are signed in; cognate has the response. You can close this window.');
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== path) return page(res, 404, 'Not found', 'Nothing here.');
    if (req.method === 'POST') {
      readBody(req).then(
        (body) => accept(new URLSearchParams(body), res),
        () => page(res, 400, 'Bad request', 'The response could not be read.'),
      );
      return;
    }
    if (req.method !== 'GET') return page(res, 405, 'Not allowed', 'GET or POST only.');
    if (ANSWER_PARAMS.some((p) => url.searchParams.has(p))) return accept(url.searchParams, res);
    const nonce = randomBytes(12).toString('base64');
    return page(res, 200, 'Completing sign-in…', 'Passing the response to cognate…', { nonce, code: FRAGMENT_SCRIPT });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? configError(`Port ${requested.port} of ${requested.hostname} is in use; choose another redirect URI port`) : error),
    );
    server.listen(requested.port ? Number(requested.port) : 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const redirect = new URL(requested.toString());
  redirect.port = String(port);

  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }));

  return {
    redirectUri: redirect.toString(),
    close,
    wait: ({ state, timeoutMs }) => {
      expectedState = state;
      return new Promise<URLSearchParams>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new TokenClientError('timeout', `No response reached ${redirect} within ${durationText(timeoutMs)}; sign-in timed out`)),
          timeoutMs,
        );
        answered.then((params) => {
          clearTimeout(timer);
          const failure = redirectError(params);
          if (failure) reject(failure);
          else resolve(params);
        }, reject);
      });
    },
  };
}
