import type { Schema } from '../core/model/schema.js';
import type { Operation, Statement } from '../core/diff/operations.js';
import type { ProjectContext } from './project-context.js';

export interface LintFinding {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  op: number;
  object: string;
  /** SQL of the statements that implement the operation */
  statements: string[];
}

export interface DataFinding {
  code: string;
  object: string;
  message: string;
  count: number;
}

/** PROVISIONAL until src/core/lint lands. */
export function lintPlan(pc: ProjectContext, ops: Operation[], statements: Statement[], from: Schema, to: Schema): LintFinding[] {
  void pc; void ops; void statements; void from; void to;
  return [];
}

export async function checkData(pc: ProjectContext, ops: Operation[], from: Schema, to: Schema): Promise<{ findings: DataFinding[]; notes: string[] }> {
  void pc; void ops; void from; void to;
  return { findings: [], notes: [] };
}
