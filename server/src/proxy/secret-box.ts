import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Seals and opens values with AES-256-GCM; the first key seals, every key opens (rotation). */
export interface SecretBox {
  /** `aad` binds the sealed value to where it is stored: moved elsewhere, it no longer opens. */
  seal(plaintext: string, aad: string): string;
  /** Throws when no key opens it or it was changed. */
  open(sealed: string, aad: string): string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 8);
}

/**
 * An AES-256-GCM box over one or more 32-byte keys (NIST SP 800-38D; a fresh random
 * 96-bit IV per value). Sealed form: `v1.{keyId}.{iv|tag|ciphertext, base64url}`, so a
 * value sealed under an older key still opens after a new key is put first.
 */
export function createSecretBox(keys: readonly Buffer[]): SecretBox {
  if (keys.length === 0) throw new TypeError('the secret box needs at least one key');
  for (const key of keys) if (key.length !== 32) throw new TypeError(`each encryption key must be 32 bytes (256 bits); got ${key.length}`);
  const byId = new Map(keys.map((k) => [keyId(k), k]));
  const [sealing] = keys as [Buffer];
  const sealingId = keyId(sealing);
  return {
    seal(plaintext, aad) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', sealing, iv);
      cipher.setAAD(Buffer.from(aad));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `v1.${sealingId}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    open(sealed, aad) {
      const [version, id, data] = sealed.split('.');
      const key = id === undefined ? undefined : byId.get(id);
      if (version !== 'v1' || key === undefined || data === undefined) throw new Error('sealed value has no key here (was the encryption key removed?)');
      const raw = Buffer.from(data, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(aad));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}
