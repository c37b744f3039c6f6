import { FlashError } from '../errors.js';

const strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Text Flash reads (schema files, migrations, the lock) must be UTF-8. A lenient decode turns a
 * Latin-1 "é" into U+FFFD, which then lands in a migration and in the database without a word, so
 * an invalid byte is E_ENCODING naming the file, the byte offset and the line.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    // A leading BOM is dropped by TextDecoder, as editors expect.
    return strict.decode(bytes);
  } catch {
    const offset = firstInvalidByte(bytes);
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    throw new FlashError(
      'E_ENCODING',
      `${file} is not valid UTF-8: byte 0x${bytes[offset].toString(16).padStart(2, '0')} at offset ${offset} (line ${line}).`,
      `Save ${file} as UTF-8 (e.g. \`iconv -f latin1 -t utf-8\`); Flash does not guess encodings.`,
      { data: { file, offset, line } },
    );
  }
}

/**
 * Offset of the first byte that does not start a valid UTF-8 sequence (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF).
 */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      const [min, max] = k === 1 ? [lo, hi] : [0x80, 0xbf];
      if (c === undefined || c < min || c > max) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}
