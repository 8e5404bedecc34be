/**
 * `runtime/lineage-drift`: the code's lineage of a task (as the language service builds it) against what the
 * task's last run reported. A renamed table, a dropped output: said on the task, naming both sides; the same
 * datasets, a placeholder the runtime filled in, or a task the code predicts nothing for: nothing said.
 */
import assert from 'node:assert/strict';
import { lineageDrift } from '../../extension/src/dag-lineage/drift';
import { mergeDagLineage } from '../../extension/src/dag-lineage/merge';
import { LineageIndex } from '../../server/src/service/dags/lineage';
import { parseDag } from '../support/harness';

const URI = 'file:///w/dags/sales.py';
const NS = 'team';
const DAG = `from airflow import DAG
from airflow.datasets import Dataset
from airflow.operators.bash import BashOperator

with DAG("sales") as dag:
    load = BashOperator(
        task_id="load",
        bash_command="load.sh",
        inlets=[Dataset("s3://raw/sales.csv")],
        outlets=[Dataset("s3://lake/sales.parquet")],
    )
    notify = BashOperator(task_id="notify", bash_command="notify.sh")
`;

function code(text = DAG) {
  const index = new LineageIndex({ namespace: NS });
  index.update(URI, parseDag(text), text);
  return index.graph({ uri: URI, emittedOnly: true });
}

/** A runtime lineage answer: jobs `sales.<task>` with the datasets their last run reported. */
function runtime(tasks: Record<string, { inputs: [string, string][]; outputs: [string, string][] }>) {
  const graph: unknown[] = [];
  for (const [task, { inputs, outputs }] of Object.entries(tasks)) {
    const id = `job:${NS}:sales.${task}`;
    for (const [namespace, name] of [...inputs, ...outputs])
      graph.push({ id: `dataset:${namespace}:${name}`, type: 'DATASET', data: { namespace, name }, inEdges: [], outEdges: [] });
    graph.push({
      id,
      type: 'JOB',
      data: { name: `sales.${task}`, namespace: NS },
      inEdges: inputs.map(([ns, n]) => ({ origin: `dataset:${ns}:${n}`, destination: id })),
      outEdges: outputs.map(([ns, n]) => ({ origin: id, destination: `dataset:${ns}:${n}` })),
    });
  }
  return { graph };
}

describe('runtime/lineage-drift', () => {
  it('says nothing when the last run reported what the code names', () => {
    const ran = runtime({ load: { inputs: [['s3://raw', 'sales.csv']], outputs: [['s3://lake', 'sales.parquet']] } });
    assert.deepEqual(lineageDrift(URI, code(), ran), []);
  });

  it('names the output the code no longer writes and the one it writes now, on the task’s operator', () => {
    const ran = runtime({ load: { inputs: [['s3://raw', 'sales.csv']], outputs: [['s3://lake', 'sales_v1.parquet']] } });
    const [f, ...rest] = lineageDrift(URI, code(), ran);
    assert.equal(rest.length, 0);
    assert.equal(f!.job, 'sales.load');
    assert.deepEqual(f!.removed, ['s3://lake/sales_v1.parquet']);
    assert.deepEqual(f!.added, ['s3://lake/sales.parquet']);
    // `BashOperator` on line 6 (0-based 5), from column 11: the call spans lines, so only its name is marked.
    assert.deepEqual(f!.range, { start: { line: 5, character: 11 }, end: { line: 5, character: 23 } });
    assert.match(f!.message, /last run reported s3:\/\/lake\/sales_v1\.parquet, which the code does not name/);
  });

  it('leaves alone a task the code predicts nothing for, and a task that has not run', () => {
    const ran = runtime({ notify: { inputs: [], outputs: [['s3://raw', 'audit.log']] } });
    assert.deepEqual(lineageDrift(URI, code(), ran), []);
  });

  it('matches a run-time-only part of a name (a placeholder) against any text', () => {
    // The code names the output with a part only the runtime knows; the run reported the value.
    const graph = code();
    const at = (id: string) => id.replace('s3://lake:sales.parquet', 's3://lake:<env:SALES_PREFIX>/sales.parquet');
    const placeholder = JSON.parse(JSON.stringify(graph), (k, v: unknown) =>
      (k === 'id' || k === 'origin' || k === 'destination') && typeof v === 'string' ? at(v) : v,
    ) as unknown;
    const same = runtime({ load: { inputs: [['s3://raw', 'sales.csv']], outputs: [['s3://lake', '2026/sales.parquet']] } });
    assert.deepEqual(lineageDrift(URI, placeholder, same), []);
    const other = runtime({ load: { inputs: [['s3://raw', 'sales.csv']], outputs: [['s3://lake', '2026/refunds.parquet']] } });
    assert.deepEqual(lineageDrift(URI, placeholder, other)[0]!.removed, ['s3://lake/2026/refunds.parquet']);
  });

  it('the DAG view takes a placeholder name and the runtime name that fills it in as one dataset, seen in both', () => {
    const placeholder = JSON.parse(JSON.stringify(code()), (k, v: unknown) =>
      (k === 'id' || k === 'origin' || k === 'destination') && typeof v === 'string'
        ? v.replace('s3://lake:sales.parquet', 's3://lake:<env:SALES_PREFIX>/sales.parquet')
        : v,
    ) as unknown;
    const ran = runtime({ load: { inputs: [['s3://raw', 'sales.csv']], outputs: [['s3://lake', '2026/sales.parquet']] } });
    const { summary } = mergeDagLineage(placeholder, ran, { endpoint: 'http://m', namespace: NS });
    assert.deepEqual(summary.datasets, { code: 0, runtime: 0, both: 2 });
  });

  it('takes a Spark application predicted from the code as the runtime job its listener named after an action', () => {
    const app = {
      id: `job:${NS}:enrich`,
      type: 'JOB',
      data: { name: 'enrich', namespace: NS, operator: 'Spark application (OpenLineage listener)', parentJobName: 'sales.load' },
      inEdges: [],
      outEdges: [],
    };
    const codeGraph = { graph: [...code().graph, app] };
    const ran = {
      graph: [
        ...runtime({ load: { inputs: [['s3://raw', 'sales.csv']], outputs: [['s3://lake', 'sales.parquet']] } }).graph,
        {
          id: `job:${NS}:enrich.execute_insert_into_hadoop_fs_relation_command`,
          type: 'JOB',
          data: { name: 'enrich.execute_insert_into_hadoop_fs_relation_command' },
          inEdges: [],
          outEdges: [],
        },
      ],
    };
    const { summary } = mergeDagLineage(codeGraph, ran, { endpoint: 'http://m', namespace: NS });
    // load and the Spark application ran; notify never did.
    assert.deepEqual(summary.tasks, { code: 1, runtime: 0, both: 2 });
  });
});
