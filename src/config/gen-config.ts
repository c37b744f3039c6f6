/**
 * The `gen` section: `gen.js`, `gen.python`, `gen.go` in flash.config.json, `[gen.js]`, … in
 * flash.toml (Flash ORM's keys: `enabled`, `out`, and `package` for Go). A bad value is refused.
 */
import path from 'node:path';
import { FlashError } from '../errors.js';
import type { FlashConfig } from './config.js';

export const GEN_LANGUAGES = ['js', 'python', 'go'] as const;
export type GenLanguage = (typeof GEN_LANGUAGES)[number];

export interface GenTarget {
  language: GenLanguage;
  /** Absolute output directory. */
  outDir: string;
  /** As written in the config (for messages). */
  out: string;
  /** Go package name (default: the out directory's base name). */
  packageName: string;
}

export function genTargets(config: FlashConfig, projectDir: string): GenTarget[] {
  const gen = config.gen;
  if (gen === undefined) return [];
  if (typeof gen !== 'object' || gen === null || Array.isArray(gen)) throw invalid('gen', 'an object with js, python or go sections');
  const targets: GenTarget[] = [];
  for (const language of GEN_LANGUAGES) {
    const section = (gen as Record<string, unknown>)[language];
    if (section === undefined) continue;
    if (typeof section !== 'object' || section === null || Array.isArray(section)) throw invalid(`gen.${language}`, 'an object');
    const s = section as Record<string, unknown>;
    if (s.enabled !== undefined && typeof s.enabled !== 'boolean') throw invalid(`gen.${language}.enabled`, 'true or false');
    if (s.enabled === false) continue;
    const out = s.out ?? 'flash_gen';
    if (typeof out !== 'string' || !out.trim()) throw invalid(`gen.${language}.out`, 'a directory path');
    const outDir = path.resolve(projectDir, out);
    const rel = path.relative(projectDir, outDir);
    if (rel.startsWith('..') || path.isAbsolute(rel) || rel === '') throw invalid(`gen.${language}.out`, 'a directory inside the project');
    const pkg =
      s.package ??
      path
        .basename(outDir)
        .replace(/[^A-Za-z0-9_]/g, '_')
        .toLowerCase();
    if (typeof pkg !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(pkg)) throw invalid(`gen.${language}.package`, 'an identifier');
    targets.push({ language, outDir, out, packageName: pkg });
  }
  return targets;
}

function invalid(key: string, expected: string): FlashError {
  return new FlashError(
    'E_CONFIG_INVALID',
    `The config key ${key} must be ${expected}.`,
    'Fix the gen section of flash.config.json (or flash.toml).',
    { data: { key } },
  );
}
