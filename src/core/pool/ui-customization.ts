import type { UICustomization } from './types.js';
import { createHash } from 'node:crypto';
import { hasDomain } from '../../store/pools.js';
import type { UICustomizationRow } from '../../store/ui-customization.js';
import * as repo from '../../store/ui-customization.js';
import { getClientInPool } from '../client/clients.js';
import { err } from '../errors.js';
import { getPool } from './pools.js';
import type { Services } from '../services.js';

/**
 * The classic hosted UI's branding (SetUICustomization / GetUICustomization): a CSS text and a logo,
 * set for the whole pool (`ClientId` absent or `ALL`) or for one app client, whose settings then
 * replace the pool's on that client's pages. Cognito checks the CSS against a list of classes; here
 * it is kept as given and the pages insert it only inside a <style> element, where it cannot end
 * the element (see ui/html.ts `styleText`).
 */

export const ALL_CLIENTS = 'ALL';

export interface SetUICustomizationInput {
  UserPoolId: string;
  ClientId?: string;
  CSS?: string;
  /** The decoded bytes of the blob the wire carries as base64. */
  ImageFile?: Buffer;
}

/** What a hosted page needs: the CSS to apply and where its logo is, if there is one. */
export interface PageBranding {
  css?: string;
  /** 'ALL' or the client id, for the logo's URL. */
  clientKey: string;
  imageVersion?: string;
}

export interface Logo {
  bytes: Buffer;
  contentType: string;
  version: string;
}

const cacheKey = (poolId: string, clientKey: string) => `ui-customization:${poolId}:${clientKey}`;
const shortHash = (data: string | Buffer) => createHash('sha256').update(data).digest('hex').slice(0, 16);

/** The logo formats Cognito accepts, told apart by their signatures. */
function imageType(bytes: Buffer): string | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return undefined;
}

/** Where the API says the logo is: on this server, in the pool's path form. */
export function logoUrl(services: Services, poolId: string, clientKey: string, version: string): string {
  return `${services.settings.publicUrl}/${poolId}/ui/logo/${encodeURIComponent(clientKey)}?v=${version}`;
}

function wireCustomization(services: Services, row: UICustomizationRow): UICustomization {
  const version = row.image_base64 ? shortHash(row.image_base64) : undefined;
  return {
    UserPoolId: row.pool_id,
    ClientId: row.client_key,
    ...(version ? { ImageUrl: logoUrl(services, row.pool_id, row.client_key, version) } : {}),
    ...(row.css !== null ? { CSS: row.css } : {}),
    ...(row.css_version !== null ? { CSSVersion: row.css_version } : {}),
    LastModifiedDate: new Date(Number(row.updated_at)),
    CreationDate: new Date(Number(row.created_at)),
  };
}

/** 'ALL' for the pool's default; otherwise the client, which must be the pool's. */
async function clientKeyOf(services: Services, poolId: string, clientId: string | undefined): Promise<string> {
  if (clientId === undefined || clientId === ALL_CLIENTS) return ALL_CLIENTS;
  await getClientInPool(services, poolId, clientId);
  return clientId;
}

export async function setUICustomization(services: Services, input: SetUICustomizationInput): Promise<UICustomization> {
  const pool = await getPool(services, input.UserPoolId);
  const clientKey = await clientKeyOf(services, pool.Id, input.ClientId);
  if (!(await hasDomain(services.store.db, pool.Id))) throw err.invalidParameter('A domain must be associated with this user pool.');
  let image: { base64: string; type: string } | undefined;
  if (input.ImageFile !== undefined && input.ImageFile.length > 0) {
    const type = imageType(input.ImageFile);
    if (!type) throw err.invalidParameter('The image file must be a PNG or JPEG image.');
    image = { base64: input.ImageFile.toString('base64'), type };
  }
  const now = services.clock.now();
  const existing = await repo.findCustomization(services.store.db, pool.Id, clientKey);
  const row: UICustomizationRow = {
    pool_id: pool.Id,
    client_key: clientKey,
    client_id: clientKey === ALL_CLIENTS ? null : clientKey,
    css: input.CSS ?? null,
    // A new version whenever the CSS is set, so that caches of the old sheet are not used.
    css_version: input.CSS !== undefined ? shortHash(`${now}\0${input.CSS}`) : null,
    image_base64: image?.base64 ?? null,
    image_type: image?.type ?? null,
    created_at: existing ? Number(existing.created_at) : now,
    updated_at: now,
  };
  await repo.saveCustomization(services.store.db, row);
  services.cache.invalidate(cacheKey(pool.Id, clientKey));
  return wireCustomization(services, row);
}

/** Cached: every hosted page reads it. `null` (cached too) when nothing is set. */
async function loadRow(services: Services, poolId: string, clientKey: string): Promise<UICustomizationRow | null> {
  const row = await services.cache.get<UICustomizationRow | null>(cacheKey(poolId, clientKey), async () => {
    return (await repo.findCustomization(services.store.db, poolId, clientKey)) ?? null;
  });
  return row ?? null;
}

/** The client's own settings, else the pool's. */
async function effectiveRow(services: Services, poolId: string, clientKey: string): Promise<UICustomizationRow | null> {
  if (clientKey !== ALL_CLIENTS) {
    const own = await loadRow(services, poolId, clientKey);
    if (own) return own;
  }
  return loadRow(services, poolId, ALL_CLIENTS);
}

/** GetUICustomization: the client's branding, else the pool's, else an empty object. */
export async function getUICustomization(services: Services, poolId: string, clientId: string | undefined): Promise<UICustomization> {
  const pool = await getPool(services, poolId);
  const clientKey = await clientKeyOf(services, pool.Id, clientId);
  const row = await effectiveRow(services, pool.Id, clientKey);
  return row ? wireCustomization(services, row) : {};
}

/** The branding of a hosted page shown for this client. */
export async function pageBranding(services: Services, poolId: string, clientId: string | undefined): Promise<PageBranding | undefined> {
  const row = await effectiveRow(services, poolId, clientId ?? ALL_CLIENTS);
  if (!row) return undefined;
  return {
    clientKey: row.client_key,
    ...(row.css ? { css: row.css } : {}),
    ...(row.image_base64 ? { imageVersion: shortHash(row.image_base64) } : {}),
  };
}

/** The logo stored under this key (exactly; the page already chose between client and pool). */
export async function logoOf(services: Services, poolId: string, clientKey: string): Promise<Logo | undefined> {
  const row = await loadRow(services, poolId, clientKey);
  if (!row?.image_base64 || !row.image_type) return undefined;
  return { bytes: Buffer.from(row.image_base64, 'base64'), contentType: row.image_type, version: shortHash(row.image_base64) };
}
