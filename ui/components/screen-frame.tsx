import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { KeyHelp, type KeyBinding } from './key-help.js';
import { useColors } from '../theme.js';

/** Title bar, body and key help: the layout every screen shares; `width` follows the terminal. */
export function ScreenFrame({
  title,
  subtitle,
  keys,
  width,
  children,
}: {
  title: string;
  subtitle?: string;
  keys: readonly KeyBinding[];
  width: number;
  children: ReactNode;
}) {
  const color = useColors();
  return (
    <Box flexDirection="column" width={width}>
      <Box columnGap={2}>
        <Text bold={color.strong} color={color('accent')}>
          ⚡ Flash · {title}
        </Text>
        {subtitle ? <Text color={color('muted')}>{subtitle}</Text> : null}
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {children}
      </Box>
      <KeyHelp keys={keys} />
    </Box>
  );
}
