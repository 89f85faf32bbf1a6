import { availableParallelism } from 'node:os';

const MAX_WORKERS = 256;

/** `--workers <n|auto>`: how many processes serve; `auto` is one per core. */
export function parseWorkers(value: string | undefined): number {
  const text = (value ?? '1').trim();
  if (text === 'auto') return availableParallelism();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_WORKERS) throw new Error(`--workers takes a number of processes from 1 to ${MAX_WORKERS}, or auto (one per core), got ${value ?? ''}`);
  return n;
}
