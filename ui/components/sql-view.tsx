import { Box, Text } from 'ink';
import { highlightSqlLines, type SqlTokenKind } from '../sql-highlight.js';
import { useColors, type ColorName } from '../theme.js';

const tokenColor: Record<SqlTokenKind, ColorName> = {
  keyword: 'keyword',
  string: 'string',
  comment: 'comment',
  number: 'number',
  plain: 'plain',
};

/**
 * SQL with keywords, strings and comments coloured; `maxLines` lines from `offset`. The whole text is
 * tokenized before slicing, so a window that starts inside a block comment still colours it right.
 */
export function SqlView({ sql, maxLines, offset = 0 }: { sql: string; maxLines?: number; offset?: number }) {
  const color = useColors();
  const all = highlightSqlLines(sql.trimEnd() || '-- (empty)');
  const from = Math.min(Math.max(0, offset), all.length - 1);
  const lines = all.slice(from);
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
      {from > 0 ? <Text color={color('muted')}>↑ {from} lines above</Text> : null}
      {shown.length < lines.length ? <Text color={color('muted')}>… {lines.length - shown.length} more lines</Text> : null}
    </Box>
  );
}
