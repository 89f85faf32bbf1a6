
/**
 * Signs outgoing requests with AWS Signature Version 4, the one signer of the package: the client's
 * calls to Cognito's administrative operations and the CLI's calls to Cognate's `/_cognate/` endpoints
 * both come here. The signing itself is the AWS SDK's own (`@smithy/signature-v4`), so what Cognito
 * accepts, Cognate accepts.
 */

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface RequestToSign {
  method: string;
  /** The whole URL; its query string is signed along with the path. */
  url: URL;
  /** The headers that will be sent, `host` included. */
  headers: Record<string, string>;
  body?: string;
}

/** The request's headers with the SigV4 `authorization`, `x-amz-date` (and security token) added. */
export async function signRequest(
  request: RequestToSign,
  credentials: AwsCredentials,
  region = 'us-east-1',
  service = 'cognito-idp',
): Promise<Record<string, string>> {
  // Loaded by the first signed call, so that a server importing the client for other things does not load it at start.
  const [{ Hash }, { HttpRequest }, { SignatureV4 }] = await Promise.all([import('@smithy/hash-node'), import('@smithy/protocol-http'), import('@smithy/signature-v4')]);
  const signer = new SignatureV4({ service, region, sha256: Hash.bind(null, 'sha256'), credentials });
  const { url } = request;
  const query = Object.fromEntries(url.searchParams);
  const signed = await signer.sign(
    new HttpRequest({
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port) || undefined,
      path: url.pathname,
      query,
      headers: request.headers,
      body: request.body,
    }),
  );
  return signed.headers as Record<string, string>;
}
