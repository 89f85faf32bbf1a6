/**
 * What the managed login pages (version 2) draw a client's pages with: its branding style, merged over
 * Cognito's defaults as DescribeManagedLoginBrandingByClient with ReturnMergedResources shows it, or
 * the defaults alone when the client has none or takes Cognito's values; and the style's image assets.
 */
import * as repo from '../../store/managed-login-brandings.js';
import type { Services } from '../services.js';
import type { BrandingAsset } from './branding.js';
import { DEFAULT_SETTINGS, mergeSettings } from './defaults.js';

export interface AssetRef {
  category: string;
  colorMode: string;
  extension: string;
}

export interface PageStyle {
  /** Absent when the pages use Cognito's values: nothing of the client's to serve. */
  brandingId?: string;
  /** Changes whenever the style does, so its URLs may be cached for good. */
  version: string;
  settings: Record<string, unknown>;
  assets: AssetRef[];
}

interface StoredBranding {
  UseCognitoProvidedValues?: boolean;
  Settings?: Record<string, unknown>;
  Assets?: BrandingAsset[];
}

export const DEFAULT_PAGE_STYLE: PageStyle = { version: 'default', settings: DEFAULT_SETTINGS as Record<string, unknown>, assets: [] };

function styleOf(row: repo.BrandingRecord): PageStyle {
  const config = row.config as StoredBranding;
  if (config.UseCognitoProvidedValues) return DEFAULT_PAGE_STYLE;
  return {
    brandingId: row.id,
    version: String(row.updated_at),
    settings: mergeSettings(DEFAULT_SETTINGS, config.Settings ?? {}) as Record<string, unknown>,
    assets: (config.Assets ?? []).map((a) => ({ category: a.Category, colorMode: a.ColorMode, extension: a.Extension })),
  };
}

export async function clientPageStyle(services: Services, poolId: string, clientId: string | undefined): Promise<PageStyle> {
  if (!clientId) return DEFAULT_PAGE_STYLE;
  const row = await repo.findBrandingByClient(services.store.db, poolId, clientId);
  return row ? styleOf(row) : DEFAULT_PAGE_STYLE;
}

/** A style of the pool by its id, for its stylesheet; undefined when there is none (or it takes Cognito's values). */
export async function brandingPageStyle(services: Services, poolId: string, brandingId: string): Promise<PageStyle | undefined> {
  const row = await repo.findBranding(services.store.db, poolId, brandingId);
  const style = row && styleOf(row);
  return style?.brandingId ? style : undefined;
}

/** One image of a style, by category and color mode. */
export async function brandingAsset(
  services: Services,
  poolId: string,
  brandingId: string,
  category: string,
  colorMode: string,
): Promise<{ bytes: Buffer; extension: string; version: string } | undefined> {
  const row = await repo.findBranding(services.store.db, poolId, brandingId);
  if (!row) return undefined;
  const config = row.config as StoredBranding;
  if (config.UseCognitoProvidedValues) return undefined;
  const asset = (config.Assets ?? []).find((a) => a.Category === category && a.ColorMode === colorMode);
  if (!asset?.Bytes) return undefined;
  return { bytes: Buffer.from(asset.Bytes, 'base64'), extension: asset.Extension, version: String(row.updated_at) };
}
