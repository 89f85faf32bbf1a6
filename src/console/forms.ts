import { CognitoError } from '../core/errors.js';

/**
 * Reading a posted form (`application/x-www-form-urlencoded`, parsed by @fastify/formbody) into the
 * members of a Cognito request. Only the form's reading is here; every rule about the values is the
 * operation's (console/operations.ts).
 */
export type Form = Record<string, string | string[] | undefined>;

export const formOf = (body: unknown): Form => (body && typeof body === 'object' ? (body as Form) : {});

/** The first value of a field, trimmed; undefined when absent or empty. */
export function text(form: Form, name: string): string | undefined {
  const v = form[name];
  const s = (Array.isArray(v) ? v[0] : v)?.trim();
  return s === undefined || s === '' ? undefined : s;
}

/** Every value of a field (checkboxes sharing a name). */
export const values = (form: Form, name: string): string[] => {
  const v = form[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((s) => s.trim()).filter((s) => s !== '');
};

/** One entry a line (callback URLs, scopes...). */
export const lines = (form: Form, name: string): string[] =>
  (text(form, name) ?? '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

export const checked = (form: Form, name: string): boolean => values(form, name).includes('true');

/**
 * A number field. A value that is not a number is sent as it is, so the operation's own check
 * answers with Cognito's message; only an empty field is absent.
 */
export function number(form: Form, name: string): number | undefined {
  const s = text(form, name);
  if (s === undefined) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : (s as unknown as number);
}

/** The "more settings as JSON" box: an object of further request members, or Cognito's SerializationException. */
export function jsonObject(form: Form, name: string): Record<string, unknown> {
  const s = text(form, name);
  if (s === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(s);
  } catch {
    throw new CognitoError('SerializationException', `The settings in "${name}" are not valid JSON.`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new CognitoError('SerializationException', `The settings in "${name}" must be a JSON object.`);
  return value as Record<string, unknown>;
}

/** The `Name=value` lines of an attribute box. */
export const attributeLines = (form: Form, name: string): { Name: string; Value: string }[] =>
  lines(form, name).map((line) => {
    const i = line.indexOf('=');
    return i < 0 ? { Name: line, Value: '' } : { Name: line.slice(0, i).trim(), Value: line.slice(i + 1).trim() };
  });
