import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionHandler } from './handler.js';

/**
 * Loading a function from a local module file that exports `handler` (ES module or CommonJS, or its
 * default export's `handler`). JavaScript loads with `import()`. TypeScript needs a loader: tsx's
 * `tsImport` when tsx is installed (a devDependency of Cognate, so a source checkout has it), else the
 * process's own (vitest, `node --import tsx`); without either the error says to compile the handler.
 */

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);

/** The absolute path of a module file, or an error naming the function it was meant for. */
export function checkModuleFile(functionName: string, file: string): string {
  const path = resolve(file);
  if (!existsSync(path)) throw new Error(`The module of function ${functionName} does not exist: ${path}`);
  return path;
}

/** Imports the module at `path` and returns its `handler`; rejects with a message fit for the invocation's error. */
export async function loadHandler(path: string): Promise<FunctionHandler> {
  const mod = (TYPESCRIPT.has(extname(path)) ? await importTypeScript(path) : await import(pathToFileURL(path).href)) as Record<string, unknown>;
  const handler = mod.handler ?? (mod.default as Record<string, unknown> | undefined)?.handler;
  if (typeof handler !== 'function') throw new Error(`${path} exports no handler function`);
  return handler as FunctionHandler;
}

async function importTypeScript(path: string): Promise<unknown> {
  let tsImport: ((specifier: string, parent: string) => Promise<unknown>) | undefined;
  try {
    // A variable specifier: tsx is optional at run time, and the build must not depend on it.
    const api = 'tsx/esm/api';
    ({ tsImport } = (await import(api)) as { tsImport: typeof tsImport });
  } catch {
    tsImport = undefined;
  }
  if (tsImport) return tsImport(pathToFileURL(path).href, import.meta.url);
  try {
    return await import(pathToFileURL(path).href);
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_UNKNOWN_FILE_EXTENSION')
      throw new Error(`${path} is TypeScript, and this process has no TypeScript loader: install tsx (npm i -D tsx) or compile the handler to .js/.mjs/.cjs`);
    throw error;
  }
}
