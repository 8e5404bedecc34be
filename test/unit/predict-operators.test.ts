/**
 * predictTask: SQL operators (inline, names, lists, template files through template_searchpath, default_args conn
 * ids, parse errors with their ranges), transfer operators' dataset names, a custom operator with literal
 * OperatorLineage, links to Spark applications and dbt projects, and operators the runtime emits nothing for.
 * The SQL lineage and the connection naming are small fakes: the real ones are tested in their own areas.
 */
import assert from 'node:assert/strict';
import type { DagFile } from '../../server/src/service/dags/model';
import { predictTask, type OperatorContext, type SqlNamingFn } from '../../server/src/service/predict/operators';
import {
  sourceFiles,
  type AirflowConnection,
  type PredictedDataset,
  type SqlLineageFn,
  type SqlLineageResult,
  type SqlTable,
  type TaskPrediction,
} from '../../server/src/service/predict/types';
import { parseDag, spanOf } from '../support/harness';

const DAG_URI = 'file:///proj/dags/pipeline.py';

/** A toy SQL lineage: `insert into OUT select … from IN [join IN2]`, `create table OUT as …`; `selec` is a parse error. */
const fakeSql: SqlLineageFn = (sql, options): SqlLineageResult => {
  const table = (m: RegExpExecArray, group = 1): SqlTable => {
    const q = m[group]!;
    const parts = q.split('.');
    const at = m.index + m[0].lastIndexOf(q);
    return {
      database: parts.length > 2 ? parts[0]! : null,
      schema: parts.length > 1 ? parts[parts.length - 2]! : null,
      name: parts[parts.length - 1]!,
      qualifiedName: q,
      range: { start: at, end: at + q.length },
    };
  };
  const errors = [];
  const bad = /\bselec\b/i.exec(sql);
  if (bad)
    errors.push({
      message: 'Expected an SQL statement, found: selec',
      line: 1,
      column: bad.index + 1,
      range: { start: bad.index, end: bad.index + 5 },
    });
  const outputs = [...sql.matchAll(/(?:insert into|create table)\s+([\w.]+)/gi)].map((m) => table(m as RegExpExecArray));
  const inputs = [...sql.matchAll(/(?:from|join)\s+([\w.]+)/gi)].map((m) => table(m as RegExpExecArray));
  const columnLineage =
    outputs.length && inputs.length
      ? [{ output: { table: outputs[0]!.qualifiedName, column: 'id' }, inputs: [{ table: inputs[0]!.qualifiedName, column: 'id' }] }]
      : [];
  assert.ok(options.dialect);
  return { inputs, outputs, columnLineage, errors, templates: [] };
};

/** A toy naming: `<type>://<host>`, names `database.schema.table` with the connection's schema and `public`. */
const fakeNaming: SqlNamingFn = (conn, connId, hints) => ({
  namespace: conn ? `${conn.connType}://${conn.host}` : `<conn:${connId}>`,
  placeholders: conn ? [] : [{ name: `conn:${connId}`, why: 'unknown connection' }],
  dialect: hints.dialect === 'generic' && conn ? (conn.connType as 'postgres') : hints.dialect,
  note: `connection \`${connId}\` (${hints.dialect}${Object.keys(hints.args).length ? `; ${JSON.stringify(hints.args)}` : ''})`,
  qualify: (t) => ({
    name: [t.database ?? hints.args.database ?? conn?.schema ?? 'db', t.schema ?? 'public', t.name].join('.'),
    placeholders: [],
    note: 'qualified',
  }),
});

const conn = (connId: string, connType: string, host: string, more: Partial<AirflowConnection> = {}): AirflowConnection => ({
  connId,
  connType,
  host,
  extra: {},
  source: { uri: 'file:///proj/.env', form: 'AIRFLOW_CONN_*' },
  ...more,
});

function context(files: Record<string, string> = {}, conns: AirflowConnection[] = []): OperatorContext {
  return {
    sql: fakeSql,
    connections: { get: (id) => conns.find((c) => c.connId === id), all: () => conns },
    sqlNaming: fakeNaming,
    namespaceFor: (c) => ({ namespace: `${c.connType}://${c.host}:5439`, placeholders: [], note: `connection \`${c.connId}\`` }),
    files: sourceFiles(new Map(Object.entries(files))),
  };
}

function predict(text: string, ctx: OperatorContext = context(), index = 0): TaskPrediction {
  const file: DagFile = parseDag(text);
  const task = file.tasks[index]!;
  const dag = task.dag !== undefined ? file.dags[task.dag] : undefined;
  const p = predictTask({ task, ...(dag ? { dag } : {}), dagUri: DAG_URI, text }, ctx);
  assert.ok(p);
  return p;
}

const names = (ds: readonly PredictedDataset[]) => ds.map((d) => `${d.namespace} ${d.name}`);

const HEAD = 'from airflow import DAG\n';

describe('predict: operators', () => {
  describe('SQL operators', () => {
    it('PostgresOperator: inline SQL through a module-level name, default conn id, column lineage, exact ranges', () => {
      const text = [
        HEAD,
        'from airflow.providers.postgres.operators.postgres import PostgresOperator',
        'FILL = "insert into mart.daily select id from raw.events"',
        'with DAG("d"):',
        '    PostgresOperator(task_id="fill", sql=FILL)',
        '',
      ].join('\n');
      const p = predict(text, context({}, [conn('postgres_default', 'postgres', 'pg', { schema: 'shop' })]));
      assert.equal(p.supported, true);
      assert.deepEqual(names(p.inputs), ['postgres://pg shop.raw.events']);
      assert.deepEqual(names(p.outputs), ['postgres://pg shop.mart.daily']);
      assert.deepEqual(p.outputs[0]!.columns, [
        { name: 'id', inputs: [{ namespace: 'postgres://pg', name: 'shop.raw.events', field: 'id' }] },
      ]);
      assert.deepEqual(p.outputs[0]!.source, { range: spanOf(text, 'mart.daily') });
      assert.equal(p.outputs[0]!.provenance, 'sql');
      assert.deepEqual(p.problems, []);
    });

    it('SQLExecuteQueryOperator: the conn_id from the DAG default_args decides the connection and the dialect', () => {
      const text = [
        HEAD,
        'from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator',
        'with DAG("d", default_args={"conn_id": "wh"}):',
        '    SQLExecuteQueryOperator(task_id="t", sql="create table tmp.x as select * from tmp.y")',
        '',
      ].join('\n');
      let dialect = '';
      const ctx = context({}, [conn('wh', 'mysql', 'db1', { schema: 'sales' })]);
      const p = predict(text, { ...ctx, sql: (sql, o) => ((dialect = o.dialect), fakeSql(sql, o)) });
      assert.equal(dialect, 'mysql');
      assert.deepEqual(names(p.outputs), ['mysql://db1 sales.tmp.x']);
    });

    it('a list of statements, one read from a template file in template_searchpath, one missing', () => {
      const text = [
        HEAD,
        'from airflow.providers.snowflake.operators.snowflake import SnowflakeOperator',
        'with DAG("d", template_searchpath="/usr/local/airflow/include/sql"):',
        '    SnowflakeOperator(task_id="t", snowflake_conn_id="snow", database="ANALYTICS",',
        '        sql=["load/orders.sql", "insert into s.audit select id from s.orders", "gone.sql"])',
        '',
      ].join('\n');
      const sqlUri = 'file:///proj/include/sql/load/orders.sql';
      const p = predict(
        text,
        context({ [sqlUri]: 'insert into s.orders select id from stage.orders_raw' }, [conn('snow', 'snowflake', 'acct')]),
      );
      assert.deepEqual(names(p.outputs), ['snowflake://acct ANALYTICS.s.orders', 'snowflake://acct ANALYTICS.s.audit']);
      assert.deepEqual(names(p.inputs), ['snowflake://acct ANALYTICS.stage.orders_raw', 'snowflake://acct ANALYTICS.s.orders']);
      // A table in the file is located in the file.
      assert.deepEqual(p.outputs[0]!.source, { uri: sqlUri, range: { start: 12, end: 20 } });
      assert.deepEqual(
        p.problems.map((x) => [x.kind, text.slice(x.source.range.start, x.source.range.end)]),
        [['file', 'gone.sql']],
      );
      assert.match(p.problems[0]!.message, /gone\.sql.*\/usr\/local\/airflow\/include\/sql/);
    });

    it('a template file next to the DAG file; a parse error located in that file', () => {
      const text = [
        HEAD,
        'from airflow.providers.trino.operators.trino import TrinoOperator',
        'TrinoOperator(task_id="t", sql="sql/bad.sql")',
        '',
      ].join('\n');
      const p = predict(text, context({ 'file:///proj/dags/sql/bad.sql': 'selec 1' }, [conn('trino_default', 'trino', 'tr')]));
      assert.deepEqual(
        p.problems.map((x) => [x.kind, x.source.uri, x.source.range]),
        [['sql-parse', 'file:///proj/dags/sql/bad.sql', { start: 0, end: 5 }]],
      );
    });

    it('an inline parse error is located in the DAG file; an unknown connection is a problem and a placeholder', () => {
      const text = [
        HEAD,
        'from airflow.providers.mysql.operators.mysql import MySqlOperator',
        'MySqlOperator(task_id="t", mysql_conn_id="nowhere", sql="selec x from t1")',
        '',
      ].join('\n');
      const p = predict(text);
      assert.deepEqual(
        p.problems.map((x) => [x.kind, text.slice(x.source.range.start, x.source.range.end)]),
        [
          ['connection', '"nowhere"'],
          ['sql-parse', 'selec'],
        ],
      );
      assert.deepEqual(p.inputs[0]!.placeholders, [{ name: 'conn:nowhere', why: 'unknown connection' }]);
    });

    it('BigQueryInsertJobOperator: the SQL in configuration.query.query, hints from the job configuration', () => {
      const text = [
        HEAD,
        'from airflow.providers.google.cloud.operators.bigquery import BigQueryInsertJobOperator',
        'BigQueryInsertJobOperator(task_id="t", project_id="acme", configuration={"query": {"query": "insert into ds.b select id from ds.a", "defaultDataset": {"datasetId": "ds"}}})',
        '',
      ].join('\n');
      let hints: Record<string, string> = {};
      const ctx = context();
      const p = predict(text, { ...ctx, sqlNaming: (c, id, h) => ((hints = { ...h.args }), fakeNaming(c, id, h)) });
      assert.deepEqual(hints, { project_id: 'acme', 'configuration.query.defaultDataset.datasetId': 'ds' });
      assert.deepEqual(names(p.outputs), ['<conn:google_cloud_default> db.ds.b']);
    });

    it('AthenaOperator: the query argument, and the results location as an S3 output', () => {
      const text = [
        HEAD,
        'from airflow.providers.amazon.aws.operators.athena import AthenaOperator',
        'AthenaOperator(task_id="t", query="insert into web.hits select id from web.raw", output_location="s3://athena-out/results")',
        '',
      ].join('\n');
      const p = predict(text);
      assert.deepEqual(names(p.outputs), ['<conn:aws_default> db.web.hits', 's3://athena-out /results']);
    });

    it('without the SQL parser loaded: supported, no datasets yet', () => {
      const text = [
        HEAD,
        'from airflow.providers.postgres.operators.postgres import PostgresOperator',
        'PostgresOperator(task_id="t", sql="insert into a select 1 from b")',
        '',
      ].join('\n');
      const { sql: _unused, ...ctx } = context();
      const p = predict(text, ctx);
      assert.equal(p.supported, true);
      assert.deepEqual([...p.inputs, ...p.outputs], []);
    });
  });

  describe('transfer operators', () => {
    const run = (call: string, conns: AirflowConnection[] = []) => {
      const text = `${HEAD}${call}\n`;
      const p = predict(text, context({}, conns));
      assert.equal(p.supported, true);
      return { in: names(p.inputs), out: names(p.outputs), p };
    };

    it('S3CopyObjectOperator: bucket + key, and a full s3:// URL in a key split', () => {
      const r = run(
        'S3CopyObjectOperator(task_id="c", source_bucket_key="s3://landing/in/a.csv", dest_bucket_name="curated", dest_bucket_key="out/a.csv")',
      );
      assert.deepEqual(r, { ...r, in: ['s3://landing in/a.csv'], out: ['s3://curated out/a.csv'] });
    });

    it('S3CreateObjectOperator, S3DeleteObjectsOperator (keys; a prefix is a placeholder), S3FileTransformOperator', () => {
      assert.deepEqual(run('S3CreateObjectOperator(task_id="c", s3_bucket="b1", s3_key="k/x.json", data="{}")').out, ['s3://b1 k/x.json']);
      assert.deepEqual(run('S3DeleteObjectsOperator(task_id="d", bucket="b1", keys=["a.txt", "b.txt"])').in, [
        's3://b1 a.txt',
        's3://b1 b.txt',
      ]);
      const prefix = run('S3DeleteObjectsOperator(task_id="d", bucket="b1", prefix="tmp/")');
      assert.deepEqual(prefix.in, ['s3://b1 <deleted-keys>']);
      const t = run(
        'S3FileTransformOperator(task_id="t", source_s3_key="s3://b2/raw.csv", dest_s3_key="s3://b3/clean.csv", transform_script="/bin/cp")',
      );
      assert.deepEqual([t.in, t.out], [['s3://b2 raw.csv'], ['s3://b3 clean.csv']]);
    });

    it('S3ToRedshiftOperator and RedshiftToS3Operator: the connection namespace, its database, the unload prefix', () => {
      const rs = [conn('redshift_default', 'redshift', 'cluster.example', { schema: 'dev' })];
      const load = run('S3ToRedshiftOperator(task_id="l", s3_bucket="drop", s3_key="orders/", schema="public", table="orders")', rs);
      assert.deepEqual([load.in, load.out], [['s3://drop orders/'], ['redshift://cluster.example:5439 dev.public.orders']]);
      const unload = run('RedshiftToS3Operator(task_id="u", s3_bucket="exports", s3_key="daily", schema="public", table="orders")', rs);
      assert.deepEqual([unload.in, unload.out], [['redshift://cluster.example:5439 dev.public.orders'], ['s3://exports daily/orders_']]);
    });

    it('GCS operators: folders for wildcards and prefixes, BigQuery table references', () => {
      const g = run(
        'GCSToGCSOperator(task_id="g", source_bucket="src", source_objects=["data/*.csv", "data/x.csv"], destination_bucket="dst", destination_object="backup/")',
      );
      assert.deepEqual([g.in, g.out], [['gs://src data', 'gs://src data/x.csv'], ['gs://dst backup']]);
      const same = run('GCSToGCSOperator(task_id="g", source_bucket="src", source_object="a/b.parquet")');
      assert.deepEqual([same.in, same.out], [['gs://src a/b.parquet'], ['gs://src a/b.parquet']]);
      const bq = run(
        'GCSToBigQueryOperator(task_id="b", bucket="lake", source_objects=["events/2024/*"], destination_project_dataset_table="proj.ds.events")',
      );
      assert.deepEqual([bq.in, bq.out], [['gs://lake events/2024'], ['bigquery proj.ds.events']]);
      const exp = run(
        'BigQueryToGCSOperator(task_id="e", source_project_dataset_table="ds.events", destination_cloud_storage_uris=["gs://out/events-*.avro"])',
      );
      assert.deepEqual([exp.in, exp.out], [['bigquery <gcp-project>.ds.events'], ['gs://out /']]);
      const s3g = run('S3ToGCSOperator(task_id="s", bucket="aws-b", prefix="logs/", dest_gcs="gs://gcp-b/imports/")');
      assert.deepEqual([s3g.in, s3g.out], [['s3://aws-b logs'], ['gs://gcp-b imports/logs']]);
      const gs3 = run('GCSToS3Operator(task_id="s", gcs_bucket="gcp-b", prefix="exports/", dest_s3_key="s3://aws-b/copies/")');
      assert.deepEqual([gs3.in, gs3.out], [['gs://gcp-b exports/'], ['s3://aws-b copies/']]);
      const up = run('LocalFilesystemToGCSOperator(task_id="u", src="/data/report.csv", dst="reports/", bucket="rb")');
      assert.deepEqual([up.in, up.out], [['file /data/report.csv'], ['gs://rb reports']]);
      const down = run('GCSToLocalFilesystemOperator(task_id="d", bucket="rb", object_name="reports/r.csv", filename="/tmp/r.csv")');
      assert.deepEqual([down.in, down.out], [['gs://rb reports/r.csv'], ['file /tmp/r.csv']]);
    });

    it('SFTP and FTP: the remote host from the connection (resolved to an IP), the local side a placeholder', () => {
      const sftp = run(
        'SFTPOperator(task_id="s", ssh_conn_id="box", local_filepath="/tmp/in.csv", remote_filepath="/srv/in.csv", operation="get")',
        [conn('box', 'ssh', 'files.example', { port: 2222 })],
      );
      assert.deepEqual([sftp.in, sftp.out], [['file://<ip:files.example>:2222 /srv/in.csv'], ['file://<local-ip>:22 /tmp/in.csv']]);
      assert.deepEqual(
        sftp.p.outputs[0]!.placeholders!.map((p) => p.name),
        ['local-ip'],
      );
      const ftp = run('FTPFileTransmitOperator(task_id="f", local_filepath="/tmp/a", remote_filepath="/pub/a")', [
        conn('ftp_default', 'ftp', '10.0.0.5'),
      ]);
      assert.deepEqual([ftp.in, ftp.out], [['file://<local-ip>:21 /tmp/a'], ['file://10.0.0.5:21 /pub/a']]);
    });

    it('Jinja in an argument is a named placeholder', () => {
      const r = run('S3CreateObjectOperator(task_id="c", s3_bucket="b1", s3_key="runs/{{ ds }}/x.json", data="{}")');
      assert.deepEqual(r.out, ['s3://b1 runs/<ds>/x.json']);
      assert.deepEqual(r.p.outputs[0]!.placeholders, [{ name: 'ds', why: 'a Jinja template rendered when the task runs' }]);
    });
  });

  describe('other operators', () => {
    it('a custom operator of the same file returning OperatorLineage with literal datasets', () => {
      const text = [
        HEAD,
        'from airflow.models import BaseOperator',
        'from openlineage.client.run import Dataset',
        'class ExportOperator(BaseOperator):',
        '    def execute(self, context):',
        '        pass',
        '    def get_openlineage_facets_on_start(self):',
        '        return OperatorLineage(',
        '            inputs=[Dataset(namespace="mysql://crm:3306", name="crm.customers")],',
        '            outputs=[Dataset("s3://exports", "customers.csv")],',
        '        )',
        'ExportOperator(task_id="export")',
        '',
      ].join('\n');
      const p = predict(text);
      assert.deepEqual(
        [names(p.inputs), names(p.outputs), p.supported],
        [['mysql://crm:3306 crm.customers'], ['s3://exports customers.csv'], true],
      );
      assert.equal(p.inputs[0]!.provenance, 'operator');
    });

    it('BashOperator, PythonOperator and @task: unsupported, no datasets', () => {
      const text = [
        HEAD,
        'from airflow.decorators import task',
        'from airflow.operators.bash import BashOperator',
        'from airflow.operators.python import PythonOperator',
        'BashOperator(task_id="b", bash_command="echo hi")',
        'PythonOperator(task_id="p", python_callable=print)',
        '@task',
        'def t():',
        '    pass',
        '',
      ].join('\n');
      for (const i of [0, 1, 2]) {
        const p = predict(text, context(), i);
        assert.deepEqual([p.supported, p.inputs, p.outputs, p.links], [false, [], [], undefined]);
      }
    });

    it('links: the Spark application relative to the DAG folder; dbt-ol and cosmos projects', () => {
      const spark = predict(`${HEAD}SparkSubmitOperator(task_id="s", application="../jobs/clean.py")\n`);
      assert.deepEqual(spark.links, [{ kind: 'spark', uri: 'file:///proj/jobs/clean.py', jobs: [] }]);
      const files = { 'file:///proj/dbt/shop/dbt_project.yml': 'name: shop\n' };
      const bash = predict(
        `${HEAD}BashOperator(task_id="b", bash_command="dbt-ol run --project-dir /opt/airflow/dbt/shop")\n`,
        context(files),
      );
      assert.deepEqual(bash.links, [{ kind: 'dbt', uri: 'file:///proj/dbt/shop/', jobs: [] }]);
      const plain = predict(`${HEAD}BashOperator(task_id="b", bash_command="dbt run")\n`, context(files));
      assert.equal(plain.links, undefined);
      const cosmos = predict(`${HEAD}DbtRunOperator(task_id="r", project_dir="/usr/app/dbt/shop")\n`, context(files));
      assert.deepEqual(cosmos.links, [{ kind: 'dbt', uri: 'file:///proj/dbt/shop/', jobs: [] }]);
    });
  });
});
