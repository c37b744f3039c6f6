import { Text } from 'ink';
import { useColors } from '../theme.js';

export type Status = { tone: 'ok' | 'bad' | 'muted'; text: string } | undefined;

/** The last action's outcome (or error with its code and hint). */
export function StatusLine({ status }: { status: Status }) {
  const color = useColors();
  if (!status) return null;
  return <Text color={color(status.tone)}>{status.text}</Text>;
}

/** `error[E_CODE]: message — hint` for any thrown value. */
export function errorText(err: unknown): string {
  const e = err as { code?: string; message?: string; hint?: string };
  const head = e?.code ? `error[${e.code}]: ${e.message}` : `error: ${e?.message ?? String(err)}`;
  return e?.hint ? `${head} — ${e.hint}` : head;
}
