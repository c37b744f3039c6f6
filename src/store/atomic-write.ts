import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Write and fsync a uniquely named temp file next to `file`; the caller publishes it. */
async function writeTemp(file: string, content: string | Uint8Array): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.tmp-${path.basename(file)}-${process.pid}-${randomBytes(6).toString('hex')}`);
  const handle = await fs.open(tmp, 'wx');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return tmp;
}

/**
 * Write `content` to `file` so that readers see either nothing/the old file or the complete new one:
 * temp file in the same directory, fsync, rename. A crash before the rename leaves only a `.tmp-*`
 * file, which readers ignore and `fsck` reports.
 */
export async function atomicWrite(file: string, content: string | Uint8Array): Promise<void> {
  const tmp = await writeTemp(file, content);
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Like atomicWrite but never replaces an existing file: content-addressed objects are immutable.
 * Uses link() so that of N concurrent writers exactly one publishes and the others see EEXIST.
 */
export async function writeIfAbsent(file: string, content: string | Uint8Array): Promise<boolean> {
  if (
    await fs.access(file).then(
      () => true,
      () => false,
    )
  )
    return false;
  const tmp = await writeTemp(file, content);
  try {
    await fs.link(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await fs.rm(tmp, { force: true });
  }
}
