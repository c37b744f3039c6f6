import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';

export interface WrittenFile {
  file: string;
  bytes: number;
  sha256: string;
}

/**
 * A file written as a stream with its sha256 computed on the way, published by rename only when
 * complete: a failed export leaves the previous file (or none), never half a file. `write` waits
 * for the disk when the stream's buffer is full, which is what keeps memory constant.
 */
export class HashedFileWriter {
  private readonly tmp: string;
  private readonly out: WriteStream;
  private readonly hash = createHash('sha256');
  private bytes = 0;

  constructor(readonly file: string) {
    this.tmp = path.join(path.dirname(file), `.tmp-${path.basename(file)}-${randomBytes(6).toString('hex')}`);
    this.out = createWriteStream(this.tmp, { flags: 'wx' });
  }

  async write(chunk: string | Buffer): Promise<void> {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.hash.update(buf);
    this.bytes += buf.length;
    if (!this.out.write(buf)) await once(this.out, 'drain');
  }

  async finish(): Promise<WrittenFile> {
    this.out.end();
    await once(this.out, 'finish');
    await fs.rename(this.tmp, this.file);
    return { file: this.file, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  async abandon(): Promise<void> {
    this.out.destroy();
    await fs.rm(this.tmp, { force: true });
  }
}

/** sha256 and size of a file already on disk, read as a stream. */
export async function hashFile(file: string): Promise<WrittenFile> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { file, bytes, sha256: hash.digest('hex') };
}
