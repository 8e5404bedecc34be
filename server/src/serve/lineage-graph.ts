/**
 * `GET /lineage?nodeId&depth`: the lineage graph of a job or dataset, as Marquez's LineageService answers it
 * (MarquezProject/marquez at a89b89c, api/src/main/java/marquez/service/LineageService.java `lineage`,
 * db/LineageDao.java `getLineage`). Pure.
 *
 * - Depth counts jobs (two hops, dataset → job → dataset, per level); jobs that share a dataset (producers and
 *   consumers) are neighbours through it. Nodes are sorted by id.
 * - Soft-deleted (hidden) jobs and datasets (./visibility.ts) are walked through but not shown: LineageDao's
 *   recursive walk reads `job_versions_io_mapping`, which keeps hidden ones, and only its result is joined with
 *   `jobs_view`; the datasets are those of the shown jobs, read from `datasets_view`; edges join shown nodes
 *   only, and a shown job's `inputs` and `outputs` name shown datasets only (LineageService `toLineage`). A
 *   hidden start node is not found (404: BaseResource `throwIfNotExists`).
 * - A dataset the shown jobs no longer read or write is answered alone (LineageService
 *   `toLineageWithOrphanDataset`).
 */
import type { DatasetNode, Dataset, Job, JobNode, LineageGraph } from '../../../protocol/marquez';
import { datasetFieldNodeId, datasetNodeId, nodeIdKind, parseNodeId } from '../../../protocol/node-ids';
import { badRequest, notFound, type Answer } from './answer';
import type { DatasetRecord, JobRecord, StoredLineage } from './model';
import { intParam } from './params';

/** Marquez's default lineage depth. */
export const DEFAULT_DEPTH = 20;

/** What the graph needs of the read API. */
export interface GraphSource {
  jobJson(j: JobRecord, full: false): Job;
  datasetJson(d: DatasetRecord, full: false): Dataset;
  hidden(x: JobRecord | DatasetRecord): boolean;
}

type Node = JobRecord | DatasetRecord;
const isJob = (node: Node): node is JobRecord => 'runs' in node;

/** Answers `GET /lineage`. */
export function lineageAnswer(model: StoredLineage, api: GraphSource, query: URLSearchParams): Answer {
  const nodeId = query.get('nodeId');
  if (!nodeId) return badRequest('query param nodeId must not be null');
  if (!nodeIdKind(nodeId)) return badRequest(`nodeId ${nodeId} is invalid: it must start with dataset:, job: or run:`);
  const depth = intParam(query, 'depth', DEFAULT_DEPTH);
  if (typeof depth === 'string') return badRequest(depth);
  const start = lineageStart(model, nodeId);
  if (!start || api.hidden(start)) return notFound(`Node '${nodeId}' not found.`);
  // Depth counts jobs: two hops (dataset → job → dataset) per level.
  const maxHops = depth * 2;
  const seen = new Map<string, Node>([[start.nodeId, start]]);
  let frontier: Node[] = [start];
  for (let hop = 0; hop < maxHops && frontier.length > 0; hop++) {
    const next: Node[] = [];
    for (const node of frontier) {
      for (const neighbour of neighbours(node)) {
        if (seen.has(neighbour.nodeId)) continue;
        seen.set(neighbour.nodeId, neighbour);
        next.push(neighbour);
      }
    }
    frontier = next;
  }
  // Shown: the jobs reached that are not hidden, and every dataset they read or write that is not hidden (also
  // those of the jobs at the depth limit, as LineageService reads the datasets of the jobs found).
  const shown = new Map<string, Node>();
  const hidden = new Set<string>();
  const visible = (node: Node) => {
    if (hidden.has(node.nodeId)) return false;
    if (shown.has(node.nodeId) || !api.hidden(node)) return true;
    hidden.add(node.nodeId);
    return false;
  };
  for (const node of seen.values()) {
    if (!isJob(node) || !visible(node)) continue;
    shown.set(node.nodeId, node);
    for (const d of [...node.inputs, ...node.outputs]) if (visible(d)) shown.set(d.nodeId, d);
  }
  if (!isJob(start) && !shown.has(start.nodeId)) {
    return {
      status: 200,
      body: { graph: [{ id: start.nodeId, type: 'DATASET', data: api.datasetJson(start, false), inEdges: [], outEdges: [] }] },
    };
  }
  const graph = [...shown.keys()].sort().map((id): JobNode | DatasetNode => {
    const node = shown.get(id)!;
    if (isJob(node)) {
      const inputs = node.inputs.filter((d) => shown.has(d.nodeId));
      const outputs = node.outputs.filter((d) => shown.has(d.nodeId));
      const data = api.jobJson(node, false);
      if (inputs.length < node.inputs.length) data.inputs = inputs.map((d) => ({ namespace: d.namespace, name: d.name }));
      if (outputs.length < node.outputs.length) data.outputs = outputs.map((d) => ({ namespace: d.namespace, name: d.name }));
      return {
        id,
        type: 'JOB',
        data,
        inEdges: inputs.map((d) => ({ origin: d.nodeId, destination: id })),
        outEdges: outputs.map((d) => ({ origin: id, destination: d.nodeId })),
      };
    }
    return {
      id,
      type: 'DATASET',
      data: api.datasetJson(node, false),
      inEdges: [...node.producers].filter((j) => shown.has(j.nodeId)).map((j) => ({ origin: j.nodeId, destination: id })),
      outEdges: [...node.consumers].filter((j) => shown.has(j.nodeId)).map((j) => ({ origin: id, destination: j.nodeId })),
    };
  });
  return { status: 200, body: { graph } satisfies LineageGraph };
}

/** The job or dataset a node id names (`run:` ids name their job; a `#version` suffix is ignored). */
function lineageStart(model: StoredLineage, nodeId: string): Node | undefined {
  const exact = model.jobs.get(nodeId) ?? model.datasets.get(nodeId);
  if (exact) return exact;
  const kind = nodeIdKind(nodeId);
  if (kind === 'run') return model.runs.get(parseNodeId(nodeId).name)?.job;
  if (kind === 'field') {
    const ref = model.fieldRefs.get(nodeId.replace(/#[^#]*$/, ''));
    if (ref) return model.datasets.get(datasetNodeId({ namespace: ref.namespace, name: ref.dataset }));
    for (const dataset of model.datasets.values()) {
      if (dataset.fields.some((f) => datasetFieldNodeId(dataset, f.name) === nodeId)) return dataset;
    }
    return undefined;
  }
  const hash = nodeId.lastIndexOf('#');
  if (hash > 0) return model.jobs.get(nodeId.slice(0, hash)) ?? model.datasets.get(nodeId.slice(0, hash));
  return undefined;
}

function neighbours(node: Node): Iterable<Node> {
  if (isJob(node)) return [...node.inputs, ...node.outputs];
  return [...node.producers, ...node.consumers];
}
