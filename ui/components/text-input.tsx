import { Box, Text } from 'ink';
import { useColors } from '../theme.js';

/** Draws a one-line text field; the screen's reducer owns the value and the keys. */
export function TextInput({ label, value, hint }: { label: string; value: string; hint?: string }) {
  const color = useColors();
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text>
        <Text bold={color.strong}>{label}</Text> {value}
        <Text color={color('accent')}>█</Text>
      </Text>
      {hint ? <Text color={color('muted')}>{hint}</Text> : null}
    </Box>
  );
}
