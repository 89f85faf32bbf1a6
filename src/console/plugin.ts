import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AdminCredentials } from '../api/sigv4.js';
import type { Services } from '../core/services.js';
import { isCrossOriginBrowserRequest } from '../web/request-origin.js';
import { CONSOLE_CSS, CONSOLE_JS } from './assets.js';
import type { Deps } from './deps.js';
import { formOf, text } from './forms.js';
import { alertError, field, page } from './layout.js';
import { acceptMultipartForms } from './multipart.js';
import { consoleApi } from './operations.js';
import { appRoutes } from './routes/app-integration.js';
import { callbackRoutes } from './routes/callback.js';
import { groupRoutes } from './routes/groups.js';
import { poolRoutes } from './routes/pools.js';
import { startRoutes } from './routes/start.js';
import { toolRoutes } from './routes/tools.js';
import { tryItRoutes } from './routes/try-it.js';
import { uiCustomizationRoutes } from './routes/ui-customization.js';
import { userRoutes } from './routes/users.js';
import { credentialsMatch, csrfToken, csrfValid, endSession, hasSession, startSession } from './session.js';
import { html } from '../ui/html.js';
import { CognitoError } from '../core/errors.js';
import { OAuthError } from '../core/oauth/errors.js';
import { refusal } from './errors.js';

export interface ConsolePluginOptions {
  services: Services;
  adminCredentials?: AdminCredentials;
  /** Whether the Host header names this server (http/host-guard.ts): the open console answers only those. */
  hostAllowed(request: FastifyRequest): Promise<boolean>;
  /** The pool whose domain the Host header names, for the domain's own start page. */
  poolOfHost(host: string | undefined): Promise<{ poolId: string; poolName: string } | undefined>;
}

const isPublicPath = (url: string) => url.startsWith('/console/assets/') || url === '/' || url.startsWith('/?') || url.startsWith('/console/login');

/**
 * The admin console (`/console`) and the start page (`/`): server-rendered pages over the same
 * operations as the Cognito API. Open, without `--admin-credentials`, to this server's own names
 * only (the Host guard of the open admin surface); with them, behind a sign-in with those credentials.
 */
export async function consolePlugin(app: FastifyInstance, options: ConsolePluginOptions): Promise<void> {
  const { services, adminCredentials } = options;
  const secure = () => services.settings.publicUrl.startsWith('https:');

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        frameSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
        baseUri: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'sameorigin' },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  // The logo upload (a file input, which needs no script). Larger than the API takes is let through to
  // be refused in the API's words; far larger is refused here (413).
  acceptMultipartForms(app, { fileSize: 1024 * 1024, files: 1, fields: 10, fieldSize: 256 * 1024, parts: 12 });

  const api = await consoleApi(services);
  const deps: Deps = {
    services,
    api,
    secure,
    context(request, reply) {
      return { csrf: csrfToken(request, reply, secure()), signedIn: adminCredentials !== undefined && hasSession(request, adminCredentials, services.clock.now()) };
    },
    send(reply, body, status = 200) {
      return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body.toString());
    },
    flash(reply, message) {
      reply.setCookie('cognate-console-flash', message, { httpOnly: true, sameSite: 'lax', secure: secure(), path: '/console' });
    },
    takeFlash(request, reply) {
      const message = request.cookies['cognate-console-flash'];
      if (message) reply.clearCookie('cognate-console-flash', { path: '/console' });
      return message || undefined;
    },
    poolOfHost: options.poolOfHost,
    mayListPools: async (request) => (adminCredentials ? hasSession(request, adminCredentials, services.clock.now()) : options.hostAllowed(request)),
  };

  app.addHook('onRequest', async (request, reply) => {
    if (isPublicPath(request.url)) return;
    if (adminCredentials) {
      if (hasSession(request, adminCredentials, services.clock.now())) return;
      if (request.method === 'GET') return reply.redirect(`/console/login?next=${encodeURIComponent(request.url)}`, 303);
      return deps.send(reply, page({}, 'Sign in required', alertError('Your console session has ended. Sign in again.')), 401);
    }
    if (!(await options.hostAllowed(request))) {
      return deps.send(
        reply,
        page({}, 'Not available on this name', html`<p>The console answers only this server's own names. Add this one with <code>--allowed-hosts</code> (COGNATE_ALLOWED_HOSTS), or start with <code>--admin-credentials</code>.</p>`),
        403,
      );
    }
  });
  // Every change is a form post: it must carry the form's CSRF token and come from a page of this origin.
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    if (isCrossOriginBrowserRequest(request, services.settings.publicUrl, { allowNullOrigin: false }) || !csrfValid(request)) {
      return deps.send(reply, page({}, 'Form expired', alertError('This form could not be accepted (it came from another page or has expired). Go back, reload the page, and send it again.')), 403);
    }
  });

  // A page about something that is not there (a deleted pool, a mistyped id) says so in Cognito's words.
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof CognitoError || error instanceof OAuthError) {
      const status = error instanceof CognitoError && error.type === 'ResourceNotFoundException' ? 404 : 400;
      return deps.send(reply, page(deps.context(request, reply), status === 404 ? 'Not found' : 'Request refused', html`${alertError(refusal(error))}<p><a href="/console">Back to the user pools</a></p>`), status);
    }
    const statusCode = (error as { statusCode?: number }).statusCode;
    if (statusCode && statusCode < 500) return deps.send(reply, page({}, 'Bad request', alertError((error as Error).message)), statusCode);
    services.log.error({ err: error }, 'unexpected failure in the admin console');
    return deps.send(reply, page({}, 'Something went wrong', alertError('An internal error occurred; the server log has the details.')), 500);
  });

  app.get('/console/assets/console.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(CONSOLE_CSS),
  );
  app.get('/console/assets/console.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(CONSOLE_JS),
  );

  const loginPage = (request: FastifyRequest, reply: FastifyReply, error?: string, status = 200) => {
    const next = safeNext(text(formOf(request.query), 'next') ?? text(formOf(request.body), 'next'));
    const csrf = csrfToken(request, reply, secure());
    return deps.send(
      reply,
      page(
        {},
        'Sign in to the console',
        html`<section class="card">${alertError(error)}<p>This server was started with <code>--admin-credentials</code>: sign in with that access key id and secret.</p>
<form method="post" action="/console/login"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="next" value="${next}">
${field({ name: 'accessKeyId', label: 'Access key id', required: true, autocomplete: 'username' })}
${field({ name: 'secretAccessKey', label: 'Secret access key', type: 'password', required: true, autocomplete: 'current-password' })}
<button type="submit">Sign in</button></form></section>`,
      ),
      status,
    );
  };
  app.get('/console/login', async (request, reply) => {
    if (!adminCredentials) return reply.redirect('/console', 303);
    return loginPage(request, reply);
  });
  app.post('/console/login', async (request, reply) => {
    if (!adminCredentials) return reply.redirect('/console', 303);
    const form = formOf(request.body);
    if (!credentialsMatch(adminCredentials, text(form, 'accessKeyId') ?? '', text(form, 'secretAccessKey') ?? '')) {
      return loginPage(request, reply, 'Incorrect access key id or secret access key.', 400);
    }
    startSession(reply, adminCredentials, services.clock.now(), secure());
    return reply.redirect(safeNext(text(form, 'next')), 303);
  });
  app.post('/console/logout', async (_request, reply) => {
    endSession(reply, secure());
    return reply.redirect(adminCredentials ? '/console/login' : '/', 303);
  });

  startRoutes(app, deps);
  poolRoutes(app, deps);
  userRoutes(app, deps);
  groupRoutes(app, deps);
  appRoutes(app, deps);
  tryItRoutes(app, deps);
  callbackRoutes(app, deps);
  toolRoutes(app, deps);
  uiCustomizationRoutes(app, deps);
}

/** Only a path of the console itself: a sign-in must never send the browser elsewhere. */
function safeNext(next: string | undefined): string {
  return next && /^\/console(\/[^\\]*)?(\?.*)?$/.test(next) && !next.startsWith('//') ? next : '/console';
}
