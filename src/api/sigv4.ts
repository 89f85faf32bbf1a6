import type { FastifyRequest } from 'fastify';

export interface AdminCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Checks the AWS Signature Version 4 of an IAM-protected call against the configured admin credentials.
 * Throws Cognito's authentication errors. (Filled in by the SigV4 work.)
 */
export function verifyAdminSignature(_request: FastifyRequest, _credentials: AdminCredentials, _nowMs: number): void {
  throw new Error('SigV4 verification is not implemented yet');
}
