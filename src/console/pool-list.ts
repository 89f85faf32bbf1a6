import { isRegionName } from '../core/ids.js';
import type { Services } from '../core/services.js';
import { poolRegions } from '../store/pools.js';
import type { ConsoleApi } from './operations.js';

/**
 * The console sees every region. The API answers ListUserPools for the region a request's signature
 * names (api/region.ts), as AWS does one endpoint a region; the console asks each region that holds a
 * pool, and the server's `--region` always, in turn, through the same operation.
 */
export async function consoleRegions(services: Services): Promise<string[]> {
  const regions = new Set([services.settings.region, ...(await poolRegions(services.store.db))]);
  return [...regions].sort();
}

export interface ListedPool {
  Id: string;
  Name: string;
  CreationDate?: Date;
  region: string;
}

/** The pools of every region, a region's after another's, each through ListUserPools' own pages. */
export async function listAllPools(services: Services, api: ConsoleApi): Promise<ListedPool[]> {
  const pools: ListedPool[] = [];
  for (const region of await consoleRegions(services)) {
    let NextToken: string | undefined;
    do {
      const page = await api.call('ListUserPools', { MaxResults: 60, NextToken }, undefined, region);
      for (const p of page.UserPools as Omit<ListedPool, 'region'>[]) pools.push({ ...p, region });
      NextToken = page.NextToken as string | undefined;
    } while (NextToken);
  }
  return pools;
}

/** The region the new-pool form names, when it is a region name; the operation then creates the pool there. */
export const chosenRegion = (value: string | undefined): string | undefined => (value !== undefined && isRegionName(value) ? value : undefined);
