/**
 * The pure parts of the lineage commands: their arguments, what a fetched graph is shown as, and the search
 * results as pick items. No `vscode`, so the unit tests cover them directly.
 */
import type { SearchResult } from '../../../protocol/marquez';
import { datasetNodeId, nodeIdBody, nodeIdKind } from '../../../protocol/node-ids';
import { formatRelativeTime } from './format';

/** Marquez depth (in jobs) the commands ask for when none is given: the next jobs and their datasets. */
export const DEFAULT_LINEAGE_DEPTH = 2;
/** The largest depth accepted (Marquez's own default is 20). */
export const MAX_LINEAGE_DEPTH = 100;

export type ParsedArgs<T> = { ok: true; value: T } | { ok: false; message: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseDepth(value: unknown): ParsedArgs<number> {
  if (value === undefined || value === null) return { ok: true, value: DEFAULT_LINEAGE_DEPTH };
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_LINEAGE_DEPTH) {
    return { ok: false, message: `depth must be a whole number from 0 to ${MAX_LINEAGE_DEPTH}, not ${JSON.stringify(value)}.` };
  }
  return { ok: true, value };
}

/** The node id in a command argument: a string, or an object with `nodeId` (the commands' arguments, tree items). */
function nodeIdOf(arg: unknown): unknown {
  return typeof arg === 'string' ? arg : isObject(arg) ? arg.nodeId : undefined;
}

/**
 * `lineageLens.showLineage` arguments: `{ nodeId?, depth?, issue? }`, a node id string, or an item with a `nodeId`.
 * No node id means "ask" (the active DAG file, else the search).
 */
export function parseShowLineageArgs(arg: unknown): ParsedArgs<{ nodeId?: string; depth: number; issue?: string }> {
  const nodeId = nodeIdOf(arg);
  const depth = parseDepth(isObject(arg) ? arg.depth : undefined);
  if (!depth.ok) return depth;
  if (nodeId === undefined || nodeId === '') return { ok: true, value: { depth: depth.value } };
  // From the Issues view: the issue the graph opens on (its id); anything else is ignored.
  const issue = isObject(arg) && typeof arg.issue === 'string' && arg.issue !== '' ? arg.issue : undefined;
  if (typeof nodeId !== 'string' || !nodeIdKind(nodeId)) {
    return {
      ok: false,
      message: `${JSON.stringify(nodeId)} is not a lineage node id: use dataset:<namespace>:<name>, job:<namespace>:<name>, datasetField:<namespace>:<name>:<field> or run:<id>.`,
    };
  }
  return { ok: true, value: { nodeId, depth: depth.value, ...(issue !== undefined && { issue }) } };
}

/**
 * `lineageLens.showColumnLineage` arguments: `{ nodeId?, depth?, withDownstream? }` (or a node id string, or
 * an item with a `nodeId`); the node is a dataset or a dataset field. Downstream fields are included unless
 * `withDownstream` is false.
 */
export function parseColumnLineageArgs(arg: unknown): ParsedArgs<{ nodeId?: string; depth: number; withDownstream: boolean }> {
  const nodeId = nodeIdOf(arg);
  const depth = parseDepth(isObject(arg) ? arg.depth : undefined);
  if (!depth.ok) return depth;
  const withDownstream = isObject(arg) && arg.withDownstream === false ? false : true;
  if (nodeId === undefined || nodeId === '') return { ok: true, value: { depth: depth.value, withDownstream } };
  if (typeof nodeId !== 'string' || (nodeIdKind(nodeId) !== 'dataset' && nodeIdKind(nodeId) !== 'field')) {
    return {
      ok: false,
      message: `Column lineage is about a dataset or one of its fields: ${JSON.stringify(nodeId)} is neither (use dataset:<namespace>:<name> or datasetField:<namespace>:<name>:<field>).`,
    };
  }
  return { ok: true, value: { nodeId, depth: depth.value, withDownstream } };
}

/** `lineageLens.searchLineage` arguments: `{ query, filter?, namespace?, limit? }` or the query string. */
export function parseSearchArgs(
  arg: unknown,
): ParsedArgs<{ query?: string; filter?: 'dataset' | 'job'; namespace?: string; limit: number }> {
  const query = typeof arg === 'string' ? arg : isObject(arg) ? arg.query : undefined;
  if (query !== undefined && typeof query !== 'string') return { ok: false, message: 'query must be a string.' };
  const filter = isObject(arg) ? arg.filter : undefined;
  if (filter !== undefined && filter !== 'dataset' && filter !== 'job') return { ok: false, message: 'filter must be "dataset" or "job".' };
  const namespace = isObject(arg) ? arg.namespace : undefined;
  if (namespace !== undefined && typeof namespace !== 'string') return { ok: false, message: 'namespace must be a string.' };
  const limit = isObject(arg) && arg.limit !== undefined ? arg.limit : SEARCH_LIMIT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 1000)
    return { ok: false, message: 'limit must be a whole number from 1 to 1000.' };
  return {
    ok: true,
    value: {
      ...(query !== undefined && query.trim() !== '' && { query: query.trim() }),
      ...(filter !== undefined && { filter }),
      ...(namespace && { namespace }),
      limit,
    },
  };
}

/** How many results a search asks for (Marquez's default is 10: too few to pick from). */
export const SEARCH_LIMIT = 25;

/** The nodes of a lineage response, or an empty list when it has none (or is not one). */
export function graphNodes(graph: unknown): Record<string, unknown>[] {
  return isObject(graph) && Array.isArray(graph.graph) ? graph.graph.filter(isObject) : [];
}

/**
 * What a graph around `nodeId` is shown as: the node's own name as the endpoint wrote it (a field as
 * `dataset.field`, a column-lineage graph of a dataset as the dataset's name); the node id's part after the
 * type when the graph does not have the node.
 */
export function graphTitle(graph: unknown, nodeId: string): string {
  const nodes = graphNodes(graph);
  const node = nodes.find((n) => n.id === nodeId);
  const data = node && isObject(node.data) ? node.data : undefined;
  if (data && node?.type === 'DATASET_FIELD' && typeof data.dataset === 'string' && typeof data.field === 'string')
    return `${data.dataset}.${data.field}`;
  if (data && typeof data.name === 'string' && data.name !== '') return data.name;
  if (nodeIdKind(nodeId) === 'dataset') {
    // A column-lineage graph of a dataset holds its fields, not the dataset.
    for (const n of nodes) {
      const d = isObject(n.data) ? n.data : undefined;
      if (
        d &&
        typeof d.namespace === 'string' &&
        typeof d.dataset === 'string' &&
        datasetNodeId({ namespace: d.namespace, name: d.dataset }) === nodeId
      )
        return d.dataset;
    }
  }
  return nodeIdBody(nodeId);
}

/** Keeps `$(…)` in untrusted names from rendering as icons in a label. */
function plain(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(');
}

/** A search hit as a pick item (icon, name, namespace; type and last update below). */
export interface SearchPickItem {
  label: string;
  description: string;
  detail: string;
  icon: 'database' | 'gear';
  nodeId: string;
  type: SearchResult['type'];
}

export function searchPickItem(result: SearchResult, now: number): SearchPickItem {
  const updated = formatRelativeTime(result.updatedAt, now);
  return {
    label: plain(result.name),
    description: plain(result.namespace),
    detail: `${result.type === 'JOB' ? 'Job' : 'Dataset'}${updated ? ` · updated ${updated}` : ''}`,
    icon: result.type === 'JOB' ? 'gear' : 'database',
    nodeId: result.nodeId,
    type: result.type,
  };
}

/** Search hits the endpoint sent that can be opened: a known type and a node id `GET /lineage` accepts. */
export function usableResults(results: readonly unknown[]): SearchResult[] {
  return results.filter(
    (r): r is SearchResult =>
      isObject(r) &&
      (r.type === 'DATASET' || r.type === 'JOB') &&
      typeof r.name === 'string' &&
      typeof r.namespace === 'string' &&
      typeof r.nodeId === 'string' &&
      nodeIdKind(r.nodeId) !== undefined,
  );
}

/** A lineage request the viewer made, read back from the graph's source URL (to fetch it again after a reload). */
export type LineageSource =
  | { ok: true; kind: 'lineage'; nodeId: string; depth: number }
  | { ok: true; kind: 'column-lineage'; nodeId: string; depth: number; withDownstream: boolean }
  | { ok: false; message: string };

/**
 * Reads `source` (`<baseUrl>/api/v1/lineage?nodeId=…&depth=…` or `/column-lineage?…&withDownstream=…`) as a
 * request to the endpoint at `baseUrl`. Anything else (another endpoint, another path) is refused, so that
 * a restored panel never sends the API key anywhere but to the endpoint set now.
 */
export function parseLineageSource(source: string, baseUrl: string): LineageSource {
  const prefix = `${baseUrl}/api/v1/`;
  if (!source.startsWith(prefix)) {
    return {
      ok: false,
      message: `This graph was fetched from ${source}, not from the endpoint set now (${baseUrl}). Show it again with "Lineage Lens: Show Lineage".`,
    };
  }
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return {
      ok: false,
      message: `${source} is not a URL Lineage Lens can fetch again. Show the graph again with "Lineage Lens: Show Lineage".`,
    };
  }
  const kind = source.slice(prefix.length).split('?')[0];
  const nodeId = url.searchParams.get('nodeId') ?? '';
  const depth = Number(url.searchParams.get('depth') ?? DEFAULT_LINEAGE_DEPTH);
  if ((kind !== 'lineage' && kind !== 'column-lineage') || nodeId === '' || !Number.isInteger(depth) || depth < 0) {
    return {
      ok: false,
      message: `${source} is not a lineage request Lineage Lens makes. Show the graph again with "Lineage Lens: Show Lineage".`,
    };
  }
  return kind === 'lineage'
    ? { ok: true, kind, nodeId, depth }
    : { ok: true, kind, nodeId, depth, withDownstream: url.searchParams.get('withDownstream') === 'true' };
}
