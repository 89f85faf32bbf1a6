/**
 * Checks a `--database-url` before anything connects with it. pg reads any string as a PostgreSQL
 * URL relative to `postgres://base`, so a typo or a `mysql://` URL would otherwise end in a puzzling
 * `getaddrinfo ENOTFOUND base` or a connection to the wrong server.
 */
export function parseDatabaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`the database URL is not a URL; expected postgres://user:password@host:5432/database`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    throw new Error(
      `the database URL must start with postgres:// or postgresql:// (got ${url.protocol}//); Cognate stores data in PostgreSQL or, without a database URL, in SQLite`,
    );
  // A Unix socket is named by ?host=/path, with an empty authority.
  if (!url.hostname && !url.searchParams.get('host')) throw new Error(`the database URL names no host; expected postgres://user:password@host:5432/database`);
  return url;
}

/** The URL without its password, for messages. */
export function redactedUrl(url: URL): string {
  const copy = new URL(url.toString());
  if (copy.password) copy.password = '***';
  return `${copy.host || copy.searchParams.get('host')}${copy.pathname}`;
}

/** The reason a connection failed, in words, with the driver's code for searching. */
export function describeConnectionError(error: unknown): string {
  const e = error as { code?: string; message?: string; errors?: { message?: string }[] };
  const detail = e.message || e.errors?.map((x) => x.message).join('; ') || String(error);
  switch (e.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host name does not resolve (${detail})`;
    case 'ECONNREFUSED':
      return `nothing accepts connections there (${detail})`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `the host is unreachable (${detail})`;
    case '28P01':
    case '28000':
      return `the server refused the credentials (${detail})`;
    case '3D000':
      return `the database does not exist (${detail})`;
    default:
      return detail;
  }
}
