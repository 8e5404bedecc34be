/**
 * `dags/sql-unparsable`: SQL of a SQL operator that the provider's parser (openlineage-sql over sqlparser-rs, the
 * same version here) rejects, reported on the SQL with the parser's own message; SQL it takes, templated SQL and
 * tasks without SQL say nothing. The real parser runs (harness `predicting`).
 */
import assert from 'node:assert/strict';
import { byRule, predicting, validate } from '../support/harness';

const URI = 'file:///w/dags/orders.py';
const HEAD = `from airflow import DAG
from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator

with DAG("orders") as dag:
`;
const ENV = { '.env': 'AIRFLOW_CONN_SHOP_DB=postgres://shop:5432/shop\n' };

function check(body: string, files: Record<string, string> = ENV) {
  const text = HEAD + body;
  return { text, found: byRule(validate(URI, text, { project: files, lineage: predicting(files) }), 'dags/sql-unparsable') };
}

describe('dags/sql-unparsable', () => {
  it('reports SQL the runtime parser rejects, at the token it stops on, with the parser’s message and position', () => {
    const { text, found } = check(
      `    SQLExecuteQueryOperator(task_id="load", conn_id="shop_db", sql="INSERT INTO daily SELEC amount FROM orders")\n`,
    );
    assert.equal(found.length, 1);
    const d = found[0]!;
    const start = text.indexOf('amount FROM');
    assert.equal(d.range.start.line, 4);
    assert.equal(d.range.start.character, start - text.lastIndexOf('\n', start) - 1);
    assert.match(
      String(d.message),
      /^The runtime's SQL parser \(openlineage-sql\) rejects this statement: .*will report no datasets from it for this task/,
    );
    assert.match(String(d.message), /Expected: .*found: amount/);
    assert.match(String(d.message), /Line: 1, Column: 25/);
    assert.equal(d.severity, 2);
  });

  it('says nothing for SQL it parses, templated SQL, or a task without SQL', () => {
    for (const body of [
      `    SQLExecuteQueryOperator(task_id="load", conn_id="shop_db", sql="INSERT INTO daily SELECT amount FROM orders")\n`,
      `    SQLExecuteQueryOperator(task_id="load", conn_id="shop_db", sql="INSERT INTO {{ params.table }} SELECT amount FROM orders")\n`,
      `    SQLExecuteQueryOperator(task_id="load", conn_id="shop_db", sql=build_sql())\n`,
      // Rendered before the parser sees it: a whole statement from a macro, a block that keeps one branch.
      `    SQLExecuteQueryOperator(task_id="load", conn_id="shop_db", sql="{{ get_sql() }}")\n`,
      `    SQLExecuteQueryOperator(task_id="load", conn_id="shop_db", sql="SELECT 1 {% if params.x %} FROM a {% else %} FROM b {% endif %}")\n`,
    ])
      assert.deepEqual(check(body).found, [], body);
  });

  it('reports a failing statement of a list, and keeps quiet about the others', () => {
    const { found } = check(
      `    SQLExecuteQueryOperator(task_id="load", conn_id="shop_db", sql=["DELETE FROM daily", "INSERT INTO daily SELEC 1"])\n`,
    );
    assert.equal(found.length, 1);
    assert.match(String(found[0]!.message), /found: 1/);
  });

  it('reports a failing `.sql` template on the argument that names it', () => {
    const files = { ...ENV, 'dags/sql/load.sql': 'INSERT INTO daily SELEC amount FROM orders\n' };
    const { text, found } = check(`    SQLExecuteQueryOperator(task_id="load", conn_id="shop_db", sql="sql/load.sql")\n`, files);
    assert.equal(found.length, 1);
    assert.match(String(found[0]!.message), /\(in load\.sql\)/);
    const line = text.split('\n')[4]!;
    assert.equal(found[0]!.range.start.character, line.indexOf('sql/load.sql'));
  });

  it('says that DB-API parameters are the cause, and what to write instead', () => {
    const { text, found } = check(
      `    SQLExecuteQueryOperator(task_id="load", conn_id="shop_db", sql="INSERT INTO daily VALUES (%(amount)s)", parameters={"amount": 1})\n`,
    );
    assert.equal(found.length, 1);
    assert.equal(found[0]!.range.start.character, text.split('\n')[4]!.indexOf('%(amount)s'));
    assert.match(String(found[0]!.message), /DB-API parameters .*pass the value as a Jinja template instead/);
  });
});
