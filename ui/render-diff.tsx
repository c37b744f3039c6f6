import { renderTui, type RenderOptions } from './render-tui.js';

/** Entry point of the diff screen (Esc from it quits). */
export function renderDiff(options: RenderOptions): Promise<void> {
  return renderTui('diff', options);
}
