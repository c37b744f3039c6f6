import { Box, Text } from 'ink';
import { highlightSqlLines, type SqlTokenKind } from '../sql-highlight.js';
import { useColors, type ColorName } from '../theme.js';

const tokenColor: Record<SqlTokenKind, ColorName> = { keyword: 'keyword', string: 'string', comment: 'comment', number: 'number', plain: 'plain' };

/** SQL with keywords, strings and comments coloured; at most `maxLines` lines. */
export function SqlView({ sql, maxLines }: { sql: string; maxLines?: number }) {
  const color = useColors();
  const lines = highlightSqlLines(sql.trimEnd() || '-- (empty)');
  const shown = maxLines === undefined ? lines : lines.slice(0, Math.max(1, maxLines));
  return (
    <Box flexDirection="column">
      {shown.map((tokens, n) => (
        <Text key={n}>
          {tokens.length === 0
            ? ' '
            : tokens.map((t, k) => (
                <Text key={k} color={color(tokenColor[t.kind])} bold={t.kind === 'keyword' && color('keyword') !== undefined}>
                  {t.text}
                </Text>
              ))}
        </Text>
      ))}
      {shown.length < lines.length ? <Text color={color('muted')}>… {lines.length - shown.length} more lines</Text> : null}
    </Box>
  );
}
