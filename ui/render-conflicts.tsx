import { renderTui, type RenderOptions } from './render-tui.js';

/** Entry point of the conflicts screen (Esc from it quits). */
export function renderConflicts(options: RenderOptions): Promise<void> {
  return renderTui('conflicts', options);
}
