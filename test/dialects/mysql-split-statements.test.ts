import { describe, expect, it } from 'vitest';
import { splitMysqlStatements } from '../../src/dialects/mysql/split-statements.js';

describe('mysql splitStatements', () => {
  it('splits on ; outside quotes and comments, with 1-based start lines', () => {
    const sql = [
      '-- header; not a statement',
      "CREATE TABLE a (s varchar(10) DEFAULT 'x;y', `we;ird` int); # trailing; comment",
      '/* block ;',
      '   comment */ INSERT INTO a VALUES ("q\\";", 1);',
      "INSERT INTO a VALUES ('it''s; \\' fine', 2)",
    ].join('\n');
    expect(splitMysqlStatements(sql)).toEqual([
      { sql: "CREATE TABLE a (s varchar(10) DEFAULT 'x;y', `we;ird` int)", line: 2 },
      { sql: 'INSERT INTO a VALUES ("q\\";", 1)', line: 4 },
      { sql: "INSERT INTO a VALUES ('it''s; \\' fine', 2)", line: 5 },
    ]);
  });

  it('keeps trigger and routine bodies whole (BEGIN … END with IF, CASE, loops inside)', () => {
    const sql = `CREATE TABLE t (id int);

CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW
BEGIN
  DECLARE x int DEFAULT 0;
  IF NEW.id < 0 THEN SET NEW.id = 0; END IF;
  SET x = CASE WHEN NEW.id > 10 THEN 1 ELSE 2 END;
  CASE x WHEN 1 THEN SET NEW.id = 1; ELSE BEGIN SET NEW.id = 2; END; END CASE;
  lbl: LOOP LEAVE lbl; END LOOP lbl;
  WHILE x > 0 DO SET x = x - 1; END WHILE;
  REPEAT SET x = x + 1; UNTIL x > 3 END REPEAT;
END;
CREATE TRIGGER simple AFTER DELETE ON t FOR EACH ROW DELETE FROM t WHERE id = OLD.id;
BEGIN;
SELECT t.end FROM t;
COMMIT;`;
    const out = splitMysqlStatements(sql);
    expect(out.map((s) => s.line)).toEqual([1, 3, 13, 14, 15, 16]);
    expect(out[1].sql.startsWith('CREATE TRIGGER trg')).toBe(true);
    expect(out[1].sql.endsWith('END REPEAT;\nEND')).toBe(true);
    expect(out[3].sql).toBe('BEGIN');
  });

  it('understands DELIMITER blocks from dump files, and a last statement without ;', () => {
    const sql = 'DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END//\nDELIMITER ;\nSELECT 3';
    expect(splitMysqlStatements(sql)).toEqual([
      { sql: 'CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END', line: 2 },
      { sql: 'SELECT 3', line: 4 },
    ]);
  });

  it('treats --x as an operator (MySQL needs a space after --) and keeps /*! */ executable comments', () => {
    expect(splitMysqlStatements('SELECT 1 --1;\n/*!40101 SET NAMES utf8mb4 */;')).toEqual([
      { sql: 'SELECT 1 --1', line: 1 },
      { sql: '/*!40101 SET NAMES utf8mb4 */', line: 2 },
    ]);
    expect(splitMysqlStatements('  \n -- only a comment\n')).toEqual([]);
  });
});
