import type { DashboardData } from './data-source.js';
import { dashboardView, LABEL_WIDTH } from './dashboard-lines.js';

/**
 * The dashboard as plain text, for `flash tui` without a terminal (pipes, CI). Imports no ink/react,
 * so the non-interactive path stays cheap.
 */
export function formatDashboardText(data: DashboardData): string {
  const view = dashboardView(data);
  const out = ['Flash dashboard', ''];
  for (const row of view.rows) out.push(`${row.label.padEnd(LABEL_WIDTH)}${row.value}`);
  for (const list of view.lists) {
    out.push('', `${list.title}:`);
    for (const item of list.items) out.push(`  ${item.text}`);
  }
  return out.join('\n');
}
