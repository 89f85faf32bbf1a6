/**
 * Cognate as a library (`import { startServer } from 'cognate'`): run the server inside another
 * program, such as a test suite's global set-up, and seed it. The token client and the JWT verifier
 * have their own entry points, `cognate/client` and `cognate/verify`.
 */
export { startServer } from './http/server.js';
export type { RunningServer, ServerOptions } from './http/server.js';
export { applySeed, readSeedFile, seedFunctionModules } from './api/seed.js';
export type { ApplySeedOptions, SeedDocument, SeedReport } from './api/seed.js';
export { functionRunner } from './functions/runner.js';
export type { FunctionRunnerOptions } from './functions/runner.js';
export type { FunctionHandler, LambdaContext, LambdaCallback } from './functions/handler.js';
export type { FunctionRunner, TriggerEvent } from './core/trigger/runner.js';
