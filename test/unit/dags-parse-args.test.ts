/**
 * parseDagFile: the operator and DAG arguments lineage prediction reads (`TaskDef.args`, `DagDef.args`):
 * keyword and positional arguments, strings through module-level names, lists of strings, dict entries
 * (nested, `dict(...)`, `**spread`), `default_args` through a name, and the decorator call of `@task.x(...)`.
 */
import assert from 'node:assert/strict';
import type { PyArg } from '../../server/src/service/dags/model';
import { parseDag, spanIn, spanOf } from '../support/harness';

const arg = (args: readonly PyArg[], name: string) => args.find((a) => a.name === name);

describe('dags: parseDagFile arguments', () => {
  it('records every argument of an operator call, positional ones as #0, with strings resolved through constants', () => {
    const text = [
      'from airflow import DAG',
      'from airflow.providers.postgres.operators.postgres import PostgresOperator',
      'LOAD_SQL = "insert into mart.totals select * from staging.totals"',
      'with DAG("loads") as dag:',
      '    PostgresOperator("positional_first", task_id="load", sql=LOAD_SQL, postgres_conn_id="wh", retries=3)',
      '',
    ].join('\n');
    const [task] = parseDag(text).tasks;
    assert.deepEqual(
      task!.args.map((a) => `${a.name}=${a.string?.value ?? `(${a.valueText})`}`),
      [
        '#0=positional_first',
        'task_id=load',
        'sql=insert into mart.totals select * from staging.totals',
        'postgres_conn_id=wh',
        'retries=(3)',
      ],
    );
    const sql = arg(task!.args, 'sql')!;
    // The string's range is where the constant is written; the argument's range is the name in the call.
    assert.deepEqual(sql.string!.range, spanOf(text, 'insert into mart.totals select * from staging.totals'));
    assert.deepEqual(sql.valueRange, spanOf(text, 'LOAD_SQL', 2));
    assert.deepEqual(sql.nameRange, spanIn(text, 'sql=LOAD', 'sql'));
  });

  it('reads lists and tuples of strings (items through names; other items as expressions)', () => {
    const text = [
      'from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator',
      'FIRST = "delete from t1"',
      'SECOND = "insert into t1 select 1"',
      'run = SQLExecuteQueryOperator(task_id="many", sql=[FIRST, SECOND, "analyze t1", make_sql()])',
      'STEPS = ("a.sql", "b.sql")',
      'files = SQLExecuteQueryOperator(task_id="files", sql=STEPS)',
      '',
    ].join('\n');
    const [run, files] = parseDag(text).tasks;
    const sql = arg(run!.args, 'sql')!;
    assert.equal(sql.string, undefined);
    assert.deepEqual(
      sql.strings!.map((s) => `${s.kind}:${s.value}`),
      ['literal:delete from t1', 'literal:insert into t1 select 1', 'literal:analyze t1', 'expression:make_sql()'],
    );
    assert.deepEqual(sql.strings![2]!.range, spanOf(text, 'analyze t1'));
    assert.deepEqual(
      arg(files!.args, 'sql')!.strings!.map((s) => s.value),
      ['a.sql', 'b.sql'],
    );
  });

  it('reads dict entries, nested, through dict(...) and names', () => {
    const text = [
      'from airflow.providers.google.cloud.operators.bigquery import BigQueryInsertJobOperator',
      'QUERY = "select 1"',
      'CONFIG = {"query": {"query": QUERY, "useLegacySql": False}, "labels": dict(team="data")}',
      'job = BigQueryInsertJobOperator(task_id="job", configuration=CONFIG)',
      '',
    ].join('\n');
    const [job] = parseDag(text).tasks;
    const config = arg(job!.args, 'configuration')!;
    assert.deepEqual(
      config.entries!.map((e) => e.name),
      ['query', 'labels'],
    );
    const query = arg(config.entries!, 'query')!;
    assert.equal(arg(query.entries!, 'query')!.string!.value, 'select 1');
    assert.equal(arg(query.entries!, 'useLegacySql')!.valueText, 'False');
    assert.equal(arg(arg(config.entries!, 'labels')!.entries!, 'team')!.string!.value, 'data');
  });

  it('records the DAG call arguments: default_args through a name and **spread, template_searchpath lists', () => {
    const text = [
      'from airflow import DAG',
      'BASE = {"owner": "data", "postgres_conn_id": "base_db"}',
      'DEFAULTS = {**BASE, "conn_id": "warehouse", "postgres_conn_id": "override_db"}',
      'with DAG("d", default_args=DEFAULTS, template_searchpath=["/opt/sql", "include"]) as dag:',
      '    pass',
      '',
    ].join('\n');
    const [dag] = parseDag(text).dags;
    const defaults = arg(dag!.args, 'default_args')!;
    assert.deepEqual(
      defaults.entries!.map((e) => `${e.name}=${e.string?.value}`),
      ['owner=data', 'conn_id=warehouse', 'postgres_conn_id=override_db'],
    );
    assert.deepEqual(
      arg(dag!.args, 'template_searchpath')!.strings!.map((s) => s.value),
      ['/opt/sql', 'include'],
    );
  });

  it('records the arguments of @dag(...) and of a @task.x(...) decorator call; none for a bare decorator', () => {
    const text = [
      'from airflow.decorators import dag, task',
      '@dag(template_searchpath="sql")',
      'def pipeline():',
      '    @task.sql(conn_id="lake")',
      '    def count_rows():',
      '        return "select count(*) from events"',
      '    @task',
      '    def plain():',
      '        pass',
      '    count_rows() >> plain()',
      'pipeline()',
      '',
    ].join('\n');
    const f = parseDag(text);
    assert.equal(arg(f.dags[0]!.args, 'template_searchpath')!.string!.value, 'sql');
    assert.deepEqual(
      f.tasks.map((t) => `${t.operator}:${t.args.map((a) => `${a.name}=${a.string?.value}`).join(',')}`),
      ['task.sql:conn_id=lake', 'task:'],
    );
  });
});
