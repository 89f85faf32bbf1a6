/**
 * Text that no identity field can legitimately hold, refused where a request enters. PostgreSQL
 * cannot store U+0000 in `text` (it fails the whole statement), and a lone UTF-16 surrogate has no
 * UTF-8 form (drivers silently replace it, so what is stored differs from what was sent). SQLite
 * would take both; refusing them at the adapters makes both engines answer the same.
 */

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isSafeText = (text: string): boolean => !UNSAFE.test(text);

/**
 * Where the first unsafe string is in a parsed value (keys count too), as a path of member names and
 * list indexes, e.g. `['AuthParameters', 'USERNAME']`; undefined when there is none. Walks with its own
 * stack: a hostile body may nest far deeper than the call stack.
 */
export function findUnsafeText(value: unknown): (string | number)[] | undefined {
  // Each entry links to its parent rather than copying the path: copying is quadratic in the depth.
  interface Step {
    value: unknown;
    key: string | number | undefined;
    parent: Step | undefined;
  }
  const pathOf = (step: Step | undefined, last?: string): (string | number)[] => {
    const path: (string | number)[] = last === undefined ? [] : [last];
    for (let s = step; s?.key !== undefined; s = s.parent) path.push(s.key);
    return path.reverse();
  };
  const stack: Step[] = [{ value, key: undefined, parent: undefined }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const v = step.value;
    if (typeof v === 'string') {
      if (!isSafeText(v)) return pathOf(step);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: step });
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        if (!isSafeText(k)) return pathOf(step, k);
        stack.push({ value: child, key: k, parent: step });
      }
    }
  }
  return undefined;
}

/** The name of the first parameter of a parsed query or form that is unsafe, for the error message. */
export function unsafeParameter(params: unknown): string | undefined {
  if (params === null || typeof params !== 'object') return undefined;
  const path = findUnsafeText(params);
  if (!path) return undefined;
  const name = String(path[0] ?? '');
  // The name itself may be the unsafe part (or empty): never echo it, and never answer '' (falsy).
  return name !== '' && isSafeText(name) ? name : 'with an unreadable name';
}
