import { CreateUserPoolCommand, DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { forEachEngine, json, sdkClient } from '../helpers/server.js';

const admin = { accessKeyId: 'AKIDCOGNATEADMIN', secretAccessKey: 'admin-secret-for-tests' };
const target = (op: string) => `AWSCognitoIdentityProviderService.${op}`;

/** Signs a Cognito API call the way the SDK does, with a chosen date and credentials, and returns fetch arguments. */
async function signedCall(
  url: string,
  operation: string,
  body: string,
  options: { signingDate?: Date; credentials?: typeof admin; service?: string; unsigned?: string[] } = {},
): Promise<{ headers: Record<string, string> }> {
  const endpoint = new URL(url);
  const signer = new SignatureV4({
    service: options.service ?? 'cognito-idp',
    region: 'us-east-1',
    sha256: Hash.bind(null, 'sha256'),
    credentials: options.credentials ?? admin,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      port: Number(endpoint.port),
      path: '/',
      headers: { host: endpoint.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target(operation) },
      body,
    }),
    { signingDate: options.signingDate ?? new Date(), unsignableHeaders: new Set(options.unsigned ?? []) },
  );
  return { headers: signed.headers as Record<string, string> };
}

forEachEngine(
  'admin authentication with SigV4',
  (server) => {
    const post = (headers: Record<string, string>, body: string) => fetch(`${server().url}/`, { method: 'POST', headers, body });

    it('accepts calls signed by the configured admin credentials', async () => {
      const client = sdkClient(server().url, admin);
      const created = await client.send(new CreateUserPoolCommand({ PoolName: 'signed' }));
      const described = await client.send(new DescribeUserPoolCommand({ UserPoolId: created.UserPool!.Id }));
      expect(described.UserPool?.Name).toBe('signed');
      client.destroy();
    });

    it('refuses a signature made with the wrong secret', async () => {
      const client = sdkClient(server().url, { accessKeyId: admin.accessKeyId, secretAccessKey: 'not-the-secret' });
      await expect(client.send(new CreateUserPoolCommand({ PoolName: 'x' }))).rejects.toMatchObject({
        name: 'InvalidSignatureException',
        message:
          'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      });
      client.destroy();
    });

    it('refuses an access key id it does not know', async () => {
      const client = sdkClient(server().url, { accessKeyId: 'AKIDSOMEONEELSE', secretAccessKey: admin.secretAccessKey });
      await expect(client.send(new CreateUserPoolCommand({ PoolName: 'x' }))).rejects.toMatchObject({
        name: 'UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
      });
      client.destroy();
    });

    it('refuses an unsigned call to an IAM operation', async () => {
      const res = await post({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target('CreateUserPool') }, '{"PoolName":"x"}');
      expect(res.status).toBe(400);
      expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
      expect(await json(res)).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
    });

    it('refuses a malformed Authorization header as an incomplete signature', async () => {
      const res = await post(
        {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': target('CreateUserPool'),
          'x-amz-date': '20240101T000000Z',
          authorization: 'AWS4-HMAC-SHA256 Credential=AKIDCOGNATEADMIN/20240101/us-east-1/cognito-idp/aws4_request',
        },
        '{"PoolName":"x"}',
      );
      const body = await json(res);
      expect(body.__type).toBe('IncompleteSignatureException');
      expect(body.message).toContain("Authorization header requires 'Signature' parameter.");
      expect(body.message).toContain("Authorization header requires 'SignedHeaders' parameter.");
    });

    it('refuses a signature dated more than five minutes ago', async () => {
      const body = '{"PoolName":"stale"}';
      const { headers } = await signedCall(server().url, 'CreateUserPool', body, { signingDate: new Date(Date.now() - 10 * 60 * 1000) });
      const reply = await json(await post(headers, body));
      expect(reply.__type).toBe('InvalidSignatureException');
      expect(reply.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
      expect(reply.message).toContain(headers['x-amz-date']);
    });

    it('refuses a signature dated more than five minutes ahead', async () => {
      const body = '{"PoolName":"early"}';
      const { headers } = await signedCall(server().url, 'CreateUserPool', body, { signingDate: new Date(Date.now() + 10 * 60 * 1000) });
      const reply = await json(await post(headers, body));
      expect(reply.__type).toBe('InvalidSignatureException');
      expect(reply.message).toMatch(/^Signature not yet current: \d{8}T\d{6}Z is still later than /);
    });

    it('accepts a request signed by hand with the SDK signer', async () => {
      const body = '{"PoolName":"by-hand"}';
      const { headers } = await signedCall(server().url, 'CreateUserPool', body);
      const res = await post(headers, body);
      expect(res.status).toBe(200);
      expect((await json(res)).UserPool.Name).toBe('by-hand');
    });

    it('refuses a body changed after signing', async () => {
      const { headers } = await signedCall(server().url, 'CreateUserPool', '{"PoolName":"signed-name"}');
      const reply = await json(await post(headers, '{"PoolName":"tampered"}'));
      expect(reply.__type).toBe('InvalidSignatureException');
    });

    it('refuses a body changed after signing even without the content hash header', async () => {
      const { headers } = await signedCall(server().url, 'CreateUserPool', '{"PoolName":"signed-name"}');
      const { 'x-amz-content-sha256': _hash, ...rest } = headers;
      const reply = await json(await post(rest, '{"PoolName":"tampered"}'));
      expect(reply.__type).toBe('InvalidSignatureException');
    });

    it('refuses a signed header changed after signing', async () => {
      const body = '{"UserPoolId":"us-east-1_missing1"}';
      const { headers } = await signedCall(server().url, 'DescribeUserPool', body);
      const reply = await json(await post({ ...headers, 'x-amz-target': target('CreateUserPool') }, body));
      expect(reply.__type).toBe('InvalidSignatureException');
    });

    it('refuses a signature that leaves the operation unsigned, so it cannot be replayed as another operation', async () => {
      const body = '{"UserPoolId":"us-east-1_missing1"}';
      const { headers } = await signedCall(server().url, 'DescribeUserPool', body, { unsigned: ['x-amz-target'] });
      expect(headers.authorization).not.toContain('x-amz-target');
      const reply = await json(await post({ ...headers, 'x-amz-target': target('DeleteUserPool') }, body));
      expect(reply).toEqual({ __type: 'InvalidSignatureException', message: "'x-amz-target' must be a signed header." });
    });

    it('refuses a signature scoped to another service', async () => {
      const body = '{"PoolName":"x"}';
      const { headers } = await signedCall(server().url, 'CreateUserPool', body, { service: 'sts' });
      const reply = await json(await post(headers, body));
      expect(reply).toEqual({ __type: 'InvalidSignatureException', message: "Credential should be scoped to correct service: 'cognito-idp'." });
    });

    it('lets public operations through without a signature, as Cognito does', async () => {
      const res = await post(
        { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target('InitiateAuth') },
        JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'nosuchclient0000000000000a', AuthParameters: { USERNAME: 'u', PASSWORD: 'p' } }),
      );
      const reply = await json(res);
      expect(['MissingAuthenticationTokenException', 'UnrecognizedClientException', 'InvalidSignatureException', 'IncompleteSignatureException']).not.toContain(
        reply.__type,
      );
    });
  },
  { adminCredentials: admin },
);

describe('without configured admin credentials', () => {
  forEachEngine('admin authentication is open', (server) => {
    it('accepts any signature, as local tools sign with dummy keys', async () => {
      const client = sdkClient(server().url, { accessKeyId: 'whatever', secretAccessKey: 'anything' });
      const created = await client.send(new CreateUserPoolCommand({ PoolName: 'open' }));
      expect(created.UserPool?.Name).toBe('open');
      client.destroy();
    });

    it('accepts unsigned calls too', async () => {
      const res = await fetch(`${server().url}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target('CreateUserPool') },
        body: '{"PoolName":"unsigned"}',
      });
      expect(res.status).toBe(200);
    });
  });
});
