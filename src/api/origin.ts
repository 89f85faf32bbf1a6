import type { RequestOrigin } from '../core/events/origin.js';
import type { RequestContext } from './operation.js';

/**
 * Where a request came from, for the auth events the core records (core/events/origin.ts): the
 * socket's address and User-Agent, and what the caller says about its user.
 */

/** A public operation's: UserContextData.IpAddress counts only for a client that propagates user context (the core decides). */
export const publicOrigin = (request: RequestContext, userContext?: { IpAddress?: string }): RequestOrigin => ({
  ip: request.ip,
  ...(request.userAgent ? { userAgent: request.userAgent } : {}),
  ...(userContext?.IpAddress ? { claimedIp: userContext.IpAddress } : {}),
});

/** An Admin* operation's: the signed caller's ContextData describes its user's request. */
export function adminOrigin(request: RequestContext, context?: { IpAddress?: string; HttpHeaders?: { headerName?: string; headerValue?: string }[] }): RequestOrigin {
  const userAgent = context?.HttpHeaders?.find((h) => h.headerName?.toLowerCase() === 'user-agent')?.headerValue;
  return {
    ip: request.ip,
    ...(request.userAgent ? { userAgent: request.userAgent } : {}),
    ...(context ? { forwarded: { ...(context.IpAddress ? { ip: context.IpAddress } : {}), ...(userAgent ? { userAgent } : {}) } } : {}),
  };
}
