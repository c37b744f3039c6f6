import { Box, Text } from 'ink';
import type { FlashDataSource } from '../data-source.js';
import { SqlView } from '../components/sql-view.js';
import { LintList } from '../components/lint-list.js';
import { errorText } from '../components/status-line.js';
import { useLoad } from '../hooks/use-load.js';
import { useColors } from '../theme.js';

/** One migration: the chosen section's SQL (coloured, scrollable) and its lint findings. */
export function MigrationDetailPane({
  source,
  name,
  section,
  scroll,
  height,
}: {
  source: FlashDataSource;
  name: string;
  section: 'up' | 'down';
  scroll: number;
  height: number;
}) {
  const [detail] = useLoad(() => source.migrationDetail(name));
  const color = useColors();
  if (detail.status === 'error') return <Text>{errorText(detail.error)}</Text>;
  if (!detail.data) return <Text color={color('muted')}>loading {name}…</Text>;
  const sql = section === 'up' ? detail.data.up : detail.data.down;
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold={color.strong}>{name}</Text>{' '}
        <Text color={section === 'up' ? color('accent') : color('muted')}>{section === 'up' ? '[Up]' : ' Up '}</Text>{' '}
        <Text color={section === 'down' ? color('accent') : color('muted')}>{section === 'down' ? '[Down]' : ' Down '}</Text>
      </Text>
      <Box borderStyle="single" flexDirection="column" paddingX={1}>
        <SqlView sql={sql} offset={scroll} maxLines={Math.max(2, height - 4)} />
      </Box>
      <LintList findings={detail.data.lint} />
    </Box>
  );
}
