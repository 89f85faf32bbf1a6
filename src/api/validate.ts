import { CognitoError } from '../core/errors.js';
import { findUnsafeText, isSafeText } from '../core/input-hygiene.js';
import type { Infer, Rule, StructRule } from './shapes.js';

/**
 * Checks a parsed request body against its shape. Wrong JSON types are a SerializationException
 * (the request could not be read); constraint violations are collected and reported together as
 * Cognito does: `2 validation errors detected: Value 'x' at 'a' failed to satisfy constraint: ...; ...`.
 */
export function validateInput<S extends StructRule>(shape: S, body: unknown): asserts body is Infer<S> {
  const violations: string[] = [];
  checkStruct(shape, body, '', violations, true);
  // Members the shape does not declare are ignored by the operation, but nothing unstorable gets past.
  const unsafe = violations.length === 0 ? findUnsafeText(body) : undefined;
  if (unsafe) {
    // A hostile body may nest thousands of levels deep: name the first few.
    const shown = unsafe.slice(0, 16).map((p) => (typeof p === 'number' ? p + 1 : p));
    violations.push(`Value at '${shown.join('.')}${unsafe.length > shown.length ? '...' : ''}' ${UNSAFE_TEXT}`);
  }
  if (violations.length > 0) {
    const n = violations.length;
    throw new CognitoError(
      'InvalidParameterException',
      `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.join('; ')}`,
    );
  }
}

function checkStruct(rule: StructRule, value: unknown, path: string, out: string[], top = false): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    if (top && value === undefined) value = {};
    else throw serialization(value, 'structure');
  }
  const obj = (value ?? {}) as Record<string, unknown>;
  for (const [name, member] of Object.entries(rule.members)) {
    check(member, obj[name], join(path, memberPath(name)), out);
    // A JSON null means "not given", as the SDKs never send it: operations see only absent members.
    if (obj[name] === null) delete obj[name];
  }
}

function check(rule: Rule, value: unknown, path: string, out: string[]): void {
  if (value === undefined || value === null) {
    if (rule.required) out.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
    return;
  }
  switch (rule.kind) {
    case 'string': {
      if (typeof value !== 'string') throw serialization(value, 'String');
      const shown = () => (rule.sensitive ? `Value at '${path}'` : `Value '${value}' at '${path}'`);
      if (!isSafeText(value)) out.push(`Value at '${path}' ${UNSAFE_TEXT}`);
      const len = codePointLength(value);
      if (rule.min !== undefined && len < rule.min)
        out.push(`${shown()} failed to satisfy constraint: Member must have length greater than or equal to ${rule.min}`);
      if (rule.max !== undefined && len > rule.max)
        out.push(`${shown()} failed to satisfy constraint: Member must have length less than or equal to ${rule.max}`);
      if (rule.pattern !== undefined && !fullMatch(rule.pattern, value))
        out.push(`${shown()} failed to satisfy constraint: Member must satisfy regular expression pattern: ${rule.pattern}`);
      if (rule.enum !== undefined && !rule.enum.includes(value))
        out.push(`${shown()} failed to satisfy constraint: Member must satisfy enum value set: [${rule.enum.join(', ')}]`);
      return;
    }
    case 'number': {
      // Every number in the Cognito API is an Integer or a Long.
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw serialization(value, 'Integer');
      if (rule.min !== undefined && value < rule.min)
        out.push(`Value '${value}' at '${path}' failed to satisfy constraint: Member must have value greater than or equal to ${rule.min}`);
      if (rule.max !== undefined && value > rule.max)
        out.push(`Value '${value}' at '${path}' failed to satisfy constraint: Member must have value less than or equal to ${rule.max}`);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw serialization(value, 'Boolean');
      return;
    case 'timestamp':
      if (typeof value !== 'number') throw serialization(value, 'Timestamp');
      return;
    case 'list': {
      if (!Array.isArray(value)) throw serialization(value, 'list');
      const shown = rule.sensitive ? `Value at '${path}'` : `Value '[${value.map(display).join(', ')}]' at '${path}'`;
      if (rule.min !== undefined && value.length < rule.min)
        out.push(`${shown} failed to satisfy constraint: Member must have length greater than or equal to ${rule.min}`);
      if (rule.max !== undefined && value.length > rule.max)
        out.push(`${shown} failed to satisfy constraint: Member must have length less than or equal to ${rule.max}`);
      value.forEach((item, i) => {
        if (item === null || item === undefined) throw serialization(item, 'list member');
        check(rule.member, item, `${path}.${i + 1}.member`, out);
      });
      return;
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) throw serialization(value, 'map');
      const entries = Object.entries(value as Record<string, unknown>);
      if (rule.min !== undefined && entries.length < rule.min)
        out.push(`Value at '${path}' failed to satisfy constraint: Member must have length greater than or equal to ${rule.min}`);
      if (rule.max !== undefined && entries.length > rule.max)
        out.push(`Value at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${rule.max}`);
      for (const [k, v] of entries) {
        check(rule.key, k, `${path}.key`, out);
        check(rule.value, v, `${path}.${k}`, out);
        if (v === null) delete (value as Record<string, unknown>)[k];
      }
      return;
    }
    case 'struct':
      checkStruct(rule, value, path, out);
      return;
    case 'document':
      return;
  }
}

/** NUL and unpaired surrogates: PostgreSQL cannot store the one, UTF-8 cannot encode the other. */
const UNSAFE_TEXT = 'failed to satisfy constraint: Member must not contain NUL characters or unpaired surrogates';

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * A string's length as Cognito counts it, in code points. Without a surrogate that is its UTF-16
 * length; spreading a 1 KB token into an array of code points cost a tenth of a GetUser.
 */
function codePointLength(value: string): number {
  if (!SURROGATE.test(value)) return value.length;
  let n = 0;
  for (const _ of value) n++;
  return n;
}

const patternCache = new Map<string, RegExp>();
function fullMatch(pattern: string, value: string): boolean {
  let re = patternCache.get(pattern);
  if (!re) {
    // The model's patterns are Java regular expressions matched against the whole value. Java's
    // inline `(?s)` is always on here (flag s); JavaScript would reject the syntax.
    re = new RegExp(`^(?:${pattern.replaceAll('(?s)', '')})$`, 'su');
    patternCache.set(pattern, re);
  }
  return re.test(value);
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);
/** Cognito names members in lowerCamelCase in its messages: `UserPoolId` → `userPoolId`. */
const memberPath = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);
const display = (v: unknown): string => {
  if (typeof v !== 'object') return String(v);
  try {
    return JSON.stringify(v);
  } catch {
    // Nested deeper than JSON.stringify's stack allows.
    return '...';
  }
};

function serialization(value: unknown, expected: string): CognitoError {
  if (Array.isArray(value)) return new CognitoError('SerializationException', 'Start of list found where not expected');
  if (value !== null && typeof value === 'object')
    return new CognitoError('SerializationException', 'Start of structure or map found where not expected.');
  const kind = value === null ? 'NULL' : typeof value === 'number' ? 'NUMBER' : typeof value === 'boolean' ? 'BOOLEAN' : 'STRING';
  return new CognitoError('SerializationException', `${kind}_VALUE can not be converted to ${/^[aeiou]/i.test(expected) ? 'an' : 'a'} ${expected}`);
}
