/**
 * Cognate as a library (`import { startCognate } from 'cognate'`): run the server inside another
 * program, such as a test suite's global set-up, and seed it. `startServer` is the lower-level start
 * that `cognate serve` uses. The token client and the JWT verifier
 * have their own entry points, `cognate/client` and `cognate/verify`.
 */
export { startCognate } from './http/cognate.js';
export type { RunningCognate, SeededClient, SeededPool, StartCognateOptions } from './http/cognate.js';
export type { StoredMessage } from './core/outbox/outbox.js';
export { startServer } from './http/server.js';
export type { RunningServer, ServerOptions } from './http/server.js';
export { applySeed, readSeedFile, seedFunctionModules } from './api/seed.js';
export type { ApplySeedOptions, SeedDocument, SeedReport } from './api/seed.js';
export { functionRunner } from './functions/runner.js';
export type { FunctionRunnerOptions } from './functions/runner.js';
export type { FunctionHandler, LambdaContext, LambdaCallback } from './functions/handler.js';
export type { FunctionRunner, TriggerEvent } from './core/trigger/runner.js';
