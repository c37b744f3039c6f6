import { Box, Text, useInput } from 'ink';
import { dashboardView, LABEL_WIDTH, type DashboardView, type Tone } from '../dashboard-lines.js';
import { ScreenFrame } from '../components/screen-frame.js';
import { errorText } from '../components/status-line.js';
import type { KeyBinding } from '../components/key-help.js';
import { useLoad } from '../hooks/use-load.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { useColors } from '../theme.js';
import type { ScreenProps } from './screen-props.js';

const KEYS: KeyBinding[] = [
  ['b', 'branches'],
  ['m', 'migrations'],
  ['s', 'schema diff'],
  ['c', 'conflicts'],
  ['r', 'refresh'],
  ['q/Esc', 'quit'],
];

export function DashboardScreen({ source, open, quit }: ScreenProps) {
  const [state, reload] = useLoad(() => source.loadDashboard());
  const { columns, rows } = useTerminalSize();
  useInput((input, key) => {
    if (input === 'q' || key.escape) quit();
    else if (input === 'b') open('branches');
    else if (input === 'm') open('migrations');
    else if (input === 's') open('diff');
    else if (input === 'c') open('conflicts');
    else if (input === 'r') reload();
  });
  const subtitle = state.status === 'loading' ? 'loading…' : undefined;
  return (
    <ScreenFrame title="dashboard" subtitle={subtitle} keys={KEYS} width={columns}>
      {state.status === 'error' ? <Text>{errorText(state.error)}</Text> : null}
      {state.data ? <DashboardBody view={dashboardView(state.data)} wide={columns >= 110} rows={rows} columns={columns} /> : null}
    </ScreenFrame>
  );
}

/** Lines the key help takes at this width (a top border, then the bindings wrapped). */
function keyHelpLines(columns: number): number {
  let lines = 1;
  let used = 0;
  for (const [key, action] of KEYS) {
    const width = key.length + 1 + action.length;
    if (used > 0 && used + 2 + width > columns) {
      lines++;
      used = 0;
    }
    used += (used > 0 ? 2 : 0) + width;
  }
  return lines + 1;
}

type Line = { key: string; label?: string; text: string; tone: Tone; bold?: boolean };

/** Cut `lines` to `budget`, the last one saying how many were left out. */
function fit(lines: Line[], budget: number): Line[] {
  if (lines.length <= budget) return lines;
  const kept = lines.slice(0, Math.max(0, budget - 1));
  const hidden = lines.length - kept.length;
  return [
    ...kept,
    { key: 'hidden', text: `… ${hidden} more line${hidden === 1 ? '' : 's'} (a taller terminal shows them)`, tone: 'muted' },
  ];
}

/** The lists as lines, each list cut to its share of `room` so one long list does not hide the others. */
function listLines(view: DashboardView, room: number): Line[] {
  const out: Line[] = [];
  const perList = Math.max(1, Math.floor(room / Math.max(1, view.lists.length)) - 1);
  for (const list of view.lists) {
    out.push({ key: `${list.title}:title`, text: `${list.title}:`, tone: 'plain', bold: true });
    const shown = list.items.length > perList ? list.items.slice(0, Math.max(1, perList - 1)) : list.items;
    shown.forEach((item, n) => out.push({ key: `${list.title}:${n}`, text: `  ${item.text}`, tone: item.tone }));
    if (shown.length < list.items.length)
      out.push({ key: `${list.title}:more`, text: `  … ${list.items.length - shown.length} more`, tone: 'muted' });
  }
  return out;
}

/**
 * Facts on the left, the lists (pending, drift, lint…) beside them when wide, below them when narrow.
 * Every line is one terminal line (truncated), and the whole is cut to the rows the terminal has, so
 * the title and the key help never scroll off.
 */
function DashboardBody({ view, wide, rows, columns }: { view: DashboardView; wide: boolean; rows: number; columns: number }) {
  const color = useColors();
  // the title line and its margin, the key help, and the line Ink leaves for the cursor
  const budget = Math.max(1, rows - 2 - keyHelpLines(columns) - 1);
  const facts: Line[] = view.rows.map((row) => ({ key: row.label, label: row.label, text: row.value, tone: row.tone }));
  const draw = (line: Line) => (
    <Text key={line.key} wrap="truncate-end" color={line.label ? undefined : color(line.tone)} bold={line.bold && color.strong}>
      {line.label ? (
        <>
          <Text bold={color.strong}>{line.label.padEnd(LABEL_WIDTH)}</Text>
          <Text color={color(line.tone)}>{line.text}</Text>
        </>
      ) : (
        line.text
      )}
    </Text>
  );
  if (wide) {
    return (
      <Box flexDirection="row" columnGap={4}>
        <Box flexDirection="column" flexShrink={0}>
          {fit(facts, budget).map(draw)}
        </Box>
        <Box flexDirection="column" flexShrink={1}>
          {fit(listLines(view, budget), budget).map(draw)}
        </Box>
      </Box>
    );
  }
  const lists = listLines(view, budget - facts.length - 1);
  const lines = lists.length ? [...facts, { key: 'gap', text: ' ', tone: 'plain' as Tone }, ...lists] : facts;
  return (
    <Box flexDirection="column" width={columns}>
      {fit(lines, budget).map(draw)}
    </Box>
  );
}
