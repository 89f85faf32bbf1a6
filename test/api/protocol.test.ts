import { CreateUserPoolCommand, DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { forEachEngine, json } from '../helpers/server.js';

const target = (op: string) => `AWSCognitoIdentityProviderService.${op}`;

forEachEngine('the awsJson1.1 protocol', (server) => {
  const post = (headers: Record<string, string>, body: string) =>
    fetch(`${server().url}/`, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', ...headers }, body });

  it('creates and describes a pool through the AWS SDK', async () => {
    const created = await server().cognito.send(new CreateUserPoolCommand({ PoolName: 'walkthrough' }));
    expect(created.UserPool?.Id).toMatch(/^us-east-1_[0-9a-zA-Z]{9}$/);
    const described = await server().cognito.send(new DescribeUserPoolCommand({ UserPoolId: created.UserPool!.Id }));
    expect(described.UserPool?.Name).toBe('walkthrough');
    expect(described.UserPool?.CreationDate).toBeInstanceOf(Date);
  });

  it('answers an unknown operation with UnknownOperationException', async () => {
    const res = await post({ 'x-amz-target': target('NoSuchThing') }, '{}');
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(await json(res)).toEqual({ __type: 'UnknownOperationException', message: expect.stringContaining('operation NoSuchThing') });
    const missing = await post({}, '{}');
    expect(await json(missing)).toEqual({ __type: 'UnknownOperationException', message: expect.stringContaining('X-Amz-Target must be AWSCognitoIdentityProviderService.<Operation>') });
  });

  it('answers malformed JSON with SerializationException', async () => {
    const res = await post({ 'x-amz-target': target('DescribeUserPool') }, '{"UserPoolId":');
    expect(res.status).toBe(400);
    expect((await json(res)).__type).toBe('SerializationException');
  });

  it('answers a wrong JSON type with SerializationException', async () => {
    const res = await post({ 'x-amz-target': target('DescribeUserPool') }, '{"UserPoolId": 5}');
    expect(await json(res)).toEqual({ __type: 'SerializationException', message: 'NUMBER_VALUE can not be converted to a String' });
  });

  it('reports constraint violations in Cognito words', async () => {
    const res = await post({ 'x-amz-target': target('DescribeUserPool') }, '{"UserPoolId": "nope"}');
    const body = await json(res);
    expect(body.__type).toBe('InvalidParameterException');
    expect(body.message).toBe(
      "1 validation error detected: Value 'nope' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+",
    );
  });

  it('reports a missing required member as null', async () => {
    const res = await post({ 'x-amz-target': target('DescribeUserPool') }, '{}');
    expect((await json(res)).message).toBe(
      "1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null",
    );
  });

  it('answers an unknown pool with ResourceNotFoundException', async () => {
    const res = await post({ 'x-amz-target': target('DescribeUserPool') }, '{"UserPoolId": "us-east-1_missing1"}');
    expect(await json(res)).toEqual({ __type: 'ResourceNotFoundException', message: 'User pool us-east-1_missing1 does not exist.' });
  });

  it('allows browsers to call the API (CORS)', async () => {
    const res = await fetch(`${server().url}/`, { method: 'OPTIONS', headers: { origin: 'http://app.example', 'access-control-request-method': 'POST' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toContain('x-amz-target');
    // The answer itself names the origin and what a page may read; the rest is the preflight's.
    const answer = await post({ 'x-amz-target': target('InitiateAuth'), origin: 'http://app.example' }, '{"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": "nosuchclient0000000000000"}');
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('access-control-expose-headers')).toContain('x-amzn-requestid');
    expect(answer.headers.get('access-control-allow-headers')).toBeNull();
  });
});

describe('health', () => {
  forEachEngine('GET /health', (server) => {
    it('answers 200 once storage is ready', async () => {
      const res = await fetch(`${server().url}/health`);
      expect(res.status).toBe(200);
    });
  });
});

describe('unexpected failures', () => {
  it('answer 500 InternalErrorException with nothing internal on the wire', async () => {
    const { startTestServer } = await import('../helpers/server.js');
    const server = await startTestServer('sqlite');
    try {
      // Break the storage under the running server: every query now fails inside the driver.
      await server.services.store.db.destroy();
      const res = await fetch(`${server.url}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target('DescribeUserPool') },
        body: JSON.stringify({ UserPoolId: 'us-east-1_abcdefghi' }),
      });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ __type: 'InternalErrorException', message: 'An internal error occurred.' });
      expect(text).not.toMatch(/destroy|kysely|stack|at /i);
    } finally {
      await server.app.close();
    }
  });
});
