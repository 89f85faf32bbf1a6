import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AdminCredentials } from '../api/sigv4.js';

/**
 * Who may use the console. With `--admin-credentials` a person signs in with them once and the
 * browser then holds a session cookie: HttpOnly, SameSite=Lax, its value an expiry and an HMAC keyed
 * by the credentials, so it is checked without server state (every node with the same credentials
 * accepts it) and stops working when the credentials change. Every form repeats a CSRF token that is
 * also a cookie (double submit), and a post that a browser says comes from another origin is refused.
 */

export const SESSION_COOKIE = 'cognate-console';
export const CSRF_COOKIE = 'cognate-console-csrf';
const SESSION_SECONDS = 8 * 3600;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const sha = (text: string) => createHash('sha256').update(text).digest();
const sessionKey = (c: AdminCredentials) => sha(`cognate-console-session\0${c.accessKeyId}\0${c.secretAccessKey}`);
const mac = (c: AdminCredentials, expires: number) => createHmac('sha256', sessionKey(c)).update(`session:${expires}`).digest('base64url');

const equal = (a: string, b: string): boolean => {
  const x = sha(a);
  const y = sha(b);
  return timingSafeEqual(x, y) && a === b;
};

export const credentialsMatch = (c: AdminCredentials, accessKeyId: string, secret: string): boolean =>
  // Both compared, always: the time taken says nothing about which one was wrong.
  [equal(c.accessKeyId, accessKeyId), equal(c.secretAccessKey, secret)].every(Boolean);

export function startSession(reply: FastifyReply, c: AdminCredentials, nowMs: number, secure: boolean): void {
  const expires = Math.floor(nowMs / 1000) + SESSION_SECONDS;
  reply.setCookie(SESSION_COOKIE, `${expires}.${mac(c, expires)}`, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: SESSION_SECONDS });
}

export const endSession = (reply: FastifyReply, secure: boolean): void => void reply.clearCookie(SESSION_COOKIE, { path: '/', secure, httpOnly: true, sameSite: 'lax' });

export function hasSession(request: FastifyRequest, c: AdminCredentials, nowMs: number): boolean {
  const value = request.cookies[SESSION_COOKIE];
  const match = typeof value === 'string' ? /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value) : null;
  if (!match) return false;
  const expires = Number(match[1]);
  return expires * 1000 > nowMs && equal(match[2]!, mac(c, expires));
}

/** The request's CSRF token, or a new one set as the cookie on this reply. */
export function csrfToken(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = request.cookies[CSRF_COOKIE];
  if (existing && TOKEN.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  reply.setCookie(CSRF_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/console' });
  // Later parts of this same request read it back.
  request.cookies[CSRF_COOKIE] = token;
  return token;
}

export function csrfValid(request: FastifyRequest): boolean {
  const cookie = request.cookies[CSRF_COOKIE];
  const field = (request.body as Record<string, unknown> | undefined)?._csrf;
  return typeof cookie === 'string' && typeof field === 'string' && TOKEN.test(cookie) && equal(cookie, field);
}
