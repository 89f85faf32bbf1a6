import type { Executor } from './database.js';
import type { DeviceRow } from './schema.js';

export const insertDevice = (db: Executor, row: DeviceRow) => db.insertInto('devices').values(row).execute();

/** A device of one user; another user's device with the same key is not found. */
export const findDevice = (db: Executor, poolId: string, usernameKey: string, deviceKey: string): Promise<DeviceRow | undefined> =>
  db
    .selectFrom('devices')
    .selectAll()
    .where('device_key', '=', deviceKey)
    .where('pool_id', '=', poolId)
    .where('username_key', '=', usernameKey)
    .executeTakeFirst();

/** One page of a user's devices in device-key order, after `after` when given. */
export function listDevices(
  db: Executor,
  poolId: string,
  usernameKey: string,
  options: { rememberedOnly: boolean; after?: string; limit: number },
): Promise<DeviceRow[]> {
  let query = db.selectFrom('devices').selectAll().where('pool_id', '=', poolId).where('username_key', '=', usernameKey);
  if (options.rememberedOnly) query = query.where('remembered', '=', 1);
  if (options.after !== undefined) query = query.where('device_key', '>', options.after);
  return query.orderBy('device_key').limit(options.limit).execute();
}

export const updateDevice = (
  db: Executor,
  deviceKey: string,
  changes: Partial<Pick<DeviceRow, 'remembered' | 'updated_at' | 'last_authenticated_at' | 'last_ip_used'>>,
) => db.updateTable('devices').set(changes).where('device_key', '=', deviceKey).executeTakeFirst();

export const deleteDevice = (db: Executor, deviceKey: string) => db.deleteFrom('devices').where('device_key', '=', deviceKey).executeTakeFirst();

/** Revokes the refresh tokens (and so their access tokens) issued to a device. */
export const revokeDeviceTokens = (db: Executor, poolId: string, deviceKey: string, now: number) =>
  db
    .updateTable('refresh_tokens')
    .set({ revoked_at: now })
    .where('device_key', '=', deviceKey)
    .where('pool_id', '=', poolId)
    .where('revoked_at', 'is', null)
    .execute();
