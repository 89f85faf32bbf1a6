import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { html } from '../../ui/html.js';
import type { Deps } from '../deps.js';
import { attempt } from '../errors.js';
import { formOf, text } from '../forms.js';
import { alertError, alertNotice, card, csrfInput, page, poolCrumbs, poolHref, poolTabs, textarea } from '../layout.js';

type PoolParams = { poolId: string };

/**
 * The hosted UI's CSS (SetUICustomization, pool-wide), with a live preview: the hosted pages may not
 * be framed, so the preview is a sign-in form with the hosted UI's own stylesheet and its
 * customizable class names, styled by the CSS being typed (the script reloads it as you type;
 * without it, the preview shows the saved CSS).
 */
export function uiCustomizationRoutes(app: FastifyInstance, deps: Deps): void {
  const { api } = deps;
  const saved = async (poolId: string): Promise<string> => ((await api.call('GetUICustomization', { UserPoolId: poolId })).UICustomization?.CSS as string | undefined) ?? '';

  const editor = async (request: FastifyRequest<{ Params: PoolParams }>, reply: FastifyReply, css?: string, error?: string) => {
    const ctx = deps.context(request, reply);
    const { poolId } = request.params;
    const value = css ?? (await saved(poolId));
    const base = `${poolHref(poolId, 'app')}/ui`;
    const body = html`${poolTabs(poolId, 'app')}${alertNotice(deps.takeFlash(request, reply))}<div class="grid2">${card(
      'CSS',
      html`${alertError(error)}<form method="post" action="${base}" data-preview="preview">${csrfInput(ctx.csrf!)}${textarea({
        name: 'CSS',
        label: 'CSS for the hosted UI (all app clients)',
        value,
        rows: 16,
        hint: 'Cognito\'s classes: .background-customizable, .banner-customizable, .logo-customizable, .label-customizable, .inputField-customizable, .submitButton-customizable, .errorMessage-customizable, .legalText-customizable...',
        error,
      })}<button type="submit">Save</button></form>`,
    )}${card('Preview', html`<iframe class="preview" id="preview" title="Preview of the hosted sign-in page" src="${base}/preview"></iframe>`)}</div>`;
    return deps.send(reply, page({ ...ctx, section: 'pools' }, 'Hosted UI customization', body, poolCrumbs(poolId, [{ label: 'App integration', href: poolHref(poolId, 'app') }, { label: 'Hosted UI customization' }])), error ? 400 : 200);
  };
  app.get<{ Params: PoolParams }>('/console/pools/:poolId/app/ui', (request, reply) => editor(request, reply));
  app.post<{ Params: PoolParams }>('/console/pools/:poolId/app/ui', async (request, reply) => {
    const css = text(formOf(request.body), 'CSS') ?? '';
    const result = await attempt(() => api.call('SetUICustomization', { UserPoolId: request.params.poolId, CSS: css }, request.ip));
    if (result.error !== undefined) return editor(request, reply, css, result.error);
    deps.flash(reply, 'Saved the hosted UI CSS.');
    return reply.redirect(`${poolHref(request.params.poolId, 'app')}/ui`, 303);
  });

  app.get<{ Params: PoolParams }>('/console/pools/:poolId/app/ui/preview', async (request, reply) => {
    const { poolId } = request.params;
    const { UserPool: pool } = await api.call('DescribeUserPool', { UserPoolId: poolId });
    const css = text(formOf(request.query), 'css');
    const cssUrl = `${poolHref(poolId, 'app')}/ui/preview.css${css === undefined ? '' : `?css=${encodeURIComponent(css)}`}`;
    return deps.send(
      reply,
      html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Preview</title><link rel="stylesheet" href="/${poolId}/ui/hosted.css"><link rel="stylesheet" href="${cssUrl}"></head>
<body class="background-customizable"><main class="modal-content"><div class="banner-customizable"><p class="pool-name">${pool.Name}</p></div><div class="modal-body">
<h1>Sign in</h1><p class="textDescription-customizable">Sign in with your username and password</p>
<p class="error errorMessage-customizable">Incorrect username or password.</p>
<div class="field"><label class="label-customizable" for="u">Username</label><input class="inputField-customizable" id="u" value="alice"></div>
<div class="field"><label class="label-customizable" for="p">Password</label><input class="inputField-customizable" id="p" type="password" value="password"></div>
<button class="submitButton-customizable" type="button">Sign in</button>
<div class="redirect-customizable"><p>Forgot your password?</p><p>Need an account? Sign up</p></div>
<p class="legalText-customizable">Preview: nothing here is sent.</p></div></main></body></html>`,
    );
  });
  app.get<{ Params: PoolParams }>('/console/pools/:poolId/app/ui/preview.css', async (request, reply) => {
    const css = text(formOf(request.query), 'css') ?? (await saved(request.params.poolId));
    return reply.header('cache-control', 'no-store').type('text/css; charset=utf-8').send(css);
  });
}
