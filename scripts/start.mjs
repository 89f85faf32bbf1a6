/**
 * `npm start`: the built CLI (bin/cognate.js, ~0.35 s to a listening server) when the build is newer
 * than every source file, as after `npm install`; the sources through tsx otherwise (~1.5 s), so an
 * edit shows without a rebuild. Arguments pass through: `npm start -- --port 9500`.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtMtime() {
  try {
    return statSync(join(root, 'dist', 'cli', 'cognate.cjs')).mtimeMs;
  } catch {
    return -1;
  }
}

if (builtMtime() >= newestMtime(join(root, 'src'))) {
  await import('../bin/cognate.js');
} else {
  console.error('cognate: src/ is newer than the build, so the sources run through tsx (npm run build makes starts faster)');
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
