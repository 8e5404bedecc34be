/**
 * What Marquez's own web UI (MarquezProject/marquez web/) needs from the local endpoint beyond the shapes: found
 * by driving the real UI against `lineage-lens serve` (the measurement is outside the repository). Each case is
 * a page of that UI that broke.
 */
import assert from 'node:assert/strict';
import { ReadApi } from '../../server/src/serve/api';
import { StoredLineage } from '../../server/src/serve/model';
import { uuidFor } from '../fixtures/serve/events';

type Json = Record<string, unknown>;
interface Edge {
  origin: string;
  destination: string;
}
interface GraphNode {
  id: string;
  data: { inputFields: Json[] };
  inEdges: Edge[];
  outEdges: Edge[];
}

const NS = 'warehouse';
const field = (dataset: string, name: string) => `datasetField:${NS}:${dataset}:${name}`;

/** A run of `job` reading `input` and writing `output`, whose column `id` comes from the input's `id`. */
function copyEvent(i: number, job: string, input: string, output: string): Json {
  return {
    eventType: 'COMPLETE',
    eventTime: '2024-10-15T00:00:00.000Z',
    producer: 'https://example.com/producer',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId: uuidFor(i) },
    job: { namespace: NS, name: job },
    inputs: [{ namespace: NS, name: input, facets: { schema: { fields: [{ name: 'id', type: 'INT' }] } } }],
    outputs: [
      {
        namespace: NS,
        name: output,
        facets: {
          schema: { fields: [{ name: 'id', type: 'INT' }] },
          columnLineage: { fields: { id: { inputFields: [{ namespace: NS, name: input, field: 'id' }] } } },
        },
      },
    ],
  };
}

async function columnLineage(query: string): Promise<GraphNode[]> {
  const model = new StoredLineage();
  // a.id → b.id → c.id → d.id → e.id
  const chain = ['a', 'b', 'c', 'd', 'e'];
  for (let i = 0; i + 1 < chain.length; i++)
    assert.ok(model.apply('RunEvent', copyEvent(i, `copy_${chain[i + 1]}`, chain[i]!, chain[i + 1]!)));
  const api = new ReadApi(model, { page: () => Promise.resolve({ lines: [], totalCount: 0 }) });
  const answer = await api.get(['column-lineage'], new URLSearchParams(query));
  assert.equal(answer.status, 200);
  return (answer.body as { graph: GraphNode[] }).graph;
}

describe('serve: what Marquez web UI pages need', () => {
  // The column-level page lays the graph out with ELK from every node's outEdges; an edge to a node that is not
  // in the graph makes ELK throw ("Referenced shape does not exist") and the page stays empty. Marquez's
  // ColumnLineageService builds edges only between the nodes it returns.
  it('column lineage at a depth limit: no edge leaves the graph, and the boundary fields have no inputs listed', async () => {
    const graph = await columnLineage(`nodeId=${encodeURIComponent(`dataset:${NS}:c`)}&depth=1&withDownstream=true`);
    assert.deepEqual(
      graph.map((n) => n.id),
      [field('b', 'id'), field('c', 'id'), field('d', 'id')],
    );
    const ids = new Set(graph.map((n) => n.id));
    for (const node of graph)
      for (const e of [...node.inEdges, ...node.outEdges])
        assert.ok(ids.has(e.origin) && ids.has(e.destination), `${node.id}: ${JSON.stringify(e)}`);
    const b = graph.find((n) => n.id === field('b', 'id'))!;
    const d = graph.find((n) => n.id === field('d', 'id'))!;
    assert.deepEqual(b.inEdges, []);
    assert.deepEqual(b.data.inputFields, []);
    assert.deepEqual(b.outEdges, [{ origin: field('b', 'id'), destination: field('c', 'id') }]);
    assert.deepEqual(d.outEdges, []);
  });

  // The column-level page highlights a column's upstream by following inEdges[].destination (Marquez's
  // ColumnLineageService.toLineage writes Edge(field, input); its ColumnLineageServiceTest asserts it).
  it("column lineage writes a field's inEdges as Marquez does: from the field to its input", async () => {
    const graph = await columnLineage(`nodeId=${encodeURIComponent(`dataset:${NS}:c`)}&depth=1&withDownstream=true`);
    const d = graph.find((n) => n.id === field('d', 'id'))!;
    const c = graph.find((n) => n.id === field('c', 'id'))!;
    assert.deepEqual(d.inEdges, [{ origin: field('d', 'id'), destination: field('c', 'id') }]);
    assert.deepEqual(c.inEdges, [{ origin: field('c', 'id'), destination: field('b', 'id') }]);
    assert.deepEqual(c.outEdges, [{ origin: field('c', 'id'), destination: field('d', 'id') }]);
  });

  it('column lineage without a depth limit keeps every edge of the chain', async () => {
    const graph = await columnLineage(`nodeId=${encodeURIComponent(`dataset:${NS}:c`)}&withDownstream=true`);
    assert.equal(graph.length, 5);
    assert.equal(graph.flatMap((n) => n.outEdges).length, 4);
    assert.equal(graph.flatMap((n) => n.inEdges).length, 4);
  });
});
