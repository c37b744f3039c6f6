import { FlashError } from '../../errors.js';
import { sha256 } from '../snapshot/hash.js';
import { findSectionMarkers, scanMarkers, type QuoteSyntax, type SectionMarker } from './section-markers.js';

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
  /** 1-based line where the Up section's SQL starts (set by parseMigrationFile, for E_SQL reports) */
  upLine?: number;
  downLine?: number;
}

const CHAIN_LINE = /^--\s*flash:(from|to)\b.*(\r?\n|$)/gim;

/**
 * Split a migration into its header and Up/Down sections. Markers count only outside strings,
 * comments and dollar-quoted bodies (section-markers.ts). A marker line hidden inside an unclosed
 * string is E_MIGRATION_FORMAT: reading the file as one long Up section would make `down` find
 * nothing to run, without a word.
 */
export function parseMigrationFile(name: string, text: string, syntax: QuoteSyntax = {}): MigrationFile {
  const { markers, endsInsideQuote } = scanMarkers(text, syntax);
  const upMarker = markers.find((m) => m.kind === 'up');
  const downMarker = markers.find((m) => m.kind === 'down');
  if (endsInsideQuote) refuseSwallowedMarker(name, text, markers);
  const headerText = text.slice(0, Math.min(upMarker?.start ?? text.length, downMarker?.start ?? text.length));
  const header = (key: string) => headerText.match(new RegExp(`^--\\s*${key}:?[ \\t]+(.+?)\\s*$`, 'im'))?.[1];
  let up: { start: number; end: number };
  let down: { start: number; end: number } | undefined;
  if (upMarker) {
    up = { start: upMarker.end, end: downMarker && downMarker.start > upMarker.start ? downMarker.start : text.length };
  } else {
    // Files without markers are all "up".
    up = { start: 0, end: downMarker ? downMarker.start : text.length };
  }
  if (downMarker) down = { start: downMarker.end, end: upMarker && upMarker.start > downMarker.start ? upMarker.start : text.length };
  return {
    name,
    title: header('Migration') ?? name.replace(/^\d+_/, ''),
    created: header('Created'),
    from: header('flash:from'),
    to: header('flash:to'),
    up: text.slice(up.start, up.end).trim(),
    down: down ? text.slice(down.start, down.end).trim() : '',
    upLine: firstContentLine(text, up.start),
    downLine: down ? firstContentLine(text, down.start) : undefined,
  };
}

/** 1-based line of the first non-blank character at or after `from` (sections are trimmed). */
function firstContentLine(text: string, from: number): number {
  const skip = /^\s*/.exec(text.slice(from))![0].length;
  let line = 1;
  for (let i = 0; i < from + skip && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/**
 * Called when the file ends still inside a quote. A marker line inside a string that closes later is
 * data (a default, a COMMENT text); here a marker line in it was meant as one and the quote is unclosed.
 */
function refuseSwallowedMarker(name: string, text: string, found: SectionMarker[]): void {
  let offset = 0;
  for (const [i, line] of text.split('\n').entries()) {
    if (/^--\s*\+migrate\s+(up|down)\b/i.test(line) && !found.some((m) => m.start === offset)) {
      throw new FlashError(
        'E_MIGRATION_FORMAT',
        `${name}.sql: line ${i + 1} "${line.trim()}" is inside a string, quoted name, comment or $$ body that is never closed, so it is not a section marker.`,
        `Close the quote or comment that opens before line ${i + 1}.`,
        { data: { migration: name, line: i + 1 } },
      );
    }
    offset += line.length + 1;
  }
}

/**
 * The file text for a migration. It is read back before it is returned: SQL that would move a
 * section marker (an unclosed quote in the Up section swallowing `-- +migrate Down`) is refused
 * here rather than written.
 */
export function renderMigrationFile(m: MigrationFile, syntax: QuoteSyntax = {}): string {
  const lines = [`-- Migration: ${m.title}`];
  if (m.created) lines.push(`-- Created: ${m.created}`);
  if (m.from) lines.push(`-- flash:from ${m.from}`);
  if (m.to) lines.push(`-- flash:to ${m.to}`);
  lines.push('', '-- +migrate Up', m.up.trim(), '', '-- +migrate Down', m.down.trim(), '');
  const text = lines.join('\n');
  const back = parseMigrationFile(m.name, text, syntax);
  if (back.up !== m.up.trim() || back.down !== m.down.trim()) {
    throw new FlashError(
      'E_MIGRATION_FORMAT',
      `The migration ${m.name} would not read back as written: its ${back.up !== m.up.trim() ? 'Up' : 'Down'} section contains an unclosed string, comment or $$ body.`,
      'This is a bug in the SQL Flash generated or in a hand-written section; report it with the schema change.',
      { data: { migration: m.name } },
    );
  }
  return text;
}

/**
 * Checksum of a migration file: sha256 of its text without the `flash:from`/`flash:to` lines, so a
 * merge that re-points the chain does not invalidate migrations already applied; any change to the
 * SQL does. Line endings are normalized so a CRLF checkout does not count as an edit.
 */
export function migrationChecksum(text: string): string {
  return sha256(withoutChainLines(text.replace(/\r\n/g, '\n')));
}

/** Drops `flash:from`/`flash:to` lines from the header only: the same text in the SQL is the SQL's. */
function withoutChainLines(text: string): string {
  const at = headerEnd(text);
  return text.slice(0, at).replace(CHAIN_LINE, '') + text.slice(at);
}

/** Where the header comments end: the first section marker, or the end of a marker-less file. */
function headerEnd(text: string): number {
  return findSectionMarkers(text)[0]?.start ?? text.length;
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
  const without = withoutChainLines(text);
  const lines = without.split('\n');
  // insert after the header comment block (Migration/Created lines)
  let at = 0;
  while (at < lines.length && /^--\s*(Migration|Created):/i.test(lines[at] ?? '')) at++;
  lines.splice(at, 0, `-- flash:from ${from}`, `-- flash:to ${to}`);
  return lines.join('\n');
}
