import type { Schema } from '../model/schema.js';
import { canonicalJson } from '../snapshot/canonical.js';
import type { Operation } from './operations.js';

/**
 * Extensions to create (first in a migration: types and operators of theirs may be used by anything
 * after) and to drop (last: whatever used them is gone by then). One that moves to another schema is
 * dropped and created again.
 */
export function diffExtensions(from: Schema, to: Schema): { creates: Operation[]; drops: Operation[] } {
  const before = new Map((from.extensions ?? []).map((e) => [e.name, e]));
  const after = new Map((to.extensions ?? []).map((e) => [e.name, e]));
  const creates: Operation[] = [];
  const drops: Operation[] = [];
  for (const [name, next] of [...after].sort(([a], [b]) => a.localeCompare(b))) {
    const old = before.get(name);
    if (old && canonicalJson(old) === canonicalJson(next)) continue;
    if (old) drops.push({ kind: 'dropExtension', extension: old });
    creates.push({ kind: 'createExtension', extension: next });
  }
  for (const [name, old] of [...before].sort(([a], [b]) => a.localeCompare(b))) {
    if (!after.has(name)) drops.push({ kind: 'dropExtension', extension: old });
  }
  return { creates, drops };
}
