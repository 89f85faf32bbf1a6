import type { SchemaAttribute, UpdateUserPoolInput } from './types.js';
import { mutableConfiguration, prune } from './defaults.js';
import { factorsAfterPoolWrite } from './mfa-configuration.js';
import { STANDARD_ATTRIBUTES, withCustomAttributes } from './schema.js';
import type { UserPool } from './pools.js';
import { changePool } from './pools.js';
import type { Services } from '../services.js';

/**
 * UpdateUserPool replaces the pool's whole mutable configuration: a member left out goes back to
 * its default, as AWS documents. Kept as they were: what cannot change after creation (sign-in
 * attributes, username case sensitivity, the schema), and what AWS keeps or what would be
 * dangerous to drop silently when left out: PoolName, UserAttributeUpdateSettings (observed kept
 * on AWS), tags (managed by TagResource too), the feature tier and the key and issuer settings.
 */
export async function updateUserPool(services: Services, input: UpdateUserPoolInput): Promise<void> {
  await changePool(services, input.UserPoolId!, (pool) => {
    const mutable = mutableConfiguration({
      ...input,
      UserAttributeUpdateSettings: input.UserAttributeUpdateSettings ?? pool.UserAttributeUpdateSettings,
      UserPoolTags: input.UserPoolTags ?? pool.UserPoolTags,
      UserPoolTier: input.UserPoolTier ?? pool.UserPoolTier,
      KeyConfiguration: input.KeyConfiguration ?? pool.KeyConfiguration,
      IssuerConfiguration: input.IssuerConfiguration ?? pool.IssuerConfiguration,
    });
    const next: UserPool = prune({
      Id: pool.Id,
      Name: input.PoolName ?? pool.Name,
      ...mutable,
      CreationDate: pool.CreationDate,
      LastModifiedDate: pool.LastModifiedDate,
      SchemaAttributes: pool.SchemaAttributes,
      AliasAttributes: pool.AliasAttributes,
      UsernameAttributes: pool.UsernameAttributes,
      UsernameConfiguration: pool.UsernameConfiguration,
      Domain: pool.Domain,
      CustomDomain: pool.CustomDomain,
      Arn: pool.Arn,
      MfaFactors: factorsAfterPoolWrite(pool.MfaFactors, mutable.MfaConfiguration ?? 'OFF', mutable.SmsConfiguration !== undefined),
    });
    return next;
  });
}

/** AddCustomAttributes: appends to the schema; names in use (custom or developer-only) are refused. */
export async function addCustomAttributes(
  services: Services,
  poolId: string,
  attributes: readonly SchemaAttribute[],
): Promise<void> {
  await changePool(services, poolId, (pool) => ({
    ...pool,
    SchemaAttributes: withCustomAttributes(pool.SchemaAttributes ?? STANDARD_ATTRIBUTES, attributes),
  }));
}
