/**
 * The expected hash of a flash.lock text — the `to` of its last line — read without verifying the header
 * hash. For the hook's fast path only: hashing would initialise OpenSSL, which costs more than the rest
 * of the no-op hook. A lock that was edited by hand still yields its last `to`; the slow path (parseLock)
 * validates it. Returns undefined for an empty chain, or when the tail is not a well-formed line.
 */
export function lockTailHash(text: string): string | undefined {
  let end = text.length;
  for (;;) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).trim();
    if (line) {
      if (line.startsWith('#')) return undefined;
      const parts = line.split(/\s+/);
      return parts.length === 4 && /^[0-9a-f]{64}$/.test(parts[3]) ? parts[3] : undefined;
    }
    if (start === 0) return undefined;
    end = start - 1;
  }
}
