import { describe, expect, it } from 'vitest';
import { migrationChecksum, parseMigrationFile, renderMigrationFile, setChainHashes } from '../../src/core/plan/migration-file.js';
import { endsInsideQuote, findSectionMarkers } from '../../src/core/plan/section-markers.js';
import { endsInsideQuote as referenceEndsInsideQuote, findSectionMarkers as referenceMarkers } from './section-markers-reference.js';
import { FlashError } from '../../src/errors.js';

const h = (c: string) => c.repeat(64);
const mysql = { backslashEscapes: true };

/** Render then parse: what Flash writes must read back section for section. */
function roundTrip(up: string, down: string, syntax = {}) {
  const text = renderMigrationFile({ name: '1_x', title: 'x', from: h('a'), to: h('b'), up, down }, syntax);
  return { text, parsed: parseMigrationFile('1_x', text, syntax) };
}

describe('section markers count only outside strings, comments and bodies', () => {
  const cases: Array<[string, string]> = [
    ['a multi-line default', "CREATE TABLE notes (body text DEFAULT 'line 1\n-- +migrate Down\nline 3');"],
    ['a comment on an object', "COMMENT ON TABLE notes IS 'how to\n-- +migrate Down\nby hand';"],
    [
      'a dollar-quoted function body',
      'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $fn$\nBEGIN\n-- +migrate Down\nRETURN 1;\nEND\n$fn$;',
    ],
    ['an untagged dollar body', 'CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $$\n-- +migrate Down\nSELECT 1\n$$;'],
    ['a block comment', '/* notes:\n-- +migrate Down\n*/\nCREATE TABLE a (id int);'],
    ['a quoted identifier', 'CREATE TABLE "odd\n-- +migrate Down\nname" (id int);'],
    ['an E string with an escaped quote', "INSERT INTO t VALUES (E'it\\'s\n-- +migrate Down\nok');"],
  ];
  for (const [what, up] of cases) {
    it(`in ${what}`, () => {
      const { parsed } = roundTrip(up, 'DROP TABLE notes;');
      expect(parsed.up).toBe(up);
      expect(parsed.down).toBe('DROP TABLE notes;');
      expect(parsed.downLine).toBe(up.split('\n').length + 8);
    });
  }

  it('in a MySQL string with a backslash-escaped quote', () => {
    const up = "INSERT INTO t VALUES ('it\\'s\n-- +migrate Down\nok');";
    const { parsed } = roundTrip(up, 'DELETE FROM t;', mysql);
    expect(parsed.up).toBe(up);
    expect(parsed.down).toBe('DELETE FROM t;');
  });

  it('after a MySQL # comment holding a quote', () => {
    const text = "-- +migrate Up\n# don't worry\nCREATE TABLE a (id int);\n-- +migrate Down\nDROP TABLE a;\n";
    expect(parseMigrationFile('1_x', text, mysql)).toMatchObject({ up: "# don't worry\nCREATE TABLE a (id int);", down: 'DROP TABLE a;' });
  });

  it('still finds plain markers, in any case, with text after them', () => {
    const text = '-- +migrate up\nCREATE TABLE a (id int);\n--+migrate DOWN notransaction\nDROP TABLE a;\n';
    expect(findSectionMarkers(text).map((m) => m.kind)).toEqual(['up', 'down']);
    expect(parseMigrationFile('1_x', text)).toMatchObject({
      up: 'CREATE TABLE a (id int);',
      down: 'DROP TABLE a;',
      upLine: 2,
      downLine: 4,
    });
  });

  it('refuses a marker swallowed by a quote that never closes (E_MIGRATION_FORMAT), on read and on write', () => {
    const text = "-- +migrate Up\nINSERT INTO t VALUES ('oops);\n-- +migrate Down\nDELETE FROM t;\n";
    const err = (() => {
      try {
        parseMigrationFile('1_x', text);
      } catch (e) {
        return e;
      }
    })() as FlashError;
    expect(err).toBeInstanceOf(FlashError);
    expect(err.code).toBe('E_MIGRATION_FORMAT');
    expect(err.message).toContain('line 3');
    expect(() => renderMigrationFile({ name: '1_x', title: 'x', up: "INSERT INTO t VALUES ('oops);", down: 'DELETE FROM t;' })).toThrow(
      /would not read back|never closed/,
    );
  });

  it('chain lines are header lines: the same text inside the SQL is kept and checksummed', () => {
    const up = "INSERT INTO t VALUES ('a\n-- flash:from x\nb');";
    const { text } = roundTrip(up, 'DELETE FROM t;');
    const repointed = setChainHashes(text, h('c'), h('d'));
    expect(parseMigrationFile('1_x', repointed)).toMatchObject({ from: h('c'), to: h('d'), up });
    expect(migrationChecksum(repointed)).toBe(migrationChecksum(text));
    expect(migrationChecksum(text.replace('-- flash:from x', '-- flash:from y'))).not.toBe(migrationChecksum(text));
  });
});

describe('the fast scanner finds exactly what the character-by-character one finds', () => {
  // Random texts over the characters that matter (quotes, comments, dollar tags, E strings, marker lines).
  const pieces = [
    "'",
    '"',
    '`',
    '$$',
    '$fn$',
    '--',
    '-',
    '#',
    '/*',
    '*/',
    '/',
    '\\',
    "E'",
    'e',
    'x',
    ' ',
    '\n',
    '\n-- +migrate Up\n',
    '\n-- +migrate Down\n',
    '-- +migrate down',
    '\r\n',
    'a_1',
  ];
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  it('on 3,000 random texts, both quote syntaxes', () => {
    for (let k = 0; k < 3000; k++) {
      const text = Array.from({ length: 1 + rand(40) }, () => pieces[rand(pieces.length)]).join('');
      for (const syntax of [{}, mysql]) {
        expect(findSectionMarkers(text, syntax), JSON.stringify(text)).toEqual(referenceMarkers(text, syntax));
        expect(endsInsideQuote(text, syntax), JSON.stringify(text)).toBe(referenceEndsInsideQuote(text, syntax));
      }
    }
  });
});
