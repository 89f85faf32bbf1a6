import type { Rule } from '../src/api/shapes.js';
import type { Rng } from './prng.js';

/**
 * Values for the fuzzer: plausible ones built from a member's shape (so that a request gets past
 * the first checks), and hostile ones: wrong JSON types, lengths just past a limit, NUL, U+00FF,
 * lone surrogates, 4-byte characters at the length limit, numbers past every integer range, deep
 * nesting. Raw JSON that JSON.stringify cannot write (1e999, -0, 30 digits) is a `RawJson`.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u00ff\u00fe',
  '\ud800',
  'x\udc00y',
  '\ud83d',
  '\uffff\ufffe',
  '😀"\'<>&',
  "' OR '1'='1' --",
  '"; DROP TABLE users; --',
  '\\',
  '%00',
  '%',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '../../../etc/passwd',
  'javascript:alert(1)',
  '\r\nSet-Cookie: a=b',
  '\t\n\u000b\f\r',
  '\u202e\u200b\u2028\u2029',
  'username = "a"',
  'email ^= "',
  '*',
  '?',
  '[',
  'A'.repeat(129),
];

/** Long enough to pass a length limit, or (in a URL) Node's 16 KB header limit. */
export const LONG_STRINGS: readonly string[] = ['A'.repeat(2049), '𝔘'.repeat(2048), 'e'.repeat(70_000)];

export const nastyString = (rng: Rng): string => (rng.chance(0.1) ? rng.pick(LONG_STRINGS) : rng.pick(NASTY_STRINGS));

const NASTY_NUMBERS: readonly unknown[] = [
  -1,
  0,
  1.5,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  1e308,
  -1e308,
  new RawJson('1e999'),
  new RawJson('-0'),
  new RawJson('123456789012345678901234567890'),
  new RawJson('0.0000000000000000000000001'),
  '5',
  '',
];

export function nest(depth: number, kind: 'array' | 'object'): RawJson {
  return kind === 'array' ? new RawJson('['.repeat(depth) + ']'.repeat(depth)) : new RawJson('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
}

const NASTY_ANY = (rng: Rng): unknown =>
  rng.pick<() => unknown>([
    () => null,
    () => true,
    () => false,
    () => 0,
    () => nastyString(rng),
    () => rng.pick(NASTY_NUMBERS),
    () => [],
    () => ({}),
    () => [nastyString(rng)],
    () => new RawJson('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}'),
    () => nest(rng.pick([50, 2_000, 20_000]), rng.pick(['array', 'object'] as const)),
    () => Array.from({ length: rng.pick([101, 1_001, 10_001]) }, (_, i) => `v${i}`),
  ])();

/** A hostile value for a member of this shape: a wrong type, or a value of the right type that breaks a constraint. */
export function hostileFor(rule: Rule, rng: Rng): unknown {
  if (rng.chance(0.3)) return NASTY_ANY(rng);
  switch (rule.kind) {
    case 'string': {
      const options: (() => unknown)[] = [() => nastyString(rng), () => 42, () => ['x'], () => ({ a: 'b' })];
      if (rule.max !== undefined) {
        options.push(() => 'a'.repeat(rule.max! + 1), () => '😀'.repeat(rule.max!), () => 'a'.repeat(rule.max! - 1) + '\u0000');
      }
      if (rule.min !== undefined && rule.min > 0) options.push(() => 'a'.repeat(rule.min! - 1));
      if (rule.enum) options.push(() => `${rule.enum![0]}\u0000`, () => rule.enum![0]!.toLowerCase() + ' ');
      return rng.pick(options)();
    }
    case 'number': {
      const options: (() => unknown)[] = [() => rng.pick(NASTY_NUMBERS)];
      if (rule.max !== undefined) options.push(() => rule.max! + 1);
      if (rule.min !== undefined) options.push(() => rule.min! - 1);
      return rng.pick(options)();
    }
    case 'boolean':
      return rng.pick<unknown>(['true', 1, 0, null, [], {}]);
    case 'timestamp':
      return rng.pick<unknown>(['2020-01-01', new RawJson('1e999'), -1e20, {}]);
    case 'list':
      return rng.pick<() => unknown>([
        () => 'not a list',
        () => ({}),
        () => [null],
        () => [hostileFor(rule.member, rng)],
        () => Array.from({ length: (rule.max ?? 100) + 1 }, () => plausible(rule.member, rng, '')),
        () => nest(3_000, 'array'),
      ])();
    case 'map':
      return rng.pick<() => unknown>([
        () => 'not a map',
        () => [],
        () => ({ [nastyString(rng)]: 'v' }),
        () => ({ k: hostileFor(rule.value, rng) }),
        () => Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, 'v'])),
      ])();
    case 'struct':
      return rng.pick<() => unknown>([() => 'not a struct', () => [], () => ({ Unknown: nastyString(rng) }), () => mutate(plausible(rule, rng, ''), rule, rng)]);
  }
}

/** Values a real caller would send for members of these names, filled in from the fixture. */
export type Known = Record<string, (rng: Rng) => unknown>;

let known: Known = {};
export function setKnownValues(values: Known): void {
  known = values;
}

/** A plausible value of this shape: required members always, optional ones sometimes. */
export function plausible(rule: Rule, rng: Rng, name: string): unknown {
  const fromFixture = known[name];
  if (fromFixture && rng.chance(0.85)) return fromFixture(rng);
  switch (rule.kind) {
    case 'string':
      if (rule.enum) return rng.pick(rule.enum);
      return 'a'.repeat(Math.max(1, Math.min(rule.min ?? 1, 8))) + (rule.max === undefined || rule.max > 8 ? rng.pick(['', 'bc', '1', '_x']) : '');
    case 'number': {
      const min = rule.min ?? 0;
      const max = rule.max ?? min + 100;
      return min + rng.int(Math.max(1, Math.min(max - min + 1, 1000)));
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'timestamp':
      return 1_700_000_000;
    case 'list':
      return Array.from({ length: Math.max(rule.min ?? 0, rng.int(3)) }, () => plausible(rule.member, rng, name));
    case 'map':
      return rng.chance(0.5) ? {} : { [String(plausible(rule.key, rng, ''))]: plausible(rule.value, rng, '') };
    case 'struct': {
      const out: Record<string, unknown> = {};
      for (const [member, r] of Object.entries(rule.members)) {
        if (r.required || rng.chance(0.3)) out[member] = plausible(r, rng, member);
      }
      return out;
    }
  }
}

/** One to three hostile changes to a plausible structure. */
export function mutate(value: unknown, rule: Rule, rng: Rng): unknown {
  if (rule.kind !== 'struct' || value === null || typeof value !== 'object' || Array.isArray(value)) return hostileFor(rule, rng);
  const out = { ...(value as Record<string, unknown>) };
  const members = Object.entries(rule.members);
  const changes = 1 + rng.int(3);
  for (let i = 0; i < changes; i++) {
    const action = rng.int(10);
    if (members.length === 0 || action === 0) {
      out[rng.pick(['Unknown', '__proto__', 'constructor', 'a\u0000b', ''])] = NASTY_ANY(rng);
      continue;
    }
    const [member, r] = rng.pick(members);
    if (action === 1) delete out[member];
    else if ((r.kind === 'struct' || r.kind === 'list' || r.kind === 'map') && rng.chance(0.4) && out[member] !== undefined) {
      out[member] = mutateInside(out[member], r, rng);
    } else out[member] = hostileFor(r, rng);
  }
  return out;
}

function mutateInside(value: unknown, rule: Rule, rng: Rng): unknown {
  if (rule.kind === 'struct') return mutate(value, rule, rng);
  if (rule.kind === 'list' && Array.isArray(value)) {
    const copy = [...(value as unknown[])];
    copy[rng.int(copy.length + 1)] = hostileFor(rule.member, rng);
    return copy;
  }
  if (rule.kind === 'map' && value && typeof value === 'object') {
    return { ...(value as Record<string, unknown>), [rng.chance(0.5) ? nastyString(rng) : 'USERNAME']: hostileFor(rule.value, rng) };
  }
  return hostileFor(rule, rng);
}

/** JSON text of a value that may hold `RawJson` parts. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `@@RAW${raws.length - 1}@@`;
    }
    return v;
  });
  if (text === undefined) return '';
  return raws.length === 0 ? text : text.replace(/"@@RAW(\d+)@@"/g, (_m, i: string) => raws[Number(i)]!);
}
