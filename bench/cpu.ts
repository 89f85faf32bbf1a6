/**
 * A server's CPU time from /proc: utime + stime of the process and of every descendant (workers), so
 * the load generator's own CPU never blurs the server's figure. Linux only; elsewhere the figure is absent.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports /proc times in clock ticks; USER_HZ is 100 on every mainstream architecture. */
export const CLOCK_TICKS_PER_SECOND = 100;

export interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, plus cutime + cstime (children already waited for), in ticks. */
  ticks: number;
}

/**
 * One /proc/<pid>/stat line. The command name is in parentheses and may hold spaces or parentheses
 * itself, so the fields are counted from the last ')'.
 */
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc stat line: ${text.slice(0, 60)}`);
  const pid = Number(text.slice(0, open).trim());
  // After ')': state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
  const rest = text.slice(close + 1).trim().split(/\s+/);
  if (rest.length < 15) throw new Error('truncated /proc stat line');
  const field = (i: number) => Number(rest[i]);
  return { pid, ppid: field(1), ticks: field(11) + field(12) + field(13) + field(14) };
}

function readStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined; // gone between the listing and the read
  }
}

/** CPU seconds used so far by `pid` and all its descendants, or undefined without /proc. */
export function treeCpuSeconds(pid: number): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const stats = entries.map((name) => readStat(Number(name))).filter((s): s is ProcStat => s !== undefined);
  return sumTree(stats, pid) / CLOCK_TICKS_PER_SECOND;
}

/** Ticks of `root` and its descendants among `stats`. */
export function sumTree(stats: readonly ProcStat[], root: number): number {
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const self = stats.find((s) => s.pid === root);
  if (!self) return 0;
  let total = 0;
  const queue = [self];
  while (queue.length > 0) {
    const s = queue.pop()!;
    total += s.ticks;
    queue.push(...(children.get(s.pid) ?? []));
  }
  return total;
}

/** Resident set size of `pid` and its descendants, in bytes (VmRSS from /proc/<pid>/status). */
export function treeRssBytes(pid: number): number | undefined {
  try {
    const stats = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map((n) => readStat(Number(n))).filter((s): s is ProcStat => s !== undefined);
    const members = new Set<number>([pid]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const s of stats) {
        if (members.has(s.ppid) && !members.has(s.pid)) {
          members.add(s.pid);
          grew = true;
        }
      }
    }
    let total = 0;
    for (const member of members) {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${member}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    }
    return total;
  } catch {
    return undefined;
  }
}
