import type { SealedSecret } from '../../../crypto/seal.js';
import type { Services } from '../../services.js';
import type { PendingFederation } from './contract.js';

/**
 * A federated sign-in between the redirect to the provider and its answer travels sealed
 * (AES-256-GCM, as the sign-in state of signin/session.ts) in the upstream `state` or `RelayState`:
 * any node can finish it, and the browser can neither read nor forge it.
 */

const CONTEXT = 'federation-pending';
const VERSION = 1;

/** How long a person may take at the provider: Cognito does not say; long enough for a password and MFA there. */
export const PENDING_MINUTES = 15;

export function sealPending(services: Services, pending: PendingFederation): string {
  return services.sealer.seal(JSON.stringify({ v: VERSION, ...pending }), CONTEXT);
}

/** The pending sign-in, or undefined when absent, forged, of another version or expired. */
export function openPending(services: Services, sealed: string | undefined): PendingFederation | undefined {
  if (sealed === undefined || sealed === '') return undefined;
  let payload: PendingFederation & { v?: number };
  try {
    payload = JSON.parse(services.sealer.openString(sealed as SealedSecret, CONTEXT)) as PendingFederation & { v?: number };
  } catch {
    return undefined;
  }
  if (payload.v !== VERSION || typeof payload.expiresAt !== 'number' || typeof payload.poolId !== 'string') return undefined;
  if (services.clock.now() >= payload.expiresAt) return undefined;
  const { v: _v, ...pending } = payload;
  return pending;
}
