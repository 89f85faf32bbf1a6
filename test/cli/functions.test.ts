import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PreSignUpTriggerEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FunctionError } from '../../src/core/trigger/runner.js';
import type { TriggerEvent } from '../../src/core/trigger/runner.js';
import { functionRunner, parseFunctionMappings } from '../../src/functions/runner.js';
import { runCli, spawnServe } from '../helpers/cli.js';

/** Where trigger functions run: module files, handlers, a Lambda Invoke endpoint, nowhere. */

const event = (triggerSource = 'PreSignUp_SignUp'): TriggerEvent => ({
  version: '1',
  region: 'us-east-1',
  userPoolId: 'us-east-1_Functions1',
  userName: 'alice',
  callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client' },
  triggerSource,
  request: { userAttributes: { email: 'alice@example.com' } },
  response: {},
});

const failure = (promise: Promise<unknown>) => promise.then(() => expect.unreachable('the invocation succeeded'), (error: unknown) => error as FunctionError);

describe('function runners', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cognate-functions-'));
    await writeFile(
      join(dir, 'confirm.mjs'),
      `export const handler = async (event, context) => { event.response.autoConfirmUser = true; event.response.seenBy = context.functionName; event.response.remaining = context.getRemainingTimeInMillis() > 0; return event; };\n`,
    );
    await writeFile(
      join(dir, 'typed.ts'),
      `import type { PreSignUpTriggerHandler } from 'aws-lambda';\nexport const handler: PreSignUpTriggerHandler = async (event) => { event.response.autoVerifyEmail = true; return event; };\n`,
    );
    await writeFile(join(dir, 'callback.cjs'), `exports.handler = (event, context, callback) => { setImmediate(() => callback(null, { ...event, response: { fromCallback: true } })); };\n`);
    await writeFile(join(dir, 'throws.mjs'), `export async function handler() { throw new Error('no such domain'); }\n`);
    await writeFile(join(dir, 'nohandler.mjs'), `export const other = 1;\n`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs a JavaScript module exporting handler(event, context), named by ARN', async () => {
    const runner = functionRunner({ modules: { 'arn:aws:lambda:us-east-1:123456789012:function:confirm': join(dir, 'confirm.mjs') } });
    const answer = (await runner.invoke('confirm', event(), 5000)) as PreSignUpTriggerEvent & { response: Record<string, unknown> };
    expect(answer.response).toEqual({ autoConfirmUser: true, seenBy: 'confirm', remaining: true });
    expect(answer.userName).toBe('alice');
  });

  it('runs a TypeScript module and a CommonJS callback-style handler', async () => {
    const runner = functionRunner({ modules: { typed: join(dir, 'typed.ts'), callback: join(dir, 'callback.cjs') } });
    expect(((await runner.invoke('typed', event(), 5000)) as TriggerEvent).response).toEqual({ autoVerifyEmail: true });
    expect(((await runner.invoke('callback', event(), 5000)) as TriggerEvent).response).toEqual({ fromCallback: true });
  });

  it("reports a handler's exception, a module without handler and a missing function as Cognito's causes", async () => {
    const runner = functionRunner({ modules: { throws: join(dir, 'throws.mjs'), nohandler: join(dir, 'nohandler.mjs') } });
    const thrown = await failure(runner.invoke('throws', event(), 5000));
    expect(thrown).toBeInstanceOf(FunctionError);
    expect([thrown.reason, thrown.message]).toEqual(['failed', 'no such domain']);
    const noHandler = await failure(runner.invoke('nohandler', event(), 5000));
    expect(noHandler.reason).toBe('failed');
    expect(noHandler.message).toContain('exports no handler function');
    expect((await failure(runner.invoke('elsewhere', event(), 5000))).reason).toBe('not-found');
  });

  it('runs in-process handlers, sync or async, and times out one that never answers', async () => {
    const runner = functionRunner({
      handlers: {
        sync: (e) => ({ ...e, response: { sync: true } }),
        never: () => new Promise(() => undefined),
        rejects: async () => Promise.reject(new Error('refused')),
      },
    });
    expect(((await runner.invoke('sync', event(), 5000)) as TriggerEvent).response).toEqual({ sync: true });
    const timedOut = await failure(runner.invoke('never', event(), 20));
    expect(timedOut.reason).toBe('timeout');
    expect((await failure(runner.invoke('rejects', event(), 5000))).message).toBe('refused');
  });

  it('refuses a module file that does not exist when the runner is made', () => {
    expect(() => functionRunner({ modules: { gone: join(dir, 'gone.mjs') } })).toThrow(/does not exist/);
  });

  it('parses --function values and COGNATE_FUNCTIONS lists; an ARN keeps its colons', () => {
    expect(parseFunctionMappings(['arn:aws:lambda:us-east-1:1:function:a=./a.mjs', 'b=b.js,c = c.ts'])).toEqual({
      'arn:aws:lambda:us-east-1:1:function:a': './a.mjs',
      b: 'b.js',
      c: 'c.ts',
    });
    expect(() => parseFunctionMappings(['nofile'])).toThrow(/<arn-or-name>=<file>/);
  });
});

describe('the Lambda Invoke endpoint', () => {
  const requests: { path: string; body: unknown; authorization?: string }[] = [];
  let server: Server;
  let endpoint: string;
  const read = (req: IncomingMessage) => new Promise<string>((resolve) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => resolve(body));
  });
  beforeAll(async () => {
    // Answers as AWS Lambda does: the function's result, X-Amz-Function-Error with {errorMessage, errorType}, or 404.
    server = createServer((req, res) => {
      void read(req).then((body) => {
        const path = req.url ?? '';
        requests.push({ path, body: JSON.parse(body) as unknown, authorization: req.headers.authorization });
        const name = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(path)?.[1];
        const e = JSON.parse(body) as TriggerEvent;
        if (name === 'addClaim') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...e, response: { echoed: e.triggerSource } }));
        if (name === 'broken')
          return res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' }).end(JSON.stringify({ errorMessage: 'domain not allowed', errorType: 'Error' }));
        if (name === 'slow') return; // never answers
        res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' }).end(JSON.stringify({ Type: 'User', message: `Function not found: ${name}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('POSTs the event to /2015-03-31/functions/<name>/invocations, signed, and returns the answer', async () => {
    const runner = functionRunner({ lambdaEndpoint: endpoint });
    const answer = (await runner.invoke('addClaim', event('TokenGeneration_HostedAuth'), 5000)) as TriggerEvent;
    expect(answer.response).toEqual({ echoed: 'TokenGeneration_HostedAuth' });
    const sent = requests.at(-1)!;
    expect(sent.path).toBe('/2015-03-31/functions/addClaim/invocations');
    expect(sent.body).toEqual(event('TokenGeneration_HostedAuth'));
    expect(sent.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=cognate\/\d{8}\/us-east-1\/lambda\/aws4_request/);
  });

  it('reads X-Amz-Function-Error, a 404 and a timeout as Cognito does', async () => {
    const runner = functionRunner({ lambdaEndpoint: endpoint });
    const broken = await failure(runner.invoke('broken', event(), 5000));
    expect([broken.reason, broken.message]).toEqual(['failed', 'domain not allowed']);
    expect((await failure(runner.invoke('unknown', event(), 5000))).reason).toBe('not-found');
    expect((await failure(runner.invoke('slow', event(), 50))).reason).toBe('timeout');
  });

  it('prefers a module mapping over the endpoint', async () => {
    const before = requests.length;
    const runner = functionRunner({ lambdaEndpoint: endpoint, handlers: { addClaim: (e) => ({ ...e, response: { local: true } }) } });
    expect(((await runner.invoke('addClaim', event(), 5000)) as TriggerEvent).response).toEqual({ local: true });
    expect(requests.length).toBe(before);
  });
});

describe('cognate serve --function', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cognate-serve-functions-'));
    await writeFile(join(dir, 'confirm.mjs'), `export const handler = async (event) => event;\n`);
    await writeFile(join(dir, 'seed.yaml'), `Functions:\n  confirm: ./confirm.mjs\nUserPools:\n  - Id: us-east-1_Functions1\n    PoolName: functions\n    LambdaConfig: { PreSignUp: 'arn:aws:lambda:us-east-1:000000000000:function:confirm' }\n`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists the flags in its help', async () => {
    const { stdout } = await runCli(['serve', '--help']);
    expect(stdout).toContain('--function');
    expect(stdout).toContain('--lambda-endpoint');
  });

  it('starts with --function, COGNATE_FUNCTIONS and a seed Functions map; refuses a module that does not exist', async () => {
    const server = await spawnServe(['--in-memory', '--port', '0', '--function', `other=${join(dir, 'confirm.mjs')}`, '--seed', join(dir, 'seed.yaml')], {
      COGNATE_LAMBDA_ENDPOINT: 'http://127.0.0.1:1',
    });
    try {
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      // A running server cannot load the code of another process's seed.
      const refused = await runCli(['seed', join(dir, 'seed.yaml'), '--endpoint', server.url]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('Functions loads code into the server process');
    } finally {
      expect(await server.stop()).toBe(0);
    }
    const missing = await runCli(['serve', '--in-memory', '--port', '0'], { COGNATE_FUNCTIONS: `a=${join(dir, 'confirm.mjs')},b=${join(dir, 'missing.mjs')}` });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('The module of function b does not exist');
  });
});
