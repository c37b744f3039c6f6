import { sha256 } from '../snapshot/hash.js';

/** A migration file `YYYYMMDDHHMMSS_name.sql` (Flash ORM compatible, plus `flash:from`/`flash:to`). */
export interface MigrationFile {
  /** file name without `.sql`, e.g. `20261125100000_add_bio` */
  name: string;
  title: string;
  created?: string;
  from?: string;
  to?: string;
  up: string;
  down: string;
}

const UP = /^--\s*\+migrate\s+up\b.*$/im;
const DOWN = /^--\s*\+migrate\s+down\b.*$/im;
const CHAIN_LINE = /^--\s*flash:(from|to)\b.*(\r?\n|$)/gim;

export function parseMigrationFile(name: string, text: string): MigrationFile {
  const header = (key: string) => text.match(new RegExp(`^--\\s*${key}:?[ \\t]+(.+?)\\s*$`, 'im'))?.[1];
  const upMatch = UP.exec(text);
  const downMatch = DOWN.exec(text);
  let up = '';
  let down = '';
  if (upMatch) {
    const upStart = upMatch.index + upMatch[0].length;
    const upEnd = downMatch && downMatch.index > upMatch.index ? downMatch.index : text.length;
    up = text.slice(upStart, upEnd);
  } else {
    // Files without markers are all "up".
    up = downMatch ? text.slice(0, downMatch.index) : text;
  }
  if (downMatch) {
    const downStart = downMatch.index + downMatch[0].length;
    const downEnd = upMatch && upMatch.index > downMatch.index ? upMatch.index : text.length;
    down = text.slice(downStart, downEnd);
  }
  return {
    name,
    title: header('Migration') ?? name.replace(/^\d+_/, ''),
    created: header('Created'),
    from: header('flash:from'),
    to: header('flash:to'),
    up: up.trim(),
    down: down.trim(),
  };
}

export function renderMigrationFile(m: MigrationFile): string {
  const lines = [`-- Migration: ${m.title}`];
  if (m.created) lines.push(`-- Created: ${m.created}`);
  if (m.from) lines.push(`-- flash:from ${m.from}`);
  if (m.to) lines.push(`-- flash:to ${m.to}`);
  lines.push('', '-- +migrate Up', m.up.trim(), '', '-- +migrate Down', m.down.trim(), '');
  return lines.join('\n');
}

/**
 * Checksum of a migration file: sha256 of its text without the `flash:from`/`flash:to` lines, so a
 * merge that re-points the chain does not invalidate migrations already applied; any change to the
 * SQL does. Line endings are normalized so a CRLF checkout does not count as an edit.
 */
export function migrationChecksum(text: string): string {
  return sha256(text.replace(/\r\n/g, '\n').replace(CHAIN_LINE, ''));
}

/** `YYYYMMDDHHMMSS` in UTC */
export function migrationTimestamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`;
}

export function slugify(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return slug || 'migration';
}

export function setChainHashes(text: string, from: string, to: string): string {
  const without = text.replace(CHAIN_LINE, '');
  const lines = without.split('\n');
  // insert after the header comment block (Migration/Created lines)
  let at = 0;
  while (at < lines.length && /^--\s*(Migration|Created):/i.test(lines[at] ?? '')) at++;
  lines.splice(at, 0, `-- flash:from ${from}`, `-- flash:to ${to}`);
  return lines.join('\n');
}
