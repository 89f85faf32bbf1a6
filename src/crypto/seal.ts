import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** A secret encrypted at rest. Not a string anyone should print or compare. */
export type SealedSecret = string & { readonly __sealed: unique symbol };

const VERSION = 'v1';
/** Version, 12-byte IV, ciphertext and 16-byte tag, each in unpadded base64url. */
const SEALED_FORM = new RegExp(`^${VERSION}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]{22}$`);

/**
 * AES-256-GCM under the master key. The `context` is bound as additional data, so a sealed value
 * copied to another row (another user's password, another client's secret) fails to open.
 */
export class Sealer {
  private readonly key: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('The master key must be 32 bytes');
    this.key = masterKey;
  }

  seal(plaintext: string | Buffer, context: string): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv.toString('base64url'), body.toString('base64url'), tag.toString('base64url')].join(
      '.',
    ) as SealedSecret;
  }

  open(sealed: SealedSecret, context: string): Buffer {
    // Exactly what `seal` writes: Node's base64url decoder skips stray characters, and GCM accepts tags
    // as short as 4 bytes unless told otherwise, so both are pinned here rather than trusted.
    if (!SEALED_FORM.test(sealed)) throw new Error('Malformed sealed secret');
    const [, iv, body, tag] = sealed.split('.') as [string, string, string, string];
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
  }

  openString(sealed: SealedSecret, context: string): string {
    return this.open(sealed, context).toString('utf8');
  }

  /**
   * A 32-byte key derived from the master key for one purpose, stable across restarts and nodes, for
   * values that must be the same every time without being stored (e.g. the fake SRP salt of unknown users).
   */
  deriveKey(purpose: string): Buffer {
    return createHmac('sha256', this.key).update(`derive:${purpose}`, 'utf8').digest();
  }
}
