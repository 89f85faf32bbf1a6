#!/usr/bin/env node
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

// The bundled CLI (scripts/bundle.mjs) when the build made one; the compiled modules otherwise. Not
// by file times: npm writes an installed package's files in whatever order, with the time of writing.
const BUNDLE = fileURLToPath(new URL('../dist/cli/cognate.cjs', import.meta.url));
if (existsSync(BUNDLE)) runBundle();
else await import('../dist/cli/main.js');

/**
 * Compiles the bundle with the V8 code cache the build wrote beside it, so a start skips parsing and
 * compiling what the last warm-up start compiled (docs/decisions.md, "A code cache for the bundle").
 * A cache for another build or Node is not used (the key below), nor one for other V8 flags (V8 refuses it).
 */
function runBundle() {
  // ASCII, as the build checks: Latin-1 reads it exactly, into a one-byte string.
  const source = readFileSync(BUNDLE, 'latin1');
  // The bundle's first line names its build; the cache is for one build on one Node.
  const cacheFile = `${BUNDLE}.cache`;
  const key = Buffer.from(`${source.slice(0, source.indexOf('\n'))} ${process.version}\n`);
  let cachedData;
  let found = false;
  try {
    const file = readFileSync(cacheFile);
    found = true;
    if (file.subarray(0, key.length).equals(key)) cachedData = file.subarray(key.length);
  } catch {
    // No cache: compile from source.
  }
  // What Node's CommonJS loader passes a module, and an import() the bundle's own cannot do here:
  // code compiled by vm.Script has no dynamic import of its own without an experimental flag.
  const script = new Script(`(function (exports, require, module, __filename, __dirname, __cognateImport) {${source}\n})`, { filename: BUNDLE, cachedData });
  if (process.env.COGNATE_CODE_CACHE_REPORT === '1')
    process.stderr.write(`cognate: code cache ${cachedData === undefined ? (found ? 'not for this bundle' : 'absent') : script.cachedDataRejected ? 'rejected by V8' : 'used'}\n`);
  // The build's warm-up start (scripts/bundle.mjs) asks for the cache to be written when it exits.
  if (process.env.COGNATE_WRITE_CODE_CACHE === '1')
    process.once('exit', () => {
      writeFileSync(`${cacheFile}.tmp`, Buffer.concat([key, script.createCachedData()]));
      renameSync(`${cacheFile}.tmp`, cacheFile);
    });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE), (specifier) => import(specifier));
}
