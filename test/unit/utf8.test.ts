import { describe, expect, it } from 'vitest';
import { decodeUtf8, firstInvalidByte } from '../../src/core/utf8.js';
import { FlashError } from '../../src/errors.js';
import { rng } from '../helpers/random-schema.js';

describe('strict UTF-8 decoding', () => {
  it('decodes valid text, including a BOM and 4-byte characters', () => {
    expect(decodeUtf8(Buffer.from('\ufeffcafé 🐘', 'utf8'), 'a.sql')).toBe('café 🐘');
  });

  it('names the file, the first bad byte offset and its line', () => {
    const bytes = Buffer.concat([Buffer.from('a\nb\n'), Buffer.from([0xc3, 0x28])]);
    const err = (() => {
      try {
        decodeUtf8(bytes, 'db/schema/x.sql');
      } catch (e) {
        return e;
      }
    })() as FlashError;
    expect(err.code).toBe('E_ENCODING');
    expect(err.message).toBe('db/schema/x.sql is not valid UTF-8: byte 0xc3 at offset 4 (line 3).');
  });

  it('finds the same first invalid byte TextDecoder rejects, on random bytes', () => {
    const next = rng(7);
    const fatal = new TextDecoder('utf-8', { fatal: true });
    for (let n = 0; n < 3000; n++) {
      const len = 1 + Math.floor(next() * 12);
      const bytes = Uint8Array.from({ length: len }, () => {
        const r = next();
        // bias towards multi-byte lead and continuation bytes
        return r < 0.3 ? Math.floor(next() * 0x80) : r < 0.6 ? 0x80 + Math.floor(next() * 0x40) : 0xc0 + Math.floor(next() * 0x40);
      });
      const at = firstInvalidByte(bytes);
      let valid = true;
      try {
        fatal.decode(bytes);
      } catch {
        valid = false;
      }
      expect(at === bytes.length, Buffer.from(bytes).toString('hex')).toBe(valid);
      if (!valid) {
        // everything before the reported offset decodes (it is a run of complete characters)
        expect(() => fatal.decode(bytes.subarray(0, at))).not.toThrow();
      }
    }
  });
});
