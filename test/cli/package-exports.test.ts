import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/**
 * What package.json promises to whoever installs Cognate: every `exports` target and the `bin` are
 * built from a source module that exists and loads, and every runtime dependency is used.
 */

interface PackageJson {
  bin: Record<string, string>;
  exports: Record<string, string>;
  dependencies: Record<string, string>;
  scripts: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;

/** `./dist/client/index.js` is built from `src/client/index.ts` (tsconfig.build.json: rootDir src, outDir dist). */
function sourceOf(target: string): string {
  const match = /^\.\/dist\/(.+)\.js$/.exec(target);
  if (!match) throw new Error(`${target} is not under ./dist/`);
  return join(ROOT, 'src', `${match[1]}.ts`);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('package.json entry points', () => {
  it.each(Object.entries(pkg.exports))('exports["%s"] (%s) is built from a source module that imports cleanly', async (_name, target) => {
    const source = sourceOf(target);
    expect(existsSync(source), `${relative(ROOT, source)} is missing`).toBe(true);
    const module = (await import(source)) as Record<string, unknown>;
    expect(Object.keys(module).length).toBeGreaterThan(0);
  });

  it('"." offers the programmatic server: startServer and the seed', async () => {
    const main = (await import(sourceOf(pkg.exports['.']!))) as Record<string, unknown>;
    expect(typeof main.startCognate).toBe('function');
    expect(typeof main.startServer).toBe('function');
    expect(typeof main.applySeed).toBe('function');
    expect(typeof main.readSeedFile).toBe('function');
  });

  it('the bin exists, is a node script, and loads the bundled CLI or, failing that, a CLI whose source exists', () => {
    expect(Object.keys(pkg.bin)).toEqual(['cognate']);
    const bin = join(ROOT, pkg.bin.cognate!);
    expect(existsSync(bin)).toBe(true);
    const text = readFileSync(bin, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    const loaded = [...text.matchAll(/'\.\.\/(dist\/[^']+\.c?js)'/g)].map((m) => m[1]!);
    expect(new Set(loaded)).toEqual(new Set(['dist/cli/cognate.cjs', 'dist/cli/main.js']));
    expect(existsSync(sourceOf('./dist/cli/main.js'))).toBe(true);
    // The build bundles the same entry point (scripts/bundle.mjs).
    expect(pkg.scripts.build).toContain('node scripts/bundle.mjs');
    expect(readFileSync(join(ROOT, 'scripts', 'bundle.mjs'), 'utf8')).toContain('dist/cli/main.js');
  });

  it('every runtime dependency is imported somewhere in src/', () => {
    const sources = sourceFiles(join(ROOT, 'src')).map((file) => readFileSync(file, 'utf8'));
    const unused = Object.keys(pkg.dependencies).filter((name) => {
      const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      const use = new RegExp(`(?:from|import\\()\\s*'${escaped}(?:/[^']*)?'`);
      return !sources.some((text) => use.test(text));
    });
    expect(unused).toEqual([]);
  });
});
