import type { DashboardData } from './data-source.js';

/** How a value should look; the Ink screen maps tones to colours, the plain report ignores them. */
export type Tone = 'plain' | 'ok' | 'warn' | 'bad' | 'muted' | 'accent';

export interface DashboardRow {
  label: string;
  value: string;
  tone: Tone;
}

export interface DashboardList {
  title: string;
  items: Array<{ text: string; tone: Tone }>;
}

export interface DashboardView {
  rows: DashboardRow[];
  lists: DashboardList[];
}

export function shortHash(hash: string | undefined): string {
  return hash ? hash.slice(0, 12) : '?';
}

/**
 * The dashboard as data: both the Ink screen and the plain (non-TTY) report draw exactly these rows,
 * so what a script sees is what a person sees.
 */
export function dashboardView(d: DashboardData): DashboardView {
  const liveMatches = d.liveHash !== undefined && d.liveHash === d.expectedHash;
  const rows: DashboardRow[] = [
    { label: 'project', value: d.projectDir, tone: 'plain' },
    { label: 'provider', value: d.provider, tone: 'plain' },
    { label: 'branch', value: d.gitBranch ?? '(no branch)', tone: d.gitBranch ? 'accent' : 'muted' },
    { label: 'database', value: d.database ?? '(not configured)', tone: d.database ? 'plain' : 'muted' },
    { label: 'expected', value: shortHash(d.expectedHash), tone: 'plain' },
    {
      label: 'live',
      value:
        d.liveHash === undefined ? 'unknown (database not read)' : `${shortHash(d.liveHash)} ${liveMatches ? '(matches)' : '(differs)'}`,
      tone: d.liveHash === undefined ? 'muted' : liveMatches ? 'ok' : 'warn',
    },
    d.applied === undefined
      ? { label: 'migrations', value: 'unknown (database not read)', tone: 'muted' }
      : {
          label: 'migrations',
          value: `${d.applied} applied, ${d.pending.length} pending, ${d.modified.length} modified`,
          tone: d.modified.length ? 'bad' : d.pending.length ? 'warn' : 'ok',
        },
    {
      label: 'drift',
      value:
        d.drift === undefined
          ? 'unknown'
          : d.drift
            ? `yes (${d.driftDetails.length} change${d.driftDetails.length === 1 ? '' : 's'})`
            : 'none',
      tone: d.drift === undefined ? 'muted' : d.drift ? 'bad' : 'ok',
    },
    {
      label: 'lint',
      value: countLabel(d.lint.length, 'finding'),
      tone: d.lint.some((f) => f.severity === 'error') ? 'bad' : d.lint.length ? 'warn' : 'ok',
    },
    { label: 'conflicts', value: d.conflicts ? `${d.conflicts} unresolved` : 'none', tone: d.conflicts ? 'bad' : 'ok' },
  ];
  const lists: DashboardList[] = [];
  const add = (title: string, items: DashboardList['items']) => {
    if (items.length) lists.push({ title, items });
  };
  add(
    'pending',
    d.pending.map((text) => ({ text, tone: 'warn' })),
  );
  add(
    'modified on disk',
    d.modified.map((text) => ({ text, tone: 'bad' })),
  );
  add(
    'drift',
    d.driftDetails.map((text) => ({ text, tone: 'bad' })),
  );
  add(
    'lint',
    d.lint.map((f) => ({
      text: `${f.severity} ${f.code}${f.object ? ` ${f.object}` : ''}: ${f.message}`,
      tone: f.severity === 'error' ? 'bad' : 'warn',
    })),
  );
  add(
    'problems',
    d.problems.map((text) => ({ text, tone: 'bad' })),
  );
  return { rows, lists };
}

export function countLabel(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : /(s|sh|ch|x)$/.test(noun) ? 'es' : 's'}`;
}

export const LABEL_WIDTH = 11;
