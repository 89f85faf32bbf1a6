/**
 * Bundles the compiled CLI (dist/cli/main.js) into one file, dist/cli/cognate.mjs, which bin/cognate.js
 * runs. Node resolves, reads and compiles each of ~1,000 modules one by one; one file starts in about half
 * the time and memory (docs/decisions.md, "One bundled file for the CLI"). dist/ stays as tsc wrote it:
 * the library exports (cognate, cognate/verify, cognate/client) import from there.
 *
 * Left out of the bundle, loaded from node_modules when first used: native code (better-sqlite3), and
 * what only some starts need (PostgreSQL, SAML, WebAuthn, CSV import, YAML seeds, QR codes, forge, the
 * browser opener, SigV4 signing, tsx for TypeScript triggers).
 */
import { readdirSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';
import { build } from 'esbuild';
// The same rule the registry scans by (bundling runs after tsc, so the compiled module is there).
import { isOperationFile } from '../dist/api/operation-modules.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const apiDir = `${root}dist/api/`;

/** The operations registry scans its folder at run time; in the bundle the list is fixed at build time. */
const operationsList = {
  name: 'operations-list',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/]api[\\/]registry\.js$/ }, () => {
      const files = readdirSync(`${apiDir}operations`).filter(isOperationFile).sort();
      const imports = files.map((f, i) => `import * as op${i} from './operations/${f}';`);
      const list = files.map((f, i) => `[${JSON.stringify(f)}, op${i}]`).join(', ');
      return {
        resolveDir: apiDir,
        contents: `${imports.join('\n')}\nimport { operationsFrom } from './operation-modules.js';\nexport async function loadOperations() { return operationsFrom([${list}]); }\n`,
      };
    });
  },
};

await build({
  entryPoints: [`${root}dist/cli/main.js`],
  outfile: `${root}dist/cli/cognate.mjs`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Whitespace and syntax only: the functions keep their own names in stack traces and CPU profiles.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  external: [
    'better-sqlite3',
    'pg',
    'node-forge',
    '@node-saml/*',
    '@xmldom/*',
    'xpath',
    '@simplewebauthn/*',
    'csv-parse',
    'yaml',
    'qrcode',
    'open',
    '@smithy/*',
    'tsx',
  ],
  // The bundled CommonJS packages call require() for Node's own modules.
  banner: { js: "import { createRequire as __cognateCreateRequire } from 'node:module'; const require = __cognateCreateRequire(import.meta.url);" },
  plugins: [operationsList],
  logLevel: 'warning',
});
