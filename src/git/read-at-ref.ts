import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { GitRepo } from './repo.js';
import { decodeUtf8 } from '../core/utf8.js';

/**
 * Contents of `file` (relative to the work tree root) at `ref`, or undefined when the file does not exist
 * there. isomorphic-git reads loose and packed objects in-process: listing N branches costs no git
 * processes. Imported lazily — the hook's fast path reads the work tree instead.
 */
export async function readFileAtRef(repo: GitRepo, ref: string, file: string): Promise<string | undefined> {
  const isogit = await import('isomorphic-git');
  const fsModule = await import('node:fs');
  const filepath = file.split(path.sep).join('/');
  try {
    const oid = await isogit.resolveRef({ fs: fsModule, dir: repo.root, gitdir: repo.commonDir, ref });
    const { blob } = await isogit.readBlob({ fs: fsModule, dir: repo.root, gitdir: repo.commonDir, oid, filepath });
    return decodeUtf8(blob, `${filepath} at ${ref}`);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'NotFoundError') return undefined;
    throw err;
  }
}

/** The work tree copy of a file, or undefined when absent. */
export async function readWorkTreeFile(repo: GitRepo, file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(path.join(repo.root, file), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
