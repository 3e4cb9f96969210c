import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secret-box.ts';

describe('createSecretBox', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);

  it('opens what it sealed; the sealed text holds no plaintext', () => {
    const box = createSecretBox([oldKey]);
    const sealed = box.seal('{"refresh":"secret-value"}', 'proxy:RefreshToken:abc');
    expect(sealed).not.toContain('secret-value');
    expect(box.open(sealed, 'proxy:RefreshToken:abc')).toBe('{"refresh":"secret-value"}');
  });

  it('refuses a value moved to another key, or changed', () => {
    const box = createSecretBox([oldKey]);
    const sealed = box.seal('x', 'a');
    expect(() => box.open(sealed, 'b')).toThrow();
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}${sealed.slice(-1)}`;
    expect(() => box.open(tampered, 'a')).toThrow();
  });

  it('rotates: a new first key seals, the old one still opens; removed, its values no longer open', () => {
    const sealedOld = createSecretBox([oldKey]).seal('old', 'k');
    const rotated = createSecretBox([newKey, oldKey]);
    expect(rotated.open(sealedOld, 'k')).toBe('old');
    expect(rotated.open(rotated.seal('new', 'k'), 'k')).toBe('new');
    expect(() => createSecretBox([newKey]).open(sealedOld, 'k')).toThrow(/no key/);
  });

  it('takes only 32-byte keys', () => {
    expect(() => createSecretBox([randomBytes(16)])).toThrow(/32 bytes/);
    expect(() => createSecretBox([])).toThrow();
  });
});
