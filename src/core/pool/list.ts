import type { ListUserPoolsResult } from './types.js';
import { listPools } from '../../store/pools.js';
import { err } from '../errors.js';
import { poolFromRow } from './pools.js';
import type { Services } from '../services.js';

// The token is the last id of the page, wrapped so that callers treat it as opaque.
const encodeToken = (lastId: string) => Buffer.from(`pools:${lastId}`).toString('base64url');

function decodeToken(token: string): string {
  const decoded = Buffer.from(token, 'base64url').toString('utf8');
  if (!decoded.startsWith('pools:')) throw err.invalidParameter('Invalid pagination token.');
  return decoded.slice('pools:'.length);
}

/** ListUserPools: the pools of one region (the request's, as on AWS), in id order, `maxResults` at a time. */
export async function listUserPools(
  services: Services,
  maxResults: number,
  nextToken: string | undefined,
  region: string = services.settings.region,
): Promise<ListUserPoolsResult> {
  const after = nextToken === undefined ? undefined : decodeToken(nextToken);
  const rows = await listPools(services.store.db, maxResults + 1, after, region);
  const page = rows.slice(0, maxResults);
  return {
    UserPools: page.map((row) => {
      const pool = poolFromRow(row);
      return {
        Id: pool.Id,
        Name: pool.Name,
        LambdaConfig: pool.LambdaConfig ?? {},
        LastModifiedDate: new Date(pool.LastModifiedDate),
        CreationDate: new Date(pool.CreationDate),
      };
    }),
    ...(rows.length > maxResults ? { NextToken: encodeToken(page[page.length - 1]!.id) } : {}),
  };
}
