/**
 * SQL operators' Jinja, rendered where the code says what it renders to, before the SQL lineage: an included
 * template found as Airflow's loader finds it, `params` from the task (over the DAG's); what only the run knows
 * stays a named placeholder in the dataset name, never a template's raw text. Real SQL parser; own fixtures.
 */
import assert from 'node:assert/strict';
import type { StaticLineageNode } from '../../protocol/lineage';
import { renderSqlJinja } from '../../server/src/service/predict/operators/sql-jinja';
import { parseDag, predicting, ws } from '../support/harness';

const ENV = { '.env': 'AIRFLOW_CONN_WH=postgres://u:p@wh:5432/dw\n' };

function datasets(dag: string, files: Record<string, string> = {}): string[] {
  const index = predicting({ ...ENV, ...files });
  index.update(ws('dags/d.py'), parseDag(dag), dag);
  return index
    .graph()
    .graph.filter((n: StaticLineageNode) => n.type === 'DATASET')
    .map((n) => `${n.data.namespace} ${n.data.name}`)
    .sort();
}

const HEAD = 'from airflow import DAG\nfrom airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator\n';

describe('SQL operators: Airflow’s Jinja before the SQL lineage', () => {
  it('renders includes (nested) and params, and leaves what it cannot answer', () => {
    const files: Record<string, { uri: string; text: string }> = {
      'create.sql': { uri: 'file:///w/sql/create.sql', text: "CREATE TABLE {{ params.table }} AS SELECT * FROM {% include 'src.sql' %}" },
      'src.sql': { uri: 'file:///w/sql/src.sql', text: 'raw.{{ params["source"] }}' },
    };
    const r = renderSqlJinja(
      "{% include 'create.sql' %}; SELECT {{ ds }}",
      new Map([
        ['table', 'marts.t'],
        ['source', 'events'],
      ]),
      (n) => files[n],
    );
    assert.equal(r.text, 'CREATE TABLE marts.t AS SELECT * FROM raw.events; SELECT {{ ds }}');
    assert.deepEqual(r.included, ['file:///w/sql/create.sql', 'file:///w/sql/src.sql']);
    assert.equal(renderSqlJinja('SELECT 1', new Map(), () => undefined).changed, false);
  });

  it('reads a task whose SQL is an include of a template and a table from params', () => {
    const dag = `${HEAD}with DAG("d", template_searchpath=["/opt/airflow/include/sql"], params={"table": "dag_default"}) as dag:
    SQLExecuteQueryOperator(task_id="t", conn_id="wh", sql="{% include 'load.sql' %}", params={"table": "orders"})
`;
    assert.deepEqual(
      datasets(dag, { 'include/sql/load.sql': 'INSERT INTO marts.{{ params.table }} SELECT * FROM staging.{{ params.table }}\n' }),
      ['postgres://wh:5432 dw.marts.orders', 'postgres://wh:5432 dw.staging.orders'],
    );
  });

  it('names a table only the run renders with a placeholder, and adds no parts it may already have', () => {
    const dag = `${HEAD}with DAG("d") as dag:
    SQLExecuteQueryOperator(task_id="t", conn_id="wh", sql="INSERT INTO marts.daily SELECT * FROM {{ var.value.source_table }}")
`;
    assert.deepEqual(datasets(dag), ['postgres://wh:5432 <jinja:var.value.source_table>', 'postgres://wh:5432 dw.marts.daily']);
  });
});
