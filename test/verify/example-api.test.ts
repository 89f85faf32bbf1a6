import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApi } from '../../examples/api/app.js';
import { runGrant } from '../../src/client/index.js';
import { forEachEngine } from '../helpers/server.js';
import { DEMO, seeded } from '../client/helpers.js';

forEachEngine(
  'the example API protected by cognate/verify, with tokens from a live Cognate',
  (server) => {
    let api: FastifyInstance;
    let machine: string;
    let user: string;
    let idToken: string;
    beforeAll(async () => {
      const issuer = `${server().services.settings.publicUrl}/${DEMO.poolId}`;
      api = buildApi({ issuer });
      machine = (await runGrant({ grant: 'client_credentials', issuer, clientId: DEMO.machineClientId, clientSecret: DEMO.machineSecret })).response.access_token;
      const signedIn = await runGrant({ grant: 'authorization_code', issuer, clientId: DEMO.publicClientId, redirectUri: DEMO.loopback, scope: 'openid email', username: DEMO.username, password: DEMO.password });
      user = signedIn.response.access_token;
      idToken = signedIn.response.id_token!;
    });
    afterAll(async () => api?.close());

    const get = (url: string, token?: string, method: 'GET' | 'POST' = 'GET', payload?: unknown) =>
      api.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload ? { payload: payload as object } : {}) });

    it('greets any valid access token: a signed-in user or a machine client', async () => {
      expect((await get('/hello', user)).json()).toMatchObject({ message: 'Hello, demo!', groups: ['admins'] });
      expect((await get('/hello', machine)).json()).toMatchObject({ message: `Hello, ${DEMO.machineClientId}!`, scopes: ['demo-api/read', 'demo-api/write'] });
    });

    it('answers 401 with a Bearer challenge without a token, for an ID token, and for a forged one', async () => {
      const none = await get('/hello');
      expect(none.statusCode).toBe(401);
      expect(none.headers['www-authenticate']).toBe('Bearer realm="api"');
      const id = await get('/hello', idToken);
      expect(id.statusCode).toBe(401);
      expect(id.json()).toMatchObject({ error: 'invalid_token' });
      const [h, p] = user.split('.');
      expect((await get('/hello', `${h}.${p}.${machine.split('.')[2]}`)).statusCode).toBe(401);
    });

    it('lists and creates items with the demo-api scopes, and refuses a token without them with 403', async () => {
      expect((await get('/items', machine)).statusCode).toBe(200);
      const created = await get('/items', machine, 'POST', { name: 'widget' });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ name: 'widget', createdBy: DEMO.machineClientId });
      const refused = await get('/items', user);
      expect(refused.statusCode).toBe(403);
      expect(refused.headers['www-authenticate']).toContain('error="insufficient_scope"');
    });

    it('lets members of admins into /admin and no one else', async () => {
      expect((await get('/admin', user)).statusCode).toBe(200);
      const machineAdmin = await get('/admin', machine);
      expect(machineAdmin.statusCode).toBe(403);
      expect(machineAdmin.json()).toMatchObject({ error: 'forbidden' });
    });
  },
  seeded,
);
