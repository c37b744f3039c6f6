import { Box, Text } from 'ink';
import { useColors } from '../theme.js';

export type KeyBinding = readonly [key: string, action: string];

/** The always-visible footer: every key the current screen understands. */
export function KeyHelp({ keys }: { keys: readonly KeyBinding[] }) {
  const color = useColors();
  return (
    <Box borderStyle="single" borderLeft={false} borderRight={false} borderBottom={false} flexWrap="wrap" columnGap={2}>
      {keys.map(([key, action]) => (
        <Text key={key + action}>
          <Text bold={color.strong} color={color('accent')}>
            {key}
          </Text>{' '}
          {action}
        </Text>
      ))}
    </Box>
  );
}
