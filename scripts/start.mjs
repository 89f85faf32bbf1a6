/**
 * `npm start`: the built CLI (bin/cognate.js, ~0.35 s to a listening server) when the build is newer
 * than every source file, as after `npm install`; the sources through tsx otherwise (~1.5 s), so an
 * edit shows without a rebuild. Arguments pass through: `npm start -- --port 9500`.
 */
import { fileURLToPath } from 'node:url';
import { isBuildFresh } from './build-freshness.mjs';

if (isBuildFresh(fileURLToPath(new URL('..', import.meta.url)))) {
  await import('../bin/cognate.js');
} else {
  console.error('cognate: src/ is newer than the build, so the sources run through tsx (npm run build makes starts faster)');
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
