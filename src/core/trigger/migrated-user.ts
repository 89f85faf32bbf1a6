import { CognitoError } from '../errors.js';
import type { Services } from '../services.js';
import { validateAttributeWrites } from '../user/attributes.js';
import { insertNewUser, internalUsername, migrationWelcome, send } from '../user/create.js';
import { deliverToCustomSenders } from './custom-sender.js';
import { sealPassword } from '../user/password.js';
import type { User } from '../user/users.js';
import { usernameKeyOf } from '../user/users.js';
import type { MigratedUser, TriggerSite } from './signin-triggers.js';
import { runUserMigration } from './signin-triggers.js';

/**
 * UserMigration's outcome: the user the old system vouched for, created in the pool with the
 * attributes, status and alias rule the function answered, through the same insertion and checks as
 * AdminCreateUser. UserMigration_Authentication keeps the password just typed (the old system
 * accepted it); UserMigration_ForgotPassword creates a user without one, who then resets it.
 *
 * Unless the function answered `messageAction: 'SUPPRESS'`, the new user gets Cognito's welcome
 * message by `desiredDeliveryMediums`: AdminCreateUser's invitation without a temporary password
 * (`migrationWelcome`), stored in the same transaction that creates the user, so a migration that
 * fails sends nothing.
 */
export async function migrateUser(
  site: TriggerSite,
  typed: string,
  source: 'UserMigration_Authentication' | 'UserMigration_ForgotPassword',
  password?: string,
): Promise<User | undefined> {
  const migrated = await runUserMigration(site, typed, source, password);
  if (!migrated) return undefined;
  return createMigratedUser(site.services, site, typed, migrated, password);
}

async function createMigratedUser(services: Services, site: TriggerSite, typed: string, migrated: MigratedUser, password: string | undefined): Promise<User> {
  const { pool } = site;
  // The function may echo what it was given (sub, cognito:*): Cognito sets those itself.
  const written = Object.entries(migrated.userAttributes)
    .filter(([name]) => name !== 'sub' && !name.startsWith('cognito:'))
    .map(([Name, Value]) => ({ Name, Value }));
  const attributes = validateAttributeWrites(pool, written, { mode: 'create', admin: true });
  for (const [name, value] of attributes) if (value === '') attributes.delete(name);
  const sub = services.random.uuid();
  const username = internalUsername(pool, typed, sub, attributes);
  attributes.set('sub', sub);
  const usernameKey = usernameKeyOf(pool, username);
  const now = services.clock.now();
  const user: User = {
    poolId: pool.Id,
    username,
    usernameKey,
    sub,
    status: migrated.finalUserStatus,
    enabled: true,
    attributes: Object.fromEntries(attributes),
    sealedPassword: password !== undefined ? sealPassword(services, { poolId: pool.Id, username, usernameKey }, password) : null,
    passwordUpdatedAt: password !== undefined ? now : null,
    settings: {},
    createdAt: now,
    updatedAt: now,
  };
  // CustomMessage runs here, before anything is written: its failure fails the migration.
  const welcome = migrated.sendWelcome
    ? await migrationWelcome(services, {
        pool,
        user,
        shownUsername: typed,
        desired: migrated.desiredDeliveryMediums,
        clientId: site.clientId,
        ...(site.clientMetadata ? { clientMetadata: site.clientMetadata } : {}),
      })
    : [];
  await services.store.transaction(async (trx) => {
    await insertNewUser(trx, pool, user, { forceAliasCreation: migrated.forceAliasCreation, exists: () => new CognitoError('UsernameExistsException', 'User account already exists') });
    await send(services, welcome, trx);
  });
  await deliverToCustomSenders(services, pool, welcome);
  return user;
}
