import type { NumberAttributeConstraints, SchemaAttribute, StringAttributeConstraints } from './types.js';
import { err } from '../errors.js';
import type { UserPool } from './pools.js';

const text = (name: string, minLength = '0', maxLength = '2048'): SchemaAttribute => ({
  Name: name,
  AttributeDataType: 'String',
  DeveloperOnlyAttribute: false,
  Mutable: true,
  Required: false,
  StringAttributeConstraints: { MinLength: minLength, MaxLength: maxLength },
});

const flag = (name: string): SchemaAttribute => ({
  Name: name,
  AttributeDataType: 'Boolean',
  DeveloperOnlyAttribute: false,
  Mutable: true,
  Required: false,
});

/**
 * Every pool's standard attributes, as DescribeUserPool lists them before the request's Schema is merged in.
 * Constraints are strings on the wire, as Cognito sends them.
 */
export const STANDARD_ATTRIBUTES: readonly Readonly<SchemaAttribute>[] = Object.freeze([
  { ...text('sub', '1'), Mutable: false, Required: true },
  text('name'),
  text('given_name'),
  text('family_name'),
  text('middle_name'),
  text('nickname'),
  text('preferred_username'),
  text('profile'),
  text('picture'),
  text('website'),
  text('email'),
  flag('email_verified'),
  text('gender'),
  text('birthdate', '10', '10'),
  text('zoneinfo'),
  text('locale'),
  text('phone_number'),
  flag('phone_number_verified'),
  text('address'),
  {
    Name: 'updated_at',
    AttributeDataType: 'Number',
    DeveloperOnlyAttribute: false,
    Mutable: true,
    Required: false,
    NumberAttributeConstraints: { MinValue: '0' },
  },
  { ...text('identities'), StringAttributeConstraints: {} },
]);

export const STANDARD_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set(STANDARD_ATTRIBUTES.map((a) => a.Name!));

/** `custom:x` and `dev:custom:x` both name the custom attribute `x`; standard names are kept as they are. */
export function attributeKey(name: string): string {
  if (name.startsWith('dev:custom:')) return `custom:${name.slice('dev:custom:'.length)}`;
  return name;
}

const indexes = new WeakMap<UserPool, Map<string, SchemaAttribute>>();

function indexOf(pool: UserPool): Map<string, SchemaAttribute> {
  let index = indexes.get(pool);
  if (!index) {
    index = new Map((pool.SchemaAttributes ?? STANDARD_ATTRIBUTES).map((a) => [attributeKey(a.Name!), a]));
    indexes.set(pool, index);
  }
  return index;
}

/**
 * The pool's schema entry for an attribute name as users and admins write it: `email`, `custom:x` or
 * `dev:custom:x`. Developer-only attributes answer to both custom spellings; callers check
 * `DeveloperOnlyAttribute` to decide who may write them.
 */
export function schemaAttribute(pool: UserPool, name: string): SchemaAttribute | undefined {
  return indexOf(pool).get(attributeKey(name));
}

/** Names of the attributes every user of the pool must have (always includes `sub`). */
export function requiredAttributes(pool: UserPool): string[] {
  return (pool.SchemaAttributes ?? STANDARD_ATTRIBUTES).filter((a) => a.Required).map((a) => a.Name!);
}

/** Cognito's cap on custom (and developer-only) attributes per pool. */
export const MAX_CUSTOM_ATTRIBUTES = 50;

const isCustom = (a: SchemaAttribute) => a.Name!.startsWith('custom:') || a.Name!.startsWith('dev:custom:');

export const customAttributeCount = (schema: readonly SchemaAttribute[]) => schema.filter(isCustom).length;

/**
 * The pool's attribute list for CreateUserPool: the standard attributes with the request's changes
 * to them (Required, Mutable, constraints), followed by its custom attributes.
 */
export function buildSchema(requested: readonly SchemaAttribute[] | undefined): SchemaAttribute[] {
  const schema: SchemaAttribute[] = STANDARD_ATTRIBUTES.map((a) => structuredClone(a) as SchemaAttribute);
  const seen = new Set<string>();
  (requested ?? []).forEach((attribute, i) => {
    const name = requireName(attribute, `schema.${i + 1}.member.name`);
    if (STANDARD_ATTRIBUTE_NAMES.has(name)) {
      if (seen.has(name)) throw duplicate(name, name);
      seen.add(name);
      const index = schema.findIndex((a) => a.Name === name);
      schema[index] = standardAttribute(schema[index]!, attribute);
    } else {
      const added = customAttribute(attribute);
      if (seen.has(attributeKey(added.Name!))) throw duplicate(`custom:${name}`, added.Name!);
      seen.add(attributeKey(added.Name!));
      schema.push(added);
    }
  });
  checkCustomLimit(schema);
  return schema;
}

/** The schema after AddCustomAttributes; names already in use are refused, as Cognito does. */
export function withCustomAttributes(
  schema: readonly SchemaAttribute[],
  requested: readonly SchemaAttribute[],
): SchemaAttribute[] {
  const next = [...schema];
  const taken = new Set(schema.map((a) => attributeKey(a.Name!)));
  requested.forEach((attribute, i) => {
    const name = requireName(attribute, `customAttributes.${i + 1}.member.name`);
    const added = customAttribute(attribute);
    if (taken.has(attributeKey(added.Name!))) {
      const existing = schema.find((a) => attributeKey(a.Name!) === attributeKey(added.Name!))?.Name ?? added.Name!;
      throw duplicate(`custom:${name}`, existing);
    }
    taken.add(attributeKey(added.Name!));
    next.push(added);
  });
  checkCustomLimit(next);
  return next;
}

function requireName(attribute: SchemaAttribute, path: string): string {
  if (attribute.Name === undefined || attribute.Name === null)
    throw err.invalidParameter(`1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`);
  return attribute.Name;
}

const duplicate = (name: string, existing: string) =>
  err.invalidParameter(`${name}: Existing attribute already has name ${existing}.`);

function checkCustomLimit(schema: readonly SchemaAttribute[]): void {
  // Wording unconfirmed: Cognito documents the quota (50) but the message was not observed.
  if (customAttributeCount(schema) > MAX_CUSTOM_ATTRIBUTES)
    throw err.invalidParameter(`A user pool can have at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes.`);
}

function standardAttribute(base: SchemaAttribute, requested: SchemaAttribute): SchemaAttribute {
  const name = base.Name!;
  if (
    (requested.AttributeDataType !== undefined && requested.AttributeDataType !== base.AttributeDataType) ||
    requested.DeveloperOnlyAttribute === true
  ) {
    throw err.invalidParameter(
      `You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute ${name}`,
    );
  }
  // `sub` identifies the user forever: it stays required and immutable whatever the request says.
  if (name === 'sub') return base;
  const out: SchemaAttribute = {
    ...base,
    Mutable: requested.Mutable ?? base.Mutable,
    Required: requested.Required ?? base.Required,
  };
  if (base.AttributeDataType === 'String' && requested.StringAttributeConstraints) {
    out.StringAttributeConstraints = {
      ...base.StringAttributeConstraints,
      ...stringConstraints(name, requested.StringAttributeConstraints),
    };
  }
  if (base.AttributeDataType === 'Number' && requested.NumberAttributeConstraints) {
    out.NumberAttributeConstraints = {
      ...base.NumberAttributeConstraints,
      ...numberConstraints(name, requested.NumberAttributeConstraints),
    };
  }
  return out;
}

function customAttribute(requested: SchemaAttribute): SchemaAttribute {
  const developerOnly = requested.DeveloperOnlyAttribute === true;
  // Cognito prefixes whatever name it is given, even one that already starts with `custom:`.
  const name = `${developerOnly ? 'dev:' : ''}custom:${requested.Name!}`;
  if (!requested.AttributeDataType)
    throw err.invalidParameter('Invalid AttributeDataType input, consider using the provided AttributeDataType enum.');
  if (requested.Required === true) throw err.invalidParameter('Required custom attributes are not supported currently.');
  const out: SchemaAttribute = {
    Name: name,
    AttributeDataType: requested.AttributeDataType,
    DeveloperOnlyAttribute: developerOnly,
    Mutable: requested.Mutable ?? true,
    Required: false,
  };
  if (requested.AttributeDataType === 'String')
    out.StringAttributeConstraints = stringConstraints(name, requested.StringAttributeConstraints ?? {});
  if (requested.AttributeDataType === 'Number')
    out.NumberAttributeConstraints = numberConstraints(name, requested.NumberAttributeConstraints ?? {});
  return out;
}

const INTEGER = /^-?\d+$/;

function stringConstraints(name: string, c: StringAttributeConstraints): StringAttributeConstraints {
  const out: StringAttributeConstraints = {};
  for (const key of ['MinLength', 'MaxLength'] as const) {
    const value = c[key];
    if (value === undefined || value === null) continue;
    if (!INTEGER.test(value) || Number(value) < 0)
      throw err.invalidParameter(`Invalid StringAttributeConstraints for schema attribute ${name}`);
    if (Number(value) > 2048)
      throw err.invalidParameter(`user.${name}: String attributes cannot have a length of more than 2048`);
    out[key] = String(Number(value));
  }
  if (out.MinLength !== undefined && out.MaxLength !== undefined && Number(out.MinLength) > Number(out.MaxLength))
    throw err.invalidParameter(`user.${name}: Max length cannot be less than min length.`);
  return out;
}

function numberConstraints(name: string, c: NumberAttributeConstraints): NumberAttributeConstraints {
  const out: NumberAttributeConstraints = {};
  for (const key of ['MinValue', 'MaxValue'] as const) {
    const value = c[key];
    if (value === undefined || value === null) continue;
    if (!INTEGER.test(value)) throw err.invalidParameter(`Invalid NumberAttributeConstraints for schema attribute ${name}`);
    out[key] = value;
  }
  if (out.MinValue !== undefined && out.MaxValue !== undefined && BigInt(out.MinValue) > BigInt(out.MaxValue))
    throw err.invalidParameter(`user.${name}: Max value cannot be less than min value.`);
  return out;
}
