import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { CognitoError } from '../core/errors.js';

export interface AdminCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/*
 * Why not @smithy/signature-v4: its signer is asynchronous and rebuilds the request the way a
 * client would (it drops `Date`, chooses the headers to sign itself, rewrites X-Amz-Date), while a
 * verifier must reproduce exactly the headers and date the caller chose, and the adapters call this
 * check synchronously before any work. The HMAC chain is five lines of node:crypto; the tests sign
 * with the SDK's own SignatureV4, which keeps this implementation honest.
 */

const ALGORITHM = 'AWS4-HMAC-SHA256';
const SERVICE = 'cognito-idp';
const TERMINATOR = 'aws4_request';
const MAX_SKEW_MS = 5 * 60 * 1000;

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

interface ParsedAuthorization {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
}

/**
 * Checks the AWS Signature Version 4 of an IAM-protected call against the configured admin credentials.
 * Throws Cognito's authentication errors. `request.body` is the raw body text (or absent for GETs).
 */
export function verifyAdminSignature(request: FastifyRequest, credentials: AdminCredentials, nowMs: number): void {
  const authorization = headerValue(request.headers.authorization);
  if (authorization === undefined || authorization.trim() === '') {
    throw new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
  const auth = parseAuthorization(authorization, request);

  if (auth.accessKeyId !== credentials.accessKeyId) {
    throw new CognitoError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  // The region in the scope is not compared with the server's: tools often sign for their own default
  // region, and the signature still proves the caller holds the secret.
  if (auth.service !== SERVICE) {
    throw invalidSignature(`Credential should be scoped to correct service: '${SERVICE}'.`);
  }
  if (auth.terminator !== TERMINATOR) {
    throw invalidSignature(`Credential should be scoped with a valid terminator: '${TERMINATOR}', not '${auth.terminator}'.`);
  }

  const { longDate, time } = requestDate(request, authorization);
  if (auth.scopeDate !== longDate.slice(0, 8)) {
    throw invalidSignature(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.scopeDate}' != '${longDate.slice(0, 8)}', from '${longDate}'.`,
    );
  }
  if (time < nowMs - MAX_SKEW_MS) {
    throw invalidSignature(
      `Signature expired: ${longDate} is now earlier than ${basicFormat(nowMs - MAX_SKEW_MS)} (${basicFormat(nowMs)} - 5 min.)`,
    );
  }
  if (time > nowMs + MAX_SKEW_MS) {
    throw invalidSignature(
      `Signature not yet current: ${longDate} is still later than ${basicFormat(nowMs + MAX_SKEW_MS)} (${basicFormat(nowMs)} + 5 min.)`,
    );
  }

  // The signature must cover where the request goes and which operation it calls; otherwise a captured
  // DescribeUserPool could be replayed, within the skew window, as DeleteUserPool with the same body.
  for (const name of ['host', ...(request.headers['x-amz-target'] !== undefined ? ['x-amz-target'] : [])]) {
    if (!auth.signedHeaders.includes(name)) throw invalidSignature(`'${name}' must be a signed header.`);
  }

  const canonicalRequest = buildCanonicalRequest(request, auth.signedHeaders);
  const scope = `${auth.scopeDate}/${auth.region}/${auth.service}/${auth.terminator}`;
  const stringToSign = [ALGORITHM, longDate, scope, sha256Hex(canonicalRequest)].join('\n');
  let key: Buffer = hmac(`AWS4${credentials.secretAccessKey}`, auth.scopeDate);
  for (const part of [auth.region, auth.service, auth.terminator]) key = hmac(key, part);
  const expected = hmac(key, stringToSign);

  const provided = /^[0-9a-f]{64}$/.test(auth.signature) ? Buffer.from(auth.signature, 'hex') : undefined;
  if (!provided || !timingSafeEqual(provided, expected)) throw invalidSignature(SIGNATURE_MISMATCH);
}

function parseAuthorization(header: string, request: FastifyRequest): ParsedAuthorization {
  const trimmed = header.trim();
  const space = trimmed.indexOf(' ');
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  if (algorithm !== ALGORITHM) {
    throw incomplete(`Unsupported AWS 'algorithm': '${algorithm}'`);
  }
  const params = new Map<string, string>();
  for (const part of trimmed.slice(algorithm.length).split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq < 0) {
      throw incomplete(`'${item}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`);
    }
    params.set(item.slice(0, eq).trim(), item.slice(eq + 1).trim());
  }

  const missing: string[] = [];
  for (const name of ['Credential', 'Signature', 'SignedHeaders']) {
    if (!params.get(name)) missing.push(`Authorization header requires '${name}' parameter.`);
  }
  if (!hasDateHeader(request)) {
    missing.push(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.`);
  }
  if (missing.length > 0) throw incomplete(`${missing.join(' ')} Authorization=${header}`);

  const credential = params.get('Credential')!;
  const scope = credential.split('/');
  if (scope.length !== 5 || scope.some((p) => p === '')) {
    throw incomplete(`Credential should have 5 slash-separated parts, not ${scope.length}: '${credential}'. Authorization=${header}`);
  }
  const [accessKeyId, scopeDate, region, service, terminator] = scope as [string, string, string, string, string];
  return {
    accessKeyId,
    scopeDate,
    region,
    service,
    terminator,
    signedHeaders: params.get('SignedHeaders')!.split(';').map((h) => h.trim().toLowerCase()),
    signature: params.get('Signature')!,
  };
}

/** X-Amz-Date (ISO 8601 basic format), or the HTTP Date header when the caller signed with that. */
function requestDate(request: FastifyRequest, authorization: string): { longDate: string; time: number } {
  const amzDate = headerValue(request.headers['x-amz-date']);
  if (amzDate !== undefined) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate.trim());
    const time = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN;
    if (!m || Number.isNaN(time)) {
      throw incomplete(`Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`);
    }
    return { longDate: amzDate.trim(), time };
  }
  const httpDate = headerValue(request.headers.date);
  const time = httpDate === undefined ? NaN : Date.parse(httpDate);
  if (Number.isNaN(time)) {
    throw incomplete(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authorization}`);
  }
  return { longDate: basicFormat(time), time };
}

function buildCanonicalRequest(request: FastifyRequest, signedHeaders: string[]): string {
  const rawUrl = request.raw.url ?? request.url;
  const q = rawUrl.indexOf('?');
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const query = q < 0 ? '' : rawUrl.slice(q + 1);
  const headers = signedHeaders.map((name) => `${name}:${canonicalHeaderValue(request.headers[name])}`);
  return [
    request.method,
    canonicalPath(path),
    canonicalQuery(query),
    ...headers,
    '',
    signedHeaders.join(';'),
    sha256Hex(typeof request.body === 'string' ? request.body : ''),
  ].join('\n');
}

/**
 * Non-S3 services normalise the path and encode it once more on top of its wire encoding
 * (the "double encoding" of the SigV4 specification).
 */
function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalized = `/${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return uriEscape(normalized).replace(/%2F/g, '/');
}

function canonicalQuery(query: string): string {
  if (query === '') return '';
  const pairs: [string, string][] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = safeDecode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : safeDecode(part.slice(eq + 1));
    if (key.toLowerCase() === 'x-amz-signature') continue;
    pairs.push([uriEscape(key), uriEscape(value)]);
  }
  pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function canonicalHeaderValue(value: string | string[] | undefined): string {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').trim();
}

/** RFC 3986 encoding: everything but the unreserved characters. */
function uriEscape(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function hasDateHeader(request: FastifyRequest): boolean {
  return headerValue(request.headers['x-amz-date']) !== undefined || headerValue(request.headers.date) !== undefined;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** 20240102T030405Z */
function basicFormat(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const invalidSignature = (message: string) => new CognitoError('InvalidSignatureException', message);
const incomplete = (message: string) => new CognitoError('IncompleteSignatureException', message);
