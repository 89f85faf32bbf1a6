import { Agent, request, validateHeaderValue } from 'node:http';
import { connect } from 'node:net';
import type { FuzzCase } from './cases.js';

export interface Answer {
  /** 0 when the server closed the connection without an answer. */
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Sent as raw bytes because node:http refuses its headers: only the HTTP layer may have answered. */
  raw?: boolean;
}

export class Hang extends Error {}

/** Keep-alive connections, as a real client pool reuses them. */
export function createAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 8 });
}

/** Sends one case; a request that takes longer than `timeoutMs` is a hang. */
export function send(origin: URL, c: FuzzCase, agent: Agent, timeoutMs: number): Promise<Answer> {
  return c.kind === 'raw' ? sendRaw(origin, c.bytes, timeoutMs) : sendHttp(origin, c, agent, timeoutMs);
}

function sendHttp(origin: URL, c: Extract<FuzzCase, { kind: 'http' }>, agent: Agent, timeoutMs: number): Promise<Answer> {
  const body = c.body === undefined ? undefined : Buffer.isBuffer(c.body) ? c.body : Buffer.from(c.body, 'utf8');
  const headers: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(c.headers)) headers[name] = Buffer.from(value, 'utf8').toString('latin1');
  if (body !== undefined) headers['content-length'] = body.length;
  try {
    for (const [name, value] of Object.entries(headers)) validateHeaderValue(name, String(value));
  } catch {
    // Bytes node:http refuses to send (control characters): written to a socket as they are.
    return sendRaw(origin, rawRequest(c, headers, body), timeoutMs).then((answer) => ({ ...answer, raw: true }));
  }
  return new Promise((resolve, reject) => {
    const req = request({ host: origin.hostname, port: origin.port, method: c.method, path: c.path, headers, agent, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Hang(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      // The server may refuse a request by closing the connection (an oversized body): not a 5xx.
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') resolve({ status: 0, headers: {}, body: '' });
      else reject(error);
    });
    req.end(body);
  });
}

function rawRequest(c: Extract<FuzzCase, { kind: 'http' }>, headers: Record<string, string | number>, body: Buffer | undefined): Buffer {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return Buffer.concat([Buffer.from(`${c.method} ${c.path} HTTP/1.1\r\n${lines.join('')}connection: close\r\n\r\n`, 'latin1'), body ?? Buffer.alloc(0)]);
}

/** Writes the bytes, half-closes, and reads whatever comes back until the server closes. */
function sendRaw(origin: URL, bytes: Buffer, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: origin.hostname, port: Number(origin.port) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Hang(`raw request not answered or closed within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      const headerEnd = text.indexOf('\r\n\r\n');
      resolve({ status: status ? Number(status[1]) : 0, headers: {}, body: headerEnd < 0 ? '' : text.slice(headerEnd + 4) });
    };
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') return finish();
      clearTimeout(timer);
      reject(error);
    });
    socket.write(bytes, () => socket.end());
  });
}
