const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** A duration flag: whole seconds (`86400`) or a number with a unit, `s`, `m`, `h` or `d` (`24h`, `90m`). */
export function parseDurationSeconds(value: string, flag: string): number {
  const m = /^\s*(\d{1,9})\s*([smhd]?)\s*$/i.exec(value);
  const seconds = m ? Number(m[1]) * UNIT_SECONDS[(m[2] || 's').toLowerCase()]! : NaN;
  if (!Number.isSafeInteger(seconds) || seconds <= 0) throw new Error(`${flag} takes a positive duration in seconds or with a unit (s, m, h, d), e.g. 24h; got ${JSON.stringify(value)}`);
  return seconds;
}
