import type { SchemaAttributeType } from '@aws-sdk/client-cognito-identity-provider';
import type { UserPool } from './pools.js';

const text = (name: string, minLength = '0', maxLength = '2048'): SchemaAttributeType => ({
  Name: name,
  AttributeDataType: 'String',
  DeveloperOnlyAttribute: false,
  Mutable: true,
  Required: false,
  StringAttributeConstraints: { MinLength: minLength, MaxLength: maxLength },
});

const flag = (name: string): SchemaAttributeType => ({
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
export const STANDARD_ATTRIBUTES: readonly Readonly<SchemaAttributeType>[] = Object.freeze([
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

const indexes = new WeakMap<UserPool, Map<string, SchemaAttributeType>>();

function indexOf(pool: UserPool): Map<string, SchemaAttributeType> {
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
export function schemaAttribute(pool: UserPool, name: string): SchemaAttributeType | undefined {
  return indexOf(pool).get(attributeKey(name));
}

/** Names of the attributes every user of the pool must have (always includes `sub`). */
export function requiredAttributes(pool: UserPool): string[] {
  return (pool.SchemaAttributes ?? STANDARD_ATTRIBUTES).filter((a) => a.Required).map((a) => a.Name!);
}
