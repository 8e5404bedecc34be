/**
 * `File(url=...)` without a scheme: the OpenLineage provider names it with an empty namespace, which Marquez
 * rejects. The `dags/file-url-scheme` finding, its quick fix, and how `lineage-lens graph` shows such a dataset.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGraph } from '../../server/src/cli/graph';
import { loadPythonSpark } from '../../server/src/node/python';
import { fileEntityDataset } from '../../server/src/service/dags/convert';
import { applyFix, type Files, fixTitles, msg, none, one, ROOT, validate } from '../support/harness';
import { AIRFLOW2 } from '../support/airflow-workspaces';

const id = 'dags/file-url-scheme';
/** An Airflow 2 project that installs the OpenLineage provider. */
const WITH_OL: Files = { 'requirements.txt': 'apache-airflow==2.10.4\napache-airflow-providers-openlineage==1.14.0\n' };
const lint = (text: string, project: Files = WITH_OL) => validate('file:///w/dags/dag.py', text, { project, family: 'dags' });

/** A DAG whose one task has `outlets=[<outlet>]`, with File imported from `module`. */
function dag(outlet: string, module = 'airflow.lineage.entities'): string {
  return `from airflow import DAG\nfrom ${module} import File\nfrom airflow.operators.bash import BashOperator\n\nwith DAG("final", schedule=None) as dag:\n    BashOperator(task_id="write", bash_command="true", outlets=[${outlet}])\n`;
}

describe('dags/file-url-scheme', () => {
  it('names the dataset as the provider does: an empty namespace for a path', () => {
    assert.deepEqual([fileEntityDataset('/tmp/final')?.namespace, fileEntityDataset('/tmp/final')?.name], ['', '/tmp/final']);
    assert.match(fileEntityDataset('/tmp/final')!.note, /namespace is empty, which Marquez rejects/);
    assert.deepEqual(
      [fileEntityDataset('file:///tmp/final')?.namespace, fileEntityDataset('file:///tmp/final')?.name],
      ['file://', 'tmp/final'],
    );
  });

  it('warns on an absolute path and adds file://', () => {
    const text = dag('File(url="/tmp/final")');
    const d = one(lint(text), id, '/tmp/final', 'warning');
    assert.match(msg(d), /reports this outlet as a dataset with an empty namespace \(name `\/tmp\/final`\), which Marquez rejects/);
    assert.match(msg(d), /`file:\/\/\/tmp\/final` \(namespace `file:\/\/`\)/);
    assert.deepEqual(fixTitles(d), ['Write file:///tmp/final']);
    const fixed = applyFix(d);
    assert.equal(fixed, text.replace('"/tmp/final"', '"file:///tmp/final"'));
    none(lint(fixed), id);
  });

  it('warns on a positional relative path without a fix, and on the common.compat File', () => {
    const d = one(lint(dag('File("data/orders.csv")')), id, 'data/orders.csv', 'warning');
    assert.deepEqual(fixTitles(d), []);
    assert.match(msg(d), /Write it as a URL with a scheme/);
    one(lint(dag('File(url="/srv/x.parquet")', 'airflow.providers.common.compat.lineage.entities')), id, '/srv/x.parquet', 'warning');
  });

  it('only informs when the project shows no sign of OpenLineage (nothing is emitted then)', () => {
    one(lint(dag('File(url="/tmp/final")'), AIRFLOW2), id, '/tmp/final', 'information');
    one(lint(dag('File(url="/tmp/final")'), { ...AIRFLOW2, '.env': 'OPENLINEAGE_URL=http://marquez:5000\n' }), id, '/tmp/final', 'warning');
  });

  it('says nothing about URLs with a scheme, templated or computed urls, urls without a slash, or other File classes', () => {
    for (const outlet of [
      'File(url="s3://bucket/k")',
      'File(url="file:///tmp/final")',
      'File(url="{{ params.path }}")',
      'File(url=path)',
      'File(url="orders.csv")',
    ]) {
      none(lint(dag(outlet)), id);
    }
    none(lint(dag('File(url="/tmp/final")', 'mylib.files')), id);
  });
});

describe('lineage-lens graph: a dataset with an empty namespace', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lineage-lens-file-url-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is flagged in the text summary', async () => {
    writeFileSync(join(dir, 'final.py'), dag('File(url="/tmp/final")'));
    let out = '';
    const { tree } = await loadPythonSpark(ROOT);
    await runGraph(
      { paths: ['.'], format: 'text', emittedOnly: false },
      { pythonTree: tree, cwd: dir, out: (s) => (out += s), err: () => {} },
    );
    assert.match(out, /outputs: :\/tmp\/final \(empty namespace: Marquez rejects it\)\n/);
  });
});
