/**
 * Operator predictions where the runtime's values are in the code but not in the operator's own arguments:
 * a custom operator's OpenLineage method returning datasets bound to names, extractors registered through the
 * project's settings, DAG `user_defined_macros` rendered into SQL, f-strings built from module constants and
 * environment reads, and operator classes imported under another name. The real SQL parser and connection
 * naming (WorkspacePredictor), own fixtures.
 */
import assert from 'node:assert/strict';
import { isPythonPredictSource, WorkspaceFiles } from '../../server/src/service/predict/files';
import { WorkspacePredictor } from '../../server/src/service/predict';
import type { PredictedDataset, TaskPrediction } from '../../server/src/service/predict/types';
import { parseDag, projectOf, spanOf, sqlLineage, ws, type Files } from '../support/harness';

const DAG_PATH = 'dags/pipeline.py';

/** The prediction of the `index`-th task of `text` (the DAG file at dags/pipeline.py) in a workspace of `files`. */
function predict(text: string, files: Files = {}, index = 0): TaskPrediction {
  const all: Files = { ...files, [DAG_PATH]: text };
  const sources = new WorkspaceFiles();
  for (const [path, t] of Object.entries(files)) if (t !== undefined) sources.set(ws(path), t);
  const predictor = new WorkspacePredictor({ project: projectOf(all), files: sources, sql: sqlLineage(), jobNamespace: 'default' });
  const file = parseDag(text);
  const task = file.tasks[index]!;
  const dag = task.dag !== undefined ? file.dags[task.dag] : undefined;
  const p = predictor.predict({ task, ...(dag ? { dag } : {}), dagUri: ws(DAG_PATH), text });
  assert.ok(p);
  return p;
}

const names = (ds: readonly PredictedDataset[]) => ds.map((d) => `${d.namespace} ${d.name}`);

describe('predict: operators, values declared elsewhere in the code', () => {
  describe('a custom operator returning OperatorLineage', () => {
    it('datasets held in module-level lists (openlineage.client.run Dataset), the on_complete method', () => {
      const text = [
        'from airflow import DAG',
        'from airflow.models import BaseOperator',
        'from openlineage.client.run import Dataset',
        'SOURCES = [Dataset(namespace="kafka://broker:9092", name="clicks"), Dataset("kafka://broker:9092", "views")]',
        'TARGETS = [Dataset(namespace="file", name="/data/sessions")]',
        'class SessionizeOperator(BaseOperator):',
        '    def get_openlineage_facets_on_start(self):',
        '        return OperatorLineage(inputs=SOURCES)',
        '    def get_openlineage_facets_on_complete(self, task_instance):',
        '        return OperatorLineage(inputs=SOURCES, outputs=TARGETS)',
        'with DAG("d"):',
        '    SessionizeOperator(task_id="sessionize")',
        '',
      ].join('\n');
      const p = predict(text);
      assert.deepEqual(
        [names(p.inputs), names(p.outputs), p.method],
        [
          ['kafka://broker:9092 clicks', 'kafka://broker:9092 views'],
          ['file /data/sessions'],
          'SessionizeOperator.get_openlineage_facets_on_complete (in this file)',
        ],
      );
      assert.deepEqual(p.inputs[1]!.source, { range: spanOf(text, 'Dataset("kafka://broker:9092", "views"') });
    });

    it('event_v2 InputDataset/OutputDataset bound to names inside the method', () => {
      const text = [
        'from airflow import DAG',
        'from airflow.models import BaseOperator',
        'from openlineage.client.event_v2 import InputDataset, OutputDataset',
        'class CopyOperator(BaseOperator):',
        '    def get_openlineage_facets_on_start(self):',
        '        ins = [InputDataset(namespace="gs://landing", name="raw/a.csv")]',
        '        outs = [OutputDataset(namespace="gs://curated", name="a.parquet")]',
        '        return OperatorLineage(inputs=ins, outputs=outs)',
        'with DAG("d"):',
        '    CopyOperator(task_id="copy")',
        '',
      ].join('\n');
      const p = predict(text);
      assert.deepEqual([names(p.inputs), names(p.outputs)], [['gs://landing raw/a.csv'], ['gs://curated a.parquet']]);
    });

    it('a name bound twice at module level is not guessed', () => {
      const text = [
        'from airflow import DAG',
        'from airflow.models import BaseOperator',
        'IN = [Dataset(namespace="a", name="x")]',
        'IN = [Dataset(namespace="a", name="y")]',
        'class TwiceOperator(BaseOperator):',
        '    def get_openlineage_facets_on_start(self):',
        '        return OperatorLineage(inputs=IN)',
        'with DAG("d"):',
        '    TwiceOperator(task_id="t")',
        '',
      ].join('\n');
      assert.deepEqual(predict(text).inputs, []);
    });
  });

  describe('SQL the DAG code builds', () => {
    const ENV = { '.env': 'AIRFLOW_CONN_SHOP_PG=postgres://app:pw@shop-db:5432/shop\n' };

    it('user_defined_macros: a function returning a literal, and a string macro', () => {
      const text = [
        'from airflow import DAG',
        'from airflow.providers.postgres.operators.postgres import PostgresOperator',
        'def rollup_ddl() -> str:',
        '    """The rollup table."""',
        '    return """',
        '    CREATE TABLE IF NOT EXISTS sales_rollup (day DATE, total NUMERIC)"""',
        'with DAG("d", user_defined_macros={"rollup_ddl": rollup_ddl, "src": "raw_sales"}):',
        '    PostgresOperator(task_id="ddl", postgres_conn_id="shop_pg", sql="{{ rollup_ddl() }}")',
        '    PostgresOperator(task_id="fill", postgres_conn_id="shop_pg", sql="INSERT INTO sales_rollup SELECT day, amount FROM {{ src }}")',
        '',
      ].join('\n');
      const ddl = predict(text, ENV, 0);
      assert.deepEqual(
        [names(ddl.inputs), names(ddl.outputs), ddl.problems],
        [[], ['postgres://shop-db:5432 shop.public.sales_rollup'], []],
      );
      // The name is located in the function's literal.
      assert.deepEqual(ddl.outputs[0]!.source, { range: spanOf(text, 'sales_rollup') });
      const fill = predict(text, ENV, 1);
      assert.deepEqual(
        [names(fill.inputs), names(fill.outputs)],
        [['postgres://shop-db:5432 shop.public.raw_sales'], ['postgres://shop-db:5432 shop.public.sales_rollup']],
      );
    });

    it('a macro function with logic, or a template naming no macro, is not rendered', () => {
      const text = [
        'from airflow import DAG',
        'from airflow.providers.postgres.operators.postgres import PostgresOperator',
        'def pick(full):',
        '    if full:',
        '        return "CREATE TABLE a (x INT)"',
        '    return "CREATE TABLE b (x INT)"',
        'with DAG("d", user_defined_macros={"pick": pick}):',
        '    PostgresOperator(task_id="a", postgres_conn_id="shop_pg", sql="{{ pick() }}")',
        '    PostgresOperator(task_id="b", postgres_conn_id="shop_pg", sql="{{ other() }}")',
        '',
      ].join('\n');
      assert.deepEqual(names(predict(text, ENV, 0).outputs), []);
      assert.deepEqual(names(predict(text, ENV, 1).outputs), []);
    });

    it('a module-level function called in the argument', () => {
      const text = [
        'from airflow import DAG',
        'from airflow.providers.postgres.operators.postgres import PostgresOperator',
        'def purge_sql():',
        '    return "DELETE FROM audit.events_old"',
        'with DAG("d"):',
        '    PostgresOperator(task_id="purge", postgres_conn_id="shop_pg", sql=purge_sql())',
        '',
      ].join('\n');
      assert.deepEqual(names(predict(text, ENV).outputs), ['postgres://shop-db:5432 shop.audit.events_old']);
    });

    it('BigQuery: an f-string of module constants and an environment read; the project from the connection', () => {
      const gcp = { '.env': 'AIRFLOW_CONN_WAREHOUSE=google-cloud-platform://?extra__google_cloud_platform__project=acme-data\n' };
      const text = [
        'import os',
        'from airflow import DAG',
        'from airflow.providers.google.cloud.operators.bigquery import BigQueryExecuteQueryOperator',
        'MART = "marts"',
        'SUFFIX = "_" + os.getenv("RUN_SUFFIX", "dev")',
        'with DAG("d"):',
        '    BigQueryExecuteQueryOperator(',
        '        task_id="load",',
        '        gcp_conn_id="warehouse",',
        '        sql=f"INSERT INTO `{MART}.orders{SUFFIX}` SELECT id FROM staging.orders WHERE d = \'{{{{ ds }}}}\'",',
        '    )',
        '    BigQueryExecuteQueryOperator(task_id="opts", gcp_conn_id="warehouse", sql=f"ALTER TABLE `{MART}.t` SET OPTIONS (x = 1)")',
        '',
      ].join('\n');
      const p = predict(text, gcp, 0);
      assert.deepEqual(
        [names(p.inputs), names(p.outputs)],
        [['bigquery acme-data.staging.orders'], ['bigquery acme-data.marts.orders_<env:RUN_SUFFIX>']],
      );
      assert.deepEqual(
        p.outputs[0]!.placeholders?.map((x) => x.name),
        ['env:RUN_SUFFIX'],
      );
      // The job API, not openlineage-sql, gives BigQuery's tables: a statement the parser rejects is no problem.
      assert.deepEqual(predict(text, gcp, 1).problems, []);
    });

    it('an f-string with a field that is not a module constant is not read', () => {
      const text = [
        'from airflow import DAG',
        'from airflow.providers.postgres.operators.postgres import PostgresOperator',
        'def table():',
        '    return "t"',
        'with DAG("d"):',
        '    PostgresOperator(task_id="a", postgres_conn_id="shop_pg", sql=f"DELETE FROM {table()}")',
        '',
      ].join('\n');
      assert.deepEqual(names(predict(text, ENV).outputs), []);
    });
  });

  describe('extractors registered in the project settings', () => {
    const MODULE = [
      'from openlineage.airflow.extractors.base import BaseExtractor, TaskMetadata',
      'from openlineage.client.run import Dataset',
      '',
      'class LedgerExtractor(BaseExtractor):',
      '    @classmethod',
      '    def get_operator_classnames(cls):',
      '        return ["LedgerSyncOperator", "LedgerAuditOperator"]',
      '',
      '    def extract(self):',
      '        return TaskMetadata("x", inputs=[Dataset("postgres://ledger:5432", "ledger.public.entries")])',
      '',
      '    def extract_on_complete(self, task_instance):',
      '        return TaskMetadata(',
      '            "x",',
      '            inputs=[Dataset("postgres://ledger:5432", "ledger.public.entries")],',
      '            outputs=[Dataset(namespace="s3://exports", name="ledger/entries.csv")],',
      '        )',
      '',
    ].join('\n');
    const DAG_TEXT = [
      'from airflow import DAG',
      'from airflow.models import BaseOperator',
      'class LedgerSyncOperator(BaseOperator):',
      '    def get_openlineage_facets_on_start(self):',
      '        return OperatorLineage(inputs=[Dataset(namespace="own", name="method")])',
      'with DAG("d"):',
      '    LedgerSyncOperator(task_id="sync")',
      '    OtherOperator(task_id="other")',
      '',
    ].join('\n');
    const files = (env: string): Files => ({ '.env': env, 'plugins/lineage/ledger_extractor.py': MODULE });

    it("OPENLINEAGE_EXTRACTORS: the listed class for its operators, extract_on_complete, over the operator's own method", () => {
      const p = predict(DAG_TEXT, files('OPENLINEAGE_EXTRACTORS=lineage.ledger_extractor.LedgerExtractor; missing.Mod\n'));
      assert.deepEqual(
        [names(p.inputs), names(p.outputs), p.method, p.supported],
        [
          ['postgres://ledger:5432 ledger.public.entries'],
          ['s3://exports ledger/entries.csv'],
          'lineage.ledger_extractor.LedgerExtractor.extract_on_complete (extractor registered by OPENLINEAGE_EXTRACTORS)',
          true,
        ],
      );
      const at = MODULE.indexOf('Dataset(namespace="s3://exports"');
      assert.deepEqual(p.outputs[0]!.source, {
        uri: ws('plugins/lineage/ledger_extractor.py'),
        range: { start: at, end: at + 'Dataset(namespace="s3://exports", name="ledger/entries.csv"'.length },
      });
      // An operator the class does not list is left to its own rules.
      assert.deepEqual(
        [names(predict(DAG_TEXT, files('OPENLINEAGE_EXTRACTORS=lineage.ledger_extractor.LedgerExtractor\n'), 1).inputs)],
        [[]],
      );
    });

    it('[openlineage] extractors wins over OPENLINEAGE_EXTRACTORS; the legacy OPENLINEAGE_EXTRACTOR_<Operator> form', () => {
      const cfgFirst = predict(
        DAG_TEXT,
        files('AIRFLOW__OPENLINEAGE__EXTRACTORS=missing.Mod\nOPENLINEAGE_EXTRACTORS=lineage.ledger_extractor.LedgerExtractor\n'),
      );
      assert.deepEqual(names(cfgFirst.inputs), ['own method']);
      const legacy = predict(DAG_TEXT, files('OPENLINEAGE_EXTRACTOR_LedgerSyncOperator=lineage.ledger_extractor.LedgerExtractor\n'));
      assert.equal(
        legacy.method,
        'lineage.ledger_extractor.LedgerExtractor.extract_on_complete (extractor registered by OPENLINEAGE_EXTRACTOR_LedgerSyncOperator)',
      );
    });

    it('a module that is not in the workspace, or is ambiguous, registers nothing', () => {
      const env = 'OPENLINEAGE_EXTRACTORS=ledger_extractor.LedgerExtractor\n';
      const two = { '.env': env, 'a/ledger_extractor.py': MODULE, 'b/ledger_extractor.py': MODULE };
      assert.deepEqual(names(predict(DAG_TEXT, two).inputs), ['own method']);
      assert.deepEqual(names(predict(DAG_TEXT, { '.env': env }).inputs), ['own method']);
      // The hosts keep extractor modules among the prediction sources (and not every Python file).
      assert.deepEqual([isPythonPredictSource(MODULE), isPythonPredictSource(DAG_TEXT)], [true, false]);
    });
  });

  describe('operator classes under another name', () => {
    it('X = try_import_from_string("…C"), `import C as X`, X = module.C: the class\'s rules; an alias bound twice is not resolved', () => {
      const text = [
        'from airflow import DAG',
        'from airflow.providers.amazon.aws.operators.s3 import S3ReadObjectOperator as ReadS3',
        'import airflow.providers.amazon.aws.operators.s3 as s3ops',
        'Copy = s3ops.S3CopyObjectOperator',
        'Transmit = try_import_from_string("airflow.providers.ftp.operators.ftp.FTPFileTransmitOperator")',
        'Twice = s3ops.S3CopyObjectOperator',
        'Twice = s3ops.S3CreateObjectOperator',
        'with DAG("d"):',
        '    ReadS3(task_id="read", s3_bucket=None, s3_key="s3://inbox/orders/2024.json")',
        '    Copy(task_id="copy", source_bucket_key="s3://inbox/a.csv", dest_bucket_key="s3://archive/a.csv")',
        '    Transmit(task_id="get", ftp_conn_id="files", remote_filepath="/srv/in.csv", local_filepath="/tmp/in.csv", operation="get")',
        '    Twice(task_id="twice", source_bucket_key="s3://inbox/a.csv", dest_bucket_key="s3://archive/a.csv")',
        '',
      ].join('\n');
      const env = { '.env': 'AIRFLOW_CONN_FILES=ftp://u:p@files.example:2121\n' };
      const read = predict(text, env, 0);
      assert.deepEqual(
        [names(read.inputs), names(read.outputs), read.method],
        [['s3://inbox orders/2024.json'], [], 'S3ReadObjectOperator.get_openlineage_facets_on_start'],
      );
      const copy = predict(text, env, 1);
      assert.deepEqual([names(copy.inputs), names(copy.outputs)], [['s3://inbox a.csv'], ['s3://archive a.csv']]);
      const get = predict(text, env, 2);
      assert.equal(get.method, 'FTPFileTransmitOperator.get_openlineage_facets_on_start');
      assert.deepEqual(names(get.inputs), ['file://files.example:2121 /srv/in.csv']);
      assert.equal(predict(text, env, 3).supported, false);
    });
  });
});
