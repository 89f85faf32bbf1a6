/**
 * Whether the bundled CLI (dist/cli/cognate.cjs) is newer than every file in src/: the one rule by
 * which `npm start` (scripts/start.mjs) and the CLI tests (test/helpers/cli.ts) choose the build over
 * the sources through tsx, so neither runs a stale build.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function isBuildFresh(root) {
  try {
    return statSync(join(root, 'dist', 'cli', 'cognate.cjs')).mtimeMs >= newestMtime(join(root, 'src'));
  } catch {
    return false;
  }
}
