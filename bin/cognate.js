#!/usr/bin/env node
import { statSync } from 'node:fs';
import { URL } from 'node:url';

// The bundled CLI (scripts/bundle.mjs) when the build made it and it is not older than the compiled
// modules; those otherwise (after a plain `tsc`, say).
const mtime = (path) => {
  try {
    return statSync(new URL(path, import.meta.url)).mtimeMs;
  } catch {
    return -1;
  }
};
await import(mtime('../dist/cli/cognate.mjs') >= mtime('../dist/cli/main.js') ? '../dist/cli/cognate.mjs' : '../dist/cli/main.js');
