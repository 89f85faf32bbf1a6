import { describe, expect, it } from 'vitest';
import { renderChart } from '../../bench/chart.js';
import { parseProcStat, sumTree } from '../../bench/cpu.js';
import { bestOf } from '../../bench/load.js';
import type { Measured } from '../../bench/load.js';
import { tableLines } from '../../bench/report.js';
import { cpuPerOpMicros, formatRatio, formatTarget, percentile, signaturesWorth, verdict } from '../../bench/stats.js';

// A real line's shape: the command name holds a space and a parenthesis, as a worker's title may.
const STAT = '4242 (node (worker) 1) S 4200 4242 4200 0 -1 4194560 5139 0 0 0 250 40 7 3 20 0 11 0 1234 1118504960 19134 18446744073709551615';

describe('the bench: CPU from /proc', () => {
  it('reads utime, stime, cutime and cstime after the last parenthesis', () => {
    expect(parseProcStat(STAT)).toEqual({ pid: 4242, ppid: 4200, ticks: 250 + 40 + 7 + 3 });
  });

  it('refuses text that is not a stat line', () => {
    expect(() => parseProcStat('no parentheses here')).toThrow(/not a \/proc stat line/);
    expect(() => parseProcStat('1 (x) S 0 1')).toThrow(/truncated/);
  });

  it("adds a server's workers and their children, and nobody else", () => {
    const stats = [
      { pid: 10, ppid: 1, ticks: 100 },
      { pid: 11, ppid: 10, ticks: 30 },
      { pid: 12, ppid: 10, ticks: 20 },
      { pid: 13, ppid: 12, ticks: 5 },
      { pid: 20, ppid: 1, ticks: 999 },
    ];
    expect(sumTree(stats, 10)).toBe(155);
    expect(sumTree(stats, 99)).toBe(0);
  });
});

describe('the bench: rounds', () => {
  const round = (cpuPerOpMicros: number | undefined, non2xx = 0, firstFailure?: string): Measured => ({
    ops: 100,
    non2xx,
    errors: 0,
    seconds: 3,
    throughput: 100 / 3,
    latency: { p50: 1, p95: 2, p99: 3 },
    ...(cpuPerOpMicros === undefined ? {} : { cpuPerOpMicros }),
    ...(firstFailure ? { firstFailure } : {}),
  });

  it('reports the round with the least CPU per operation, and the failures of every round', () => {
    const best = bestOf([round(900), round(700, 0), round(800, 2, '400 no')]);
    expect(best.cpuPerOpMicros).toBe(700);
    expect(best.non2xx).toBe(2);
    expect(best.firstFailure).toBe('400 no');
    expect(bestOf([round(undefined), round(500)]).cpuPerOpMicros).toBe(500);
  });
});

describe('the bench: figures and targets', () => {
  it('takes percentiles by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('divides CPU by completed operations, and says nothing when none completed', () => {
    expect(cpuPerOpMicros(2, 4000)).toBe(500);
    expect(cpuPerOpMicros(2, 0)).toBeUndefined();
    expect(cpuPerOpMicros(undefined, 10)).toBeUndefined();
    expect(signaturesWorth(557, 316)).toBeCloseTo(1.76, 2);
  });

  it('prints ratios and MET / MISSED beside a figure', () => {
    expect(formatRatio(2482, 6004)).toBe('0.41×');
    expect(formatRatio(1, undefined)).toBe('n/a');
    expect(verdict({ label: '≤ 1.3 signatures', value: 1.2, limit: 1.3, kind: 'max' })).toBe('MET');
    expect(verdict({ label: '≥ 1.5×', value: 1.2, limit: 1.5, kind: 'min' })).toBe('MISSED');
    expect(verdict({ label: '≤ 1.3 signatures', value: undefined, limit: 1.3, kind: 'max' })).toBe('NOT MEASURED');
    expect(formatTarget({ label: '≤ 1.3 signatures', value: 1.76, limit: 1.3, kind: 'max' })).toBe('MISSED (1.76, target ≤ 1.3 signatures)');
  });
});

describe('the bench: the floor rows', () => {
  const measured = (cpuPerOpMicros: number): Measured => ({
    ops: 1000, non2xx: 0, errors: 0, seconds: 3, throughput: 333, latency: { p50: 1, p95: 2, p99: 3 }, cpuSeconds: cpuPerOpMicros / 1000, cpuPerOpMicros,
  });
  const report = {
    floor: { signaturesPerCpuSecond: 2500, signatureMicros: 400, verifierMicros: 800 },
    rows: [
      { scenario: 'admin-initiate-auth' as const, system: 'Cognate', storage: 'SQLite', measured: measured(2600) },
      { scenario: 'admin-initiate-auth' as const, system: 'node:http + verifier + two signatures', storage: 'none', measured: measured(2000) },
      { scenario: 'admin-initiate-auth' as const, system: 'cognito-local', storage: 'JSON file', measured: measured(6500) },
    ],
    workers: 'available' as const,
    scale: [],
    notes: [],
  };

  it("gives Cognate's sign-in as a ratio of the password floor's server, in plain English", () => {
    const [cognate, floor] = tableLines(report);
    expect(cognate!.versus).toBe("1.30× node:http + verifier + two signatures' CPU, 0.40× cognito-local's CPU");
    // Each target is also told for the reference server, so a target no node:http server meets here shows as such.
    expect(cognate!.targets).toBe(
      "MET (6.50, target ≤ 6.5 signatures; node:http + verifier + two signatures alone: 5.00, MET); " +
        "MISSED (0.40, target ≤ 0.35× cognito-local's CPU; node:http + verifier + two signatures alone: 0.31, MET)",
    );
    // A floor is a reference, not a contestant: no ratios or targets of its own.
    expect(floor).toMatchObject({ versus: '', targets: '', signatures: '5.00' });
  });

  it('says when the reference server misses a target too, and names no reference where a scenario has none', () => {
    const grant = {
      ...report,
      rows: [
        { scenario: 'client-credentials' as const, system: 'Cognate', storage: 'SQLite', measured: measured(640) },
        { scenario: 'client-credentials' as const, system: 'node:http + one signature', storage: 'none', measured: measured(560) },
        { scenario: 'client-credentials' as const, system: 'oidc-provider', storage: 'memory', measured: measured(800) },
        { scenario: 'jwks' as const, system: 'Cognate', storage: 'SQLite', measured: measured(60) },
      ],
    };
    const [cognate, , , jwks] = tableLines(grant);
    expect(cognate!.targets).toBe(
      'MISSED (1.60, target ≤ 1.3 signatures; node:http + one signature alone: 1.40, MISSED); ' +
        "MISSED (0.80, target ≤ 0.65× oidc-provider's CPU; node:http + one signature alone: 0.70, MISSED)",
    );
    expect(jwks!.targets).toBe('MET (0.15, target ≤ 0.3 signatures)');
  });
});

describe('the bench: chart', () => {
  it('draws a bar per system and scenario, the floor line, and escapes names', () => {
    const svg = renderChart(
      [
        { scenario: 'client-credentials', bars: [{ system: 'Cognate (SQLite)', signatures: 1.8 }, { system: 'oidc-provider', signatures: 2 }] },
        { scenario: 'JWKS & discovery', bars: [{ system: 'Cognate (SQLite)', signatures: 0.1 }] },
      ],
      'CPU per operation',
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<g class="bar">/g)).toHaveLength(3);
    expect(svg).toContain('class="floor"');
    expect(svg).toContain('JWKS &#38; discovery');
    expect(svg).not.toContain('JWKS & discovery');
  });
});
