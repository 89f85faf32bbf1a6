/** Managed login branding styles: one per app client, validated and described as Cognito does. */
import { isUniqueViolation } from '../../store/database.js';
import * as repo from '../../store/managed-login-brandings.js';
import { getClientInPool } from '../client/clients.js';
import { CognitoError, err } from '../errors.js';
import { getPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import { DEFAULT_SETTINGS, mergeSettings } from './defaults.js';

export interface BrandingAsset {
  Category: string;
  ColorMode: string;
  Extension: string;
  /** Base64, as the wire carries the blob. */
  Bytes?: string;
  ResourceId?: string;
}

export interface ManagedLoginBranding {
  ManagedLoginBrandingId: string;
  UserPoolId: string;
  UseCognitoProvidedValues: boolean;
  Settings?: Record<string, unknown>;
  Assets: BrandingAsset[];
  CreationDate: number;
  LastModifiedDate: number;
}

export interface BrandingInput {
  UseCognitoProvidedValues?: boolean;
  Settings?: unknown;
  Assets?: BrandingAsset[];
}

interface StoredBranding {
  UseCognitoProvidedValues: boolean;
  Settings?: Record<string, unknown>;
  Assets: BrandingAsset[];
}

/** AssetBytesType: at most 1,000,000 bytes once decoded. */
export const MAX_ASSET_BYTES = 1_000_000;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** The two favicon categories name their file type. */
const REQUIRED_EXTENSION: Readonly<Record<string, string>> = { FAVICON_ICO: 'ICO', FAVICON_SVG: 'SVG' };

// The messages below follow Cognito's style; their exact wording is unconfirmed.
const notFound = () => new CognitoError('ResourceNotFoundException', 'Managed login branding does not exist.');
const exists = (clientId: string) =>
  new CognitoError('ManagedLoginBrandingExistsException', `Managed login branding already exists for app client ${clientId}.`);

function checkAssets(assets: BrandingAsset[]): BrandingAsset[] {
  const seen = new Set<string>();
  return assets.map((a) => {
    const key = `${a.Category}/${a.ColorMode}`;
    if (seen.has(key)) throw err.invalidParameter(`Duplicate asset for category ${a.Category} and color mode ${a.ColorMode}.`);
    seen.add(key);
    const extension = REQUIRED_EXTENSION[a.Category];
    if (extension && a.Extension !== extension) throw err.invalidParameter(`Asset category ${a.Category} requires extension ${extension}.`);
    if (a.Bytes === undefined) throw err.invalidParameter(`Asset ${a.Category} must have Bytes.`);
    if (!BASE64.test(a.Bytes)) throw new CognitoError('SerializationException', 'Could not decode the Bytes blob: it is not valid base64.');
    if (Buffer.from(a.Bytes, 'base64').length > MAX_ASSET_BYTES)
      throw err.invalidParameter(`Asset ${a.Category} is larger than ${MAX_ASSET_BYTES} bytes.`);
    // Only the model's members are kept.
    return { Category: a.Category, ColorMode: a.ColorMode, Extension: a.Extension, Bytes: a.Bytes, ...(a.ResourceId ? { ResourceId: a.ResourceId } : {}) };
  });
}

/** Cognito's values exclude the caller's own; otherwise Settings must be a JSON object. */
function stored(input: BrandingInput, current?: StoredBranding): StoredBranding {
  if (input.UseCognitoProvidedValues === true) {
    if (input.Settings !== undefined || (input.Assets !== undefined && input.Assets.length > 0))
      throw err.invalidParameter('When UseCognitoProvidedValues is true, Settings and Assets must be omitted.');
    return { UseCognitoProvidedValues: true, Assets: [] };
  }
  if (input.Settings !== undefined && (typeof input.Settings !== 'object' || input.Settings === null || Array.isArray(input.Settings)))
    throw err.invalidParameter('Settings must be a JSON object.');
  const settings = (input.Settings as Record<string, unknown> | undefined) ?? current?.Settings;
  const assets = input.Assets !== undefined ? checkAssets(input.Assets) : (current?.Assets ?? []);
  return { UseCognitoProvidedValues: false, ...(settings !== undefined ? { Settings: settings } : {}), Assets: assets };
}

function describe(row: repo.BrandingRecord, merged: boolean): ManagedLoginBranding {
  const config = row.config as StoredBranding;
  const settings = merged ? (mergeSettings(DEFAULT_SETTINGS, config.Settings ?? {}) as Record<string, unknown>) : config.Settings;
  return {
    ManagedLoginBrandingId: row.id,
    UserPoolId: row.pool_id,
    UseCognitoProvidedValues: config.UseCognitoProvidedValues,
    ...(settings !== undefined ? { Settings: settings } : {}),
    Assets: config.Assets,
    CreationDate: row.created_at,
    LastModifiedDate: row.updated_at,
  };
}

export async function createBranding(services: Services, poolId: string, clientId: string, input: BrandingInput): Promise<ManagedLoginBranding> {
  const pool = await getPool(services, poolId);
  await getClientInPool(services, pool.Id, clientId);
  const now = services.clock.now();
  const row: repo.BrandingRecord = { id: services.random.uuid(), pool_id: pool.Id, client_id: clientId, config: stored(input), created_at: now, updated_at: now };
  try {
    await services.store.transaction(async (trx) => {
      if (await repo.findBrandingByClient(trx, pool.Id, clientId)) throw exists(clientId);
      await repo.insertBranding(trx, row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw exists(clientId);
    throw error;
  }
  return describe(row, false);
}

export async function describeBranding(services: Services, poolId: string, id: string, merged = false): Promise<ManagedLoginBranding> {
  const pool = await getPool(services, poolId);
  const row = await repo.findBranding(services.store.db, pool.Id, id);
  if (!row) throw notFound();
  return describe(row, merged);
}

export async function describeBrandingByClient(services: Services, poolId: string, clientId: string, merged = false): Promise<ManagedLoginBranding> {
  const pool = await getPool(services, poolId);
  await getClientInPool(services, pool.Id, clientId);
  const row = await repo.findBrandingByClient(services.store.db, pool.Id, clientId);
  if (!row) throw notFound();
  return describe(row, merged);
}

/** Members given replace the stored ones; UseCognitoProvidedValues true goes back to Cognito's values. */
export async function updateBranding(services: Services, poolId: string | undefined, id: string | undefined, input: BrandingInput): Promise<ManagedLoginBranding> {
  if (!poolId || !id) throw err.invalidParameter('UserPoolId and ManagedLoginBrandingId are required.');
  const pool = await getPool(services, poolId);
  const row = await repo.findBranding(services.store.db, pool.Id, id);
  if (!row) throw notFound();
  const config = stored(input, row.config as StoredBranding);
  const now = services.clock.now();
  await repo.updateBranding(services.store.db, pool.Id, id, config, now);
  return describe({ ...row, config, updated_at: now }, false);
}

export async function deleteBranding(services: Services, poolId: string, id: string): Promise<void> {
  const pool = await getPool(services, poolId);
  if (!(await repo.deleteBranding(services.store.db, pool.Id, id))) throw notFound();
}
