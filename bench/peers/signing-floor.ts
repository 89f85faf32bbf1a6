/** Node's HTTP server answering with tokens, or a user, and nothing else (signing-floor-server.ts), in its own process. */
import { join } from 'node:path';
import type { Running } from '../process.js';
import { ROOT, startProcess } from '../process.js';

export const SIGNING_FLOOR_SYSTEM = 'node:http + one signature';
export const LOGIN_FLOOR_SYSTEM = 'node:http + verifier + two signatures';
export const API_FLOOR_SYSTEM = 'node:http + JSON answer';

/** The rows that are references (the least such a request costs here), not contestants. */
export const isReference = (system: string): boolean => [SIGNING_FLOOR_SYSTEM, LOGIN_FLOOR_SYSTEM, API_FLOOR_SYSTEM].includes(system);

export function startSigningFloor(): Promise<Running> {
  return startProcess({ args: ['--import', 'tsx', join(ROOT, 'bench', 'peers', 'signing-floor-server.ts')], env: {}, ready: /listening on (http:\/\/\S+)/ });
}
