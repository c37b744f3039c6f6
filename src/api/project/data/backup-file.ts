import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupHeader, type BackupLine, type BackupTrailer } from '../../../core/data/backup-format.js';
import { snapshotOf } from '../../../core/snapshot/hash.js';
import { FlashError } from '../../../errors.js';

/** Writes backup lines through gzip to a temp file, hashing them for the trailer; renamed into place by `finish`. */
export class BackupWriter {
  private readonly tmp: string;
  private readonly gzip = createGzip();
  private readonly out;
  private readonly hash = createHash('sha256');
  private lines = 0;

  constructor(readonly file: string) {
    this.tmp = path.join(path.dirname(file), `.tmp-${path.basename(file)}-${randomBytes(6).toString('hex')}`);
    this.out = createWriteStream(this.tmp, { flags: 'wx' });
    this.gzip.pipe(this.out);
  }

  async line(value: BackupLine): Promise<void> {
    await this.writeLines([value]);
  }

  /** Many lines as one write (a batch of rows): the hash is the same as line by line. */
  async writeLines(values: BackupLine[]): Promise<void> {
    let text = '';
    for (const v of values) text += JSON.stringify(v) + '\n';
    const buf = Buffer.from(text);
    this.hash.update(buf);
    this.lines += values.length;
    if (!this.gzip.write(buf)) await once(this.gzip, 'drain');
  }

  async finish(rows: number): Promise<{ file: string; bytes: number; trailer: BackupTrailer }> {
    const trailer: BackupTrailer = { lines: this.lines, rows, sha256: this.hash.digest('hex') };
    this.gzip.end(JSON.stringify({ trailer }) + '\n');
    await once(this.out, 'finish');
    await fs.rename(this.tmp, this.file);
    return { file: this.file, bytes: (await fs.stat(this.file)).size, trailer };
  }

  async abandon(): Promise<void> {
    this.gzip.destroy();
    this.out.destroy();
    await fs.rm(this.tmp, { force: true });
  }
}

function corrupt(file: string, reason: string, cause?: unknown): FlashError {
  return new FlashError(
    'E_BACKUP_CORRUPT',
    `The backup ${file} is damaged: ${reason}. Nothing was changed.`,
    'Restore from another copy of the backup.',
    { cause, data: { file } },
  );
}

/** The lines of a backup, uncompressed (a damaged gzip stream becomes E_BACKUP_CORRUPT). */
export async function* backupLines(file: string): AsyncIterable<string> {
  try {
    await fs.access(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new FlashError('E_USAGE', `No backup file ${file}.`, 'Pass the path of a file written by `flash backup`.');
    throw err;
  }
  const input = createReadStream(file).pipe(createGunzip());
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) yield line;
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('Z_') || (err as { code?: string }).code === 'ERR_ZLIB')
      throw corrupt(file, 'it is not a complete gzip stream', err);
    throw err;
  }
}

/**
 * Pass one of a restore: the header, and a proof that every line is intact (the trailer's count
 * and sha256). Nothing is touched before this returns.
 */
export async function verifyBackup(file: string): Promise<{ header: BackupHeader; trailer: BackupTrailer }> {
  const hash = createHash('sha256');
  let lines = 0;
  let first: string | undefined;
  let trailer: BackupTrailer | undefined;
  for await (const line of backupLines(file)) {
    if (trailer) throw corrupt(file, 'there are lines after the trailer');
    if (lines === 0 && first === undefined) first = line;
    if (line.startsWith('{"trailer":')) {
      trailer = parse<{ trailer: BackupTrailer }>(file, line).trailer;
      continue;
    }
    hash.update(line + '\n');
    lines++;
  }
  if (!trailer) throw corrupt(file, 'it has no trailer (cut short?)');
  if (trailer.lines !== lines || trailer.sha256 !== hash.digest('hex')) throw corrupt(file, 'its checksum does not match its content');
  const header = parse<{ header?: BackupHeader }>(file, first ?? '').header;
  if (!header || header.format !== BACKUP_FORMAT) throw corrupt(file, 'it does not start with a Flash backup header');
  if (header.version !== BACKUP_VERSION) {
    throw new FlashError(
      'E_UNSUPPORTED',
      `The backup ${file} has format version ${JSON.stringify(header.version)}; this Flash reads version ${String(BACKUP_VERSION)}.`,
      'Restore it with the Flash version that wrote it.',
    );
  }
  if (snapshotOf(header.schema).id !== header.schemaHash) throw corrupt(file, 'its schema does not match its schema hash');
  return { header, trailer };
}

export function parse<T>(file: string, line: string): T {
  try {
    return JSON.parse(line) as T;
  } catch (err) {
    throw corrupt(file, 'a line is not JSON', err);
  }
}
