import type { LogConfiguration, LogDeliveryConfiguration } from './types.js';
import * as repo from '../../store/log-delivery.js';
import { err } from '../errors.js';
import { getPool } from './pools.js';
import type { Services } from '../services.js';

/**
 * The pool's log export settings (SetLogDeliveryConfiguration / GetLogDeliveryConfiguration).
 * Cognate stores and returns them; it sends no logs to CloudWatch, S3 or Firehose. The Plus-tier
 * requirement of user-activity logs is not enforced, as threat protection is not emulated.
 */

type Destination = 'CloudWatchLogsConfiguration' | 'S3Configuration' | 'FirehoseConfiguration';
const DESTINATIONS: readonly Destination[] = ['CloudWatchLogsConfiguration', 'S3Configuration', 'FirehoseConfiguration'];
const ARN_MEMBER: Record<Destination, 'LogGroupArn' | 'BucketArn' | 'StreamArn'> = {
  CloudWatchLogsConfiguration: 'LogGroupArn',
  S3Configuration: 'BucketArn',
  FirehoseConfiguration: 'StreamArn',
};

// The rules are the ones Cognito documents for each event source; the messages are Cognate's.
function cleanConfiguration(config: LogConfiguration): LogConfiguration {
  const source = config.EventSource!;
  const given = DESTINATIONS.filter((d) => config[d] !== undefined);
  if (given.length !== 1) throw err.invalidParameter(`A log configuration for ${source} needs exactly one destination.`);
  const destination = given[0]!;
  const arn = (config[destination] as Record<string, string | undefined>)[ARN_MEMBER[destination]];
  if (arn === undefined) throw err.invalidParameter(`${destination} needs its ${ARN_MEMBER[destination]}.`);
  if (source === 'userNotification') {
    if (config.LogLevel !== 'ERROR') throw err.invalidParameter('userNotification logs are delivered at the ERROR log level only.');
    if (destination !== 'CloudWatchLogsConfiguration') throw err.invalidParameter('userNotification logs can only be delivered to CloudWatch Logs.');
  } else if (config.LogLevel !== 'INFO') {
    throw err.invalidParameter('userAuthEvents logs are delivered at the INFO log level only.');
  }
  return { LogLevel: config.LogLevel, EventSource: source, [destination]: { [ARN_MEMBER[destination]]: arn } };
}

export async function setLogDeliveryConfiguration(
  services: Services,
  poolId: string,
  configurations: readonly LogConfiguration[],
): Promise<LogDeliveryConfiguration> {
  const pool = await getPool(services, poolId);
  const seen = new Set<string>();
  const cleaned = configurations.map((config) => {
    if (seen.has(config.EventSource!)) throw err.invalidParameter(`Only one log configuration per event source is allowed: ${config.EventSource}.`);
    seen.add(config.EventSource!);
    return cleanConfiguration(config);
  });
  await repo.saveLogDeliveryConfiguration(services.store.db, {
    pool_id: pool.Id,
    configurations: cleaned,
    updated_at: services.clock.now(),
  });
  return { UserPoolId: pool.Id, LogConfigurations: cleaned };
}

/** The stored settings; a pool that never set any has an empty list. */
export async function getLogDeliveryConfiguration(services: Services, poolId: string): Promise<LogDeliveryConfiguration> {
  const pool = await getPool(services, poolId);
  const row = await repo.findLogDeliveryConfiguration(services.store.db, pool.Id);
  return { UserPoolId: pool.Id, LogConfigurations: row ? (row.configurations as LogConfiguration[]) : [] };
}
