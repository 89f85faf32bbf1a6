import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/**
 * The package works where it is installed: `npm pack` of this tree (its built dist/), installed into
 * an empty folder, runs `cognate --version`, `serve`, `token` and `startCognate` there. It installs
 * from npm's cache and takes a minute or more, so it runs in CI (CI=true) or with
 * COGNATE_TEST_PACKAGE=1. better-sqlite3 is not compiled again: its install script is skipped and the
 * binary this checkout built is copied in when the versions match (otherwise `npm rebuild` runs).
 */

const run = promisify(execFile);
const enabled = process.env.CI === 'true' || process.env.COGNATE_TEST_PACKAGE === '1';
if (!enabled) console.log('SKIP: the pack-and-install test runs in CI (CI=true) or with COGNATE_TEST_PACKAGE=1.');

const SECRET = 'demo0secret0do0not0use0in0production0000000000001';
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe.skipIf(!enabled)('the packed package, installed into an empty folder', { timeout: 300_000 }, () => {
  let work: string;
  let app: string;
  let serve: ChildProcess | undefined;
  const env = () => ({ ...process.env, NODE_NO_WARNINGS: '1', COGNATE_CONFIG_DIR: join(work, 'config'), npm_config_update_notifier: 'false' });
  const inApp = (file: string, args: string[]) => run(file, args, { cwd: app, env: env(), maxBuffer: 16 * 1024 * 1024 });

  beforeAll(async () => {
    expect(existsSync(join(ROOT, 'dist/index.js')), 'dist/ is built (npm run build)').toBe(true);
    work = mkdtempSync(join(tmpdir(), 'cognate-pack-'));
    app = join(work, 'app');
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    const tarball = join(work, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'uses-cognate', private: true, type: 'module' }));
    await inApp('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts']);
    const installed = join(app, 'node_modules/better-sqlite3');
    const ours = join(ROOT, 'node_modules/better-sqlite3');
    const versionOf = (dir: string) => (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
    if (versionOf(installed) === versionOf(ours) && existsSync(join(ours, 'build/Release/better_sqlite3.node'))) {
      mkdirSync(join(installed, 'build/Release'), { recursive: true });
      copyFileSync(join(ours, 'build/Release/better_sqlite3.node'), join(installed, 'build/Release/better_sqlite3.node'));
    } else {
      await inApp('npm', ['rebuild', 'better-sqlite3']);
    }
  }, 300_000);
  // npx runs cognate in a child of its own and does not always pass SIGTERM on: stop the whole group.
  const stopServe = () => {
    if (serve?.pid !== undefined) {
      try {
        process.kill(-serve.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  };
  afterAll(() => {
    stopServe();
    // npm may still be writing after a timed-out hook; a leftover temp folder is no failure.
    if (work) rmSync(work, { recursive: true, force: true, maxRetries: 3 });
  });

  it('npx cognate --version prints the package version, from the bundle compiled with the code cache the package ships', async () => {
    const { stdout, stderr } = await run('npx', ['--no', '--', 'cognate', '--version'], { cwd: app, env: { ...env(), COGNATE_CODE_CACHE_REPORT: '1' } });
    expect(stdout.trim()).toBe(version);
    expect(stderr).toContain('cognate: code cache used');
  });

  it('npx cognate serve answers /health, and npx cognate token gets a client-credentials token from it', async () => {
    const child = spawn('npx', ['--no', 'cognate', 'serve', '--port', '0', '--in-memory', '--seed', 'node_modules/cognate/examples/seed.yaml'], { cwd: app, env: env(), detached: true });
    serve = child;
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const onData = (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.on('close', (code) => reject(new Error(`cognate serve exited with ${code}:\n${out}`)));
    });
    expect((await fetch(`${url}/health`)).status).toBe(200);

    const { stdout } = await inApp('npx', [
      '--no', 'cognate', 'token', '--endpoint', url, '--pool', 'us-east-1_DemoPool1', '--grant', 'client_credentials',
      '--client-id', 'servicedemoclient000000001', '--client-secret', SECRET, '--raw', '--no-cache',
    ]);
    const claims = JSON.parse(Buffer.from(stdout.trim().split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ client_id: 'servicedemoclient000000001', token_use: 'access' });
    stopServe();
  });

  it('a script of its own imports startCognate from the installed package', async () => {
    copyFileSync(join(ROOT, 'examples/embedding/node-script.mjs'), join(app, 'script.mjs'));
    const { stdout } = await inApp(process.execPath, ['script.mjs', 'node_modules/cognate/examples/seed.yaml']);
    expect(JSON.parse(stdout)).toMatchObject({ pool: 'us-east-1_DemoPool1', gotToken: true });
  });
});
