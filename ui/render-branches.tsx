import { renderTui, type RenderOptions } from './render-tui.js';

/** Entry point of the branches screen (Esc from it quits). */
export function renderBranches(options: RenderOptions): Promise<void> {
  return renderTui('branches', options);
}
