// RESULTS.md is regenerated from the results saved by this checkout's runs, and a section can also be
// written by a separate script (bench/seed.ts). Each section sits between `<!-- <id>:start … -->` and
// `<!-- <id>:end -->`; a regeneration keeps every section of the previous file it did not measure
// itself, so re-running one section never drops the others (it used to drop the seed section).

const BLOCK = /<!-- ([a-z0-9-]+):start[^>]*-->[\s\S]*?<!-- \1:end -->/g;

export const startMark = (id: string) => `<!-- ${id}:start (bench/run.ts) -->`;
export const endMark = (id: string) => `<!-- ${id}:end -->`;

function sections(text: string | undefined): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of (text ?? '').matchAll(BLOCK)) found.set(m[1], m[0]);
  return found;
}

/**
 * `fresh` with the previous file's sections it lacks, each where it stood before: after the section
 * that preceded it in the previous file (when fresh has that one), else at the end.
 */
export function keepUnmeasuredSections(fresh: string, previous: string | undefined): string {
  const have = sections(fresh);
  let text = fresh.trimEnd();
  let after: string | undefined;
  for (const [id, block] of sections(previous)) {
    if (!have.has(id)) {
      const anchor = after === undefined ? undefined : sections(text).get(after);
      const at = anchor === undefined ? -1 : text.indexOf(anchor);
      text = at < 0 ? `${text}\n\n${block}` : `${text.slice(0, at + anchor!.length)}\n\n${block}${text.slice(at + anchor!.length)}`;
    }
    after = id;
  }
  return text;
}
