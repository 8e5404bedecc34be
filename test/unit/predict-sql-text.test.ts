/**
 * SQL lineage around the parser (server/src/service/sql): statements split as the Airflow provider splits them,
 * a failing statement reported with sqlparser-rs's message and position while the others keep their lineage,
 * Jinja parts kept as named unknowns, the size limit, and a parser that misbehaves. Own SQL.
 */
import assert from 'node:assert/strict';
import { loadSqlLineage } from '../../server/src/node/sql';
import type { SqlLineageFn } from '../../server/src/service/predict/types';
import { createSqlLineage, MAX_SQL_LENGTH } from '../../server/src/service/sql';
import { splitStatements } from '../../server/src/service/sql/text';

let lineage: SqlLineageFn;

before(async () => {
  lineage = await loadSqlLineage();
});

const covered = (sql: string, r: { start: number; end: number }): string => sql.slice(r.start, r.end);

describe('SQL lineage: errors', () => {
  it("reports sqlparser-rs's message as openlineage-sql does, with its line, column and the token's range", () => {
    const sql = 'SELEC id FROM t';
    const r = lineage(sql, { dialect: 'postgres' });
    assert.deepEqual(
      r.errors.map((e) => ({ ...e, text: covered(sql, e.range) })),
      [
        {
          message: 'Expected: an SQL statement, found: SELEC at Line: 1, Column: 1',
          line: 1,
          column: 1,
          range: { start: 0, end: 5 },
          text: 'SELEC',
        },
      ],
    );
  });

  it('keeps the lineage of the statements that parse; positions are in the whole text', () => {
    const sql = 'INSERT INTO kept SELECT a FROM src;\n\n  UPDATE SET x = 1;\nDELETE FROM gone;';
    const r = lineage(sql, { dialect: 'postgres' });
    assert.deepEqual(
      r.inputs.map((t) => t.qualifiedName),
      ['src'],
    );
    assert.deepEqual(
      r.outputs.map((t) => t.qualifiedName),
      ['gone', 'kept'],
    );
    assert.deepEqual(
      r.errors.map((e) => [e.message, e.line, e.column, covered(sql, e.range)]),
      [['Expected: SET, found: = at Line: 3, Column: 16', 3, 16, '=']],
    );
  });

  it('an error at the end of a statement (found: EOF) covers the statement', () => {
    const sql = 'SELECT 1 FROM ok;\nINSERT INTO';
    const r = lineage(sql, { dialect: 'postgres' });
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0]!.message, /found: EOF$/);
    assert.deepEqual([r.errors[0]!.line, covered(sql, r.errors[0]!.range)], [2, 'INSERT INTO']);
    assert.deepEqual(
      r.inputs.map((t) => t.name),
      ['ok'],
    );
  });

  it("tokenizer errors keep sqlparser-rs's words", () => {
    const r = lineage("SELECT 'open", { dialect: 'postgres' });
    assert.deepEqual(
      r.errors.map((e) => [e.message, e.line, e.column]),
      [['Unterminated string literal at Line: 1, Column: 8', 1, 8]],
    );
  });

  it('refuses SQL over the size limit instead of parsing it', () => {
    const sql = `SELECT 1 FROM t WHERE x = '${'y'.repeat(MAX_SQL_LENGTH)}'`;
    const r = lineage(sql, { dialect: 'generic' });
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0]!.message, /over the 1048576-character limit/);
    assert.deepEqual(r.errors[0]!.range, { start: 0, end: sql.length });
  });

  it('never throws: a parser returning an unknown shape gives nothing, a throwing one an error', () => {
    const odd = createSqlLineage({ parse: () => [{ Query: { body: { Mystery: 42 } } }, 'Commit', null, { Insert: 7 }] });
    assert.deepEqual(odd('SELECT 1', { dialect: 'generic' }), { inputs: [], outputs: [], columnLineage: [], errors: [], templates: [] });
    const broken = createSqlLineage({
      parse: () => {
        throw new Error('sql parser error: Expected: something, found: x at Line: 1, Column: 3');
      },
    });
    assert.deepEqual(broken('a x', { dialect: 'generic' }).errors[0]!.message, 'Expected: something, found: x at Line: 1, Column: 3');
  });
});

describe('SQL lineage: statements', () => {
  it('splits at semicolons outside strings, quoted names, comments and dollar-quoted bodies', () => {
    const sql = 'SELECT \';\' FROM "a;b"; -- not; here\nSELECT $$;$$ /* ; */ FROM c;\n;\n  SELECT 2';
    assert.deepEqual(
      splitStatements(sql).map((r) => covered(sql, r)),
      ['SELECT \';\' FROM "a;b";', 'SELECT $$;$$ /* ; */ FROM c;', 'SELECT 2'],
    );
  });

  it('keeps BEGIN … END of a CREATE FUNCTION in one statement', () => {
    const sql = 'CREATE FUNCTION f() BEGIN SELECT 1; SELECT 2; END;\nSELECT 3';
    assert.deepEqual(
      splitStatements(sql).map((r) => covered(sql, r)),
      ['CREATE FUNCTION f() BEGIN SELECT 1; SELECT 2; END;', 'SELECT 3'],
    );
  });
});

describe('SQL lineage: Jinja templates', () => {
  it('a templated schema stays in the name as written, with the template listed', () => {
    const sql = "INSERT INTO {{ params.schema }}.orders_{{ ds_nodash }}\nSELECT * FROM raw.orders WHERE day = '{{ ds }}'";
    const r = lineage(sql, { dialect: 'postgres' });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.outputs.map((t) => [t.schema, t.name, t.qualifiedName, t.range && covered(sql, t.range)]),
      [
        [
          '{{ params.schema }}',
          'orders_{{ ds_nodash }}',
          '{{ params.schema }}.orders_{{ ds_nodash }}',
          '{{ params.schema }}.orders_{{ ds_nodash }}',
        ],
      ],
    );
    assert.deepEqual(
      r.inputs.map((t) => t.qualifiedName),
      ['raw.orders'],
    );
    assert.deepEqual(
      r.templates.map((t) => [t.text, covered(sql, t.range)]),
      [
        ['{{ params.schema }}', '{{ params.schema }}'],
        ['{{ ds_nodash }}', '{{ ds_nodash }}'],
        ['{{ ds }}', '{{ ds }}'],
      ],
    );
  });

  it('statement tags and comments are blanked, not failures; column names map back too', () => {
    const sql = `{# nightly load #}
SELECT {{ col }} AS picked FROM src.t
{% if params.full %}WHERE 1 = 1{% endif %}`;
    const r = lineage(sql, { dialect: 'snowflake' });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.columnLineage, [{ output: { table: null, column: 'picked' }, inputs: [{ table: 'src.t', column: '{{ col }}' }] }]);
    assert.deepEqual(
      r.templates.map((t) => t.text),
      ['{# nightly load #}', '{{ col }}', '{% if params.full %}', '{% endif %}'],
    );
  });

  it('a statement that is only a template is an error naming the template, at its position', () => {
    const sql = 'SELECT 1 FROM a;\n{{ ti.xcom_pull("sql") }}';
    const r = lineage(sql, { dialect: 'postgres' });
    assert.deepEqual(
      r.errors.map((e) => [e.message, e.line, e.column]),
      [['Expected: an SQL statement, found: {{ ti.xcom_pull("sql") }} at Line: 2, Column: 1', 2, 1]],
    );
  });
});
