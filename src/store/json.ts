/**
 * The codec of the `*_json` columns. Each repository declares the shape its column holds and decodes
 * it here, once, with a check of that shape; nothing above the store parses or writes row JSON.
 * A row that does not hold what its column declares is corrupt: reading it fails loudly, naming the
 * column, rather than letting a wrong shape travel into the rules.
 */

/** A decoded JSON object, its members not yet checked. */
export type JsonObject = { [member: string]: unknown };

/**
 * A JSON object the store keeps without reading its members: Cognito-shaped configuration whose type
 * belongs to the core (which the store may not import), so the core names the type when it maps the record.
 */
export type OpaqueObject = object;

/** Tells whether a decoded value has the column's shape. */
export type Check<T> = (value: unknown) => value is T;

export interface JsonColumn<T> {
  decode(text: string): T;
  encode(value: T): string;
}

/** The codec of one column (`table.column`, for the message about a corrupt row). */
export function jsonColumn<T>(column: string, check: Check<T>): JsonColumn<T> {
  return {
    decode(text) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new Error(`corrupt row: ${column} is not JSON`);
      }
      if (!check(value)) throw new Error(`corrupt row: ${column} does not hold what its column declares`);
      return value;
    },
    encode: (value) => JSON.stringify(value),
  };
}

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

export const isString = (value: unknown): value is string => typeof value === 'string';

export const isArrayOf =
  <T>(item: Check<T>): Check<T[]> =>
  (value): value is T[] =>
    Array.isArray(value) && value.every(item);

/** An object whose members all have one shape (a string map, say). */
export const isRecordOf =
  <T>(member: Check<T>): Check<Record<string, T>> =>
  (value): value is Record<string, T> =>
    isObject(value) && Object.values(value).every(member);
