import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    files: ['src/client/**', 'src/verify/**'],
    rules: {
      // client/ and verify/ must work against real Cognito: they never import server code.
      'no-restricted-imports': ['error', { patterns: ['../core/*', '../store/*', '../http/*', '../api/*', '../oauth/*', '../ui/*', '../crypto/*'] }],
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      // The core holds Cognito's rules: no HTTP and no SQL in here.
      'no-restricted-imports': ['error', { patterns: ['../http/*', '../api/*', '../oauth/*', '../ui/*', 'fastify', 'kysely', 'pg', 'better-sqlite3'] }],
    },
  },
);
