import { Box, Text } from 'ink';
import type { ConflictItem } from '../data-source.js';
import type { ConflictOutcome } from '../hooks/conflicts-reducer.js';
import { useColors } from '../theme.js';

/** After the walk: what was chosen for each conflict, and what is still open. */
export function ConflictSummary({ items, outcomes }: { items: readonly ConflictItem[]; outcomes: Record<string, ConflictOutcome> }) {
  const color = useColors();
  const needing = items.filter((c) => c.resolutions.length > 0);
  const resolved = needing.filter((c) => outcomes[c.path]?.choice);
  const notes = resolved.flatMap((c) => outcomes[c.path]?.notes ?? []);
  return (
    <Box flexDirection="column">
      <Text bold={color.strong} color={color(resolved.length === needing.length ? 'ok' : 'warn')}>
        Summary: {resolved.length} of {needing.length} conflicts resolved
      </Text>
      {items.map((c, i) => {
        const o = c.resolutions.length ? outcomes[c.path] : undefined;
        const what = c.resolutions.length === 0 ? 'warning' : o?.choice ? `kept ${o.choice}` : o?.error ? 'failed' : 'unresolved';
        const tone = c.resolutions.length === 0 ? 'warn' : o?.choice ? 'ok' : 'bad';
        return (
          <Text key={`${i}:${c.code}:${c.path}`}>
            {'  '}
            <Text color={color(tone)}>{what.padEnd(12)}</Text> {c.code} {c.path}
          </Text>
        );
      })}
      {notes.map((n, i) => (
        <Text key={i} color={color('muted')}>
          {n}
        </Text>
      ))}
      {resolved.length === needing.length && needing.length > 0 ? <Text>All conflicts are resolved.</Text> : null}
    </Box>
  );
}
