import type { Sealer } from '../../crypto/seal.js';
import type { SealedSecret } from '../../crypto/seal.js';
import type { Store } from '../../store/database.js';
import { insertMetaIfAbsent } from '../../store/meta.js';

const CHECK_NAME = 'master_key_check';
const CHECK_CONTEXT = 'cognate-meta:master-key-check';
const CHECK_TEXT = 'cognate master key check';

/**
 * Every node must seal and open with the key the database was set up with, or it would start
 * "healthy" and then fail every sign-in, secret and signing key with a 500. The first node stores a
 * value sealed under its key; a node whose key cannot open it refuses to start. `keySource` says in
 * the message where this node's key came from, and what to set instead.
 */
export async function checkMasterKey(store: Store, sealer: Sealer, keySource: string, now: number): Promise<void> {
  const stored = await insertMetaIfAbsent(store.db, CHECK_NAME, sealer.seal(CHECK_TEXT, CHECK_CONTEXT), now);
  let opened: string | undefined;
  try {
    opened = sealer.openString(stored as SealedSecret, CHECK_CONTEXT);
  } catch {
    // A different key: GCM authentication fails.
  }
  if (opened !== CHECK_TEXT)
    throw new Error(
      `the master key (${keySource}) is not the one this database was set up with, so nothing sealed in it would open; ` +
        `set COGNATE_MASTER_KEY to the key of the other nodes, or use the same --data folder (master.key) as before`,
    );
}
