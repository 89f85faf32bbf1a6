import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/**
 * `npm start` runs scripts/start.mjs: the built CLI when the build is newer than every source file,
 * the sources through tsx otherwise. Run on a copy of the package, whose file times the test sets.
 */
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };
const FALLBACK_NOTE = 'src/ is newer than the build';

describe('npm start', () => {
  let dir: string;
  const bundle = () => join(dir, 'dist', 'cli', 'cognate.cjs');
  const start = () => spawnSync(process.execPath, [join(dir, 'scripts', 'start.mjs'), '--version'], { encoding: 'utf8', env: { ...process.env, COGNATE_CODE_CACHE_REPORT: '1' } });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cognate-npm-start-'));
    mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
    for (const part of ['bin', 'scripts', 'src', 'package.json', 'tsconfig.json']) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
    cpSync(join(ROOT, 'dist', 'cli', 'cognate.cjs'), bundle());
    cpSync(join(ROOT, 'dist', 'cli', 'cognate.cjs.cache'), `${bundle()}.cache`);
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is scripts/start.mjs serving the walkthrough seed', () => {
    expect(pkg.scripts.start).toBe('node scripts/start.mjs serve --seed examples/seed.yaml');
  });

  it('runs the build, with its code cache, when the build is newer than the sources', () => {
    const future = new Date(Date.now() + 60_000);
    utimesSync(bundle(), future, future);
    const result = start();
    expect(result.stdout.trim()).toBe(pkg.version);
    expect(result.stderr).toContain('cognate: code cache used');
    expect(result.stderr).not.toContain(FALLBACK_NOTE);
  });

  it('runs the sources through tsx, and says so, when a source file is newer than the build', () => {
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(bundle(), past, past);
    const result = start();
    expect(result.stdout.trim()).toBe(pkg.version);
    expect(result.stderr).toContain(FALLBACK_NOTE);
    expect(result.stderr).not.toContain('code cache');
  });
});
