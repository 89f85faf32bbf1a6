import { randomInt, randomUUID } from 'node:crypto';
import { pooledRandomBytes } from '../crypto/random-pool.js';

/** Time comes through here so tests can pin it. */
export interface Clock {
  now(): number; // epoch milliseconds
}

/** Randomness comes through here so tests can make it repeatable. */
export interface Random {
  bytes(n: number): Buffer;
  /** A string of `length` characters drawn uniformly from `alphabet`. */
  string(length: number, alphabet: string): string;
  uuid(): string;
}

export const systemClock: Clock = { now: () => Date.now() };

export const systemRandom: Random = {
  bytes: (n) => pooledRandomBytes(n),
  string(length, alphabet) {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
    return out;
  },
  uuid: () => randomUUID(),
};

/** A clock tests can move by hand. */
export class ManualClock implements Clock {
  constructor(private ms: number = Date.UTC(2026, 0, 1)) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
}
