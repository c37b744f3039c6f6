import { Box, Text } from 'ink';
import type { LintFinding } from '../data-source.js';
import { useColors } from '../theme.js';

export function LintList({ findings }: { findings: readonly LintFinding[] }) {
  const color = useColors();
  if (findings.length === 0) return <Text color={color('ok')}>lint: no findings</Text>;
  return (
    <Box flexDirection="column">
      {findings.map((f, n) => (
        <Text key={n}>
          <Text color={color(f.severity === 'error' ? 'bad' : f.severity === 'warning' ? 'warn' : 'muted')}>
            {f.severity} {f.code}
          </Text>
          {f.object ? ` ${f.object}` : ''}: {f.message}
        </Text>
      ))}
    </Box>
  );
}
