/**
 * A small language for the input shapes of the Cognito API: types, required members and the
 * model's constraints (length, range, pattern, enum). The constraint values are facts taken
 * from the service model; the validator reports them in Cognito's own words.
 */
export type Rule = StringRule | NumberRule | BooleanRule | ListRule | MapRule | StructRule | TimestampRule;

interface Common {
  required?: boolean;
  /** Sensitive members are reported without their value, as Cognito does for passwords. */
  sensitive?: boolean;
}
export interface StringRule extends Common {
  kind: 'string';
  min?: number;
  max?: number;
  pattern?: string;
  enum?: readonly string[];
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
export interface ListRule extends Common {
  kind: 'list';
  member: Rule;
  min?: number;
  max?: number;
}
export interface MapRule extends Common {
  kind: 'map';
  key: StringRule;
  value: Rule;
  min?: number;
  max?: number;
}
export interface StructRule extends Common {
  kind: 'struct';
  members: Record<string, Rule>;
}

type Opts<R> = Omit<R, 'kind' | 'member' | 'key' | 'value' | 'members'>;

export const str = (o: Opts<StringRule> = {}): StringRule => ({ kind: 'string', ...o });
export const num = (o: Opts<NumberRule> = {}): NumberRule => ({ kind: 'number', ...o });
export const bool = (o: Opts<BooleanRule> = {}): BooleanRule => ({ kind: 'boolean', ...o });
export const timestamp = (o: Opts<TimestampRule> = {}): TimestampRule => ({ kind: 'timestamp', ...o });
export const list = (member: Rule, o: Opts<ListRule> = {}): ListRule => ({ kind: 'list', member, ...o });
export const map = (key: StringRule, value: Rule, o: Opts<MapRule> = {}): MapRule => ({ kind: 'map', key, value, ...o });
export const struct = (members: Record<string, Rule>, o: Opts<StructRule> = {}): StructRule => ({
  kind: 'struct',
  members,
  ...o,
});
export const enumOf = (values: readonly string[], o: Opts<StringRule> = {}): StringRule => str({ enum: values, ...o });
/** Marks a rule as required (Cognito: "Member must not be null"). */
export const req = <R extends Rule>(rule: R): R => ({ ...rule, required: true });
