import type { SchemaAttribute } from '../pool/types.js';
import type { Attribute } from './types.js';
import { CognitoError, err } from '../errors.js';
import type { UserPool } from '../pool/pools.js';
import { requiredAttributes, schemaAttribute } from '../pool/schema.js';

/**
 * Checks attribute writes against the pool's schema, the way Cognito reports them: every problem
 * on its own line after "Attributes did not conform to the schema: ".
 */

export interface AttributeWriteOptions {
  /** `create` during AdminCreateUser/SignUp (immutable attributes may be set), `update` afterwards. */
  mode: 'create' | 'update';
  /** Admin operations may write developer-only (`dev:custom:`) attributes; users may not. */
  admin: boolean;
}

const nonConforming = (problems: string[]) =>
  err.invalidParameter(`Attributes did not conform to the schema: ${problems.map((p) => `${p}\n`).join('')}`);

// Loose on purpose: Cognito accepts anything shaped like local@domain.
const EMAIL = /^[^\s@]+@[^\s@]+$/u;
// E.164: a plus sign and up to 15 digits.
const PHONE = /^\+[0-9]{1,15}$/;
const INTEGER = /^[+-]?[0-9]+$/;

/**
 * Validates the attributes of one write and returns them by their schema name (`dev:custom:x` stays
 * `dev:custom:x` even when written as `custom:x`). A later duplicate overrides an earlier one.
 * Empty values are returned as empty strings; in `update` mode the caller treats them as deletions.
 */
export function validateAttributeWrites(
  pool: UserPool,
  attributes: readonly Attribute[],
  options: AttributeWriteOptions,
): Map<string, string> {
  const problems: string[] = [];
  const out = new Map<string, string>();
  for (const { Name, Value } of attributes) {
    const name = Name ?? '';
    const value = Value ?? '';
    const schema = writableSchema(pool, name, options.admin, problems);
    if (!schema) continue;
    const canonical = schema.Name!;
    if (canonical === 'sub' || (options.mode === 'update' && schema.Mutable === false)) {
      problems.push(`${canonical}: Attribute cannot be updated.`);
      continue;
    }
    if (value !== '') {
      const problem = valueProblem(schema, value);
      if (problem) {
        problems.push(`${canonical}: ${problem}`);
        continue;
      }
    }
    out.set(canonical, normalise(canonical, schema, value));
  }
  if (problems.length > 0) throw nonConforming(problems);
  // Format checks Cognito reports on their own, after the schema ones.
  const email = out.get('email');
  if (email && !EMAIL.test(email)) throw err.invalidParameter('Invalid email address format.');
  const phone = out.get('phone_number');
  if (phone && !PHONE.test(phone)) throw err.invalidParameter('Invalid phone number format.');
  return out;
}

/**
 * The schema entry of an attribute a write names, or undefined with the problem noted when the pool
 * has none. Developer-only attributes refuse the whole request from a non-admin caller, as Cognito does.
 */
function writableSchema(pool: UserPool, name: string, admin: boolean, problems: string[]): SchemaAttribute | undefined {
  const schema = schemaAttribute(pool, name);
  if (!schema) {
    problems.push(`${name}: Attribute does not exist in the schema.`);
    return undefined;
  }
  if (schema.DeveloperOnlyAttribute && !admin) throw new CognitoError('NotAuthorizedException', 'A client attempted to write unauthorized attribute');
  return schema;
}

/** The problem with a non-empty value for its schema entry, in Cognito's style, or undefined. */
function valueProblem(schema: SchemaAttribute, value: string): string | undefined {
  switch (schema.AttributeDataType) {
    case 'Number': {
      if (!INTEGER.test(value)) return 'Number must be an integer.';
      const n = Number(value);
      const min = schema.NumberAttributeConstraints?.MinValue;
      const max = schema.NumberAttributeConstraints?.MaxValue;
      if (min !== undefined && min !== '' && n < Number(min)) return `Number must be no less than ${min}.`;
      if (max !== undefined && max !== '' && n > Number(max)) return `Number must be no greater than ${max}.`;
      return undefined;
    }
    case 'Boolean':
      return /^(true|false)$/i.test(value) ? undefined : 'Boolean must be true or false.';
    case 'DateTime':
      return Number.isNaN(Date.parse(value)) ? 'DateTime is not valid.' : undefined;
    default: {
      const length = [...value].length;
      const min = schema.StringAttributeConstraints?.MinLength;
      const max = schema.StringAttributeConstraints?.MaxLength;
      if (min !== undefined && min !== '' && length < Number(min)) return `String must be no shorter than ${min} characters.`;
      if (max !== undefined && max !== '' && length > Number(max)) return `String must be no longer than ${max} characters.`;
      return undefined;
    }
  }
}

function normalise(name: string, schema: SchemaAttribute, value: string): string {
  if (schema.AttributeDataType === 'Boolean') return value.toLowerCase();
  if (name === 'email') return value.trim();
  return value;
}

/** Creation: every required attribute (but `sub`, which Cognito assigns) must have a value. */
export function checkRequiredAttributes(pool: UserPool, values: ReadonlyMap<string, string>): void {
  const missing = requiredAttributes(pool).filter((name) => name !== 'sub' && !values.get(name));
  if (missing.length > 0) throw nonConforming(missing.map((name) => `${name}: The attribute is required.`));
}

/**
 * Deletions (AdminDeleteUserAttributes, empty values in updates): returns the schema names, refusing
 * `sub`, immutable and required attributes.
 */
export function validateAttributeDeletes(pool: UserPool, names: readonly string[], options: { admin: boolean }): string[] {
  const problems: string[] = [];
  const required = new Set(requiredAttributes(pool));
  const out: string[] = [];
  for (const name of names) {
    const schema = writableSchema(pool, name, options.admin, problems);
    if (!schema) continue;
    const canonical = schema.Name!;
    if (canonical === 'sub' || schema.Mutable === false) problems.push(`${canonical}: Attribute cannot be updated.`);
    else if (required.has(canonical)) problems.push(`${canonical}: The attribute is required.`);
    else out.push(canonical);
  }
  if (problems.length > 0) throw nonConforming(problems);
  return out;
}
