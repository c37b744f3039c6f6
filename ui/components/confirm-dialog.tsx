import { Box, Text } from 'ink';
import { useColors } from '../theme.js';

/** A yes/no question in a box; `y` confirms, `n`/Esc cancels (keys handled by the screen). */
export function ConfirmDialog({ question, detail }: { question: string; detail?: string }) {
  const color = useColors();
  return (
    <Box flexDirection="column" borderStyle="double" borderColor={color('warn')} paddingX={1}>
      <Text bold={color.strong}>{question}</Text>
      {detail ? <Text>{detail}</Text> : null}
      <Text>
        <Text bold={color.strong} color={color('accent')}>
          y
        </Text>{' '}
        yes ·{' '}
        <Text bold={color.strong} color={color('accent')}>
          n
        </Text>{' '}
        no
      </Text>
    </Box>
  );
}
