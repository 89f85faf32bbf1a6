import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { brandingAsset, brandingPageStyle } from '../core/branding/page-style.js';
import type { Services } from '../core/services.js';
import { contextOf } from '../web/pool-context.js';
import { assetContentType, assetFileName, assetFor, parseAssetFileName } from './managed-login-layout.js';
import { brandingCss, MANAGED_LOGIN_CSS, MANAGED_LOGIN_CSS_VERSION } from './managed-login-styles.js';

/**
 * The managed login pages' static resources: their stylesheet, and per branding style its
 * stylesheet of colors (`style.css`) and its images (`<CATEGORY>.<ext>`, `<CATEGORY>-dark.<ext>`).
 * Pages link them with `?v=<version>`; a request for the current version may be cached for good.
 */

const FOREVER = 'public, max-age=31536000, immutable';

function cacheFor(request: FastifyRequest, reply: FastifyReply, version: string): FastifyReply {
  const asked = (request.query as Record<string, unknown>).v;
  return reply.header('cache-control', asked === version ? FOREVER : 'public, max-age=0, must-revalidate').header('etag', `"${version}"`);
}

const notFound = (reply: FastifyReply) => reply.code(404).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send('Not found');

export function brandingRoutes(ui: FastifyInstance, services: Services): void {
  ui.get('/ui/managed-login.css', async (request, reply) => cacheFor(request, reply, MANAGED_LOGIN_CSS_VERSION).type('text/css; charset=utf-8').send(MANAGED_LOGIN_CSS));

  ui.get('/ui/branding/:brandingId/:file', async (request, reply) => {
    const { brandingId, file } = request.params as { brandingId: string; file: string };
    const poolId = contextOf(request).pool.Id;
    if (file === 'style.css') {
      const style = await brandingPageStyle(services, poolId, brandingId);
      if (!style) return notFound(reply);
      const light = assetFor(style.assets, 'PAGE_BACKGROUND', 'LIGHT');
      const dark = assetFor(style.assets, 'PAGE_BACKGROUND', 'DARK');
      // Relative to this stylesheet, which sits beside the images.
      const image = (a: typeof light) => a && `${assetFileName(a)}?v=${encodeURIComponent(style.version)}`;
      const css = brandingCss(style.settings, { background: { ...(light ? { light: image(light) } : {}), ...(dark ? { dark: image(dark) } : {}) } });
      return cacheFor(request, reply, style.version).type('text/css; charset=utf-8').send(css);
    }
    const wanted = parseAssetFileName(file);
    if (!wanted) return notFound(reply);
    const asset =
      (await brandingAsset(services, poolId, brandingId, wanted.category, wanted.colorMode)) ??
      (await brandingAsset(services, poolId, brandingId, wanted.category, 'DYNAMIC'));
    const type = asset && assetContentType(asset.extension);
    if (!asset || !type || asset.extension !== wanted.extension) return notFound(reply);
    // An SVG opened on its own is a document: it must run nothing.
    if (asset.extension === 'SVG') reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    return cacheFor(request, reply, asset.version).header('x-content-type-options', 'nosniff').type(type).send(asset.bytes);
  });
}
