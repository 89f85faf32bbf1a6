/** The migrations, in order, and the run that brings a database up to schema.ts. */
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { Migrator } from 'kysely';
import type { Engine } from './engine.js';
import type { Database } from './schema.js';
import * as initial from './migrations/0001_initial.js';
import * as userSearch from './migrations/0002_user_search.js';
import * as tokens from './migrations/0003_tokens.js';
import * as oauth from './migrations/0004_oauth.js';
import * as ui from './migrations/0005_ui.js';
import * as passwordHistory from './migrations/0006_password_history.js';
import * as identityProviders from './migrations/0007_identity_providers.js';
import * as devices from './migrations/0008_devices.js';
import * as nodeIdentity from './migrations/0009_node_identity.js';
import * as sessionsThrottle from './migrations/0010_sessions_throttle.js';
import * as outboxRetention from './migrations/0011_outbox_retention.js';
import * as attempts from './migrations/0012_attempts.js';
import * as attributeValueIndex from './migrations/0013_attribute_value_index.js';
import * as triggerInvocations from './migrations/0014_trigger_invocations.js';
import * as saml from './migrations/0017_saml.js';
import * as quotas from './migrations/0018_quotas.js';
import * as poolFeatures from './migrations/0019_pool_features.js';
import * as federationLinks from './migrations/0016_federation_links.js';
import * as webauthn from './migrations/0020_webauthn.js';
import * as pendingAttempts from './migrations/0021_pending_attempts.js';

/**
 * A migration sees the database as it was when the migration was written, not as `Database` declares
 * it today, so it gets an untyped-schema handle; schema.ts declares the result of all of them.
 */
interface EngineMigration {
  up(db: Kysely<unknown>, engine: Engine): Promise<void>;
}

// Listed here rather than read from a folder, so the build and the tests see the same set.
const migrations: Record<string, EngineMigration> = {
  '0001_initial': initial,
  '0002_user_search': userSearch,
  '0003_tokens': tokens,
  '0004_oauth': oauth,
  '0005_ui': ui,
  '0006_password_history': passwordHistory,
  '0007_identity_providers': identityProviders,
  '0008_devices': devices,
  '0009_node_identity': nodeIdentity,
  '0010_sessions_throttle': sessionsThrottle,
  '0011_outbox_retention': outboxRetention,
  '0012_attempts': attempts,
  '0013_attribute_value_index': attributeValueIndex,
  '0014_trigger_invocations': triggerInvocations,
  '0017_saml': saml,
  '0018_quotas': quotas,
  '0019_pool_features': poolFeatures,
  '0016_federation_links': federationLinks,
  '0020_webauthn': webauthn,
  '0021_pending_attempts': pendingAttempts,
};

/** Brings the schema up to date. Kysely's migrator takes a lock, so several nodes may start at once. */
export async function migrate(db: Kysely<Database>, engine: Engine): Promise<void> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(migrations)) out[name] = { up: (d) => m.up(d, engine) };
      return out;
    },
  };
  const { error, results } = await new Migrator({ db, provider, migrationTableName: 'cognate_migrations', migrationLockTableName: 'cognate_migrations_lock' }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? error}`);
  }
}
