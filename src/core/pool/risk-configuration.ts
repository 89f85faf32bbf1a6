import type { AccountTakeoverAction, AccountTakeoverRiskConfiguration, CompromisedCredentialsRiskConfiguration, NotifyEmail, RiskConfiguration, RiskExceptionConfiguration } from './types.js';
import { isIP } from 'node:net';
import * as repo from '../../store/risk-configuration.js';
import { getClientInPool } from '../client/clients.js';
import { err } from '../errors.js';
import { getPool } from './pools.js';
import type { Services } from '../services.js';

/**
 * Threat protection's risk configuration (SetRiskConfiguration / DescribeRiskConfiguration), for the
 * pool and per app client. Cognate stores and returns it; it assesses no risk, so nothing here
 * changes how sign-in behaves (UserPoolAddOns' advanced security is not emulated either).
 */

/** The key of the pool-level configuration, which clients without their own inherit. */
const POOL_LEVEL = 'ALL';

export interface SetRiskConfigurationInput {
  UserPoolId: string;
  ClientId?: string;
  CompromisedCredentialsRiskConfiguration?: CompromisedCredentialsRiskConfiguration;
  AccountTakeoverRiskConfiguration?: AccountTakeoverRiskConfiguration;
  RiskExceptionConfiguration?: RiskExceptionConfiguration;
}

type StoredRisk = Pick<
  RiskConfiguration,
  'CompromisedCredentialsRiskConfiguration' | 'AccountTakeoverRiskConfiguration' | 'RiskExceptionConfiguration'
>;

/** An IPv4 or IPv6 range in CIDR notation, the form Cognito documents for both lists. */
function checkCidr(range: string): void {
  const slash = range.indexOf('/');
  const address = slash < 0 ? '' : range.slice(0, slash);
  const prefix = slash < 0 ? '' : range.slice(slash + 1);
  const version = isIP(address);
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  if (version === 0 || !(bits >= 0 && bits <= (version === 4 ? 32 : 128)))
    // Message is Cognate's: Cognito's wording for a malformed range is unconfirmed.
    throw err.invalidParameter(`Invalid IP range ${range}: expected CIDR notation such as 192.0.2.0/24.`);
}

// Only the model's members are kept, so the stored JSON holds nothing a caller invented.
const pick = <T extends object>(obj: T, keys: readonly (keyof T)[]): T => {
  const out = {} as T;
  for (const key of keys) if (obj[key] !== undefined) out[key] = obj[key];
  return out;
};
const email = (e: NotifyEmail | undefined) => e && pick(e, ['Subject', 'HtmlBody', 'TextBody']);
const action = (a: AccountTakeoverAction | undefined) => a && pick(a, ['Notify', 'EventAction']);

function cleanConfig(input: SetRiskConfigurationInput): StoredRisk {
  const out: StoredRisk = {};
  const compromised = input.CompromisedCredentialsRiskConfiguration;
  if (compromised) {
    out.CompromisedCredentialsRiskConfiguration = pick(
      { EventFilter: compromised.EventFilter, Actions: compromised.Actions && pick(compromised.Actions, ['EventAction']) },
      ['EventFilter', 'Actions'],
    );
  }
  const takeover = input.AccountTakeoverRiskConfiguration;
  if (takeover) {
    const notify = takeover.NotifyConfiguration;
    out.AccountTakeoverRiskConfiguration = pick(
      {
        NotifyConfiguration:
          notify &&
          pick(
            {
              From: notify.From,
              ReplyTo: notify.ReplyTo,
              SourceArn: notify.SourceArn,
              BlockEmail: email(notify.BlockEmail),
              NoActionEmail: email(notify.NoActionEmail),
              MfaEmail: email(notify.MfaEmail),
            },
            ['From', 'ReplyTo', 'SourceArn', 'BlockEmail', 'NoActionEmail', 'MfaEmail'],
          ),
        Actions:
          takeover.Actions &&
          pick(
            { LowAction: action(takeover.Actions.LowAction), MediumAction: action(takeover.Actions.MediumAction), HighAction: action(takeover.Actions.HighAction) },
            ['LowAction', 'MediumAction', 'HighAction'],
          ),
      },
      ['NotifyConfiguration', 'Actions'],
    );
  }
  const exceptions = input.RiskExceptionConfiguration;
  if (exceptions) {
    for (const range of [...(exceptions.BlockedIPRangeList ?? []), ...(exceptions.SkippedIPRangeList ?? [])]) checkCidr(range);
    out.RiskExceptionConfiguration = pick(exceptions, ['BlockedIPRangeList', 'SkippedIPRangeList']);
  }
  return out;
}

/** The row key for the request: the pool's level, or a client of this pool (ResourceNotFound otherwise). */
async function clientKeyOf(services: Services, poolId: string, clientId: string | undefined): Promise<string> {
  if (clientId === undefined || clientId === POOL_LEVEL) return POOL_LEVEL;
  await getClientInPool(services, poolId, clientId);
  return clientId;
}

function toWire(poolId: string, clientKey: string, config: StoredRisk, updatedAt?: number): RiskConfiguration {
  return {
    UserPoolId: poolId,
    ...(clientKey !== POOL_LEVEL ? { ClientId: clientKey } : {}),
    ...config,
    ...(updatedAt !== undefined ? { LastModifiedDate: new Date(Number(updatedAt)) } : {}),
  };
}

/**
 * Replaces the configuration whole. As Cognito documents, a request with only UserPoolId resets the
 * pool to the defaults, and one with only UserPoolId and ClientId makes the client inherit the pool's.
 */
export async function setRiskConfiguration(services: Services, input: SetRiskConfigurationInput): Promise<RiskConfiguration> {
  const pool = await getPool(services, input.UserPoolId);
  const clientKey = await clientKeyOf(services, pool.Id, input.ClientId);
  const config = cleanConfig(input);
  const now = services.clock.now();
  if (clientKey !== POOL_LEVEL && Object.keys(config).length === 0) {
    await repo.deleteRiskConfiguration(services.store.db, pool.Id, clientKey);
    return describeRiskConfiguration(services, pool.Id, clientKey);
  }
  await repo.saveRiskConfiguration(services.store.db, {
    pool_id: pool.Id,
    client_key: clientKey,
    client_id: clientKey === POOL_LEVEL ? null : clientKey,
    config,
    updated_at: now,
  });
  return toWire(pool.Id, clientKey, config, now);
}

/** The client's own configuration, else the pool's that it inherits; only UserPoolId when nothing was set. */
export async function describeRiskConfiguration(services: Services, poolId: string, clientId?: string): Promise<RiskConfiguration> {
  const pool = await getPool(services, poolId);
  const clientKey = await clientKeyOf(services, pool.Id, clientId);
  let row = await repo.findRiskConfiguration(services.store.db, pool.Id, clientKey);
  if (!row && clientKey !== POOL_LEVEL) row = await repo.findRiskConfiguration(services.store.db, pool.Id, POOL_LEVEL);
  if (!row) return toWire(pool.Id, clientKey, {});
  // The store keeps what setRiskConfiguration gave it.
  return toWire(pool.Id, clientKey, row.config as StoredRisk, row.updated_at);
}
