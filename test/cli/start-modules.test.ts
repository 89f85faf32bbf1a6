import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT_IS_FRESH, spawnServe } from '../helpers/cli.js';

if (!BUILT_IS_FRESH) console.log('SKIP: the bundle is older than the sources (run npm run build); the start-modules test checks the bundle users run.');

/**
 * What a start does not load (docs/decisions.md): Node's fetch implementation (undici, which
 * @fastify/multipart pulled in by reading globalThis.FormData) and the HTTPS and HTTP/2 servers
 * Fastify's server module required for servers Cognate never makes. Each was milliseconds of every
 * start to /health; a dependency that brings one back fails this test.
 */
describe.skipIf(!BUILT_IS_FRESH)('the modules a start of the bundled CLI loads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cognate-start-modules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leave out undici, https and http2, and the server still answers', async () => {
    const list = join(dir, 'modules.txt');
    const preload = join(dir, 'record-modules.cjs');
    writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));\n`);
    const server = await spawnServe(['--in-memory', '--port', '0', '--seed', 'examples/seed.yaml', '--log-level', 'error'], { NODE_OPTIONS: `--require ${preload}` });
    try {
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      const jwks = await fetch(`${server.url}/us-east-1_DemoPool1/.well-known/jwks.json`);
      expect(((await jwks.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    const loaded = readFileSync(list, 'utf8').split('\n');
    // The list is the server's: its HTTP server is in it.
    expect(loaded).toContain('NativeModule http');
    expect(loaded).toContain('NativeModule net');
    for (const left of ['NativeModule internal/deps/undici/undici', 'NativeModule https', 'NativeModule http2', 'NativeModule tls']) expect(loaded).not.toContain(left);
  });
});
