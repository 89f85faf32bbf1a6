import type { FastifyInstance } from 'fastify';
import type { AdminCredentials } from '../api/sigv4.js';
import type { Services } from '../core/services.js';

export interface AdminPluginOptions {
  services: Services;
  adminCredentials?: AdminCredentials;
}

/** Cognate's own admin endpoints under `/_cognate/` (outbox, key rotation and the like). */
export async function adminPlugin(_app: FastifyInstance, _options: AdminPluginOptions): Promise<void> {
  // Routes are added by the features that need them (outbox, keys).
}
