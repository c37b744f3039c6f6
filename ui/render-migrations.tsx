import { renderTui, type RenderOptions } from './render-tui.js';

/** Entry point of the migrations screen (Esc from it quits). */
export function renderMigrations(options: RenderOptions): Promise<void> {
  return renderTui('migrations', options);
}
