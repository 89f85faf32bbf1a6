/** Provider identities linked to native users (AdminLinkProviderForUser). */
import type { Executor } from './database.js';
import type { FederationLinkRow } from './schema.js';

export const findLink = (db: Executor, poolId: string, providerName: string, attributeName: string, attributeValue: string): Promise<FederationLinkRow | undefined> =>
  db
    .selectFrom('federation_links')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('provider_name', '=', providerName)
    .where('attribute_name', '=', attributeName)
    .where('attribute_value', '=', attributeValue)
    .executeTakeFirst();

export const listLinksOfUser = (db: Executor, poolId: string, usernameKey: string): Promise<FederationLinkRow[]> =>
  db.selectFrom('federation_links').selectAll().where('pool_id', '=', poolId).where('username_key', '=', usernameKey).orderBy('created_at').execute();

/** Links of one provider whose attribute is not the subject (OIDC and SAML links by a mapped attribute). */
export const listAttributeLinksOfProvider = (db: Executor, poolId: string, providerName: string): Promise<FederationLinkRow[]> =>
  db
    .selectFrom('federation_links')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('provider_name', '=', providerName)
    .where('attribute_name', '!=', 'Cognito_Subject')
    .limit(1000)
    .execute();

export const insertLink = (db: Executor, row: FederationLinkRow) => db.insertInto('federation_links').values(row).execute();

export const deleteLink = async (db: Executor, poolId: string, providerName: string, attributeName: string, attributeValue: string): Promise<boolean> => {
  const result = await db
    .deleteFrom('federation_links')
    .where('pool_id', '=', poolId)
    .where('provider_name', '=', providerName)
    .where('attribute_name', '=', attributeName)
    .where('attribute_value', '=', attributeValue)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
};
