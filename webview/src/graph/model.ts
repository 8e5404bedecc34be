/**
 * The lineage graph model: validates an untrusted, parsed Marquez lineage response (`GET /api/v1/lineage` or
 * `GET /api/v1/column-lineage`) and merges expansions into it; what is shown of it is graph/explore.ts, what is
 * highlighted graph/highlight.ts. Pure: no DOM, no I/O, so it runs in the webview, in a worker or in unit tests alike.
 */
import { parseNodeId } from '../../../protocol/node-ids';
import type { MarquezNodeType } from '../../../protocol/webview';

/** What a node stands for: a job, a dataset, a dataset field (column lineage) or a run. */
export type NodeKind = 'job' | 'dataset' | 'field' | 'run';

/** A dataset's field (column) as listed in Marquez's DatasetData `fields`. */
export interface NodeField {
  name: string;
  type?: string;
  description?: string;
}

/** A validated node. All strings come from the response and are untrusted: render them as text only. */
export interface GraphNode {
  /** The Marquez nodeId, unique in the model. */
  id: string;
  kind: NodeKind;
  namespace: string;
  /** The full name within the namespace (for a field: the field name; for a run: the run id). */
  name: string;
  /** A short name to draw: a job's `simpleName`, otherwise `name`. */
  label: string;
  /** For a field, its dataset; for a job, its parent job when Marquez reports one. */
  parent?: string;
  /** Marquez's subtype: DB_TABLE / STREAM for datasets, BATCH / STREAM / SERVICE for jobs, the field type for fields, the run state for runs. */
  subtype?: string;
  description?: string;
  /** A dataset's fields, in response order; empty for other kinds. */
  fields: NodeField[];
  /** The node's `data` object as received (or an empty object). */
  data: Readonly<Record<string, unknown>>;
}

/** A directed edge in lineage order: `source` feeds `target` (a dataset read by a job, a job writing a dataset). */
export interface GraphEdge {
  /** A key unique per (source, target) pair. */
  id: string;
  source: string;
  target: string;
}

export interface LineageModel {
  /** In response order, without duplicates. */
  nodes: readonly GraphNode[];
  /** Deduplicated; both ends are nodes of the model. */
  edges: readonly GraphEdge[];
  nodeById: ReadonlyMap<string, GraphNode>;
  /** Ids of the direct upstream neighbours of each node. */
  incoming: ReadonlyMap<string, readonly string[]>;
  /** Ids of the direct downstream neighbours of each node. */
  outgoing: ReadonlyMap<string, readonly string[]>;
  /**
   * Distinct edges of the response with an end that is not a node of the response (Marquez lists edges that
   * leave the requested depth). They are dropped from `edges`.
   */
  danglingEdges: number;
  /** Those edges as (source, target) pairs, so that a later merge can connect them. */
  dangling: readonly (readonly [string, string])[];
  /**
   * Per node with such edges: how many lead to nodes outside the response upstream (into the node) and
   * downstream (out of it). This is lineage the host can fetch on request.
   */
  outside: ReadonlyMap<string, { upstream: number; downstream: number }>;
  /** Nodes of the response whose id repeats an earlier node; the first one wins. */
  duplicateNodes: number;
  /**
   * Parent jobs and their child jobs, both in the model (Marquez's `parentJobName`: an Airflow DAG and its
   * tasks, a Spark application and its actions): parent id → child ids, in model order.
   */
  members: ReadonlyMap<string, readonly string[]>;
}

export type ParseResult = { ok: true; model: LineageModel } | { ok: false; error: string };

export type Direction = 'upstream' | 'downstream' | 'both';

const KIND_BY_TYPE: Readonly<Record<MarquezNodeType, NodeKind>> = {
  DATASET: 'dataset',
  JOB: 'job',
  DATASET_FIELD: 'field',
  RUN: 'run',
};

/**
 * The key of the edge `source → target`. Prefixing the source's length keeps it unique whatever characters the
 * ids contain (the split between the two ids is known), and it is cheap to build for 100,000 edges.
 */
export function edgeKey(source: string, target: string): string {
  return `${source.length}:${source}>${target}`;
}

/** A JSON object (not an array, not null): what untrusted graph data is checked with before it is read. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}

/** A non-empty string, else undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Names the likely source of a JSON object that is not a lineage graph, to say what to save instead. */
function whatIsThis(value: Record<string, unknown>): string {
  if (Array.isArray(value.events)) return ' It looks like a GET /api/v1/events/lineage response (OpenLineage events), not a lineage graph.';
  if ('eventType' in value || ('run' in value && 'job' in value)) return ' It looks like a single OpenLineage event, not a lineage graph.';
  if (Array.isArray(value.runs)) return ' It looks like a GET /api/v1/runlineage/upstream response, not a lineage graph.';
  const keys = Object.keys(value).slice(0, 5);
  return keys.length > 0 ? ` Its top-level keys are ${keys.map((k) => JSON.stringify(k)).join(', ')}.` : ' It is an empty object.';
}

function fieldsOf(data: Record<string, unknown>): NodeField[] {
  if (!Array.isArray(data.fields)) return [];
  const fields: NodeField[] = [];
  for (const f of data.fields) {
    if (!isRecord(f)) continue;
    const name = str(f.name);
    if (name === undefined) continue;
    const field: NodeField = { name };
    const type = str(f.type);
    if (type !== undefined) field.type = type;
    const description = str(f.description);
    if (description !== undefined) field.description = description;
    fields.push(field);
  }
  return fields;
}

function toNode(id: string, kind: NodeKind, data: Record<string, unknown>): GraphNode {
  const parsed = parseNodeId(id);
  const dataId = isRecord(data.id) ? data.id : {};
  const namespace = str(dataId.namespace) ?? str(data.namespace) ?? parsed.namespace;
  let name: string;
  let label: string;
  let parent: string | undefined;
  let subtype: string | undefined;
  switch (kind) {
    case 'field':
      name = str(data.field) ?? parsed.field ?? parsed.name;
      label = name;
      parent = str(data.dataset) ?? (parsed.field !== undefined ? parsed.name : undefined);
      subtype = str(data.fieldType);
      break;
    case 'run':
      name = str(data.id) ?? parsed.name;
      label = name.length > 13 ? `run ${name.slice(0, 8)}` : `run ${name}`;
      subtype = str(data.state);
      break;
    case 'job':
      name = str(dataId.name) ?? str(data.name) ?? parsed.name;
      label = str(data.simpleName) ?? name;
      parent = str(data.parentJobName);
      subtype = str(data.type);
      break;
    case 'dataset':
      name = str(dataId.name) ?? str(data.name) ?? parsed.name;
      label = name;
      subtype = str(data.type);
      break;
  }
  const node: GraphNode = { id, kind, namespace, name, label, fields: kind === 'dataset' ? fieldsOf(data) : [], data };
  if (parent !== undefined) node.parent = parent;
  if (subtype !== undefined) node.subtype = subtype;
  const description = str(data.description);
  if (description !== undefined) node.description = description;
  return node;
}

/** Builds the neighbour maps of a node and edge list whose edges all join nodes of the list. */
function assemble(
  nodes: GraphNode[],
  edges: GraphEdge[],
  dangling: readonly (readonly [string, string])[],
  duplicateNodes: number,
): LineageModel {
  const nodeById = new Map<string, GraphNode>();
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  for (const n of nodes) {
    nodeById.set(n.id, n);
    incoming.set(n.id, []);
    outgoing.set(n.id, []);
  }
  for (const e of edges) {
    outgoing.get(e.source)!.push(e.target);
    incoming.get(e.target)!.push(e.source);
  }
  const outside = new Map<string, { upstream: number; downstream: number }>();
  const count = (id: string, side: 'upstream' | 'downstream') => {
    if (!nodeById.has(id)) return;
    let c = outside.get(id);
    if (!c) outside.set(id, (c = { upstream: 0, downstream: 0 }));
    c[side]++;
  };
  for (const [source, target] of dangling) {
    count(source, 'downstream');
    count(target, 'upstream');
  }
  return {
    nodes,
    edges,
    nodeById,
    incoming,
    outgoing,
    danglingEdges: dangling.length,
    dangling,
    outside,
    duplicateNodes,
    members: membersOf(nodes),
  };
}

/**
 * Each parent job's child jobs among `nodes`. A child names its parent by name only (JobData has
 * `parentJobName`, and a `parentJobUuid` nothing else carries): the parent is the job of that name in the
 * child's namespace, else the first job of that name.
 */
function membersOf(nodes: readonly GraphNode[]): Map<string, string[]> {
  const members = new Map<string, string[]>();
  const jobsByName = new Map<string, GraphNode[]>();
  for (const n of nodes) if (n.kind === 'job') (jobsByName.get(n.name) ?? jobsByName.set(n.name, []).get(n.name)!).push(n);
  for (const n of nodes) {
    if (n.kind !== 'job' || n.parent === undefined) continue;
    const named = jobsByName.get(n.parent);
    const parent = named?.find((p) => p.namespace === n.namespace) ?? named?.[0];
    if (!parent || parent.id === n.id) continue;
    (members.get(parent.id) ?? members.set(parent.id, []).get(parent.id)!).push(n.id);
  }
  return members;
}

/**
 * A model of nodes built elsewhere (e.g. column lineage derived from facets) and edges between them; edges
 * naming unknown nodes, self-loops and repeats are left out.
 */
export function modelOf(nodes: readonly GraphNode[], edges: readonly { source: string; target: string }[]): LineageModel {
  const ids = new Set<string>();
  const unique: GraphNode[] = [];
  for (const n of nodes) {
    if (ids.has(n.id)) continue;
    ids.add(n.id);
    unique.push(n);
  }
  const kept: GraphEdge[] = [];
  const keys = new Set<string>();
  for (const { source, target } of edges) {
    const id = edgeKey(source, target);
    if (source === target || keys.has(id) || !ids.has(source) || !ids.has(target)) continue;
    keys.add(id);
    kept.push({ id, source, target });
  }
  return assemble(unique, kept, [], 0);
}

/**
 * `model` with the nodes and edges of `more` added (an expansion fetched by the host): nodes already known
 * keep their data, edges are deduplicated, and edges that left either response connect when both ends are
 * now known.
 */
export function mergeModels(model: LineageModel, more: LineageModel): LineageModel {
  const nodes = [...model.nodes];
  const ids = new Set(model.nodes.map((n) => n.id));
  for (const n of more.nodes) {
    if (ids.has(n.id)) continue;
    ids.add(n.id);
    nodes.push(n);
  }
  const edges = [...model.edges];
  const keys = new Set(model.edges.map((e) => e.id));
  const dangling: [string, string][] = [];
  const danglingKeys = new Set<string>();
  const add = (source: string, target: string) => {
    const id = edgeKey(source, target);
    if (keys.has(id) || danglingKeys.has(id)) return;
    if (ids.has(source) && ids.has(target)) {
      keys.add(id);
      edges.push({ id, source, target });
    } else {
      danglingKeys.add(id);
      dangling.push([source, target]);
    }
  };
  for (const e of more.edges) add(e.source, e.target);
  for (const [s, t] of model.dangling) add(s, t);
  for (const [s, t] of more.dangling) add(s, t);
  return assemble(nodes, edges, dangling, model.duplicateNodes);
}

/**
 * Validates a parsed lineage response and builds the model. Never throws: a value of the wrong shape gives
 * `{ ok: false, error }` with a message that says where the shape is wrong. Lenient where Marquez may vary
 * (missing `data`, `inEdges` or `outEdges`; a node `type` that can be told from the id prefix), strict where
 * nothing sensible can be drawn.
 */
export function parseLineageResponse(value: unknown): ParseResult {
  const steps = parseSteps(value);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * `parseLineageResponse` in slices: after about `budgetMs` of work it awaits `pause()` (the webview yields the
 * main thread there), so that a 20,000-node response never blocks the page for long. Same result.
 */
export async function parseLineageResponseInSlices(value: unknown, pause: () => Promise<void>, budgetMs = 25): Promise<ParseResult> {
  const steps = parseSteps(value);
  let start = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - start > budgetMs) {
      await pause();
      start = performance.now();
    }
  }
}

/** The parse, yielding every few hundred nodes or edges so that a caller can pause between slices. */
function* parseSteps(value: unknown): Generator<void, ParseResult, void> {
  const fail = (error: string): ParseResult => ({ ok: false, error });
  if (!isRecord(value)) {
    return fail(
      `Expected a JSON object with a "graph" array (the response of GET /api/v1/lineage), but the file holds ${describe(value)}.`,
    );
  }
  if (!('graph' in value)) {
    return fail(`"graph" is missing: expected {"graph": [...]} as returned by GET /api/v1/lineage.${whatIsThis(value)}`);
  }
  const graph = value.graph;
  if (!Array.isArray(graph)) return fail(`"graph" must be an array of nodes, but it is ${describe(graph)}.`);

  const nodes: GraphNode[] = [];
  const seen = new Set<string>();
  let duplicateNodes = 0;
  const rawEdges: [string, string][] = [];
  for (let i = 0; i < graph.length; i++) {
    if (i % 256 === 255) yield;
    const raw: unknown = graph[i];
    if (!isRecord(raw)) return fail(`node ${i} is ${describe(raw)}, not a node object (graph[${i}]).`);
    const id = raw.id;
    if (typeof id !== 'string' || id === '')
      return fail(`node ${i} has no id: graph[${i}].id must be a non-empty string such as "dataset:<namespace>:<name>".`);
    const type = raw.type;
    const kind = (typeof type === 'string' ? KIND_BY_TYPE[type as MarquezNodeType] : undefined) ?? parseNodeId(id).kind;
    if (kind === undefined) {
      const got = type === undefined ? 'no type' : `type ${JSON.stringify(type)}`;
      return fail(`node ${i} (${JSON.stringify(id)}) has ${got}: expected DATASET, JOB, DATASET_FIELD or RUN.`);
    }
    const data = raw.data ?? {};
    if (!isRecord(data)) return fail(`node ${i} (${JSON.stringify(id)}) has "data" that is ${describe(data)}, not an object.`);
    for (const list of ['inEdges', 'outEdges'] as const) {
      const edges = raw[list] ?? [];
      if (!Array.isArray(edges)) return fail(`node ${i} (${JSON.stringify(id)}) has "${list}" that is ${describe(edges)}, not an array.`);
      for (let j = 0; j < edges.length; j++) {
        const e: unknown = edges[j];
        if (!isRecord(e)) return fail(`node ${i} (${JSON.stringify(id)}): ${list}[${j}] is ${describe(e)}, not an edge object.`);
        for (const end of ['origin', 'destination'] as const) {
          if (typeof e[end] !== 'string' || e[end] === '') return fail(`node ${i} (${JSON.stringify(id)}): ${list}[${j}] has no ${end}.`);
        }
        // Marquez's column lineage writes a node's inEdges from the node to its input: read them input -> node.
        if (list === 'inEdges' && e.origin === id && e.destination !== id) rawEdges.push([e.destination as string, id]);
        else rawEdges.push([e.origin as string, e.destination as string]);
      }
    }
    if (seen.has(id)) {
      duplicateNodes++;
      continue;
    }
    seen.add(id);
    nodes.push(toNode(id, kind, data));
  }

  // Each edge normally appears twice (in its origin's outEdges and its destination's inEdges).
  const edges: GraphEdge[] = [];
  const edgeKeys = new Set<string>();
  const danglingKeys = new Set<string>();
  const dangling: [string, string][] = [];
  for (let i = 0; i < rawEdges.length; i++) {
    if (i % 1024 === 1023) yield;
    const [source, target] = rawEdges[i];
    const id = edgeKey(source, target);
    if (edgeKeys.has(id) || danglingKeys.has(id)) continue;
    if (!seen.has(source) || !seen.has(target)) {
      danglingKeys.add(id);
      dangling.push([source, target]);
      continue;
    }
    edgeKeys.add(id);
    edges.push({ id, source, target });
  }
  yield;
  return { ok: true, model: assemble(nodes, edges, dangling, duplicateNodes) };
}
