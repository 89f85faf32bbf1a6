/**
 * What an invocation record and its log line may show of a trigger's event and answer: everything
 * but the secrets Cognito hands a function (a migrating user's password, the codes of CustomMessage
 * and the custom senders, custom challenge answers and their private parameters), which are shown
 * as `***` so that records and logs can be read and shared without handing out credentials.
 */

const MASK = '***';

/** Members whose value is a secret wherever they appear (request or response). */
const SECRET_MEMBERS = new Set(['password', 'temporarypassword', 'newpassword', 'code', 'challengeanswer']);

/** Members whose object holds secrets as its values: the names stay, to show what was set. */
const SECRET_MAPS = new Set(['privatechallengeparameters']);

/** CustomMessage's `codeParameter` is normally the `{####}` placeholder; a real code in its place is masked. */
const PLACEHOLDER_MEMBERS = new Set(['codeparameter']);
const isPlaceholder = (value: unknown) => typeof value === 'string' && /^\{.*\}$/.test(value);

/** A deep copy of `value` with its secrets replaced by `***`. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(value)) {
    const key = name.toLowerCase();
    if (SECRET_MEMBERS.has(key) && member !== null && member !== undefined) out[name] = MASK;
    else if (PLACEHOLDER_MEMBERS.has(key) && member !== null && member !== undefined && !isPlaceholder(member)) out[name] = MASK;
    else if (SECRET_MAPS.has(key) && typeof member === 'object' && member !== null) out[name] = Object.fromEntries(Object.keys(member).map((k) => [k, MASK]));
    else out[name] = maskSecrets(member);
  }
  return out;
}
