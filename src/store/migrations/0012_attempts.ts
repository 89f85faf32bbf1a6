import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';

// Attempts reserved before they are judged, and single-winner exchanges (issue 8).
// - user_sign_in_state.previous_failed_at: the last failure before the latest reservation, so that a
//   reservation made for a password that turned out right can be handed back exactly.
// - oauth_codes.exchanged_at: when the winning exchange of a code had stored its tokens; only a
//   duplicate presented after that is a replay that revokes them.
// - refresh_tokens.rotated_at: the same for a rotated refresh token and the successor it was exchanged for.
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema.alterTable('user_sign_in_state').addColumn('previous_failed_at', 'bigint').execute();
  await db.schema.alterTable('oauth_codes').addColumn('exchanged_at', 'bigint').execute();
  await db.schema.alterTable('refresh_tokens').addColumn('rotated_at', 'bigint').execute();
}
