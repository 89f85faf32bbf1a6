import { createDecipheriv } from 'node:crypto';

/**
 * For a CustomEmailSender / CustomSMSSender function run by Cognate: opens the `request.code` of its
 * event. Cognito encrypts that code with the AWS Encryption SDK under the pool's KMS key; Cognate
 * encrypts it under a local key per pool, which `GET /_cognate/custom-sender-key?pool=<id>` gives as
 * `Key` (base64). The code is base64 of a 12-byte IV, the AES-256-GCM ciphertext and the 16-byte tag.
 */
export function decryptCustomSenderCode(code: string, key: string | Uint8Array): string {
  const keyBytes = typeof key === 'string' ? Buffer.from(key, 'base64') : Buffer.from(key);
  if (keyBytes.length !== 32) throw new Error('The custom sender key must be 32 bytes (base64 as /_cognate/custom-sender-key gives it).');
  const sealed = Buffer.from(code, 'base64');
  if (sealed.length < 28) throw new Error('Not a code encrypted by Cognate.');
  const decipher = createDecipheriv('aes-256-gcm', keyBytes, sealed.subarray(0, 12), { authTagLength: 16 });
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]).toString('utf8');
}
