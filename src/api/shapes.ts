/**
 * A small language for the input shapes of the Cognito API: types, required members and the
 * model's constraints (length, range, pattern, enum). The constraint values are facts taken
 * from the service model; the validator reports them in Cognito's own words.
 */
export type Rule = StringRule | NumberRule | BooleanRule | ListRule | MapRule | StructRule | TimestampRule | DocumentRule;

interface Common {
  required?: boolean;
  /** Sensitive members are reported without their value, as Cognito does for passwords. */
  sensitive?: boolean;
}
export interface StringRule<V extends string = string> extends Common {
  kind: 'string';
  min?: number;
  max?: number;
  pattern?: string;
  enum?: readonly V[];
}
export interface NumberRule extends Common {
  kind: 'number';
  min?: number;
  max?: number;
}
export interface BooleanRule extends Common {
  kind: 'boolean';
}
export interface TimestampRule extends Common {
  kind: 'timestamp';
}
/** The model's `document` type: any JSON value, checked by the core that reads it. */
export interface DocumentRule extends Common {
  kind: 'document';
}
export interface ListRule<M extends Rule = Rule> extends Common {
  kind: 'list';
  member: M;
  min?: number;
  max?: number;
}
export interface MapRule<V extends Rule = Rule> extends Common {
  kind: 'map';
  key: StringRule;
  value: V;
  min?: number;
  max?: number;
}
export type Members = Record<string, Rule>;
export interface StructRule<M extends Members = Members> extends Common {
  kind: 'struct';
  members: M;
}

/**
 * The value a rule admits once validateInput has passed: required members are present, enums are
 * their literal values, timestamps are the wire's epoch seconds. Operations receive this type, so
 * the shape they declare is the only statement of what their input holds.
 */
export type Infer<R> =
  R extends StructRule<infer M>
    ? InferStruct<M>
    : R extends ListRule<infer E>
      ? Infer<E>[]
      : R extends MapRule<infer V>
        ? Record<string, Infer<V>>
        : R extends { kind: 'string'; enum: readonly (infer V)[] }
          ? V
          : R extends { kind: 'string' }
            ? string
            : R extends { kind: 'number' | 'timestamp' }
              ? number
              : R extends { kind: 'boolean' }
                ? boolean
                : R extends { kind: 'document' }
                  ? unknown
                  : never;

type RequiredKeys<M> = { [K in keyof M]: M[K] extends { required: true } ? K : never }[keyof M];
// A shape not known statically (the registry's operations) admits any object.
type InferStruct<M> = string extends keyof M ? Record<string, unknown> : Flatten<
  { [K in RequiredKeys<M>]: Infer<M[K]> } & { [K in Exclude<keyof M, RequiredKeys<M>>]?: Infer<M[K]> }
>;
type Flatten<T> = { [K in keyof T]: T[K] };

type Opts<R> = Omit<R, 'kind' | 'member' | 'key' | 'value' | 'members'>;

export const str = (o: Opts<StringRule> = {}): StringRule => ({ kind: 'string', ...o });
export const num = (o: Opts<NumberRule> = {}): NumberRule => ({ kind: 'number', ...o });
export const bool = (o: Opts<BooleanRule> = {}): BooleanRule => ({ kind: 'boolean', ...o });
export const timestamp = (o: Opts<TimestampRule> = {}): TimestampRule => ({ kind: 'timestamp', ...o });
export const document = (o: Opts<DocumentRule> = {}): DocumentRule => ({ kind: 'document', ...o });
export const list = <M extends Rule>(member: M, o: Opts<ListRule> = {}): ListRule<M> => ({ kind: 'list', member, ...o });
export const map = <V extends Rule>(key: StringRule, value: V, o: Opts<MapRule> = {}): MapRule<V> => ({
  kind: 'map',
  key,
  value,
  ...o,
});
export const struct = <M extends Members>(members: M, o: Opts<StructRule> = {}): StructRule<M> => ({
  kind: 'struct',
  members,
  ...o,
});
export const enumOf = <const V extends string>(
  values: readonly V[],
  o: Omit<Opts<StringRule>, 'enum'> = {},
): StringRule<V> & { enum: readonly V[] } => ({ kind: 'string', enum: values, ...o });
/** Marks a rule as required (Cognito: "Member must not be null"). */
export const req = <R extends Rule>(rule: R): R & { required: true } => ({ ...rule, required: true });
