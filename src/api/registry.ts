import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Operation } from './operation.js';
import { isOperationFile, operationsFrom } from './operation-modules.js';

const operationsDir = new URL('./operations/', import.meta.url);

/**
 * Loads every `operations/<Name>.{ts,js}` module. One file per operation, found by name, so adding
 * an operation is adding a file. The bundled CLI (scripts/bundle.mjs) replaces this module with a
 * static list of the same files.
 */
export async function loadOperations(): Promise<Map<string, Operation>> {
  const files = (await readdir(fileURLToPath(operationsDir))).filter(isOperationFile);
  const modules = await Promise.all(files.map(async (f) => [f, (await import(new URL(f, operationsDir).href)) as { default?: Operation }] as const));
  return operationsFrom(modules);
}
