import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import { TokenClientError } from '../client/index.js';
import { EXIT, guarded, usageExitCodes } from './exit-codes.js';
import { addClientOptions, collect, tokenOptionsOf } from './token/options.js';
import { tokenFor } from './token/run.js';

/**
 * `cognate call`: curl with "Authorization: Bearer <token>", the token got, cached and refreshed as
 * `cognate token` gets it (the same options).
 */

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** `call`'s own flags, besides the token options. */
interface CallFlags {
  header?: string[];
  data?: string;
  dataJson?: string;
  include?: boolean;
  idToken?: boolean;
  pretty: boolean;
}

/** `-d @file` reads a file, `-d @-` stdin; anything else is the body itself (as curl). */
function dataOf(value: string): string {
  if (value === '@-') return readFileSync(0, 'utf8');
  if (value.startsWith('@')) return readFileSync(value.slice(1), 'utf8');
  return value;
}

function headersOf(values: string[] | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const h of values ?? []) {
    const i = h.indexOf(':');
    if (i <= 0) throw new TokenClientError('config', `-H takes "Name: value", got '${h}'`);
    headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
  }
  return headers;
}

/** Exit code for an HTTP status: 0 for 2xx, 4 for 4xx, 5 for 5xx, 7 otherwise. */
export function exitCodeOfStatus(status: number): number {
  if (status >= 200 && status < 300) return EXIT.ok;
  if (status >= 400 && status < 500) return EXIT.clientError;
  if (status >= 500 && status < 600) return EXIT.serverError;
  return EXIT.otherStatus;
}

export function registerCall(program: Command): void {
  const call = usageExitCodes(
    addClientOptions(
      program
        .command('call')
        .description('call an API with "Authorization: Bearer <token>" from a profile (token fetched, cached and refreshed as needed)')
        .argument('<method-or-url>', 'HTTP method (default GET, or POST with a body), or the URL')
        .argument('[url]', 'the URL, when a method is given')
        .addOption(new Option('-H, --header <header>', 'extra request header "Name: value" (repeatable)').argParser(collect))
        .option('-d, --data <body>', 'request body; @file reads a file, @- stdin')
        .option('--data-json <json>', 'JSON request body (checked, sent as application/json)')
        .option('-i, --include', 'print the response status and headers')
        .option('--id-token', 'send the ID token instead of the access token')
        .option('--no-pretty', 'print JSON bodies as they came'),
    ),
  );
  call.action(
    guarded(async (first: string, second: string | undefined, opts: CallFlags, cmd: Command) => {
      const upper = first.toUpperCase();
      const method = second !== undefined ? upper : opts.data !== undefined || opts.dataJson !== undefined ? 'POST' : 'GET';
      const url = second ?? first;
      if (second !== undefined && !METHODS.has(upper)) throw new TokenClientError('config', `Unknown HTTP method ${first}`);
      if (!URL.canParse(url)) throw new TokenClientError('config', `Not a URL: ${url}`);
      if (opts.data !== undefined && opts.dataJson !== undefined) throw new TokenClientError('config', 'Give -d or --data-json, not both');

      const headers = headersOf(opts.header);
      let body: string | undefined;
      if (opts.dataJson !== undefined) {
        try {
          body = JSON.stringify(JSON.parse(dataOf(opts.dataJson)));
        } catch {
          throw new TokenClientError('config', '--data-json is not valid JSON');
        }
        headers['content-type'] ??= 'application/json';
      } else if (opts.data !== undefined) {
        body = dataOf(opts.data);
        headers['content-type'] ??= 'application/x-www-form-urlencoded';
      }

      const options = tokenOptionsOf(cmd);
      const send = async (force: boolean) => {
        const { tokens, from } = await tokenFor(options, { force });
        const token = opts.idToken ? tokens.id_token : tokens.access_token;
        if (!token) throw new TokenClientError('oauth', 'No ID token was issued (ask for the openid scope)');
        let res: Response;
        try {
          res = await fetch(url, { method, headers: { accept: 'application/json, */*', ...headers, authorization: `Bearer ${token}` }, body });
        } catch (error) {
          const cause = (error as { cause?: { code?: string; message?: string } }).cause;
          throw new TokenClientError('network', `Cannot reach ${new URL(url).origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
        }
        return { res, from };
      };
      const attempt = await send(false);
      let res = attempt.res;
      // A cached token the API refuses may have been revoked: one more try with a new token.
      if (res.status === 401 && attempt.from === 'cache') {
        process.stderr.write('The API refused the cached token; getting a new one\n');
        await res.body?.cancel();
        ({ res } = await send(true));
      }

      if (opts.include) {
        const lines = [`HTTP ${res.status} ${res.statusText}`];
        res.headers.forEach((value, name) => lines.push(`${name}: ${value}`));
        process.stdout.write(`${lines.join('\n')}\n\n`);
      }
      const bytes = Buffer.from(await res.arrayBuffer());
      const type = res.headers.get('content-type') ?? '';
      if (opts.pretty !== false && /[/+]json\b/i.test(type)) {
        try {
          process.stdout.write(`${JSON.stringify(JSON.parse(bytes.toString('utf8')), null, 2)}\n`);
        } catch {
          process.stdout.write(bytes);
        }
      } else if (bytes.length > 0) {
        process.stdout.write(bytes);
        if (/^text\//i.test(type) && bytes[bytes.length - 1] !== 0x0a) process.stdout.write('\n');
      }
      if (!opts.include && (res.status < 200 || res.status >= 300)) process.stderr.write(`HTTP ${res.status} ${res.statusText}\n`);
      process.exitCode = exitCodeOfStatus(res.status);
    }),
  );
}
