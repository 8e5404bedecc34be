/**
 * predictTask: the GCS storage operators and the BigQuery/SFTP transfers catalogued after the first seventeen
 * (GCSDeleteObjectsOperator, GCSFileTransformOperator, GCSTimeSpanFileTransformOperator,
 * BigQueryToBigQueryOperator, SFTPToGCSOperator, GCSToSFTPOperator): names exactly as their OpenLineage methods
 * build them from the arguments, what only the run knows as placeholders. Own fixtures.
 */
import assert from 'node:assert/strict';
import { predictTask, type OperatorContext } from '../../server/src/service/predict/operators';
import { sourceFiles, type AirflowConnection, type PredictedDataset } from '../../server/src/service/predict/types';
import { parseDag, spanOf } from '../support/harness';

const conn = (connId: string, connType: string, more: Partial<AirflowConnection> = {}): AirflowConnection => ({
  connId,
  connType,
  extra: {},
  source: { uri: 'file:///repo/.env', form: 'AIRFLOW_CONN_*' },
  ...more,
});

function run(call: string, conns: AirflowConnection[] = []) {
  const text = `from airflow import DAG\n${call}\n`;
  const ctx: OperatorContext = {
    connections: { get: (id) => conns.find((c) => c.connId === id), all: () => conns },
    sqlNaming: () => {
      throw new Error('no SQL here');
    },
    namespaceFor: (c) => ({ namespace: `${c.connType}://${c.host}`, placeholders: [], note: '' }),
    files: sourceFiles(new Map()),
  };
  const task = parseDag(text).tasks[0]!;
  const p = predictTask({ task, dagUri: 'file:///repo/dags/move.py', text }, ctx);
  assert.ok(p);
  assert.equal(p.supported, true);
  const names = (ds: readonly PredictedDataset[]) => ds.map((d) => `${d.namespace} ${d.name}`);
  return { in: names(p.inputs), out: names(p.outputs), p, text };
}

describe('predict: GCS, BigQuery and SFTP transfer operators', () => {
  it('GCSDeleteObjectsOperator: each listed object as given; prefixes cut to their folder', () => {
    const listed = run('GCSDeleteObjectsOperator(task_id="rm", bucket_name="scratch-eu", objects=["tmp/a.parquet", "tmp/part"])');
    assert.deepEqual([listed.in, listed.out], [['gs://scratch-eu tmp/a.parquet', 'gs://scratch-eu tmp/part'], []]);
    assert.deepEqual(listed.p.inputs[1]!.source!.range, spanOf(listed.text, 'tmp/part'));
    const prefixed = run('GCSDeleteObjectsOperator(task_id="rm", bucket_name="scratch-eu", prefix=["stage/2023_", "logs/old/"])');
    assert.deepEqual(prefixed.in, ['gs://scratch-eu stage', 'gs://scratch-eu logs/old']);
    const one = run('GCSDeleteObjectsOperator(task_id="rm", bucket_name="scratch-eu", prefix="")');
    assert.deepEqual(one.in, ['gs://scratch-eu /']);
    assert.deepEqual(run('GCSDeleteObjectsOperator(task_id="rm", bucket_name="scratch-eu", objects=[])').in, []);
  });

  it('GCSFileTransformOperator: the destination defaults to the source bucket and object', () => {
    const both = run(
      'GCSFileTransformOperator(task_id="t", source_bucket="raw-zone", source_object="in/feed.json", destination_bucket="clean-zone", destination_object="out/feed.json", transform_script="/opt/fix.sh")',
    );
    assert.deepEqual([both.in, both.out], [['gs://raw-zone in/feed.json'], ['gs://clean-zone out/feed.json']]);
    const inPlace = run(
      'GCSFileTransformOperator(task_id="t", source_bucket="raw-zone", source_object="in/feed.json", transform_script="x")',
    );
    assert.deepEqual([inPlace.in, inPlace.out], [['gs://raw-zone in/feed.json'], ['gs://raw-zone in/feed.json']]);
  });

  it('GCSTimeSpanFileTransformOperator: strftime fields of the prefixes are placeholders, no prefix is /', () => {
    const r = run(
      'GCSTimeSpanFileTransformOperator(task_id="t", source_bucket="ingest", source_prefix="events/%Y/%m/", source_gcp_conn_id="g", destination_bucket="warehouse-in", destination_prefix="", destination_gcp_conn_id="g", transform_script="x")',
    );
    assert.deepEqual([r.in, r.out], [['gs://ingest events/<%Y>/<%m>'], ['gs://warehouse-in /']]);
    assert.deepEqual(
      r.p.inputs[0]!.placeholders!.map((p) => p.name),
      ['%Y', '%m'],
    );
    const plain = run(
      'GCSTimeSpanFileTransformOperator(task_id="t", source_bucket="ingest", source_prefix="daily/dump_%Y%m%d", source_gcp_conn_id="g", destination_bucket="w", destination_prefix="100%%/x.csv", destination_gcp_conn_id="g", transform_script="x")',
    );
    assert.deepEqual([plain.in, plain.out], [['gs://ingest daily'], ['gs://w 100%/x.csv']]);
  });

  it('BigQueryToBigQueryOperator: project.dataset.table for each source (project: form too), the project from the hook', () => {
    const r = run(
      'BigQueryToBigQueryOperator(task_id="cp", source_project_dataset_tables=["acme-prod:sales.orders", "sales.refunds"], destination_project_dataset_table="acme-bi.mart.orders_copy")',
      [conn('google_cloud_default', 'google_cloud_platform', { extra: { project: 'acme-dev' } })],
    );
    assert.deepEqual(
      [r.in, r.out],
      [['bigquery acme-prod.sales.orders', 'bigquery acme-dev.sales.refunds'], ['bigquery acme-bi.mart.orders_copy']],
    );
    const noConn = run(
      'BigQueryToBigQueryOperator(task_id="cp", source_project_dataset_tables="sales.orders", destination_project_dataset_table="mart.copy", gcp_conn_id="bq")',
    );
    assert.deepEqual([noConn.in, noConn.out], [['bigquery <gcp-project>.sales.orders'], ['bigquery <gcp-project>.mart.copy']]);
    const explicit = run(
      'BigQueryToBigQueryOperator(task_id="cp", source_project_dataset_tables="sales.orders", destination_project_dataset_table="mart.copy", project_id="acme-ops")',
    );
    assert.deepEqual(explicit.out, ['bigquery acme-ops.mart.copy']);
    // A name split_tablename rejects fails the copy job: no lineage.
    const bad = run(
      'BigQueryToBigQueryOperator(task_id="cp", source_project_dataset_tables="orders", destination_project_dataset_table="mart.copy")',
    );
    assert.deepEqual([bad.in, bad.out], [[], []]);
  });

  it('SFTPToGCSOperator: file://host:port of the SFTP connection (not resolved), the destination object or folder', () => {
    const box = [conn('partner_sftp', 'sftp', { host: 'drop.partner.example', port: 2022 })];
    const single = run(
      'SFTPToGCSOperator(task_id="s", sftp_conn_id="partner_sftp", source_path="/outbox/rates.csv", destination_bucket="gs://landing-b/")',
      box,
    );
    assert.deepEqual([single.in, single.out], [['file://drop.partner.example:2022 /outbox/rates.csv'], ['gs://landing-b rates.csv']]);
    const many = run(
      'SFTPToGCSOperator(task_id="s", sftp_conn_id="partner_sftp", source_path="/outbox/2024/*.csv", destination_bucket="landing-b", destination_path="partner/")',
      box,
    );
    assert.deepEqual([many.in, many.out], [['file://drop.partner.example:2022 /outbox/2024'], ['gs://landing-b partner']]);
    const noDest = run('SFTPToGCSOperator(task_id="s", source_path="outbox/*", destination_bucket="landing-b")', [
      conn('ssh_default', 'ssh', { host: '10.1.2.3' }),
    ]);
    assert.deepEqual([noDest.in, noDest.out], [['file://10.1.2.3:22 outbox'], ['gs://landing-b /']]);
    const unknown = run('SFTPToGCSOperator(task_id="s", source_path="/a/b.txt", destination_bucket="x", destination_path="c/d.txt")');
    assert.deepEqual(unknown.in, ['file://<conn:ssh_default.host>:<conn:ssh_default.port> /a/b.txt']);
    assert.deepEqual(
      unknown.p.inputs[0]!.placeholders!.map((p) => p.name),
      ['conn:ssh_default.host', 'conn:ssh_default.port'],
    );
    assert.deepEqual(unknown.out, ['gs://x c/d.txt']);
  });

  it('GCSToSFTPOperator: the destination path joined with the object name unless keep_directory_structure=False', () => {
    const box = [conn('ssh_default', 'ssh', { host: 'archive.internal' })];
    const keep = run(
      'GCSToSFTPOperator(task_id="g", source_bucket="exports", source_object="reports/q1.pdf", destination_path="/srv/in")',
      box,
    );
    assert.deepEqual([keep.in, keep.out], [['gs://exports reports/q1.pdf'], ['file://archive.internal:22 /srv/in/reports/q1.pdf']]);
    const flat = run(
      'GCSToSFTPOperator(task_id="g", source_bucket="exports", source_object="reports/q1.pdf", destination_path="/srv/in/", keep_directory_structure=False)',
      box,
    );
    assert.deepEqual(flat.out, ['file://archive.internal:22 /srv/in/q1.pdf']);
    const wild = run(
      'GCSToSFTPOperator(task_id="g", source_bucket="exports", source_object="reports/*.pdf", destination_path="/srv/in/", keep_directory_structure=False)',
      box,
    );
    assert.deepEqual([wild.in, wild.out], [['gs://exports reports'], ['file://archive.internal:22 /srv/in']]);
    const keepWild = run('GCSToSFTPOperator(task_id="g", source_bucket="exports", source_object="*", destination_path="/")', box);
    assert.deepEqual([keepWild.in, keepWild.out], [['gs://exports /'], ['file://archive.internal:22 /']]);
  });
});
