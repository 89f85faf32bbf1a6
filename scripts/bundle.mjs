/**
 * Bundles the compiled CLI (dist/cli/main.js) into one CommonJS file, dist/cli/cognate.cjs, which
 * bin/cognate.js runs, then starts it once to write the V8 code cache bin/cognate.js compiles it with.
 * Node resolves, reads and compiles each of ~1,000 modules one by one; one file starts in about half
 * the time and memory (docs/decisions.md, "One bundled file for the CLI"). dist/ stays as tsc wrote it:
 * the library exports (cognate, cognate/verify, cognate/client) import from there.
 *
 * Left out of the bundle, loaded from node_modules when first used: native code (better-sqlite3), and
 * what only some starts need (PostgreSQL, SAML, WebAuthn, CSV import, QR codes, forge, the browser
 * opener, SigV4 signing, tsx for TypeScript triggers). YAML is inside: `npm start` reads a seed.
 *
 * CommonJS, because Node 20 can only cache the compiled code of a script (vm.Script), not of an ES
 * module; see docs/decisions.md, "A code cache for the bundle".
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * Fastify's server module requires node:https and node:http2 at its top, for servers Cognate never
 * makes (it serves plain HTTP/1.1); compiling them, and the TLS modules under them, was ~15 ms of
 * every start. For that one importer they resolve to a stand-in that requires the real module on
 * first use, whatever member is asked for.
 */
const lazyServerModules = {
  name: 'lazy-server-modules',
  setup(b) {
    b.onResolve({ filter: /^node:(https|http2)$/ }, (args) =>
      /[\\/]node_modules[\\/]fastify[\\/]lib[\\/]server\.js$/.test(args.importer) ? { path: args.path, namespace: 'lazy-builtin' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `let real; module.exports = new Proxy({}, { get: (_target, key) => (real ??= require(${JSON.stringify(args.path)}))[key] });`,
      loader: 'js',
    }));
  },
};

const bundle = `${root}dist/cli/cognate.cjs`;
const { outputFiles } = await build({
  entryPoints: [`${root}dist/cli/main.js`],
  outfile: bundle,
  write: false,
  bundle: true,
  platform: 'node',
  format: 'cjs',
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
    'qrcode',
    'open',
    '@smithy/*',
    'tsx',
  ],
  // The modules resolve files beside themselves (package.json, the operations); the bundle sits in
  // dist/cli as main.js does, so its own URL serves.
  define: { 'import.meta.url': '__cognateBundleUrl' },
  banner: {
    js: [
      "const __cognateBundleUrl = require('node:url').pathToFileURL(__filename).href;",
      // bin/cognate.js passes __cognateImport; run any other way (node dist/cli/cognate.cjs), Node's own import() serves.
      "if (typeof __cognateImport === 'undefined') var __cognateImport = (specifier) => import(specifier);",
    ].join('\n'),
  },
  plugins: [operationsList, lazyServerModules],
  logLevel: 'warning',
});

/**
 * The import() calls left in the bundle load the packages kept outside it, or trigger modules by file
 * URL. bin/cognate.js compiles the bundle with vm.Script, where import() needs an experimental flag,
 * so they go through the __cognateImport it passes in. Only the shapes expected are rewritten: a
 * string with "import(" in it would fail the build here rather than change.
 */
let text = outputFiles[0].text;
const calls = [...text.matchAll(/(?<![\w$.])import\(/g)];
const expected = /^import\((?:"[@\w./-]+"|\(0,import_node_url\.pathToFileURL\)\(\w+\)\.href|specifier)\)/;
const unexpected = calls.filter((m) => !expected.test(text.slice(m.index, m.index + 80)));
if (unexpected.length > 0 || calls.length === 0)
  throw new Error(`scripts/bundle.mjs: import() calls of an unexpected shape: ${unexpected.map((m) => text.slice(m.index, m.index + 60)).join(' | ') || 'none at all'}`);
text = text.replace(/(?<![\w$.])import\((?!specifier\))/g, '__cognateImport(');
// bin/cognate.js reads the bundle as Latin-1, which is exact for ASCII and keeps the source a one-byte
// string (half the memory of a two-byte one). esbuild escapes strings; tagged templates it cannot.
const nonAscii = /[\u0080-\uffff]/.exec(text);
if (nonAscii) throw new Error(`scripts/bundle.mjs: a character outside ASCII in the bundle (an HTML entity will do): ${text.slice(nonAscii.index - 40, nonAscii.index + 20)}`);
// The build's name, which the code cache is keyed to (bin/cognate.js).
writeFileSync(bundle, `// cognate build ${randomUUID()}\n${text}`);
// The ES module bundle of earlier builds.
rmSync(`${root}dist/cli/cognate.mjs`, { force: true });

/**
 * The code cache: a start as `npm start` makes it (in memory, the walkthrough's seed) with a request,
 * stopped, writes what V8 compiled on the way. Without it the CLI still runs, compiling from source.
 */
await new Promise((resolve) => {
  const child = spawn(process.execPath, [`${root}bin/cognate.js`, 'serve', '--in-memory', '--port', '0', '--seed', `${root}examples/seed.yaml`, '--log-level', 'error'], {
    cwd: root,
    env: { ...process.env, COGNATE_WRITE_CODE_CACHE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const onData = async (data) => {
    out += data;
    const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
    if (!url || child.stdout.listenerCount('data') === 0) return;
    child.stdout.off('data', onData);
    await fetch(`${url}/health`).catch(() => undefined);
    child.kill('SIGTERM');
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', (data) => (out += data));
  child.on('exit', (code) => {
    clearTimeout(timer);
    if (code !== 0) console.warn(`scripts/bundle.mjs: the warm-up start exited with ${code}; the CLI runs without a code cache.\n${out}`);
    resolve();
  });
});
