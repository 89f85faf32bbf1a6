/** The arithmetic of the report: percentiles, CPU per operation in signatures' worth, ratios and targets. */

/** The p-th percentile (0-100) of `values` by nearest rank; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
}

export const latencyOf = (ms: readonly number[]): Latency => ({ p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99) });

/** CPU microseconds per completed operation; undefined when nothing completed or CPU is unknown. */
export function cpuPerOpMicros(cpuSeconds: number | undefined, ops: number): number | undefined {
  if (cpuSeconds === undefined || ops <= 0) return undefined;
  return (cpuSeconds * 1e6) / ops;
}

/** How many RS256 signatures the same CPU time would have made. */
export const signaturesWorth = (micros: number, signatureMicros: number): number => micros / signatureMicros;

/** `a / b` as "0.41×", or "n/a" when either side is missing. */
export function formatRatio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return 'n/a';
  return `${(a / b).toFixed(2)}×`;
}

export function formatMicros(micros: number | undefined): string {
  if (micros === undefined || !Number.isFinite(micros)) return 'n/a';
  return micros >= 10_000 ? `${(micros / 1000).toFixed(1)} ms` : `${Math.round(micros).toLocaleString('en')} µs`;
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

export interface Target {
  /** What is promised, e.g. "≤ 1.3 signatures". */
  label: string;
  /** The figure measured (undefined: not measured this run). */
  value: number | undefined;
  limit: number;
  /** 'max': the value must not exceed the limit; 'min': it must reach it. */
  kind: 'max' | 'min';
  /**
   * The same figure for the scenario's reference server (Node's own HTTP server doing only the
   * request's crypto), measured in the same run: a target that it misses too is below what any
   * server on node:http costs on this machine.
   */
  reference?: { system: string; value: number | undefined };
}

/** "MET" / "MISSED" / "NOT MEASURED", for printing beside a figure. */
export function verdict(target: Target): 'MET' | 'MISSED' | 'NOT MEASURED' {
  if (target.value === undefined || !Number.isFinite(target.value)) return 'NOT MEASURED';
  return (target.kind === 'max' ? target.value <= target.limit : target.value >= target.limit) ? 'MET' : 'MISSED';
}

export function formatTarget(target: Target, digits = 2): string {
  const figure = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits));
  const { reference } = target;
  const theirs = reference ? `; ${reference.system} alone: ${figure(reference.value)}, ${verdict({ ...target, value: reference.value })}` : '';
  return `${verdict(target)} (${figure(target.value)}, target ${target.label}${theirs})`;
}
