import { appendFileSync } from 'node:fs';
import { FlashError } from '../../errors.js';
import { checkProject, type CheckReport } from '../../api/check.js';
import { openProjects } from '../../api/project/project-context.js';
import { describeConflict } from '../../core/merge/merge-conflict.js';
import type { CommandHandler } from '../context.js';

const FORMATS = ['text', 'json', 'github'] as const;

const check: CommandHandler = async (_args, options, ctx) => {
  const format = typeof options.format === 'string' ? options.format : ctx.json ? 'json' : 'text';
  if (!FORMATS.includes(format as never))
    throw new FlashError('E_USAGE', `Unknown --format "${format}".`, `Use one of: ${FORMATS.join(', ')}.`);
  const all = await openProjects(ctx.cwd);
  const base = options.base as string | undefined;
  if (!all[0].project.database) {
    const report = await checkProject(all[0], { base });
    print(report, format, ctx.out);
    return report.exitCode;
  }
  // A [[databases]] project: every database is checked (none skipped after a failure), each under its name.
  const reports: Array<{ name: string; report: CheckReport }> = [];
  for (const pc of all) {
    const name = pc.project.database!.name;
    if (format !== 'json') ctx.out(`== database ${name} ==`);
    const report = await checkProject(pc, { base });
    reports.push({ name, report });
    if (format !== 'json') print(report, format, ctx.out, name);
  }
  const exitCode = Math.max(...reports.map((r) => r.report.exitCode));
  if (format === 'json')
    ctx.out(
      JSON.stringify({ ok: exitCode === 0, exitCode, databases: Object.fromEntries(reports.map((r) => [r.name, r.report])) }, null, 2),
    );
  return exitCode;
};

/** `database`: the name of a [[databases]] entry, for output read away from the `== database ==` lines (annotations, job summary). */
function print(report: CheckReport, format: string, out: (l: string) => void, database?: string): void {
  if (format === 'json') out(JSON.stringify(report, null, 2));
  else if (format === 'github') printGithub(report, out, database);
  else printText(report, out);
}
export default check;

function printText(r: CheckReport, out: (l: string) => void): void {
  out(`flash check: HEAD vs ${r.base.ref}${r.base.mergeBase ? ` (merge base ${r.base.mergeBase.slice(0, 8)})` : ''}`);
  out(
    `  ${r.migrations.total} migration(s), ${r.migrations.new.length} new on this branch${r.migrations.new.length ? `: ${r.migrations.new.join(', ')}` : ''}`,
  );
  for (const f of r.findings) out(`  ${f.severity}[${f.code}]${f.file ? ` ${f.file}${f.line ? `:${f.line}` : ''}` : ''}: ${f.message}`);
  for (const c of r.conflicts) out(`  conflict[${c.code}] ${c.path}: ${c.message}`);
  out(summaryLine(r));
}

function summaryLine(r: CheckReport): string {
  const count = (s: string) => r.findings.filter((f) => f.severity === s).length;
  const verdict = r.ok ? 'ok' : r.conflicts.length ? 'schema conflicts' : 'failed';
  return `${verdict}: ${count('error')} error(s), ${count('warning')} warning(s), ${r.conflicts.length} conflict(s)`;
}

/** GitHub Actions workflow commands (annotations) plus a markdown job summary when $GITHUB_STEP_SUMMARY is set. */
function printGithub(r: CheckReport, out: (l: string) => void, database?: string): void {
  const esc = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (s: string) => esc(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const flash = database !== undefined ? `flash ${database}` : 'flash';
  for (const f of r.findings) {
    const level = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
    const where = [f.file ? `file=${prop(f.file)}` : '', f.line ? `line=${f.line}` : '', `title=${prop(`${flash} ${f.code}`)}`]
      .filter(Boolean)
      .join(',');
    out(`::${level} ${where}::${esc(f.message)}`);
  }
  for (const c of r.conflicts) out(`::error title=${prop(`${flash} ${c.code} ${c.path}`)}::${esc(describeConflict(c))}`);
  out(summaryLine(r));
  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) appendFileSync(summaryFile, markdown(r, database));
}

function markdown(r: CheckReport, database?: string): string {
  const lines = [
    `## Flash schema check${database !== undefined ? ` (${database})` : ''}: ${r.ok ? '✅ passed' : r.conflicts.length ? '❌ schema conflicts' : '❌ failed'}`,
    '',
  ];
  lines.push(
    `Base \`${r.base.ref}\`, ${r.migrations.total} migration(s), ${r.migrations.new.length} new: ${r.migrations.new.map((n) => `\`${n}\``).join(', ') || 'none'}.`,
    '',
  );
  if (r.findings.length || r.conflicts.length) {
    lines.push('| severity | code | where | message |', '|---|---|---|---|');
    const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
    for (const f of r.findings)
      lines.push(
        `| ${f.severity} | ${f.code} | ${cell(f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : (f.path ?? ''))} | ${cell(f.message)} |`,
      );
    for (const c of r.conflicts) lines.push(`| conflict | ${c.code} | ${cell(c.path)} | ${cell(describeConflict(c))} |`);
  }
  return lines.join('\n') + '\n';
}
