import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/**
 * bin/cognate.js compiles the bundle with the V8 code cache the build wrote beside it
 * (scripts/bundle.mjs; docs/decisions.md, "A code cache for the bundle"). Each test runs a copy of the
 * package (bin, bundle, cache, package.json, the same node_modules), so the real cache is never touched.
 */
const BUNDLE = join(ROOT, 'dist', 'cli', 'cognate.cjs');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

describe('the code cache of the bundled CLI', () => {
  let dir: string;
  const cache = () => join(dir, 'dist', 'cli', 'cognate.cjs.cache');
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [join(dir, 'bin', 'cognate.js'), ...args], { encoding: 'utf8', env: { ...process.env, COGNATE_CODE_CACHE_REPORT: '1', ...env } });

  beforeEach(() => {
    if (!existsSync(BUNDLE) || !existsSync(`${BUNDLE}.cache`)) throw new Error(`${BUNDLE} or its .cache is missing: run npm run build`);
    dir = mkdtempSync(join(tmpdir(), 'cognate-code-cache-'));
    mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
    cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
    cpSync(BUNDLE, join(dir, 'dist', 'cli', 'cognate.cjs'));
    cpSync(`${BUNDLE}.cache`, cache());
    cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is used by a start of the bundle the build made', () => {
    const result = run(['--version']);
    expect(result.stderr).toContain('cognate: code cache used');
    expect(result.stdout.trim()).toBe(version);
    expect(result.status).toBe(0);
  });

  it('is passed over when it was made for another bundle, and the CLI compiles from source', () => {
    const file = readFileSync(cache());
    const newline = file.indexOf(0x0a);
    writeFileSync(cache(), Buffer.concat([Buffer.from(file.subarray(0, newline).toString().replace(/build \S+/, 'build of another day')), file.subarray(newline)]));
    const result = run(['--version']);
    expect(result.stderr).toContain('cognate: code cache not for this bundle');
    expect(result.stdout.trim()).toBe(version);
  });

  it('is refused by V8 when damaged, and the CLI compiles from source', () => {
    const file = readFileSync(cache());
    const newline = file.indexOf(0x0a);
    for (let i = newline + 1; i < file.length; i += 997) file[i] = file[i]! ^ 0xff;
    writeFileSync(cache(), file);
    const result = run(['--version']);
    expect(result.stderr).toContain('cognate: code cache rejected by V8');
    expect(result.stdout.trim()).toBe(version);
  });

  it('is written by a start asked to (the build’s warm-up), and used by the next', () => {
    rmSync(cache());
    const first = run(['--version'], { COGNATE_WRITE_CODE_CACHE: '1' });
    expect(first.stderr).toContain('cognate: code cache absent');
    expect(existsSync(cache())).toBe(true);
    expect(run(['--version']).stderr).toContain('cognate: code cache used');
  });
});
