// The results check of bench/gen-client.ts and bench/gen-client-mysql.ts: each variant's results,
// normalized, must equal the yardstick's. Masked: `id` and `created_at` (they differ per insert), the
// per-variant tag inside emails. Normalized: bigint / number / Decimal → string (pg returns bigint and
// count as strings, Prisma as BigInt, drizzle's count() as number), Date → ISO string, Buffer → hex.

function norm(v: unknown, tag: string): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint' || typeof v === 'number') return String(v);
  if (typeof v === 'string') return v.split(tag).join('<tag>');
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return v.toString('hex');
  if (Array.isArray(v)) return v.map((x) => norm(x, tag));
  if (typeof v === 'object') {
    // Prisma's Decimal (decimal.js) has toFixed and a toString that prints the number
    if (typeof (v as { toFixed?: unknown }).toFixed === 'function' && typeof (v as { d?: unknown }).d !== 'undefined') return String(v);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) if (k !== 'id' && k !== 'created_at') out[k] = norm((v as Record<string, unknown>)[k], tag);
    return out;
  }
  return v;
}

/** A comparable string for a variant's results, with what legitimately differs masked. */
export function maskedDigest(results: unknown[], tag: string): string {
  return JSON.stringify(norm(results, tag));
}
