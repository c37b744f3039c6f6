import { Box, Text } from 'ink';
import type { DiffLine } from '../line-diff.js';
import { useColors } from '../theme.js';

/** `+`/`-` lines of a text diff; folded runs show how many unchanged lines they hide. */
export function LineDiffView({
  lines,
  offset = 0,
  height,
}: {
  lines: Array<DiffLine | { fold: number }>;
  offset?: number;
  height: number;
}) {
  const color = useColors();
  offset = Math.min(offset, Math.max(0, lines.length - 1));
  const shown = lines.slice(offset, offset + height);
  return (
    <Box flexDirection="column">
      {shown.map((l, n) =>
        'fold' in l ? (
          <Text key={n} color={color('muted')}>
            @@ {l.fold} unchanged lines @@
          </Text>
        ) : (
          <Text key={n} color={l.sign === '+' ? color('added') : l.sign === '-' ? color('removed') : undefined}>
            {l.sign} {l.text}
          </Text>
        ),
      )}
      {offset + height < lines.length ? <Text color={color('muted')}>… {lines.length - offset - height} more</Text> : null}
    </Box>
  );
}
