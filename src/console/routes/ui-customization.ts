import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { logoOf } from '../../core/pool/ui-customization.js';
import { html } from '../../ui/html.js';
import type { Deps } from '../deps.js';
import { attempt } from '../errors.js';
import { uploadOf } from '../multipart.js';
import { checked, formOf, text } from '../forms.js';
import { alertError, alertNotice, card, checkbox, csrfInput, page, poolCrumbs, poolHref, poolTabs, textarea } from '../layout.js';

type PoolParams = { poolId: string };

/** SetUICustomization's ImageFile limit (ImageFileType: at most 131072 bytes), for the form's hint. */
const IMAGE_MAX_BYTES = 131072;

/** The saved logo's address on this server (ImageUrl's path): the console's pages load it from their own origin. */
const logoPath = (imageUrl: string | undefined): string | undefined => {
  if (!imageUrl) return undefined;
  const url = new URL(imageUrl);
  return `${url.pathname}${url.search}`;
};

/**
 * The hosted UI's CSS and logo (SetUICustomization, pool-wide), with a live preview: the hosted pages
 * may not be framed, so the preview is a sign-in form with the hosted UI's own stylesheet and its
 * customizable class names, styled by the CSS being typed (the script reloads it as you type, and
 * shows a chosen logo file before it is sent; without it, the preview shows what is saved). The logo
 * is a file input of a multipart form, so it is sent without any script.
 */
export function uiCustomizationRoutes(app: FastifyInstance, deps: Deps): void {
  const { api, services } = deps;
  const saved = async (poolId: string): Promise<{ css: string; logo?: string }> => {
    const ui = (await api.call('GetUICustomization', { UserPoolId: poolId })).UICustomization as { CSS?: string; ImageUrl?: string } | undefined;
    const logo = logoPath(ui?.ImageUrl);
    return { css: ui?.CSS ?? '', ...(logo ? { logo } : {}) };
  };

  const editor = async (request: FastifyRequest<{ Params: PoolParams }>, reply: FastifyReply, css?: string, error?: string) => {
    const ctx = deps.context(request, reply);
    const { poolId } = request.params;
    const current = await saved(poolId);
    const value = css ?? current.css;
    const base = `${poolHref(poolId, 'app')}/ui`;
    const logoError = error && /image|imageFile/i.test(error) ? error : undefined;
    const body = html`${poolTabs(poolId, 'app')}${alertNotice(deps.takeFlash(request, reply))}<div class="grid2">${card(
      'CSS and logo',
      html`${alertError(error)}<form method="post" action="${base}" enctype="multipart/form-data" data-preview="preview">${csrfInput(ctx.csrf!)}${textarea({
        name: 'CSS',
        label: 'CSS for the hosted UI (all app clients)',
        value,
        rows: 16,
        hint: 'Cognito\'s classes: .background-customizable, .banner-customizable, .logo-customizable, .label-customizable, .inputField-customizable, .submitButton-customizable, .errorMessage-customizable, .legalText-customizable...',
        error: logoError ? undefined : error,
      })}<div class="field"><label for="f-logo">Logo image</label><input id="f-logo" name="logo" type="file" accept="image/png,image/jpeg" aria-describedby="f-logo-hint${logoError ? ' f-logo-error' : ''}"${
        logoError ? html` aria-invalid="true"` : ''
      }><p class="hint" id="f-logo-hint">PNG or JPEG, at most ${String(IMAGE_MAX_BYTES)} bytes, as SetUICustomization takes it (the classic hosted UI takes no SVG). ${
        current.logo ? 'Choose no file to keep the current logo.' : 'No logo yet.'
      }</p>${logoError ? html`<p class="field-error" id="f-logo-error">${logoError}</p>` : ''}</div>${
        current.logo ? html`<p><img class="current-logo" src="${current.logo}" alt="The current logo"></p>${checkbox('removeLogo', 'Remove the logo', false)}` : ''
      }<button type="submit">Save</button></form>`,
    )}${card('Preview', html`<iframe class="preview" id="preview" title="Preview of the hosted sign-in page" src="${base}/preview"></iframe>`)}</div>`;
    return deps.send(reply, page({ ...ctx, section: 'pools' }, 'Hosted UI customization', body, poolCrumbs(poolId, [{ label: 'App integration', href: poolHref(poolId, 'app') }, { label: 'Hosted UI customization' }])), error ? 400 : 200);
  };
  app.get<{ Params: PoolParams }>('/console/pools/:poolId/app/ui', (request, reply) => editor(request, reply));
  app.post<{ Params: PoolParams }>('/console/pools/:poolId/app/ui', async (request, reply) => {
    const { poolId } = request.params;
    const form = formOf(request.body);
    const css = text(form, 'CSS') ?? '';
    // SetUICustomization replaces the whole customization: without a new file, the saved logo is sent again.
    const upload = uploadOf(request, 'logo');
    const file = upload !== undefined && upload.length > 0 ? upload : undefined;
    const kept = file === undefined && !checked(form, 'removeLogo') ? (await logoOf(services, poolId, 'ALL'))?.bytes : undefined;
    const image = file ?? kept;
    const result = await attempt(() => api.call('SetUICustomization', { UserPoolId: poolId, CSS: css, ...(image ? { ImageFile: image.toString('base64') } : {}) }, request.ip));
    if (result.error !== undefined) return editor(request, reply, css, result.error);
    deps.flash(reply, file ? 'Saved the hosted UI CSS and logo.' : 'Saved the hosted UI CSS.');
    return reply.redirect(`${poolHref(poolId, 'app')}/ui`, 303);
  });

  app.get<{ Params: PoolParams }>('/console/pools/:poolId/app/ui/preview', async (request, reply) => {
    const { poolId } = request.params;
    const { UserPool: pool } = await api.call('DescribeUserPool', { UserPoolId: poolId });
    const { logo } = await saved(poolId);
    const css = text(formOf(request.query), 'css');
    const cssUrl = `${poolHref(poolId, 'app')}/ui/preview.css${css === undefined ? '' : `?css=${encodeURIComponent(css)}`}`;
    return deps.send(
      reply,
      html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Preview</title><link rel="stylesheet" href="/${poolId}/ui/hosted.css"><link rel="stylesheet" href="${cssUrl}"></head>
<body class="background-customizable"><main class="modal-content"><div class="banner-customizable"><img class="logo-customizable" alt="${pool.Name}"${logo ? html` src="${logo}"` : html` hidden`}><p class="pool-name">${pool.Name}</p></div><div class="modal-body">
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
    const css = text(formOf(request.query), 'css') ?? (await saved(request.params.poolId)).css;
    return reply.header('cache-control', 'no-store').type('text/css; charset=utf-8').send(css);
  });
}
