import { regionOfPoolId } from '../ids.js';
import type { Settings } from '../services.js';

/** `<public-url>/<poolId>`, or Cognito's own issuer with `--issuer-style aws`, in the pool's own region. */
export function issuerOf(settings: Settings, poolId: string): string {
  return settings.issuerStyle === 'aws'
    ? `https://cognito-idp.${regionOfPoolId(poolId)}.amazonaws.com/${poolId}`
    : `${settings.publicUrl}/${poolId}`;
}

/**
 * Where a pool's well-known documents and path-based endpoints are served on this server,
 * whatever the issuer style (the aws issuer host is not this server).
 */
export const poolBaseUrl = (settings: Settings, poolId: string) => `${settings.publicUrl}/${poolId}`;
