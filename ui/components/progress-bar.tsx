import { Text } from 'ink';
import type { ProgressEvent } from '../data-source.js';
import { useColors } from '../theme.js';

/** `[█████░░░░░] 2/4 applying 0002_x` — or just the message when the total is unknown. */
export function ProgressBar({ progress, width = 20 }: { progress: ProgressEvent; width?: number }) {
  const color = useColors();
  const { done, total, message } = progress;
  if (total === undefined || total <= 0 || done === undefined) return <Text color={color('accent')}>… {message}</Text>;
  const filled = Math.round((Math.min(done, total) / total) * width);
  return (
    <Text>
      <Text color={color('ok')}>[{'█'.repeat(filled)}</Text>
      <Text color={color('muted')}>{'░'.repeat(width - filled)}]</Text> {done}/{total} {message}
    </Text>
  );
}
