/**
 * Column-level lineage: a model whose nodes are dataset fields and whose edges say which input column a
 * column is computed from. It comes either from a `GET /api/v1/column-lineage` response (DATASET_FIELD nodes,
 * used as they are) or from the `columnLineage` facets of a table-level graph's datasets. Pure.
 */
import { datasetFieldNodeId, datasetNodeId } from '../../../protocol/node-ids';
import { columnLineageOf, facetsOf } from './facets';
import { modelOf, type GraphNode, type LineageModel } from './model';

/** The nodeId Marquez gives a dataset field, from the parts this model keeps apart. */
export function fieldNodeId(namespace: string, dataset: string, field: string): string {
  return datasetFieldNodeId({ namespace, name: dataset }, field);
}

function fieldNode(namespace: string, dataset: string, field: string, data: Record<string, unknown>, type?: string): GraphNode {
  const node: GraphNode = {
    id: fieldNodeId(namespace, dataset, field),
    kind: 'field',
    namespace,
    name: field,
    label: field,
    parent: dataset,
    fields: [],
    data: { namespace, dataset, field, ...data },
  };
  if (type !== undefined) node.subtype = type;
  return node;
}

/** Whether `model` has any column lineage to show. */
export function hasColumnLineage(model: LineageModel): boolean {
  return model.nodes.some((n) => n.kind === 'field' || (n.kind === 'dataset' && columnLineageOf(facetsOf(n.data)).length > 0));
}

/**
 * The column-level model of `model`: its DATASET_FIELD nodes when it has any, otherwise the fields named by
 * its datasets' `columnLineage` facets (each output column, each input column, an edge from input to output).
 * Empty when neither exists.
 */
export function columnModel(model: LineageModel): LineageModel {
  const fields = model.nodes.filter((n) => n.kind === 'field');
  if (fields.length > 0) {
    const ids = new Set(fields.map((n) => n.id));
    return modelOf(
      fields,
      model.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
    );
  }
  const nodes = new Map<string, GraphNode>();
  const edges: { source: string; target: string }[] = [];
  const typeOf = new Map<string, string | undefined>();
  for (const n of model.nodes) {
    if (n.kind !== 'dataset') continue;
    for (const f of n.fields) typeOf.set(fieldNodeId(n.namespace, n.name, f.name), f.type);
  }
  const add = (namespace: string, dataset: string, field: string, data: Record<string, unknown> = {}) => {
    const id = fieldNodeId(namespace, dataset, field);
    if (!nodes.has(id)) nodes.set(id, fieldNode(namespace, dataset, field, data, typeOf.get(id)));
    return id;
  };
  for (const n of model.nodes) {
    if (n.kind !== 'dataset') continue;
    for (const entry of columnLineageOf(facetsOf(n.data))) {
      const inputFields = entry.inputs.map((i) => ({
        namespace: i.namespace,
        dataset: i.name,
        field: i.field,
        transformations: i.transformations.map((t) => ({ type: t })),
      }));
      const target = add(n.namespace, n.name, entry.field, { inputFields });
      for (const i of entry.inputs) edges.push({ source: add(i.namespace, i.name, i.field), target });
    }
  }
  return modelOf([...nodes.values()], edges);
}

/** The dataset (table-level nodeId) a field node belongs to, for switching between the modes. */
export function datasetOfField(field: GraphNode): string | undefined {
  return field.parent !== undefined ? datasetNodeId({ namespace: field.namespace, name: field.parent }) : undefined;
}
