/**
 * awsJson1.1 bodies: timestamps go out as epoch seconds (JSON numbers), as Cognito sends them.
 * Most answers hold no timestamp: they skip the replacer, which calls back into JavaScript for every
 * key and doubled the cost of writing a GetUser's answer.
 */
export function toWireJson(value: unknown): string {
  if (!holdsDate(value)) return JSON.stringify(value);
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    const raw = this[key];
    if (raw instanceof Date) return raw.getTime() / 1000;
    return v;
  });
}

function holdsDate(value: unknown): boolean {
  if (value instanceof Date) return true;
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(holdsDate);
  for (const key in value) if (holdsDate((value as Record<string, unknown>)[key])) return true;
  return false;
}

export const AMZ_JSON = 'application/x-amz-json-1.1';
