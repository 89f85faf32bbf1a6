import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import recipe from '../../examples/embedding/vitest/vitest.config.js';

/**
 * Runs a recipe's own tests in a nested vitest (test/embed/recipes.test.ts): `RECIPE=vitest` uses the
 * vitest recipe's config as it is; `RECIPE=jest` runs the Jest recipe's test with Jest's globals and
 * its global set-up and teardown. Both import 'cognate', which here is the source.
 */
const dir = (name: string) => fileURLToPath(new URL(`../../examples/embedding/${name}/`, import.meta.url));
const alias = { resolve: { alias: [{ find: /^cognate$/, replacement: fileURLToPath(new URL('../../src/index.ts', import.meta.url)) }] } };

export default process.env.RECIPE === 'jest'
  ? defineConfig({
      ...alias,
      root: dir('jest'),
      test: { include: ['*.test.mjs'], globals: true, globalSetup: [fileURLToPath(new URL('./jest-recipe-setup.ts', import.meta.url))] },
    })
  : mergeConfig(recipe, defineConfig({ ...alias, root: dir('vitest') }));
