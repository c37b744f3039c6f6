import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { useColors } from '../theme.js';

/**
 * A vertical list with a cursor. Only `height` rows are drawn, scrolled so the cursor stays visible.
 * The cursor is a `›` marker (not only a colour) so it shows without colours too.
 */
export function SelectList<T>({
  items,
  selected,
  height,
  render,
  empty = '(none)',
}: {
  items: readonly T[];
  selected: number;
  height: number;
  render: (item: T, isSelected: boolean) => ReactNode;
  empty?: string;
}) {
  const color = useColors();
  if (items.length === 0) return <Text color={color('muted')}>{empty}</Text>;
  const rows = Math.max(1, height);
  // Centre the cursor when the list is longer than the window (stateless, so resizes just work).
  const from = Math.max(0, Math.min(selected - Math.floor(rows / 2), items.length - rows));
  const visible = items.slice(from, from + rows);
  return (
    <Box flexDirection="column">
      {from > 0 ? <Text color={color('muted')}> ↑ {from} more</Text> : null}
      {visible.map((item, n) => {
        const isSelected = from + n === selected;
        return (
          <Box key={from + n}>
            <Text color={isSelected ? color('selected') : undefined} bold={isSelected && color.strong}>
              {isSelected ? '› ' : '  '}
            </Text>
            {render(item, isSelected)}
          </Box>
        );
      })}
      {from + rows < items.length ? <Text color={color('muted')}> ↓ {items.length - from - rows} more</Text> : null}
    </Box>
  );
}
