import { renderTui, type RenderOptions } from './render-tui.js';

/** Entry point of the dashboard screen (other screens are reachable from it; q or Esc quits). */
export function renderDashboard(options: RenderOptions): Promise<void> {
  return renderTui('dashboard', options);
}
