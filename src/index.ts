/**
 * Cognate as a library (`import { startServer } from 'cognate'`): run the server inside another
 * program, such as a test suite's global set-up, and seed it. The token client and the JWT verifier
 * have their own entry points, `cognate/client` and `cognate/verify`.
 */
export { startServer } from './http/server.js';
export type { RunningServer, ServerOptions } from './http/server.js';
export { applySeed, readSeedFile } from './api/seed.js';
export type { SeedDocument, SeedReport } from './api/seed.js';
