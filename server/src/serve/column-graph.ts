/**
 * The nodes of a `GET /api/v1/column-lineage` answer, once the fields to return are chosen (./api.ts walks the
 * column lineage to choose them). Pure.
 *
 * As Marquez's ColumnLineageService, edges join only fields of the answer: a field at the depth limit lists
 * neither the inputs nor the outputs that were not returned. Marquez's web UI lays the graph out with ELK from
 * every node's `outEdges`, and an edge to a node that is not in the graph makes it throw and show nothing.
 *
 * A field's `inEdges` go from the field to its input (`{origin: <field>, destination: <input>}`), as Marquez writes
 * them for column lineage (unlike table lineage): the UI follows `inEdges[].destination` to highlight a column's
 * upstream. `outEdges` go from the field to the fields computed from it.
 */
import type { DatasetFieldNode } from '../../../protocol/marquez';
import { datasetFieldNodeId, datasetNodeId } from '../../../protocol/node-ids';
import type { FieldInput, StoredLineage } from './model';

/** A field of the answer: its `datasetField:` node id's parts. */
export interface FieldRef {
  namespace: string;
  dataset: string;
  field: string;
}

/** The answer's nodes, sorted by id, for the fields `refs` (by node id). */
export function columnLineageGraph(model: StoredLineage, refs: ReadonlyMap<string, FieldRef>): DatasetFieldNode[] {
  const inGraph = (i: FieldInput) => refs.has(datasetFieldNodeId({ namespace: i.namespace, name: i.dataset }, i.field));
  const latestVersion = (namespace: string, name: string) =>
    model.datasets.get(datasetNodeId({ namespace, name }))?.versions.at(-1)?.version ?? null;
  return [...refs.keys()].sort().map((id): DatasetFieldNode => {
    const ref = refs.get(id)!;
    const dataset = model.datasets.get(datasetNodeId({ namespace: ref.namespace, name: ref.dataset }));
    const inputs = (model.fieldInputs.get(id) ?? []).filter(inGraph);
    return {
      id,
      type: 'DATASET_FIELD',
      data: {
        namespace: ref.namespace,
        dataset: ref.dataset,
        datasetVersion: dataset?.versions.at(-1)?.version ?? null,
        field: ref.field,
        fieldType: dataset?.fields.find((f) => f.name === ref.field)?.type ?? null,
        transformationDescription: inputs[0]?.transformationDescription ?? null,
        transformationType: inputs[0]?.transformationType ?? null,
        inputFields: inputs.map((i) => ({
          namespace: i.namespace,
          dataset: i.dataset,
          datasetVersion: latestVersion(i.namespace, i.dataset),
          field: i.field,
          transformationDescription: i.transformationDescription,
          transformationType: i.transformationType,
        })),
      },
      // Marquez's direction for column lineage: Edge(field, input) (its web UI follows inEdges[].destination upstream).
      inEdges: inputs.map((i) => ({ origin: id, destination: datasetFieldNodeId({ namespace: i.namespace, name: i.dataset }, i.field) })),
      outEdges: [...(model.fieldOutputs.get(id) ?? [])].filter((out) => refs.has(out)).map((out) => ({ origin: id, destination: out })),
    };
  });
}
