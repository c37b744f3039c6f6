import { promises as fs } from 'node:fs';
import path from 'node:path';
import { unreadable } from '../../store/read-if-exists.js';

/** The image is not a tarball PGlite wrote (truncated, overwritten, another format). */
export class CorruptImageError extends Error {}

const block = 512;

/**
 * Unpack the initdb image (an uncompressed ustar archive, as PGlite's dumpDataDir('none') writes it)
 * straight into `dir`, streaming one file at a time. Handing PGlite the image as `loadDataDir` would
 * read all of it into a Blob and unpack it through Emscripten's FS (~90 MB above the boot itself).
 * Only regular files and directories occur; anything else, a bad checksum or a path leaving `dir`
 * is a CorruptImageError; an image that cannot be read is E_UNREADABLE. Errors writing `dir` (a full
 * disk) are passed on as they are.
 */
export async function unpackImage(file: string, dir: string): Promise<void> {
  const tar = await fs.open(file, 'r');
  const header = Buffer.alloc(block);
  const chunk = Buffer.alloc(1 << 20);
  const root = path.resolve(dir);
  let pos = 0;
  // The image opened but cannot be read (a directory, an I/O error): E_UNREADABLE, never "no image".
  const readAt = (into: Buffer, length: number, at: number) =>
    tar.read(into, 0, length, at).catch((err: unknown) => {
      throw unreadable(file, err);
    });
  try {
    for (;;) {
      if ((await readAt(header, block, pos)).bytesRead < block) throw new CorruptImageError(`${file}: truncated`);
      pos += block;
      if (header.every((b) => b === 0)) return;
      if (!checksumOk(header) || text(header, 257, 5) !== 'ustar') throw new CorruptImageError(`${file}: not a ustar archive`);
      const prefix = text(header, 345, 155);
      const name = (prefix ? `${prefix}/` : '') + text(header, 0, 100);
      const size = octal(header, 124, 12);
      if (size === undefined) throw new CorruptImageError(`${file}: entry ${name} has no size`);
      const target = path.resolve(root, `.${path.posix.sep}${name}`);
      if (target !== root && !target.startsWith(root + path.sep))
        throw new CorruptImageError(`${file}: entry ${name} leaves the data directory`);
      const type = header[156] === 0 ? '0' : String.fromCharCode(header[156]);
      if (type === '5') {
        await fs.mkdir(target, { recursive: true, mode: 0o700 });
      } else if (type === '0') {
        await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
        const out = await fs.open(target, 'w', 0o600);
        try {
          for (let left = size, at = pos; left > 0;) {
            const { bytesRead } = await readAt(chunk, Math.min(chunk.length, left), at);
            if (bytesRead === 0) throw new CorruptImageError(`${file}: truncated in ${name}`);
            await out.write(chunk, 0, bytesRead);
            left -= bytesRead;
            at += bytesRead;
          }
        } finally {
          await out.close();
        }
      } else {
        throw new CorruptImageError(`${file}: entry ${name} has type ${type}`);
      }
      pos += Math.ceil(size / block) * block;
    }
  } finally {
    await tar.close();
  }
}

function text(header: Buffer, offset: number, length: number): string {
  const field = header.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function octal(header: Buffer, offset: number, length: number): number | undefined {
  const digits = text(header, offset, length).trim();
  return /^[0-7]+$/.test(digits) ? parseInt(digits, 8) : undefined;
}

/** ustar's checksum: the byte sum of the header with the checksum field read as spaces. */
function checksumOk(header: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < block; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
  return octal(header, 148, 8) === sum;
}
