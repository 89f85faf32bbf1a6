/**
 * awsJson1.1 bodies: timestamps go out as epoch seconds (JSON numbers), as Cognito sends them.
 */
export function toWireJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    const raw = this[key];
    if (raw instanceof Date) return raw.getTime() / 1000;
    return v;
  });
}

export const AMZ_JSON = 'application/x-amz-json-1.1';
