import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { AdminGetUserCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { PreSignUpTriggerEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, spawnServe } from '../helpers/cli.js';
import { sdkClient } from '../helpers/server.js';

/**
 * Triggers end to end, as a user wires them: `cognate serve` started with `--function` (the
 * example PreSignUp module) or `--lambda-endpoint` (a Lambda Invoke server), a pool whose
 * LambdaConfig names the function by ARN, and a SignUp through the AWS SDK.
 */

const ARN = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

async function signUpThrough(url: string, functionName: string, email: string) {
  const cognito = sdkClient(url);
  try {
    const pool = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'triggers', LambdaConfig: { PreSignUp: ARN(functionName) } }))).UserPool!.Id!;
    const client = (await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: pool, ClientName: 'app' }))).UserPoolClient!.ClientId!;
    const signUp = () =>
      cognito.send(new SignUpCommand({ ClientId: client, Username: email.split('@')[0], Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: email }] }));
    const outcome = await signUp().then(
      (r) => ({ confirmed: r.UserConfirmed }),
      (e: Error) => ({ error: `${e.name}: ${e.message}` }),
    );
    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: pool, Username: email.split('@')[0] })).catch(() => undefined);
    return { outcome, status: user?.UserStatus };
  } finally {
    cognito.destroy();
  }
}

describe('a trigger function given to cognate serve', () => {
  it('runs the example PreSignUp module given with --function: a trusted domain is confirmed, others are not', async () => {
    const module = join(ROOT, 'examples/triggers/pre-signup-auto-confirm/index.mjs');
    const server = await spawnServe(['--in-memory', '--port', '0', '--function', `pre-signup-auto-confirm=${module}`]);
    try {
      expect(await signUpThrough(server.url, 'pre-signup-auto-confirm', 'ann@example.com')).toEqual({ outcome: { confirmed: true }, status: 'CONFIRMED' });
      expect(await signUpThrough(server.url, 'pre-signup-auto-confirm', 'bob@elsewhere.test')).toEqual({ outcome: { confirmed: false }, status: 'UNCONFIRMED' });
      // A function that resolves nowhere fails like a missing Lambda, and nobody is created.
      const missing = await signUpThrough(server.url, 'nowhere', 'cat@example.com');
      expect(missing.outcome).toEqual({ error: expect.stringMatching(/^UnexpectedLambdaException: PreSignUp invocation failed/) });
      expect(missing.status).toBeUndefined();
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  describe('with --lambda-endpoint', () => {
    const seen: PreSignUpTriggerEvent[] = [];
    let lambda: Server;
    beforeAll(async () => {
      lambda = createServer((req, res) => {
        let body = '';
        req.on('data', (d) => (body += d));
        req.on('end', () => {
          const event = JSON.parse(body) as PreSignUpTriggerEvent;
          seen.push(event);
          if (req.url !== '/2015-03-31/functions/gatekeeper/invocations') return res.writeHead(404, { 'x-amzn-errortype': 'ResourceNotFoundException' }).end('{}');
          if (event.request.userAttributes.email?.endsWith('@blocked.test'))
            return res.writeHead(200, { 'x-amz-function-error': 'Unhandled' }).end(JSON.stringify({ errorMessage: 'blocked domain', errorType: 'Error' }));
          event.response.autoConfirmUser = true;
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(event));
        });
      });
      await new Promise<void>((resolve) => lambda.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      lambda.closeAllConnections();
      await new Promise((resolve) => lambda.close(resolve));
    });

    it('sends the PreSignUp event to the Lambda Invoke API and reads its answer and its function errors as Cognito does', async () => {
      const endpoint = `http://127.0.0.1:${(lambda.address() as { port: number }).port}`;
      const server = await spawnServe(['--in-memory', '--port', '0', '--lambda-endpoint', endpoint]);
      try {
        expect(await signUpThrough(server.url, 'gatekeeper', 'dan@example.com')).toEqual({ outcome: { confirmed: true }, status: 'CONFIRMED' });
        expect(seen.at(-1)).toMatchObject({ triggerSource: 'PreSignUp_SignUp', userName: 'dan', request: { userAttributes: { email: 'dan@example.com' } } });
        const blocked = await signUpThrough(server.url, 'gatekeeper', 'eve@blocked.test');
        expect(blocked).toEqual({ outcome: { error: 'UserLambdaValidationException: PreSignUp failed with error blocked domain.' }, status: undefined });
      } finally {
        expect(await server.stop()).toBe(0);
      }
    });
  });
});
