/** Terminal input sequences, as a real terminal sends them. */
export const KEY = {
  enter: '\r',
  escape: '\u001B',
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  tab: '\t',
  backspace: '\u007F',
} as const;

const ANSI = /\u001B\[[0-9;?]*[A-Za-z]/g;

export function stripAnsi(text: string | undefined): string {
  return (text ?? '').replace(ANSI, '');
}

export const tick = (ms = 25) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Poll until `check` holds (frames are rendered asynchronously), failing with the last frame. */
export async function waitFor(
  frame: () => string | undefined,
  check: (text: string) => boolean,
  what = 'condition',
  timeoutMs = 3000,
): Promise<string> {
  const start = Date.now();
  for (;;) {
    const text = stripAnsi(frame());
    if (check(text)) return text;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; last frame:\n${text}`);
    await tick(10);
  }
}

/** Write keys one at a time with a pause, like typing (Ink reads each chunk as one key). */
export async function press(stdin: { write(data: string): void }, ...keys: string[]): Promise<void> {
  for (const k of keys) {
    await tick();
    stdin.write(k);
  }
  await tick();
}
