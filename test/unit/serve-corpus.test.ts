/**
 * Every real OpenLineage event of the shared corpus (../shared/openlineage-corpus/openlineage-events: single
 * events and arrays of them) posted to the local endpoint: which are accepted and which rejected (and on
 * which field), and the model and graphs they build. Fails when the corpus is not there (skipped with
 * LINEAGE_LENS_SKIP_SHARED=1).
 *
 * Rejected on purpose: the upstream integration-test templates (placeholders such as
 * `{{ is_datetime(result) }}` in `eventTime`), Marquez's seed template (`{{RUN_START_TIME}}`), Marquez's
 * sample without `schemaURL`, and compatibility-tests' simple_run_event, whose `producer` is the word
 * "producer", not a URI (formats are asserted here; the corpus manifest checked without them).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { MarquezClient } from '../../extension/src/endpoint/client';
import { startLocalEndpoint, type LocalEndpoint } from '../../server/src/serve';
import { corpusPath, needsSharedCorpus } from '../support/shared-corpus';

const EVENTS = corpusPath('openlineage-events');

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith('.json') ? [path] : [];
    });
}

describe('serve: the real events of the shared corpus', function () {
  this.timeout(60_000);
  let dir: string;
  let endpoint: LocalEndpoint;

  before(function () {
    needsSharedCorpus(this, EVENTS);
  });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'serve-corpus-'));
    endpoint = await startLocalEndpoint({ port: 0, dataDir: dir });
  });
  afterEach(async () => {
    await endpoint?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the valid events, rejects the templates naming the field, and builds the expected graph', async () => {
    const files = jsonFiles(EVENTS);
    assert.equal(files.length, 95);
    let accepted = 0;
    const rejected: Record<string, number> = {};
    for (const file of files) {
      const value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      for (const event of Array.isArray(value) ? value : [value]) {
        const response = await fetch(`${endpoint.url}/api/v1/lineage`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(event),
        });
        const text = await response.text();
        if (response.status === 201) accepted++;
        else {
          assert.equal(response.status, 422, `${relative(EVENTS, file)}: ${text}`);
          const { field } = JSON.parse(text) as { field: string };
          const key = `${relative(EVENTS, file).replace(/^compat-tests\/([^/]+)\/.*$/, 'compat-tests/$1')} ${field}`;
          rejected[key] = (rejected[key] ?? 0) + 1;
        }
      }
    }
    assert.equal(accepted, 83);
    assert.deepEqual(rejected, {
      'compat-tests/simple_run_event producer': 1,
      'marquez_docker_metadata.template.json eventTime': 26,
      'ol-airflow-it-expected_bigquery.json eventTime': 4,
      'ol-airflow-it-expected_dbt_snowflake.json eventTime': 6,
      'ol-airflow-it-expected_gcs.json eventTime': 2,
      'ol-airflow-it-expected_great_expectations.json eventTime': 3,
      'ol-airflow-it-expected_postgres.json eventTime': 4,
      'ol-airflow-it-expected_snowflake.json eventTime': 2,
      'ol-spark-it-expected_applicationLevelCompleteApplication.json eventTime': 1,
      'ol-spark-it-expected_columnLineageJDBCComplete.json eventTime': 1,
      'ol-spark-it-expected_pysparkBigquerySaveEnd.json eventTime': 1,
      'ol-spark-it-expected_pysparkCLLEnd.json eventTime': 1,
    });
    assert.equal(endpoint.eventCount(), 83);

    // The model, read back through the extension's client.
    const client = new MarquezClient({ baseUrl: endpoint.url, retryDelayMs: 0 });
    const { namespaces } = await client.namespaces();
    assert.equal(namespaces.length, 14);
    let jobs = 0;
    let datasets = 0;
    const states: Record<string, number> = {};
    for (const ns of namespaces) {
      const jobList = await client.jobs(ns.name);
      jobs += jobList.totalCount ?? 0;
      datasets += (await client.datasets(ns.name)).totalCount ?? 0;
      for (const job of jobList.jobs)
        for (const run of (await client.jobRuns(job.namespace, job.name)).runs) states[run.state] = (states[run.state] ?? 0) + 1;
    }
    assert.deepEqual({ jobs, datasets }, { jobs: 34, datasets: 27 });
    assert.deepEqual(states, { COMPLETED: 34, NEW: 1 });

    // Spark's column-level lineage scenario: two sources → CTAS job → tbl1, with field lineage.
    const tbl1 = 'dataset:file:/tmp/cll_test/tbl1';
    const lineage = await client.lineage(tbl1, 1);
    assert.deepEqual(
      lineage.graph.map((n) => n.id),
      [
        'dataset:file:/tmp/cll_test/cll_source1',
        'dataset:file:/tmp/cll_test/cll_source2',
        tbl1,
        'job:testColumnLevelLineage:open_lineage_integration_create_table.execute_create_hive_table_as_select_command.default_tbl1',
      ],
    );
    const columns = await client.columnLineage(tbl1, 20);
    assert.ok(columns.graph.length > 0 && columns.graph.every((n) => n.type === 'DATASET_FIELD'));
    const withInputs = columns.graph.filter((n) => n.type === 'DATASET_FIELD' && n.data.inputFields.length > 0);
    assert.ok(withInputs.length > 0, 'tbl1 has fields computed from the sources');
    assert.ok(
      withInputs.every(
        (n) => n.type === 'DATASET_FIELD' && n.data.inputFields.every((f) => f.dataset.startsWith('/tmp/cll_test/cll_source')),
      ),
    );
  });
});
