import type { Operation } from './operation.js';

/**
 * The operations by name, from their modules: `operations/<Name>.{ts,js}`, each with a default export
 * `defineOperation({ name: '<Name>', ... })`. Shared by the folder scan (registry.ts) and the bundled
 * build, whose list is written at build time (scripts/bundle.mjs).
 */
export function operationsFrom(modules: readonly (readonly [file: string, mod: { default?: Operation }])[]): Map<string, Operation> {
  const operations = new Map<string, Operation>();
  for (const [file, mod] of modules) {
    const name = file.replace(/\.(ts|js)$/, '');
    const op = mod.default;
    if (!op || op.name !== name) throw new Error(`${file} must export default defineOperation({ name: '${name}', ... })`);
    operations.set(op.name, op);
  }
  return operations;
}

/** An operation module's file name (not a declaration, helper or test). */
export const isOperationFile = (file: string): boolean => /^[A-Z]\w+\.(ts|js)$/.test(file) && !file.endsWith('.d.ts');
