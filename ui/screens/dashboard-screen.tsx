import { Box, Text, useInput } from 'ink';
import { dashboardView, LABEL_WIDTH, type DashboardView } from '../dashboard-lines.js';
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
      {state.data ? <DashboardBody view={dashboardView(state.data)} wide={columns >= 110} rows={rows} /> : null}
    </ScreenFrame>
  );
}

/** Facts on the left, the lists (pending, drift, lint…) beside them when wide, below them when narrow. */
function DashboardBody({ view, wide, rows }: { view: DashboardView; wide: boolean; rows: number }) {
  const color = useColors();
  // Keep the key help on screen: each list gets a share of the rows left after the facts and the frame.
  const free = rows - 6 - (wide ? 0 : view.rows.length + 1);
  const perList = Math.max(2, Math.floor(free / Math.max(1, view.lists.length)) - 2);
  return (
    <Box flexDirection={wide ? 'row' : 'column'} columnGap={4}>
      <Box flexDirection="column" flexShrink={0}>
        {view.rows.map((row) => (
          <Text key={row.label}>
            <Text bold={color.strong}>{row.label.padEnd(LABEL_WIDTH)}</Text>
            <Text color={color(row.tone)}>{row.value}</Text>
          </Text>
        ))}
      </Box>
      <Box flexDirection="column" marginTop={wide ? 0 : 1} flexShrink={1}>
        {view.lists.map((list) => (
          <Box key={list.title} flexDirection="column" marginBottom={1}>
            <Text bold={color.strong}>{list.title}:</Text>
            {list.items.slice(0, perList).map((item, n) => (
              <Text key={n} color={color(item.tone)}>
                {'  '}
                {item.text}
              </Text>
            ))}
            {list.items.length > perList ? <Text color={color('muted')}>  … {list.items.length - perList} more</Text> : null}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
