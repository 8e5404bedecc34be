/**
 * Marquez writes a column-lineage node's `inEdges` from the node itself to its input field
 * (`{origin: <this field>, destination: <input field>}`; ColumnLineageService.toLineage, asserted by its
 * ColumnLineageServiceTest), while table lineage and `outEdges` go from upstream to downstream. The viewer must
 * draw one edge per input, upstream to downstream, whichever way a server writes the `inEdges`.
 */
import assert from 'node:assert/strict';
import { parseLineageResponse } from '../../webview/src/graph/model';

const A = 'datasetField:ns:a:id';
const B = 'datasetField:ns:b:id';
const node = (id: string, inEdges: { origin: string; destination: string }[], outEdges: { origin: string; destination: string }[]) => ({
  id,
  type: 'DATASET_FIELD',
  data: {},
  inEdges,
  outEdges,
});

function edgesOf(response: unknown): string[] {
  const result = parseLineageResponse(response);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.model.edges.map((e) => `${e.source} -> ${e.target}`);
}

describe('webview: column lineage edges as Marquez writes them', () => {
  it("reads Marquez's inEdges (origin = the node, destination = its input) as input -> node: one edge, not two", () => {
    const marquez = { graph: [node(A, [], [{ origin: A, destination: B }]), node(B, [{ origin: B, destination: A }], [])] };
    assert.deepEqual(edgesOf(marquez), [`${A} -> ${B}`]);
  });

  it('reads inEdges written upstream to downstream the same way', () => {
    const natural = { graph: [node(A, [], [{ origin: A, destination: B }]), node(B, [{ origin: A, destination: B }], [])] };
    assert.deepEqual(edgesOf(natural), [`${A} -> ${B}`]);
  });
});
