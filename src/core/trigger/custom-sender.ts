import { createCipheriv } from 'node:crypto';
import { CognitoError } from '../errors.js';
import type { Channel, OutgoingMessage } from '../outbox/outbox.js';
import type { UserPool } from '../pool/pools.js';
import { getPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import type { TriggerKind } from './invoke.js';
import { hasTrigger, invokeTrigger } from './invoke.js';

/**
 * CustomEmailSender and CustomSMSSender: a pool that names one hands its messages of that channel to
 * the function instead of the outbox. The function gets the code encrypted, as Cognito encrypts it
 * under the pool's KMS key; here the key is derived from the master key, per pool and KMSKeyID, and
 * `decryptCustomSenderCode` (`cognate/client`) opens it. The format, shared with that helper:
 * base64 of a 12-byte IV, the AES-256-GCM ciphertext of the UTF-8 code, and the 16-byte tag.
 *
 * The function runs after the write that created the code has committed: like a mail or SMS
 * provider failing, a failing function is logged and the operation still succeeds.
 */

export type CustomSenderKind = Extract<TriggerKind, 'CustomEmailSender' | 'CustomSMSSender'>;

export const customSenderKindOf = (channel: Channel): CustomSenderKind => (channel === 'EMAIL' ? 'CustomEmailSender' : 'CustomSMSSender');

/** Whether messages of `channel` go to the pool's custom sender rather than the outbox. */
export const sentByCustomSender = (pool: UserPool, channel: Channel): boolean => hasTrigger(pool, customSenderKindOf(channel));

/** The 32-byte key a pool's custom senders' codes are encrypted with. */
export function customSenderKey(services: Services, pool: UserPool): Buffer {
  const keyId = pool.LambdaConfig?.KMSKeyID;
  if (!keyId) throw new CognitoError('InvalidParameterException', `User pool ${pool.Id} has no KMSKeyID in its LambdaConfig.`);
  return services.sealer.deriveKey(`custom-sender:${pool.Id}:${keyId}`);
}

/** GET /_cognate/custom-sender-key: what a function needs to decrypt the codes of a pool's custom senders. */
export async function describeCustomSenderKey(services: Services, poolId: string): Promise<{ KeyId: string; Key: string }> {
  const pool = await getPool(services, poolId);
  const key = customSenderKey(services, pool);
  return { KeyId: pool.LambdaConfig!.KMSKeyID!, Key: key.toString('base64') };
}

export function encryptCustomSenderCode(key: Buffer, code: string, iv: Buffer): string {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
}

/**
 * Hands the messages marked for a custom sender (`customSender`) to the pool's functions, once the
 * write that stored their codes has committed. Messages for the outbox are already there.
 */
export async function deliverToCustomSenders(services: Services, pool: UserPool, messages: readonly (OutgoingMessage | undefined)[]): Promise<void> {
  for (const message of messages) {
    const handOver = message?.customSender;
    if (!message || !handOver) continue;
    const kind = customSenderKindOf(message.channel);
    try {
      await invokeTrigger(services, {
        pool,
        kind,
        triggerSource: `${kind}_${handOver.source}`,
        userName: handOver.userName,
        clientId: handOver.clientId,
        request: {
          type: kind === 'CustomEmailSender' ? 'customEmailSenderRequestV1' : 'customSMSSenderRequestV1',
          code: encryptCustomSenderCode(customSenderKey(services, pool), message.code ?? '', services.random.bytes(12)),
          ...(handOver.clientMetadata ? { clientMetadata: handOver.clientMetadata } : {}),
          userAttributes: handOver.userAttributes,
        },
      });
    } catch (error) {
      services.log.warn({ pool: pool.Id, kind, err: error }, 'the custom sender failed; the message was not delivered');
    }
  }
}
