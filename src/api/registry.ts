import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Operation } from './operation.js';

const operationsDir = new URL('./operations/', import.meta.url);

/**
 * Loads every `operations/<Name>.{ts,js}` module. One file per operation, found by name, so adding
 * an operation is adding a file.
 */
export async function loadOperations(): Promise<Map<string, Operation>> {
  const files = await readdir(fileURLToPath(operationsDir));
  const operations = new Map<string, Operation>();
  const modules = await Promise.all(
    files
      .filter((f) => /^[A-Z]\w+\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
      .map(async (f) => [f, (await import(new URL(f, operationsDir).href)) as { default?: Operation }] as const),
  );
  for (const [file, mod] of modules) {
    const op = mod.default;
    if (!op || op.name !== file.replace(/\.(ts|js)$/, '')) throw new Error(`${file} must export default defineOperation({ name: '${file.replace(/\.(ts|js)$/, '')}', ... })`);
    operations.set(op.name, op);
  }
  return operations;
}
