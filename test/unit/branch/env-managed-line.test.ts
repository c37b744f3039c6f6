import { describe, expect, it } from 'vitest';
import { readManagedLine, writeManagedLine } from '../../../src/core/branch/env-managed-line.js';
import { parseDotenv } from '../../../src/config/dotenv.js';

describe('.env managed line', () => {
  it('creates the line in an empty file', () => {
    const out = writeManagedLine('', 'DATABASE_URL', 'postgres://u:p@h/app__feature', 'feature');
    expect(out).toBe('DATABASE_URL=postgres://u:p@h/app__feature # managed by flash (branch: feature)\n');
    expect(parseDotenv(out).DATABASE_URL).toBe('postgres://u:p@h/app__feature');
  });

  it("converts the user's own line and keeps every other line byte-for-byte", () => {
    const before = '# my settings\r\nSECRET="a b # c"\r\nDATABASE_URL=postgres://h/app\r\n\r\nexport OTHER=1';
    const out = writeManagedLine(before, 'DATABASE_URL', 'postgres://h/app__x', 'x');
    expect(out).toBe(
      '# my settings\r\nSECRET="a b # c"\r\nDATABASE_URL=postgres://h/app__x # managed by flash (branch: x)\r\n\r\nexport OTHER=1',
    );
    const again = writeManagedLine(out, 'DATABASE_URL', 'postgres://h/app', 'main');
    expect(again).toBe(before.replace('DATABASE_URL=postgres://h/app', 'DATABASE_URL=postgres://h/app # managed by flash (branch: main)'));
    expect(readManagedLine(again, 'DATABASE_URL')).toEqual({ url: 'postgres://h/app', branch: 'main' });
    expect(parseDotenv(again)).toMatchObject({ SECRET: 'a b # c', DATABASE_URL: 'postgres://h/app', OTHER: '1' });
  });

  it('keeps an export prefix, appends after a file without final newline, and leaves other variables alone', () => {
    expect(writeManagedLine('export DATABASE_URL=x\n', 'DATABASE_URL', 'y', 'b')).toBe(
      'export DATABASE_URL=y # managed by flash (branch: b)\n',
    );
    expect(writeManagedLine('A=1', 'DATABASE_URL', 'y', 'b')).toBe('A=1\nDATABASE_URL=y # managed by flash (branch: b)\n');
    expect(writeManagedLine('DATABASE_URL_RO=z\n', 'DATABASE_URL', 'y', 'b')).toBe(
      'DATABASE_URL_RO=z\nDATABASE_URL=y # managed by flash (branch: b)\n',
    );
    expect(readManagedLine('DATABASE_URL=x\n', 'DATABASE_URL')).toBeUndefined();
  });
});
