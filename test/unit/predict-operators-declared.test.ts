/**
 * Operator predictions where the runtime's values are in the code but not in the operator's own arguments:
 * a custom operator's OpenLineage method returning datasets bound to names, extractors registered through the
 * project's settings, DAG `user_defined_macros` rendered into SQL, f-strings built from module constants and
 * environment reads, and operator classes imported under another name. The real SQL parser and connection
 * naming (WorkspacePredictor), own fixtures.
 */
import assert from 'node:assert/strict';
import { WorkspaceFiles } from '../../server/src/service/predict/files';
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
});
