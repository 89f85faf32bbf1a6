import {
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CreateUserPoolClientCommandInput, CreateUserPoolCommandInput, LambdaConfigType } from '@aws-sdk/client-cognito-identity-provider';
import {
  CreateAuthChallengeTriggerSchema,
  DefineAuthChallengeTriggerSchema,
  MigrateUserTriggerSchema,
  PostAuthenticationTriggerSchema,
  PreAuthenticationTriggerSchema,
  VerifyAuthChallengeTriggerSchema,
} from '@aws-lambda-powertools/parser/schemas';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import type { CognitoUserSession } from 'amazon-cognito-identity-js';
import type {
  CreateAuthChallengeTriggerEvent,
  DefineAuthChallengeTriggerEvent,
  PostAuthenticationTriggerEvent,
  PreAuthenticationTriggerEvent,
  UserMigrationTriggerEvent,
  VerifyAuthChallengeResponseTriggerEvent,
} from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FunctionRunner, TriggerEvent } from '../../src/core/trigger/runner.js';
import { FunctionError } from '../../src/core/trigger/runner.js';
import { listOutbox } from '../../src/core/outbox/outbox.js';
import { createConfirmedUser, forEachEngine } from '../helpers/server.js';
import { srpClient } from '../helpers/srp-client.js';
import { errorsOf, FormBrowser } from '../ui/form-client.js';
import { callbackQuery, createUiFixture } from '../ui/fixture.js';
import * as emailCode from '../../examples/triggers/custom-auth-email-code/index.mjs';
import * as legacyMigration from '../../examples/triggers/user-migration/index.mjs';

const PASSWORD = 'Passw0rd!';
const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

type Handler = (event: TriggerEvent) => unknown;

/** Every event the functions received, in order; each test starts with an empty log. */
const events: TriggerEvent[] = [];
/** What each function does in the current test (set per test). */
const behaviour: Record<string, Handler> = {};

const handlers: Record<string, Handler> = {
  ...Object.fromEntries(['pre', 'post', 'migrate', 'define', 'create', 'verify'].map((name) => [name, (event: TriggerEvent) => behaviour[name]!(event)])),
  'email-code': (event) => emailCode.handler(event),
  legacy: (event) => legacyMigration.handler(event),
};

/** In-process runner: a thrown error is the function's failure, as Lambda reports it. */
const functions: FunctionRunner = {
  invoke: async (name, event) => {
    events.push(structuredClone(event));
    try {
      return await handlers[name]!(structuredClone(event));
    } catch (error) {
      throw new FunctionError('failed', (error as Error).message);
    }
  },
};

const fail = (message: string): Handler => () => {
  throw new Error(message);
};
const pass: Handler = (event) => event;

const errorOf = async (promise: Promise<unknown>) => promise.then(
  () => ({ name: 'none', message: '' }),
  (error: Error) => ({ name: error.name, message: error.message }),
);

forEachEngine(
  'sign-in Lambda triggers',
  (server) => {
    const cognito = () => server().cognito;
    beforeEach(() => {
      events.length = 0;
      for (const key of Object.keys(behaviour)) delete behaviour[key];
    });

    const setup = async (LambdaConfig: LambdaConfigType, pool: Partial<CreateUserPoolCommandInput> = {}, client: Partial<CreateUserPoolClientCommandInput> = {}) => {
      const poolId = (await cognito().send(new CreateUserPoolCommand({ PoolName: 'triggers', LambdaConfig, ...pool }))).UserPool!.Id!;
      const clientId = (
        await cognito().send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: 'app',
            ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH'],
            ...client,
          }),
        )
      ).UserPoolClient!.ClientId!;
      return { poolId, clientId };
    };
    const passwordAuth = (ClientId: string, USERNAME: string, PASSWORD_: string, ClientMetadata?: Record<string, string>) =>
      cognito().send(new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD: PASSWORD_ }, ClientMetadata }));
    const userExists = (UserPoolId: string, Username: string) =>
      cognito().send(new AdminGetUserCommand({ UserPoolId, Username })).then(
        (u) => u.UserStatus,
        () => undefined,
      );

    describe('PreAuthentication', () => {
      it('runs before the password with the user, validationData from ClientMetadata, and lets the sign-in go on', async () => {
        const { poolId, clientId } = await setup({ PreAuthentication: arn('pre') });
        await createConfirmedUser(cognito(), poolId, 'ann', PASSWORD);
        behaviour.pre = pass;
        const out = await passwordAuth(clientId, 'ann', PASSWORD, { app: 'web' });
        expect(out.AuthenticationResult?.AccessToken).toBeDefined();
        expect(events).toHaveLength(1);
        const event = events[0] as unknown as PreAuthenticationTriggerEvent;
        expect(PreAuthenticationTriggerSchema.safeParse(event).success).toBe(true);
        expect(event).toMatchObject({
          version: '1',
          triggerSource: 'PreAuthentication_Authentication',
          region: 'us-east-1',
          userPoolId: poolId,
          userName: 'ann',
          callerContext: { clientId },
          request: { userAttributes: { email: 'ann@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' }, validationData: { app: 'web' } },
          response: {},
        });
        expect(event.request.userNotFound).toBeUndefined();
      });

      it('refuses with its message before the password is judged, and issues nothing', async () => {
        const { poolId, clientId } = await setup({ PreAuthentication: arn('pre'), PostAuthentication: arn('post') });
        await createConfirmedUser(cognito(), poolId, 'bob', PASSWORD);
        behaviour.pre = fail('Blocked by policy');
        behaviour.post = pass;
        for (const password of [PASSWORD, 'Wrong0rd!']) {
          expect(await errorOf(passwordAuth(clientId, 'bob', password))).toEqual({
            name: 'UserLambdaValidationException',
            message: 'PreAuthentication failed with error Blocked by policy.',
          });
        }
        expect(events.map((e) => e.triggerSource)).toEqual(['PreAuthentication_Authentication', 'PreAuthentication_Authentication']);
        // SRP's first step runs it too.
        expect(await errorOf(cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'bob', SRP_A: srpClient(poolId).SRP_A } })))).toMatchObject({
          name: 'UserLambdaValidationException',
        });
        // The refusals counted no failed sign-in: the right password still works at once.
        behaviour.pre = pass;
        expect((await passwordAuth(clientId, 'bob', PASSWORD)).AuthenticationResult?.IdToken).toBeDefined();
      });

      it('sees an unknown name (userNotFound) only when the client hides unknown users', async () => {
        const { clientId } = await setup({ PreAuthentication: arn('pre') }, {}, { PreventUserExistenceErrors: 'ENABLED' });
        behaviour.pre = pass;
        expect(await errorOf(passwordAuth(clientId, 'ghost', PASSWORD))).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({ userName: 'ghost', request: { userAttributes: {}, userNotFound: true } });
        expect(PreAuthenticationTriggerSchema.safeParse(events[0]).success).toBe(true);

        const legacy = await setup({ PreAuthentication: arn('pre') }, {}, { PreventUserExistenceErrors: 'LEGACY' });
        events.length = 0;
        expect(await errorOf(passwordAuth(legacy.clientId, 'ghost', PASSWORD))).toMatchObject({ name: 'UserNotFoundException' });
        expect(events).toHaveLength(0);
      });
    });

    describe('PostAuthentication', () => {
      it('runs after a successful sign-in with newDeviceUsed and clientMetadata', async () => {
        const { poolId, clientId } = await setup({ PostAuthentication: arn('post') });
        await createConfirmedUser(cognito(), poolId, 'cid', PASSWORD);
        behaviour.post = pass;
        const out = await cognito().send(
          new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'cid', PASSWORD }, ClientMetadata: { k: 'v' } }),
        );
        expect(out.AuthenticationResult?.AccessToken).toBeDefined();
        const event = events[0] as unknown as PostAuthenticationTriggerEvent;
        expect(PostAuthenticationTriggerSchema.safeParse(event).success).toBe(true);
        expect(event).toMatchObject({
          triggerSource: 'PostAuthentication_Authentication',
          userName: 'cid',
          request: { userAttributes: { email: 'cid@example.com', 'cognito:user_status': 'CONFIRMED' }, newDeviceUsed: false, clientMetadata: { k: 'v' } },
        });
      });

      it('withholds the tokens when it fails', async () => {
        const { poolId, clientId } = await setup({ PostAuthentication: arn('post') });
        await createConfirmedUser(cognito(), poolId, 'dee', PASSWORD);
        behaviour.post = fail('audit down');
        expect(await errorOf(passwordAuth(clientId, 'dee', PASSWORD))).toEqual({ name: 'UserLambdaValidationException', message: 'PostAuthentication failed with error audit down.' });
        // And through SRP, where it runs at the PASSWORD_VERIFIER answer.
        const srp = srpClient(poolId);
        const start = await cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'dee', SRP_A: srp.SRP_A } }));
        const answer = cognito().send(
          new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.respond(start.ChallengeParameters, PASSWORD) }),
        );
        expect(await errorOf(answer)).toMatchObject({ name: 'UserLambdaValidationException' });
      });
    });

    describe('UserMigration', () => {
      it('UserMigration_Authentication creates the user with the typed password and signs in', async () => {
        const { poolId, clientId } = await setup({ UserMigration: arn('migrate') });
        behaviour.migrate = (event) => ({ ...event, response: { ...event.response, userAttributes: { email: 'eve@example.com', email_verified: 'true' }, finalUserStatus: 'CONFIRMED', messageAction: 'SUPPRESS' } });
        const out = await passwordAuth(clientId, 'eve', 'Typed0ld!', { from: 'v1' });
        expect(out.AuthenticationResult?.AccessToken).toBeDefined();
        const event = events[0] as unknown as UserMigrationTriggerEvent;
        expect(MigrateUserTriggerSchema.safeParse(event).success).toBe(true);
        expect(event).toMatchObject({
          triggerSource: 'UserMigration_Authentication',
          userName: 'eve',
          request: { password: 'Typed0ld!', validationData: { from: 'v1' }, clientMetadata: { from: 'v1' } },
          response: { userAttributes: null, finalUserStatus: null, messageAction: null, desiredDeliveryMediums: null, forceAliasCreation: null, enableSMSMFA: null },
        });
        const user = await cognito().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'eve' }));
        expect(user.UserStatus).toBe('CONFIRMED');
        expect(Object.fromEntries(user.UserAttributes!.map((a) => [a.Name, a.Value]))).toMatchObject({ email: 'eve@example.com', email_verified: 'true' });
        // The user now exists: the next sign-in does not ask the old system.
        events.length = 0;
        expect((await passwordAuth(clientId, 'eve', 'Typed0ld!')).AuthenticationResult).toBeDefined();
        expect(events).toHaveLength(0);
      });

      it('creates nothing when it fails or does not know the user; RESET_REQUIRED asks for a reset', async () => {
        const { poolId, clientId } = await setup({ UserMigration: arn('migrate') });
        behaviour.migrate = fail('Bad password');
        expect(await errorOf(passwordAuth(clientId, 'fay', 'Wrong0rd!'))).toEqual({ name: 'UserLambdaValidationException', message: 'UserMigration failed with error Bad password.' });
        expect(await userExists(poolId, 'fay')).toBeUndefined();
        behaviour.migrate = pass;
        expect(await errorOf(passwordAuth(clientId, 'fay', 'Wrong0rd!'))).toMatchObject({ name: 'UserNotFoundException' });
        expect(await userExists(poolId, 'fay')).toBeUndefined();
        behaviour.migrate = (event) => ({ ...event, response: { userAttributes: { email: 'fay@example.com' }, finalUserStatus: 'RESET_REQUIRED' } });
        expect(await errorOf(passwordAuth(clientId, 'fay', 'Typed0ld!'))).toMatchObject({ name: 'PasswordResetRequiredException' });
        expect(await userExists(poolId, 'fay')).toBe('RESET_REQUIRED');
      });

      it('does not run for USER_SRP_AUTH (Cognito migrates only with the password in hand)', async () => {
        const { clientId, poolId } = await setup({ UserMigration: arn('migrate') });
        behaviour.migrate = pass;
        const start = cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'gus', SRP_A: srpClient(poolId).SRP_A } }));
        expect(await errorOf(start)).toMatchObject({ name: 'UserNotFoundException' });
        expect(events).toHaveLength(0);
      });

      it('UserMigration_ForgotPassword (the legacy-list example) moves the user, who gets a reset code', async () => {
        const { poolId, clientId } = await setup({ UserMigration: arn('legacy') }, { AutoVerifiedAttributes: ['email'] });
        const out = await cognito().send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'legacy-kim', ClientMetadata: { via: 'reset' } }));
        expect(out.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'EMAIL', AttributeName: 'email' });
        expect(events[0]).toMatchObject({ triggerSource: 'UserMigration_ForgotPassword', userName: 'legacy-kim', request: { clientMetadata: { via: 'reset' } } });
        expect(events[0]!.request.password).toBeUndefined();
        expect(await userExists(poolId, 'legacy-kim')).toBe('CONFIRMED');
        // The example checks the old password on sign-in.
        expect(await errorOf(passwordAuth(clientId, 'legacy-lee', 'Wrong0rd!'))).toMatchObject({ name: 'UserLambdaValidationException', message: 'UserMigration failed with error Bad password.' });
        expect((await passwordAuth(clientId, 'legacy-lee', 'OldPassw0rd!')).AuthenticationResult?.AccessToken).toBeDefined();
        expect(await userExists(poolId, 'legacy-lee')).toBe('CONFIRMED');
      });

      const migrateTo = (attributes: Record<string, string>, answer: Record<string, unknown> = {}): Handler => (event) => ({
        ...event,
        response: { ...event.response, userAttributes: attributes, finalUserStatus: 'CONFIRMED', ...answer },
      });
      const outbox = (poolId: string) => listOutbox(server().services, { poolId });

      it('sends the welcome message (the invitation without a password) by the medium asked, unless suppressed', async () => {
        const { poolId, clientId } = await setup({ UserMigration: arn('migrate') });
        const attributes = { email: 'wes@example.com', email_verified: 'true', phone_number: '+15550100' };
        behaviour.migrate = migrateTo(attributes, { desiredDeliveryMediums: ['EMAIL'] });
        expect((await passwordAuth(clientId, 'wes', 'Typed0ld!')).AuthenticationResult).toBeDefined();
        const welcome = await outbox(poolId);
        expect(welcome).toHaveLength(1);
        expect(welcome[0]).toMatchObject({ channel: 'EMAIL', destination: 'wes@example.com', kind: 'invitation', username: 'wes', subject: 'Your temporary password', code: null });
        expect(welcome[0]!.body).toContain('Your username is wes');

        // No messageAction and no medium: Cognito's default, SMS.
        behaviour.migrate = migrateTo({ ...attributes, email: 'sam@example.com', phone_number: '+15550101' });
        expect((await passwordAuth(clientId, 'sam', 'Typed0ld!')).AuthenticationResult).toBeDefined();
        expect((await outbox(poolId)).slice(1)).toMatchObject([{ channel: 'SMS', destination: '+15550101', kind: 'invitation', username: 'sam' }]);

        // SUPPRESS sends nothing; a failed migration sends nothing either.
        behaviour.migrate = migrateTo({ email: 'sue@example.com', phone_number: '+15550102' }, { messageAction: 'SUPPRESS', desiredDeliveryMediums: ['EMAIL', 'SMS'] });
        expect((await passwordAuth(clientId, 'sue', 'Typed0ld!')).AuthenticationResult).toBeDefined();
        behaviour.migrate = fail('Bad password');
        expect(await errorOf(passwordAuth(clientId, 'sid', 'Typed0ld!'))).toMatchObject({ name: 'UserLambdaValidationException' });
        expect(await outbox(poolId)).toHaveLength(2);

        // An answer that is not one of Cognito's values is refused, and nothing is created or sent.
        behaviour.migrate = migrateTo({ email: 'sol@example.com' }, { desiredDeliveryMediums: ['PIGEON'] });
        expect(await errorOf(passwordAuth(clientId, 'sol', 'Typed0ld!'))).toMatchObject({ name: 'InvalidLambdaResponseException' });
        expect(await userExists(poolId, 'sol')).toBeUndefined();
        expect(await outbox(poolId)).toHaveLength(2);
      });

      it('UserMigration_ForgotPassword welcomes the user (EMAIL and SMS) and still sends the reset code', async () => {
        const { poolId, clientId } = await setup({ UserMigration: arn('migrate') });
        behaviour.migrate = migrateTo({ email: 'rae@example.com', email_verified: 'true', phone_number: '+15550103' }, { desiredDeliveryMediums: ['EMAIL', 'SMS'] });
        const out = await cognito().send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'rae' }));
        expect(out.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'EMAIL' });
        const messages = await outbox(poolId);
        expect(messages.map((m) => [m.kind, m.channel])).toEqual([
          ['invitation', 'EMAIL'],
          ['invitation', 'SMS'],
          ['forgot-password', 'EMAIL'],
        ]);
        expect(messages[2]!.code).toMatch(/^[0-9]{6}$/);

        behaviour.migrate = migrateTo({ email: 'ray@example.com', email_verified: 'true' }, { messageAction: 'SUPPRESS' });
        await cognito().send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'ray' }));
        expect((await outbox(poolId)).slice(3).map((m) => [m.kind, m.destination])).toEqual([['forgot-password', 'ray@example.com']]);
      });
    });

    describe('CUSTOM_AUTH', () => {
      const trio = { DefineAuthChallenge: arn('define'), CreateAuthChallenge: arn('create'), VerifyAuthChallengeResponse: arn('verify') };

      it('runs Define / Create / Verify with Cognito’s events until Define issues tokens', async () => {
        const { poolId, clientId } = await setup(trio);
        await createConfirmedUser(cognito(), poolId, 'hal', PASSWORD);
        behaviour.define = (event) => {
          const session = event.request.session as { challengeResult: boolean }[];
          const last = session.at(-1);
          return { ...event, response: last?.challengeResult ? { issueTokens: true, failAuthentication: false } : session.length >= 2 ? { failAuthentication: true } : { challengeName: 'CUSTOM_CHALLENGE' } };
        };
        behaviour.create = (event) => ({ ...event, response: { publicChallengeParameters: { hint: 'colour' }, privateChallengeParameters: { answer: 'blue' }, challengeMetadata: 'Q1' } });
        behaviour.verify = (event) => ({ ...event, response: { answerCorrect: event.request.challengeAnswer === (event.request.privateChallengeParameters as Record<string, string>).answer } });

        const start = await cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'hal' }, ClientMetadata: { m: '1' } }));
        expect(start.ChallengeName).toBe('CUSTOM_CHALLENGE');
        expect(start.ChallengeParameters).toEqual({ hint: 'colour', USERNAME: 'hal' });
        expect(start.Session).toBeDefined();
        const wrong = await cognito().send(
          new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: start.Session, ChallengeResponses: { USERNAME: 'hal', ANSWER: 'red' } }),
        );
        expect(wrong.ChallengeName).toBe('CUSTOM_CHALLENGE');
        const right = await cognito().send(
          new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: wrong.Session, ChallengeResponses: { USERNAME: 'hal', ANSWER: 'blue' } }),
        );
        expect(right.AuthenticationResult?.AccessToken).toBeDefined();

        expect(events.map((e) => e.triggerSource)).toEqual([
          'DefineAuthChallenge_Authentication',
          'CreateAuthChallenge_Authentication',
          'VerifyAuthChallengeResponse_Authentication',
          'DefineAuthChallenge_Authentication',
          'CreateAuthChallenge_Authentication',
          'VerifyAuthChallengeResponse_Authentication',
          'DefineAuthChallenge_Authentication',
        ]);
        const [define1, create1, verify1, define2, create2, , define3] = events as unknown as [
          DefineAuthChallengeTriggerEvent,
          CreateAuthChallengeTriggerEvent,
          VerifyAuthChallengeResponseTriggerEvent,
          DefineAuthChallengeTriggerEvent,
          CreateAuthChallengeTriggerEvent,
          VerifyAuthChallengeResponseTriggerEvent,
          DefineAuthChallengeTriggerEvent,
        ];
        expect(define1.request).toEqual({ userAttributes: expect.objectContaining({ email: 'hal@example.com' }), session: [], clientMetadata: { m: '1' } });
        expect(define1.response).toEqual({ challengeName: null, issueTokens: null, failAuthentication: null });
        expect(create1.request).toMatchObject({ challengeName: 'CUSTOM_CHALLENGE', session: [] });
        expect(verify1.request).toMatchObject({ privateChallengeParameters: { answer: 'blue' }, challengeAnswer: 'red' });
        expect(VerifyAuthChallengeTriggerSchema.safeParse(verify1).success).toBe(true);
        const afterWrong = [{ challengeName: 'CUSTOM_CHALLENGE', challengeResult: false, challengeMetadata: 'Q1' }];
        expect(define2.request.session).toEqual(afterWrong);
        expect(create2.request.session).toEqual(afterWrong);
        // The powertools schemas require a non-empty session, so only the later calls can be checked with them.
        expect(DefineAuthChallengeTriggerSchema.safeParse(define2).success).toBe(true);
        expect(CreateAuthChallengeTriggerSchema.safeParse(create2).success).toBe(true);
        expect(define3.request.session).toEqual([...afterWrong, { challengeName: 'CUSTOM_CHALLENGE', challengeResult: true, challengeMetadata: 'Q1' }]);
      });

      it('failAuthentication refuses; a failing Create or Verify refuses with its message', async () => {
        const { poolId, clientId } = await setup(trio);
        await createConfirmedUser(cognito(), poolId, 'ida', PASSWORD);
        const start = () => cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'ida' } }));
        behaviour.define = (event) => ({ ...event, response: { failAuthentication: true } });
        expect(await errorOf(start())).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
        behaviour.define = (event) => ({ ...event, response: { challengeName: 'CUSTOM_CHALLENGE' } });
        behaviour.create = fail('no mailer');
        expect(await errorOf(start())).toEqual({ name: 'UserLambdaValidationException', message: 'CreateAuthChallenge failed with error no mailer.' });
        behaviour.create = (event) => ({ ...event, response: { publicChallengeParameters: {}, privateChallengeParameters: { a: '1' } } });
        behaviour.verify = fail('broken');
        const challenge = await start();
        const answer = cognito().send(
          new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: challenge.Session, ChallengeResponses: { USERNAME: 'ida', ANSWER: '1' } }),
        );
        expect(await errorOf(answer)).toEqual({ name: 'UserLambdaValidationException', message: 'VerifyAuthChallengeResponse failed with error broken.' });
      });

      it('runs the trio with userNotFound for an unknown name when the client hides unknown users, answering as for a user', async () => {
        const { poolId, clientId } = await setup(trio, {}, { PreventUserExistenceErrors: 'ENABLED' });
        await createConfirmedUser(cognito(), poolId, 'real', PASSWORD);
        // Functions that behave the same for everyone: one challenge, tokens only for a right answer.
        behaviour.define = (event) => {
          const last = (event.request.session as { challengeResult: boolean }[]).at(-1);
          return { ...event, response: !last ? { challengeName: 'CUSTOM_CHALLENGE' } : last.challengeResult ? { issueTokens: true } : { failAuthentication: true } };
        };
        behaviour.create = (event) => ({ ...event, response: { publicChallengeParameters: { hint: 'colour' }, privateChallengeParameters: { answer: 'blue' }, challengeMetadata: 'Q1' } });
        behaviour.verify = (event) => ({ ...event, response: { answerCorrect: event.request.challengeAnswer === (event.request.privateChallengeParameters as Record<string, string>).answer } });
        const run = async (USERNAME: string) => {
          events.length = 0;
          const start = await cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME } }));
          const answer = await errorOf(
            cognito().send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: start.Session, ChallengeResponses: { USERNAME, ANSWER: 'red' } })),
          );
          return { start, answer, events: [...events] };
        };

        const unknown = await run('fake');
        const known = await run('real');
        for (const { start, answer } of [unknown, known]) {
          expect(start.ChallengeName).toBe('CUSTOM_CHALLENGE');
          expect(answer).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
        }
        expect(unknown.start.ChallengeParameters).toEqual({ hint: 'colour', USERNAME: 'fake' });
        expect(known.start.ChallengeParameters).toEqual({ hint: 'colour', USERNAME: 'real' });
        expect(unknown.start.Session!.length).toBe(known.start.Session!.length);

        expect(unknown.events.map((e) => e.triggerSource)).toEqual([
          'DefineAuthChallenge_Authentication',
          'CreateAuthChallenge_Authentication',
          'VerifyAuthChallengeResponse_Authentication',
          'DefineAuthChallenge_Authentication',
        ]);
        expect(known.events.map((e) => e.triggerSource)).toEqual(unknown.events.map((e) => e.triggerSource));
        const [define1, create1, verify1, define2] = unknown.events as unknown as [
          DefineAuthChallengeTriggerEvent,
          CreateAuthChallengeTriggerEvent,
          VerifyAuthChallengeResponseTriggerEvent,
          DefineAuthChallengeTriggerEvent,
        ];
        for (const event of unknown.events) {
          expect(event.userName).toBe('fake');
          expect(event.request).toMatchObject({ userAttributes: {}, userNotFound: true });
        }
        expect(define1.request).toEqual({ userAttributes: {}, userNotFound: true, session: [], clientMetadata: {} });
        expect(create1.request).toMatchObject({ challengeName: 'CUSTOM_CHALLENGE', session: [] });
        expect(verify1.request).toMatchObject({ privateChallengeParameters: { answer: 'blue' }, challengeAnswer: 'red' });
        expect(define2.request.session).toEqual([{ challengeName: 'CUSTOM_CHALLENGE', challengeResult: false, challengeMetadata: 'Q1' }]);
        expect(VerifyAuthChallengeTriggerSchema.safeParse(verify1).success).toBe(true);
        expect(DefineAuthChallengeTriggerSchema.safeParse(define2).success).toBe(true);
        // A real user of such a client is told userNotFound: false, as Cognito populates it.
        expect(known.events[0]!.request).toMatchObject({ userNotFound: false, userAttributes: expect.objectContaining({ email: 'real@example.com' }) });
      });

      it('never issues tokens for an unknown name, even when Define says issueTokens', async () => {
        const { poolId, clientId } = await setup(trio, {}, { PreventUserExistenceErrors: 'ENABLED' });
        behaviour.create = (event) => ({ ...event, response: { publicChallengeParameters: {}, privateChallengeParameters: { answer: 'blue' } } });
        behaviour.verify = (event) => ({ ...event, response: { answerCorrect: true } });
        behaviour.define = (event) => ({ ...event, response: { issueTokens: true } });
        const direct = cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'ghost' } }));
        expect(await errorOf(direct)).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
        expect(events.map((e) => [e.triggerSource, e.request.userNotFound])).toEqual([['DefineAuthChallenge_Authentication', true]]);

        behaviour.define = (event) => ({ ...event, response: (event.request.session as unknown[]).length ? { issueTokens: true } : { challengeName: 'CUSTOM_CHALLENGE' } });
        const start = await cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'ghost' } }));
        expect(start.ChallengeName).toBe('CUSTOM_CHALLENGE');
        const answer = cognito().send(
          new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: start.Session, ChallengeResponses: { USERNAME: 'ghost', ANSWER: 'blue' } }),
        );
        expect(await errorOf(answer)).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
        const verify = events.find((e) => e.triggerSource === 'VerifyAuthChallengeResponse_Authentication')!;
        expect(verify.request).toMatchObject({ userNotFound: true, userAttributes: {} });
        expect(VerifyAuthChallengeTriggerSchema.safeParse(verify).success).toBe(true);
        expect(events.at(-1)).toMatchObject({ triggerSource: 'DefineAuthChallenge_Authentication', request: { userNotFound: true } });
        expect(DefineAuthChallengeTriggerSchema.safeParse(events.at(-1)).success).toBe(true);
        expect(await userExists(poolId, 'ghost')).toBeUndefined();
      });

      it('reports an unknown name as UserNotFoundException, running no function, without PreventUserExistenceErrors', async () => {
        const { clientId } = await setup(trio, {}, { PreventUserExistenceErrors: 'LEGACY' });
        behaviour.define = (event) => ({ ...event, response: { challengeName: 'CUSTOM_CHALLENGE' } });
        const start = cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'ghost' } }));
        expect(await errorOf(start)).toEqual({ name: 'UserNotFoundException', message: 'User does not exist.' });
        expect(events).toHaveLength(0);
      });

      it('is refused for a client without ALLOW_CUSTOM_AUTH and for a pool without DefineAuthChallenge', async () => {
        const closed = await setup(trio, {}, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
        expect(await errorOf(cognito().send(new InitiateAuthCommand({ ClientId: closed.clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'x' } })))).toEqual({
          name: 'InvalidParameterException',
          message: 'Auth flow not enabled for this client',
        });
        const none = await setup({});
        expect(await errorOf(cognito().send(new InitiateAuthCommand({ ClientId: none.clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'x' } })))).toEqual({
          name: 'InvalidParameterException',
          message: 'Custom auth lambda trigger is not configured for the user pool.',
        });
        expect(events).toHaveLength(0);
      });

      const identityJsPool = (poolId: string, clientId: string) => new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: `${server().url}/` });
      type Step = { kind: 'success'; session: CognitoUserSession } | { kind: 'challenge'; params: Record<string, string> } | { kind: 'failure'; error: Error };
      const callbacks = (resolve: (s: Step) => void) => ({
        onSuccess: (session: CognitoUserSession) => resolve({ kind: 'success', session }),
        onFailure: (error: Error) => resolve({ kind: 'failure', error }),
        customChallenge: (params: Record<string, string>) => resolve({ kind: 'challenge', params }),
      });
      const answerWith = (user: CognitoUser, answer: string) => new Promise<Step>((resolve) => user.sendCustomChallengeAnswer(answer, callbacks(resolve)));

      it('the e-mail code example, alone, through amazon-cognito-identity-js', async () => {
        const fn = arn('email-code');
        const { poolId, clientId } = await setup({ DefineAuthChallenge: fn, CreateAuthChallenge: fn, VerifyAuthChallengeResponse: fn });
        await createConfirmedUser(cognito(), poolId, 'jo', PASSWORD);
        const user = new CognitoUser({ Username: 'jo', Pool: identityJsPool(poolId, clientId) });
        user.setAuthenticationFlowType('CUSTOM_AUTH');
        const first = await new Promise<Step>((resolve) => user.initiateAuth(new AuthenticationDetails({ Username: 'jo' }), callbacks(resolve)));
        expect(first).toEqual({ kind: 'challenge', params: { delivery: 'EMAIL', USERNAME: 'jo' } });
        const sent = emailCode.deliveries.at(-1)!;
        expect(sent.email).toBe('jo@example.com');
        expect(await answerWith(user, sent.code === '000000' ? '000001' : '000000')).toMatchObject({ kind: 'challenge' });
        // A retry keeps the code already sent.
        expect(emailCode.deliveries.at(-1)).toBe(sent);
        const done = await answerWith(user, sent.code);
        expect(done.kind).toBe('success');
        expect((done as { session: CognitoUserSession }).session.getIdToken().payload['cognito:username']).toBe('jo');
      });

      it('the e-mail code example after SRP (CHALLENGE_NAME SRP_A), through amazon-cognito-identity-js', async () => {
        const fn = arn('email-code');
        const { poolId, clientId } = await setup({ DefineAuthChallenge: fn, CreateAuthChallenge: fn, VerifyAuthChallengeResponse: fn });
        await createConfirmedUser(cognito(), poolId, 'kai', PASSWORD);
        const user = new CognitoUser({ Username: 'kai', Pool: identityJsPool(poolId, clientId) });
        user.setAuthenticationFlowType('CUSTOM_AUTH');
        const wrongPassword = await new Promise<Step>((resolve) => user.authenticateUser(new AuthenticationDetails({ Username: 'kai', Password: 'Wrong0rd!' }), callbacks(resolve)));
        expect(wrongPassword).toMatchObject({ kind: 'failure', error: { message: 'Incorrect username or password.' } });
        events.length = 0;
        const challenge = await new Promise<Step>((resolve) => user.authenticateUser(new AuthenticationDetails({ Username: 'kai', Password: PASSWORD }), callbacks(resolve)));
        expect(challenge).toMatchObject({ kind: 'challenge', params: { USERNAME: 'kai' } });
        const defines = events.filter((e) => e.triggerSource === 'DefineAuthChallenge_Authentication');
        expect(defines.map((e) => e.request.session)).toEqual([
          [{ challengeName: 'SRP_A', challengeResult: true }],
          [
            { challengeName: 'SRP_A', challengeResult: true },
            { challengeName: 'PASSWORD_VERIFIER', challengeResult: true },
          ],
        ]);
        for (const define of defines) expect(DefineAuthChallengeTriggerSchema.safeParse(define).success).toBe(true);
        const done = await answerWith(user, emailCode.deliveries.at(-1)!.code);
        expect(done.kind).toBe('success');
      });
    });

    describe('the hosted sign-in form', () => {
      it('shows a PreAuthentication or PostAuthentication refusal on the page, and signs in once they pass', async () => {
        const fx = await createUiFixture(server(), { LambdaConfig: { PreAuthentication: arn('pre'), PostAuthentication: arn('post') } });
        await createConfirmedUser(cognito(), fx.poolId, 'lin', PASSWORD);
        const browser = new FormBrowser();
        const signIn = async () => browser.submit(await browser.get(fx.loginUrl()), 'cognitoSignInForm', { username: 'lin', password: PASSWORD });
        behaviour.pre = fail('Not during maintenance');
        behaviour.post = pass;
        expect(errorsOf((await signIn()).body)).toEqual(['PreAuthentication failed with error Not during maintenance.']);
        behaviour.pre = pass;
        behaviour.post = fail('audit down');
        expect(errorsOf((await signIn()).body)).toEqual(['PostAuthentication failed with error audit down.']);
        behaviour.post = pass;
        events.length = 0;
        const done = await signIn();
        expect(done.status).toBe(303);
        expect(callbackQuery(done.location).get('code')).toBeTruthy();
        expect(events.map((e) => [e.triggerSource, e.callerContext.clientId])).toEqual([
          ['PreAuthentication_Authentication', fx.clientId],
          ['PostAuthentication_Authentication', fx.clientId],
        ]);
      });

      it('migrates an unknown user (UserMigration_Authentication) and signs in', async () => {
        const fx = await createUiFixture(server(), { LambdaConfig: { UserMigration: arn('legacy') } });
        const browser = new FormBrowser();
        const refused = await browser.submit(await browser.get(fx.loginUrl()), 'cognitoSignInForm', { username: 'legacy-lee', password: 'Wrong0rd!' });
        expect(errorsOf(refused.body)).toEqual(['UserMigration failed with error Bad password.']);
        expect(await userExists(fx.poolId, 'legacy-lee')).toBeUndefined();
        const done = await browser.submit(await browser.get(fx.loginUrl()), 'cognitoSignInForm', { username: 'legacy-lee', password: 'OldPassw0rd!' });
        expect(done.status).toBe(303);
        expect(await userExists(fx.poolId, 'legacy-lee')).toBe('CONFIRMED');
      });
    });
  },
  { functions },
);
