/**
 * predict/pyspark on notebooks: the code cells as one document (magics blanked), every range mapped back to
 * its cell, or to the `.ipynb` file's JSON text.
 */
import assert from 'node:assert/strict';
import { ipynbPysparkLineage, pysparkNotebookLineage } from '../../server/src/service/predict/pyspark';
import type { CellInput } from '../../server/src/service/notebook/virtual';
import { pythonParser } from '../support/harness';

const parse = (text: string) => pythonParser().parse(text);

describe('predict/pyspark: notebooks', () => {
  const cells: CellInput[] = [
    { kind: 'markdown', text: '# Loads the fleet data' },
    { kind: 'code', text: '%pip install delta-spark\nSRC = "s3a://fleet-raw/trips"' },
    { kind: 'code', text: 'trips = spark.read.json(SRC)' },
    { kind: 'code', language: 'sql', text: 'SELECT * FROM nothing_here' },
    { kind: 'code', text: 'trips.write.format("delta").save("/mnt/silver/trips")' },
  ];

  it('reads the code cells in order and maps each source to its cell', () => {
    const r = pysparkNotebookLineage(cells, parse, { uri: 'file:///w/fleet.ipynb' }, (cell, range) => ({ uri: `cell:${cell}`, range }));
    assert.ok(r);
    const at = (d: { source?: { uri?: string; range: { start: number; end: number } } }) => {
      const cell = Number(d.source!.uri!.slice('cell:'.length));
      return `${d.source!.uri} ${cells[cell]!.text.slice(d.source!.range.start, d.source!.range.end)}`;
    };
    assert.deepEqual(
      r.inputs.map((d) => `${d.namespace} ${d.name} @ ${at(d)}`),
      ['s3://fleet-raw trips @ cell:2 SRC'],
    );
    assert.deepEqual(
      r.outputs.map((d) => `${d.namespace} ${d.name} @ ${at(d)}`),
      ['file /mnt/silver/trips @ cell:4 "/mnt/silver/trips"'],
    );
  });

  it('maps ranges into a .ipynb file’s JSON text, escapes included', () => {
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { language: 'python', name: 'pyspark' } },
      cells: [
        {
          cell_type: 'code',
          metadata: {},
          outputs: [],
          source: ['df = spark.read.parquet(\t"gs://cold/a")\n', 'df.write.saveAsTable("x.y")'],
        },
      ],
    };
    const text = JSON.stringify(nb, null, 1);
    const r = ipynbPysparkLineage(text, parse, { uri: 'file:///w/n.ipynb', conf: new Map([['spark.sql.warehouse.dir', 'gs://wh']]) });
    assert.ok(r && !('unreadable' in r));
    assert.deepEqual(
      r.inputs.map((d) => `${d.namespace} ${d.name} ${text.slice(d.source!.range.start, d.source!.range.end)}`),
      ['gs://cold a \\"gs://cold/a\\"'],
    );
    assert.deepEqual(
      r.outputs.map((d) => `${d.namespace} ${d.name} ${text.slice(d.source!.range.start, d.source!.range.end)}`),
      ['gs://wh x.db/y \\"x.y\\"'],
    );
    assert.deepEqual(ipynbPysparkLineage('{"nbformat": 3}', parse, { uri: 'file:///w/old.ipynb' }), {
      unreadable: 'it is in notebook format 3; only format 4 is read (open and save it in Jupyter or VS Code to convert it)',
    });
  });
});
