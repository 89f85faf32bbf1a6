import { CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { CognitoError } from '../../src/core/errors.js';
import { ManualClock } from '../../src/core/providers.js';
import { getPool } from '../../src/core/pool/pools.js';
import { invokeTrigger } from '../../src/core/trigger/invoke.js';
import { maskSecrets } from '../../src/core/trigger/mask.js';
import { functionRunner } from '../../src/functions/runner.js';
import { runCli } from '../helpers/cli.js';
import { engines, forEachEngine, json, startTestServer } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';

/** Each trigger invocation is logged and kept per pool: GET /_cognate/invocations and `cognate invocations`. */

const arn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

const functions = functionRunner({
  handlers: {
    migrate: (event) => ({ ...event, response: { userAttributes: { email: 'legacy@example.com' }, finalUserStatus: 'CONFIRMED' } }),
    refuse: async () => {
      throw new Error('not in the legacy list');
    },
    challenge: (event) => ({ ...event, response: { publicChallengeParameters: { hint: 'mail' }, privateChallengeParameters: { answer: '424242' } } }),
  },
});

async function poolWith(server: TestServer, LambdaConfig: Record<string, string>): Promise<string> {
  const { UserPool } = await server.cognito.send(new CreateUserPoolCommand({ PoolName: 'triggers', LambdaConfig }));
  return UserPool!.Id!;
}

const invocations = async (server: TestServer, pool: string) => (await json(await fetch(`${server.url}/_cognate/invocations?pool=${pool}`))).invocations;

describe('masking', () => {
  it("hides passwords, codes and challenge answers, and keeps CustomMessage's placeholder", () => {
    expect(
      maskSecrets({
        request: { password: 'Secret1!', userAttributes: { email: 'a@example.com' }, code: 'AYADeJ...', codeParameter: '{####}', challengeAnswer: '424242' },
        response: { privateChallengeParameters: { answer: '424242' }, publicChallengeParameters: { hint: 'mail' } },
      }),
    ).toEqual({
      request: { password: '***', userAttributes: { email: 'a@example.com' }, code: '***', codeParameter: '{####}', challengeAnswer: '***' },
      response: { privateChallengeParameters: { answer: '***' }, publicChallengeParameters: { hint: 'mail' } },
    });
    expect(maskSecrets({ codeParameter: '123456' })).toEqual({ codeParameter: '***' });
  });
});

forEachEngine(
  'trigger invocations',
  (server) => {
    it('records a success with the event and answer masked, and a failure with Cognito’s error', async () => {
      const s = server();
      const poolId = await poolWith(s, { UserMigration: arn('migrate') });
      const pool = await getPool(s.services, poolId);
      const response = await invokeTrigger(s.services, {
        pool,
        kind: 'UserMigration',
        triggerSource: 'UserMigration_Authentication',
        userName: 'legacy',
        clientId: 'client1',
        request: { password: 'Legacy-Passw0rd', validationData: {}, clientMetadata: {} },
      });
      expect(response).toEqual({ userAttributes: { email: 'legacy@example.com' }, finalUserStatus: 'CONFIRMED' });

      const failingPoolId = await poolWith(s, { UserMigration: arn('refuse'), PreSignUp: arn('missing') });
      const failingPool = await getPool(s.services, failingPoolId);
      const refused = await invokeTrigger(s.services, { pool: failingPool, kind: 'UserMigration', triggerSource: 'UserMigration_ForgotPassword', userName: 'x', request: {} }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(CognitoError);
      expect((refused as CognitoError).message).toBe('UserMigration failed with error not in the legacy list.');
      await expect(invokeTrigger(s.services, { pool: failingPool, kind: 'PreSignUp', triggerSource: 'PreSignUp_SignUp', userName: 'y', request: {} })).rejects.toThrow(/ResourceNotFoundException/);

      const [ok] = await invocations(s, poolId);
      expect(ok).toMatchObject({
        poolId,
        triggerKind: 'UserMigration',
        triggerSource: 'UserMigration_Authentication',
        functionName: 'migrate',
        outcome: 'succeeded',
        error: null,
        event: { userPoolId: poolId, userName: 'legacy', callerContext: { clientId: 'client1' }, request: { password: '***' } },
        response: { finalUserStatus: 'CONFIRMED' },
      });
      expect(ok.durationMs).toBeGreaterThanOrEqual(0);
      expect(JSON.stringify(ok)).not.toContain('Legacy-Passw0rd');

      const failures = await invocations(s, failingPoolId);
      expect(failures.map((i: { functionName: string; outcome: string; error: string }) => [i.functionName, i.outcome, i.error])).toEqual([
        ['refuse', 'failed', 'UserLambdaValidationException: UserMigration failed with error not in the legacy list.'],
        ['missing', 'not-found', 'UnexpectedLambdaException: PreSignUp invocation failed due to error ResourceNotFoundException.'],
      ]);
    });

    it('shows them with cognate invocations, masked, and needs a pool', async () => {
      const s = server();
      const poolId = await poolWith(s, { CreateAuthChallenge: arn('challenge') });
      await invokeTrigger(s.services, {
        pool: await getPool(s.services, poolId),
        kind: 'CreateAuthChallenge',
        triggerSource: 'CreateAuthChallenge_Authentication',
        userName: 'alice',
        request: { userAttributes: {}, challengeName: 'CUSTOM_CHALLENGE', session: [] },
      });
      const listed = await runCli(['invocations', '--pool', poolId, '--endpoint', s.url]);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain('CreateAuthChallenge_Authentication → challenge: succeeded');
      expect(listed.stdout).not.toContain('424242');
      const asJson = await runCli(['invocations', '--pool', poolId, '--json', '--endpoint', s.url]);
      expect(JSON.parse(asJson.stdout)[0].response).toEqual({ publicChallengeParameters: { hint: 'mail' }, privateChallengeParameters: { answer: '***' } });
      expect((await fetch(`${s.url}/_cognate/invocations`)).status).toBe(400);
      expect(await invocations(s, 'us-east-1_NoSuchPool')).toEqual([]);
    });
  },
  { functions },
);

describe('retention', () => {
  for (const engine of engines())
    it(`keeps records for the outbox's retention, then sweeps them [${engine}]`, async () => {
      const clock = new ManualClock();
      const server = await startTestServer(engine, { clock, functions, outboxRetentionSeconds: 3600 });
      try {
        const poolId = await poolWith(server, { UserMigration: arn('migrate') });
        const pool = await getPool(server.services, poolId);
        await invokeTrigger(server.services, { pool, kind: 'UserMigration', triggerSource: 'UserMigration_Authentication', userName: 'a', request: {} });
        clock.advance(3600_000 - 1000);
        expect(await invocations(server, poolId)).toHaveLength(1);
        clock.advance(1001);
        expect(await invocations(server, poolId)).toEqual([]);
        const left = await server.services.store.db.selectFrom('trigger_invocations').select('id').where('pool_id', '=', poolId).execute();
        expect(left).toEqual([]);
      } finally {
        await server.close();
      }
    });
});
