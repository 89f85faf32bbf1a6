import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PendingFederation } from '../core/idp/federation/contract.js';
import { openPending, PENDING_MINUTES } from '../core/idp/federation/pending.js';
import { UpstreamError } from '../core/idp/federation/upstream-error.js';
import { identityProviderForSignIn } from '../core/idp/identity-providers.js';
import { MAX_SAML_RESPONSE_CHARS, SamlRejection, validateSamlResponse } from '../core/idp/saml/response.js';
import { spMetadataXml } from '../core/idp/saml/service-provider.js';
import { samlSignOutDestination } from '../core/idp/saml/sign-out.js';
import type { IdentityProviderDescription } from '../core/idp/types.js';
import type { Services } from '../core/services.js';
import { errorPageUrl } from '../web/error-page.js';
import { contextOf, isSecure } from '../web/pool-context.js';
import { finishFederatedSignIn } from './federation.js';

/**
 * The pool's SAML service-provider endpoints (cognito-wire.md; Cognito's "IdP SAML assertion
 * endpoint"): `POST /saml2/idpresponse`, where an IdP posts its response, SP-initiated (RelayState is
 * the sealed pending sign-in) or, for a provider with IDPInit "true", IdP-initiated (RelayState is
 * the app client's authorize query: client_id, redirect_uri, response_type, scope, identity_provider
 * or idp_identifier); `/saml2/logout`, where the IdP answers the LogoutRequest of a SAML user's
 * /logout (IdP-initiated LogoutRequests are not taken); and `GET /saml2/metadata`, the SP metadata
 * an IdP is configured with.
 */

/** This host's URL of a SAML endpoint: in the path form under the public URL's `/<poolId>`, on a pool's domain at its root. */
export function samlEndpointUrl(services: Services, request: FastifyRequest, path: string): string {
  const ctx = contextOf(request);
  if (ctx.form === 'path') return `${services.settings.publicUrl}${ctx.base}${path}`;
  const scheme = isSecure(services) ? 'https' : request.protocol;
  return `${scheme}://${request.host}${path}`;
}

const field = (source: unknown, name: string): string | undefined => {
  const value = (source as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

const isSaml = (provider: IdentityProviderDescription | undefined): provider is IdentityProviderDescription => provider?.ProviderType === 'SAML';

/** An IdP-initiated sign-in: the provider the RelayState names, if it takes unsolicited responses, and the pending sign-in built from it. */
async function idpInitiated(services: Services, poolId: string, relayState: string | undefined): Promise<{ provider: IdentityProviderDescription; pending: PendingFederation } | undefined> {
  if (relayState === undefined) return undefined;
  const params = new URLSearchParams(relayState);
  const name = params.get('identity_provider');
  const identifier = params.get('idp_identifier');
  const provider = name
    ? await identityProviderForSignIn(services, poolId, { name })
    : identifier
      ? await identityProviderForSignIn(services, poolId, { identifier })
      : undefined;
  if (!isSaml(provider) || provider.ProviderDetails?.IDPInit !== 'true') return undefined;
  return {
    provider,
    pending: { poolId, providerName: provider.ProviderName!, authorizeQuery: relayState, requestId: '', expiresAt: services.clock.now() + PENDING_MINUTES * 60_000 },
  };
}

async function idpResponse(services: Services, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const ctx = contextOf(request);
  reply.header('cache-control', 'no-store');
  const body = request.body;
  const samlResponse = field(body, 'SAMLResponse');
  // Cognito's documentation spells it both ways.
  const relayState = field(body, 'RelayState') ?? field(body, 'Relaystate');
  const errorPage = () => reply.redirect(errorPageUrl(ctx, { error: 'invalid_request' }), 303);

  let pending = openPending(services, relayState);
  let provider: IdentityProviderDescription | undefined;
  let requestId: string | undefined;
  if (pending) {
    provider = await identityProviderForSignIn(services, pending.poolId, { name: pending.providerName });
    requestId = pending.requestId;
  } else {
    const unsolicited = await idpInitiated(services, ctx.pool.Id, relayState);
    // Without a pending sign-in or an app client's request there is no app to send anything back to.
    if (!unsolicited) return errorPage();
    ({ provider, pending } = unsolicited);
  }
  const finishWith = (outcome: Parameters<typeof finishFederatedSignIn>[4]) => finishFederatedSignIn(services, request, reply, pending, outcome);
  if (!isSaml(provider)) return finishWith({ error: 'invalid_request', description: `Identity provider ${pending.providerName} does not exist for this user pool.` });
  if (samlResponse === undefined) return finishWith({ error: 'invalid_request', description: 'Invalid samlResponse or relayState from identity provider' });
  try {
    const assertion = await validateSamlResponse(services, ctx.pool, provider, { samlResponse, acsUrl: samlEndpointUrl(services, request, '/saml2/idpresponse'), requestId });
    return await finishWith({ assertion });
  } catch (error) {
    if (error instanceof SamlRejection) services.log.warn({ pool: ctx.pool.Id, provider: provider.ProviderName, reason: error.reason }, 'SAML response refused');
    if (error instanceof UpstreamError) return finishWith({ error: error.error, description: error.description });
    throw error;
  }
}

/**
 * The pool scope's 64 KiB form limit would refuse the long responses Cognito takes (100,000
 * characters, checked on the decoded field): room for one whose base64 is all `+`, `/` and `=`
 * (three characters each once form-encoded), and for RelayState.
 */
const IDP_RESPONSE_BODY_LIMIT = 3 * MAX_SAML_RESPONSE_CHARS + 64 * 1024;

export function samlRoutes(app: FastifyInstance, services: Services): void {
  app.post('/saml2/idpresponse', { bodyLimit: IDP_RESPONSE_BODY_LIMIT }, async (request, reply) => idpResponse(services, request, reply));

  // The IdP's answer to the LogoutRequest /logout sent (POST binding, as Cognito asks; redirect binding accepted too).
  const logoutResponse = async (request: FastifyRequest, reply: FastifyReply, source: unknown) => {
    const ctx = contextOf(request);
    reply.header('cache-control', 'no-store');
    const status = request.method === 'POST' ? 303 : 302;
    const destination = field(source, 'SAMLResponse') !== undefined ? samlSignOutDestination(services, ctx.pool, field(source, 'RelayState')) : undefined;
    return reply.redirect(destination ?? errorPageUrl(ctx, { error: 'invalid_request' }), status);
  };
  app.post('/saml2/logout', async (request, reply) => logoutResponse(request, reply, request.body));
  app.get('/saml2/logout', async (request, reply) => logoutResponse(request, reply, request.query));

  app.get('/saml2/metadata', async (request, reply) => {
    const ctx = contextOf(request);
    const xml = await spMetadataXml(services, ctx.pool.Id, {
      acsUrl: samlEndpointUrl(services, request, '/saml2/idpresponse'),
      logoutUrl: samlEndpointUrl(services, request, '/saml2/logout'),
    });
    return reply.header('cache-control', 'no-store').type('application/samlmetadata+xml').send(xml);
  });
}
