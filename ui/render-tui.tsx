import { render } from 'ink';
import type { FlashDataSource } from './data-source.js';
import type { ScreenName } from './hooks/navigation.js';
import { FlashApp } from './app.js';

export interface RenderOptions {
  source: FlashDataSource;
  /** false under NO_COLOR / dumb terminals */
  color: boolean;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

/** Mount the app on the terminal at `initial` and resolve when the user quits. */
export async function renderTui(initial: ScreenName, options: RenderOptions): Promise<void> {
  const instance = render(<FlashApp source={options.source} initial={initial} color={options.color} />, {
    // Ink spreads these over its defaults: an explicit undefined would replace process.stdout.
    ...(options.stdin ? { stdin: options.stdin } : {}),
    ...(options.stdout ? { stdout: options.stdout } : {}),
    exitOnCtrlC: true,
    patchConsole: false,
  });
  await instance.waitUntilExit();
}
