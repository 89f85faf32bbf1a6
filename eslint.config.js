import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * Layers a folder under src/ must not import from (DESIGN.md: cli → http | client; http → api | oauth | ui → core → store | crypto).
 * web/ is what the browser-facing adapters share at request time (the pool of a request, cookies, the
 * error page's contract, the OAuth front channel): below api, oauth and ui, above core only.
 */
// console/ and stand-in/ are adapters that only http/ registers: nothing below them imports either.
const forbidden = {
  core: ['cli', 'http', 'api', 'oauth', 'ui', 'web', 'client', 'verify', 'functions', 'console', 'stand-in'],
  store: ['cli', 'http', 'api', 'oauth', 'ui', 'web', 'core', 'client', 'verify', 'functions', 'console', 'stand-in'],
  crypto: ['cli', 'http', 'api', 'oauth', 'ui', 'web', 'core', 'store', 'client', 'verify', 'functions', 'console', 'stand-in'],
  web: ['cli', 'http', 'api', 'oauth', 'ui', 'store', 'crypto', 'client', 'verify', 'functions', 'console', 'stand-in'],
  api: ['cli', 'http', 'oauth', 'ui', 'client', 'functions', 'console', 'stand-in'],
  oauth: ['cli', 'http', 'api', 'ui', 'client', 'functions', 'console', 'stand-in'],
  ui: ['cli', 'http', 'api', 'oauth', 'client', 'functions', 'console', 'stand-in'],
  http: ['cli', 'client'],
  // stand-in/ is a fake third party (Google and the like), not Cognito: it never sees the core's rules.
  'stand-in': ['cli', 'http', 'api', 'oauth', 'web', 'core', 'client', 'verify', 'functions', 'console'],
  // console/ is the admin web UI, an adapter beside ui/: it runs the API's operations themselves
  // (docs/decisions.md, "The admin console calls the API's operations"), so it may import api/.
  // It borrows only the escaping templates of ui/ and the Postman export of client/ (zones below).
  console: ['cli', 'http', 'oauth', 'functions', 'verify', 'stand-in'],
  // client/ and verify/ must work against real Cognito: they never import server code.
  client: ['cli', 'http', 'api', 'oauth', 'ui', 'web', 'core', 'store', 'crypto', 'verify', 'functions', 'console', 'stand-in'],
  verify: ['cli', 'http', 'api', 'oauth', 'ui', 'web', 'core', 'store', 'crypto', 'client', 'functions', 'console', 'stand-in'],
  // functions/ runs trigger functions (module, handler, Lambda Invoke endpoint) for http and cli: it sees
  // the core only through core/trigger (below), and signs with the client library's SigV4 signer.
  functions: ['cli', 'http', 'api', 'oauth', 'ui', 'web', 'store', 'crypto', 'verify', 'console', 'stand-in'],
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.cognate/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The bin and the build scripts are plain JavaScript run by Node.
    files: ['bin/**/*.js', 'scripts/**/*.mjs'],
    languageOptions: {
      globals: Object.fromEntries(['process', 'Buffer', 'URL', 'console', 'fetch', 'setTimeout', 'clearTimeout'].map((name) => [name, 'readonly'])),
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
      // Without these import-x reads no TypeScript module it resolves, and finds no cycle at all.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      // No import cycle anywhere in src/: each module can be understood from what it imports.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: Object.entries(forbidden).map(([layer, above]) => ({
            target: `./src/${layer}`,
            from: above.map((other) => `./src/${other}`),
            message: `src/${layer} must not import from a layer above it or beside it (see docs/architecture.md).`,
          })).concat({
            target: './src/console',
            from: './src/ui',
            except: ['./html.ts'],
            message: 'src/console borrows only the escaping templates (ui/html.ts) of the hosted UI.',
          }, {
            target: './src/console',
            from: './src/client',
            except: ['./postman.ts'],
            message: 'src/console borrows only the Postman export of the client library.',
          }, {
            target: './src/functions',
            from: './src/core',
            except: ['./trigger'],
            message: 'src/functions sees the core only through core/trigger (the FunctionRunner contract).',
          }),
        },
      ],
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      // The core holds Cognito's rules: no HTTP and no SQL in here, and its own types rather than
      // the AWS SDK's (a devDependency): the API adapter maps the SDK shapes at the boundary.
      'no-restricted-imports': ['error', { patterns: ['fastify', 'kysely', 'pg', 'better-sqlite3', '@aws-sdk/*'] }],
    },
  },
);
