import { promises as fs } from 'node:fs';
import path from 'node:path';
import { sha256 } from '../../core/snapshot/hash.js';
import { atomicWrite } from '../../store/atomic-write.js';
import type { ProjectContext } from './project-context.js';
import { localDir } from './local-dir.js';

/**
 * `.flash/local/generated/<migration name>` (`localDir`: git-ignored, per developer): the sha256 of the exact bytes
 * Flash wrote for a migration it generated. It is how `flash migrate --undo-last` knows a file holds
 * nothing the user wrote: a file still byte-identical to Flash's output is removed without a
 * question; an edited one (a `--create-only` migration filled in by hand, a tweaked Down) needs a
 * confirmation. One file per migration, so two commands never race on a shared file.
 */
function recordPath(pc: ProjectContext, name: string): string {
  return path.join(localDir(pc.project), 'generated', name);
}

export async function recordGenerated(pc: ProjectContext, name: string, text: string): Promise<void> {
  await atomicWrite(recordPath(pc, name), sha256(text) + '\n');
}

/** True when the migration's file is exactly what Flash generated on this machine. */
export async function isAsGenerated(pc: ProjectContext, name: string, text: string): Promise<boolean> {
  try {
    return (await fs.readFile(recordPath(pc, name), 'utf8')).trim() === sha256(text);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

export async function forgetGenerated(pc: ProjectContext, name: string): Promise<void> {
  await fs.rm(recordPath(pc, name), { force: true });
}
