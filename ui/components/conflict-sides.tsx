import { Box, Text } from 'ink';
import { describeSide } from '../describe-object.js';
import type { ConflictItem } from '../data-source.js';
import { useColors, type ColorName } from '../theme.js';

/** Base, ours and theirs next to each other (stacked when the terminal is narrow). */
export function ConflictSides({ conflict, width }: { conflict: ConflictItem; width: number }) {
  const narrow = width < 72;
  const columnWidth = narrow ? width : Math.floor(width / 3);
  const sides: Array<[string, unknown, ColorName]> = [
    ['base', conflict.base, 'muted'],
    ['ours (HEAD)', conflict.ours, 'accent'],
    ['theirs', conflict.theirs, 'changed'],
  ];
  return (
    <Box flexDirection={narrow ? 'column' : 'row'}>
      {sides.map(([title, value, tone]) => (
        <Side key={title} title={title} value={value} tone={tone} width={columnWidth} />
      ))}
    </Box>
  );
}

function Side({ title, value, tone, width }: { title: string; value: unknown; tone: ColorName; width: number }) {
  const color = useColors();
  return (
    <Box flexDirection="column" borderStyle="single" borderColor={color(tone)} width={width} paddingX={1}>
      <Text bold={color.strong} color={color(tone)}>
        {title}
      </Text>
      {describeSide(value).map((line, n) => (
        <Text key={n}>{line}</Text>
      ))}
    </Box>
  );
}
