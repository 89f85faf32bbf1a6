import {
  AdminInitiateAuthCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  ListTagsForResourceCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { hostRequest } from '../oauth/fixture.js';
import { createConfirmedUser, forEachEngine, json } from '../helpers/server.js';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const clientFor = (endpoint: string, region: string) => new CognitoIdentityProviderClient({ endpoint, region, credentials, maxAttempts: 1 });

forEachEngine(
  'regions from the request',
  (server) => {
    let eu: CognitoIdentityProviderClient;
    let us: CognitoIdentityProviderClient;
    let euPoolId: string;
    let euArn: string;
    let usPoolId: string;
    beforeAll(async () => {
      eu = clientFor(server().url, 'eu-west-1');
      us = clientFor(server().url, 'us-east-1');
      const created = (await eu.send(new CreateUserPoolCommand({ PoolName: 'dublin' }))).UserPool!;
      euPoolId = created.Id!;
      euArn = created.Arn!;
      usPoolId = (await us.send(new CreateUserPoolCommand({ PoolName: 'virginia' }))).UserPool!.Id!;
    });

    it('creates a pool in the region the client signed for, with that region in its id and ARN', () => {
      expect(euPoolId).toMatch(/^eu-west-1_[0-9A-Za-z]{9}$/);
      expect(euArn).toBe(`arn:aws:cognito-idp:eu-west-1:000000000000:userpool/${euPoolId}`);
      expect(usPoolId).toMatch(/^us-east-1_/);
    });

    it('lists only the pools of the caller’s region', async () => {
      const inEu = (await eu.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools!.map((p) => p.Id);
      const inUs = (await us.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools!.map((p) => p.Id);
      expect(inEu).toEqual([euPoolId]);
      expect(inUs).toContain(usPoolId);
      expect(inUs).not.toContain(euPoolId);
    });

    it('answers ResourceNotFoundException for another region’s pool, by id or by ARN', async () => {
      await expect(us.send(new DescribeUserPoolCommand({ UserPoolId: euPoolId }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: `User pool ${euPoolId} does not exist.`,
      });
      await expect(us.send(new ListTagsForResourceCommand({ ResourceArn: euArn }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      expect((await eu.send(new DescribeUserPoolCommand({ UserPoolId: euPoolId }))).UserPool!.Id).toBe(euPoolId);
    });

    it('gives an unsigned request the server’s --region', async () => {
      const res = await fetch(server().url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.CreateUserPool' },
        body: JSON.stringify({ PoolName: 'unsigned' }),
      });
      expect(res.status).toBe(200);
      expect((await json(res)).UserPool.Id).toMatch(/^ap-south-1_/);
      // Unsigned, nothing names a region to refuse another region's pool by.
      const describe = await fetch(server().url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.DescribeUserPool' },
        body: JSON.stringify({ UserPoolId: euPoolId }),
      });
      expect((await json(describe)).UserPool.Id).toBe(euPoolId);
    });

    describe('tokens, discovery and domains of the pool’s own region', () => {
      let clientId: string;
      const prefix = `dub${Date.now().toString(36)}`;
      beforeAll(async () => {
        clientId = (
          await eu.send(
            new CreateUserPoolClientCommand({ UserPoolId: euPoolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
          )
        ).UserPoolClient!.ClientId!;
        await createConfirmedUser(eu, euPoolId, 'tina', 'Passw0rd!Passw0rd');
        await eu.send(new CreateUserPoolDomainCommand({ UserPoolId: euPoolId, Domain: prefix }));
      });

      it('issues tokens whose issuer names the pool’s region', async () => {
        const result = await eu.send(
          new AdminInitiateAuthCommand({ UserPoolId: euPoolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'tina', PASSWORD: 'Passw0rd!Passw0rd' } }),
        );
        expect(decodeJwt(result.AuthenticationResult!.IdToken!).iss).toBe(`https://cognito-idp.eu-west-1.amazonaws.com/${euPoolId}`);
        expect(decodeJwt(result.AuthenticationResult!.AccessToken!).iss).toBe(`https://cognito-idp.eu-west-1.amazonaws.com/${euPoolId}`);
      });

      it('serves discovery with that issuer on the path form and on <prefix>.auth.eu-west-1.amazoncognito.com only', async () => {
        const doc = await json(await fetch(`${server().url}/${euPoolId}/.well-known/openid-configuration`));
        expect(doc.issuer).toBe(`https://cognito-idp.eu-west-1.amazonaws.com/${euPoolId}`);
        const right = await hostRequest(server().port, `${prefix}.auth.eu-west-1.amazoncognito.com`, '/.well-known/openid-configuration');
        expect(right.status).toBe(200);
        expect(JSON.parse(right.body).issuer).toBe(doc.issuer);
        const wrong = await hostRequest(server().port, `${prefix}.auth.us-east-1.amazoncognito.com`, '/.well-known/openid-configuration');
        expect(wrong.status).toBe(404);
        const local = await hostRequest(server().port, `${prefix}.auth.localhost`, '/.well-known/openid-configuration');
        expect(local.status).toBe(200);
      });

      it('describes the domain with the region’s asset bucket', async () => {
        const domain = await eu.send(new DescribeUserPoolDomainCommand({ Domain: prefix }));
        expect(domain.DomainDescription!.S3Bucket).toBe('aws-cognito-prod-eu-west-1-assets');
      });
    });
  },
  { region: 'ap-south-1', issuerStyle: 'aws' },
);
