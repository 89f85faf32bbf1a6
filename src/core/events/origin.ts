/**
 * Where a request came from, as an auth event shows it (EventContextData): the address and a short
 * device name. The API and the hosted pages hand it over as a plain object; the core never sees the
 * HTTP request itself.
 */

export interface RequestOrigin {
  /** The source address of the HTTP request (the server trusts no proxy header, as everywhere in Cognate). */
  ip?: string;
  /** The request's User-Agent header. */
  userAgent?: string;
  /**
   * Context an administrator's server forwards for its user (AdminInitiateAuth's ContextData): the
   * user's address and headers, trusted because the caller signed the request.
   */
  forwarded?: { ip?: string; userAgent?: string };
  /**
   * UserContextData.IpAddress from a public caller, trusted only for an app client that propagates
   * additional user context data (Cognito's rule: such a client has a secret).
   */
  claimedIp?: string;
}

/** The event's context: `ip` and `device` as EventContextData's IpAddress and DeviceName. */
export interface EventOrigin {
  ip?: string;
  device?: string;
}

const MAX_LENGTH = 128;

/** The origin an event records, with the client deciding whether a public caller's own claim counts. */
export function eventOrigin(origin: RequestOrigin | undefined, client?: { EnablePropagateAdditionalUserContextData?: boolean }): EventOrigin {
  if (!origin) return {};
  const claimed = client?.EnablePropagateAdditionalUserContextData ? origin.claimedIp : undefined;
  const ip = origin.forwarded?.ip ?? claimed ?? origin.ip;
  const device = deviceName(origin.forwarded?.userAgent ?? origin.userAgent);
  return { ...(ip ? { ip: ip.slice(0, MAX_LENGTH) } : {}), ...(device ? { device } : {}) };
}

// Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/\bOPR\/(\d+)/, 'Opera'],
  [/\bFirefox\/(\d+)/, 'Firefox'],
  [/\bChrom(?:e|ium)\/(\d+)/, 'Chrome'],
  [/\bVersion\/(\d+)[\d.]* (?:Mobile\/\S+ )?Safari\//, 'Safari'],
];

const SYSTEMS: [RegExp, string][] = [
  [/\bAndroid\b/, 'Android'],
  [/\b(?:iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bCrOS\b/, 'Chrome OS'],
  [/\bMac OS X\b|\bMacintosh\b/, 'Mac OS X'],
  [/\bLinux\b/, 'Linux'],
];

/**
 * A short device name from a User-Agent, in the form Cognito shows ("Chrome 120, Linux"). Not a
 * full parser: the common browsers and systems by name, else the first product token of a library
 * ("aws-sdk-js 3.700.0").
 */
export function deviceName(userAgent: string | undefined): string | undefined {
  if (!userAgent) return undefined;
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  for (const [pattern, name] of BROWSERS) {
    const match = pattern.exec(userAgent);
    if (match) return [`${name} ${match[1]}`, system].filter(Boolean).join(', ');
  }
  const product = /^([\w.@-]+)\/([\w.-]+)/.exec(userAgent.trim());
  const label = product ? `${product[1]} ${product[2]}` : userAgent.trim().split(/\s+/)[0];
  return label ? [label, system].filter(Boolean).join(', ').slice(0, MAX_LENGTH) : undefined;
}
