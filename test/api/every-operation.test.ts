/**
 * Every operation of the service model is implemented: each is called with a minimal input built
 * from its required members (real ids of a seeded pool, client and user where the member names one),
 * and none may answer UnknownOperationException. Other errors are fine: the input is minimal, not right.
 */
import * as sdk from '@aws-sdk/client-cognito-identity-provider';
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { createConfirmedUser, forEachEngine } from '../helpers/server.js';

interface Shape {
  type: string;
  members?: Record<string, { shape: string }>;
  required?: string[];
  member?: { shape: string };
  enum?: string[];
}
interface Model {
  operations: Record<string, { input?: { shape: string } }>;
  shapes: Record<string, Shape>;
}

// The service model's operations and shapes, kept as a fixture (test/fixtures/README.md); COGNITO_SERVICE_MODEL points at another copy.
const MODEL_PATH = process.env.COGNITO_SERVICE_MODEL ?? new URL('../fixtures/cognito-idp-model.json', import.meta.url);
const model = JSON.parse(readFileSync(MODEL_PATH, 'utf8')) as Model;
const operations = Object.keys(model.operations).sort();

forEachEngine('every operation of the service model', (server) => {
  const known: Record<string, unknown> = {};

  beforeAll(async () => {
    const { cognito } = server();
    const UserPoolId = (await cognito.send(new sdk.CreateUserPoolCommand({ PoolName: 'every-operation' }))).UserPool!.Id!;
    const ClientId = (
      await cognito.send(new sdk.CreateUserPoolClientCommand({ UserPoolId, ClientName: 'every', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))
    ).UserPoolClient!.ClientId!;
    await createConfirmedUser(cognito, UserPoolId, 'everyone', 'Every-Passw0rd!');
    const tokens = (
      await cognito.send(new sdk.InitiateAuthCommand({ ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'everyone', PASSWORD: 'Every-Passw0rd!' } }))
    ).AuthenticationResult!;
    Object.assign(known, {
      UserPoolId,
      ClientId,
      Username: 'everyone',
      AccessToken: tokens.AccessToken,
      RefreshToken: tokens.RefreshToken,
      Token: tokens.RefreshToken,
      Password: 'Every-Passw0rd!',
      PreviousPassword: 'Every-Passw0rd!',
      ProposedPassword: 'Every-Passw0rd-2!',
      ResourceArn: `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${UserPoolId}`,
      CloudWatchLogsRoleArn: 'arn:aws:iam::000000000000:role/Import',
      JobId: 'import-none',
      TermsId: '00000000-0000-4000-8000-000000000000',
      ManagedLoginBrandingId: '00000000-0000-4000-8000-000000000000',
      Domain: 'every-operation-none',
      RegionName: 'eu-west-1',
    });
  });

  /** A value for a member: a known id by its name, else the smallest value of its type. */
  function valueOf(name: string, shapeName: string, depth: number): unknown {
    if (name in known) return known[name];
    const shape = model.shapes[shapeName]!;
    switch (shape.type) {
      case 'structure':
        return depth > 6 ? {} : minimal(shapeName, depth + 1);
      case 'list':
        return [];
      case 'map':
        return {};
      case 'boolean':
        return false;
      case 'integer':
      case 'long':
        return 1;
      case 'timestamp':
        return new Date(0);
      case 'blob':
        return new Uint8Array([1]);
      default:
        return shape.enum?.[0] ?? 'x';
    }
  }

  function minimal(shapeName: string, depth = 0): Record<string, unknown> {
    const shape = model.shapes[shapeName]!;
    const out: Record<string, unknown> = {};
    for (const name of shape.required ?? []) out[name] = valueOf(name, shape.members![name]!.shape, depth);
    return out;
  }

  it('would notice an operation the server does not know', async () => {
    const res = await fetch(`${server().url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.NoSuchOperation' },
      body: '{}',
    });
    expect(((await res.json()) as { __type: string }).__type).toContain('UnknownOperationException');
    expect(operations).toHaveLength(129);
  });

  it.each(operations)('%s is implemented', async (operation) => {
    const Command = (sdk as unknown as Record<string, new (input: unknown) => unknown>)[`${operation}Command`];
    expect(Command, `the SDK has ${operation}Command`).toBeDefined();
    const inputShape = model.operations[operation]!.input?.shape;
    const input = inputShape ? minimal(inputShape) : {};
    const outcome = await server()
      .cognito.send(new Command!(input) as never)
      .then(() => 'ok')
      .catch((error: Error) => error.name);
    expect(outcome).not.toBe('UnknownOperationException');
  });
});
