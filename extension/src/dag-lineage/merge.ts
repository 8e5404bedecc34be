/**
 * The lineage of a DAG file as the DAG Lineage view shows it: the lineage read from the code (the language
 * server's `lineageLens/staticLineage`) merged with what the lineage endpoint saw at runtime (the DAG's task
 * jobs, `dag_id.task_id`, and the datasets they read and wrote), every node marked with where it was found.
 *
 * Pure: no vscode, no I/O, so the unit tests check exactly what the view draws. The result is a Marquez
 * lineage response (`{"graph": [...]}`); the marks (protocol/webview.ts `PresenceMark`) ride in each node's
 * `data.lineageLens`, which the webview reads (webview/src/graph/facets.ts `presenceOf`).
 */
import { nodeIdKind, parseNodeId } from '../../../protocol/node-ids';
import type { MarquezEdge, MarquezNode, Presence, PresenceMark, PresenceMarkedData } from '../../../protocol/webview';

/** Counts per kind of node and place. */
export interface PresenceCounts {
  code: number;
  runtime: number;
  both: number;
}

export interface DagLineageSummary {
  /** The DAG ids the code defines (or the runtime jobs name, when the code has none). */
  dagIds: string[];
  tasks: PresenceCounts;
  datasets: PresenceCounts;
  /** Datasets of the code the endpoint never saw (emitted ones only), by node id. */
  onlyInCode: string[];
  /** Datasets the DAG's tasks read or wrote at runtime that the code does not declare, by node id. */
  onlyAtRuntime: string[];
}

export interface MergedDagLineage {
  graph: { graph: MarquezNode[] };
  summary: DagLineageSummary;
}

type Rec = Record<string, unknown>;

function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The nodes of a lineage response, skipping anything that is not a node with a string id. */
export function nodesOf(response: unknown): MarquezNode[] {
  if (!isRecord(response) || !Array.isArray(response.graph)) return [];
  return response.graph.filter((n): n is MarquezNode => isRecord(n) && typeof n.id === 'string' && n.id !== '');
}

function kindOf(node: MarquezNode): 'job' | 'dataset' | undefined {
  if (node.type === 'JOB' || (node.type === undefined && nodeIdKind(node.id) === 'job')) return 'job';
  if (node.type === 'DATASET' || (node.type === undefined && nodeIdKind(node.id) === 'dataset')) return 'dataset';
  return undefined;
}

function edges(list: unknown): MarquezEdge[] {
  if (!Array.isArray(list)) return [];
  return list.filter((e): e is MarquezEdge => isRecord(e) && typeof e.origin === 'string' && typeof e.destination === 'string');
}

/** The DAG ids of the code's task jobs (`data.dag.dagId`, else `parentJobName`), in order of appearance. */
export function dagIdsOf(code: unknown): string[] {
  const ids = new Set<string>();
  for (const n of nodesOf(code)) {
    if (kindOf(n) !== 'job' || !isRecord(n.data)) continue;
    const dag = isRecord(n.data.dag) ? n.data.dag.dagId : undefined;
    const id = typeof dag === 'string' ? dag : typeof n.data.parentJobName === 'string' ? n.data.parentJobName : undefined;
    if (id) ids.add(id);
  }
  return [...ids];
}

/** The job namespace of the code's tasks (the OpenLineage provider's namespace as configured in the project). */
export function codeNamespaceOf(code: unknown): string | undefined {
  for (const n of nodesOf(code)) {
    if (kindOf(n) === 'job' && isRecord(n.data) && typeof n.data.namespace === 'string') return n.data.namespace;
  }
  return undefined;
}

/** Whether a job name is a task of one of `dagIds` as the provider names tasks (`dag_id.task_id`). */
export function isTaskOf(jobName: string, dagIds: readonly string[]): boolean {
  return dagIds.some((d) => jobName.length > d.length + 1 && jobName.startsWith(`${d}.`));
}

/** Whether a code dataset id has a part only the runtime knows, written `<name>`. */
export function hasPlaceholder(id: string): boolean {
  return /<[^<>]+>/.test(id);
}

/** A code dataset id as a test of runtime ids: its `<placeholder>` parts match any non-empty text. */
export function placeholderMatcher(id: string): (other: string) => boolean {
  if (!hasPlaceholder(id)) return (other) => other === id;
  const parts = id.split(/<[^<>]+>/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`^${parts.join('.+')}$`, 's');
  return (other) => re.test(other);
}

/** A dataset id's readable name: `namespace/name` (the namespace usually a URI, so `/` reads naturally). */
export function datasetLabel(nodeId: string): string {
  const id = parseNodeId(nodeId);
  if (id.kind === 'dataset') return id.namespace !== '' ? `${id.namespace}/${id.name}` : id.name;
  // Not a dataset id: its last `:` read as the namespace / name split.
  const split = nodeId.lastIndexOf(':');
  return split > 0 ? `${nodeId.slice(0, split)}/${nodeId.slice(split + 1)}` : nodeId;
}

/** Levenshtein distance, bounded: stops early (returns `max + 1`) once every path exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  let cur = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (cur[j]! < rowMin) rowMin = cur[j]!;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/**
 * The candidates closest to `name` (`namespace/name` labels), best first, at most `limit`: the same dataset
 * name under another namespace, and close spellings: once the common beginning and end are set aside, the
 * parts that differ are at most a third of the longer one apart (edit distance, ignoring case).
 */
export function nearestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const target = name.toLowerCase();
  const tail = (s: string) => s.slice(s.lastIndexOf('/') + 1);
  const scored: { candidate: string; score: number }[] = [];
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    if (c === target) continue;
    let start = 0;
    while (start < c.length && start < target.length && c[start] === target[start]) start++;
    let end = 0;
    while (end < c.length - start && end < target.length - start && c[c.length - 1 - end] === target[target.length - 1 - end]) end++;
    const a = target.slice(start, target.length - end);
    const b = c.slice(start, c.length - end);
    const max = Math.max(1, Math.floor(Math.max(a.length, b.length) / 3));
    const d = editDistance(a, b, max);
    const sameName = tail(c) !== '' && tail(c) === tail(target);
    if (sameName) scored.push({ candidate, score: 0 });
    else if (d <= max) scored.push({ candidate, score: d });
  }
  scored.sort((x, y) => x.score - y.score || x.candidate.localeCompare(y.candidate));
  return scored.slice(0, limit).map((s) => s.candidate);
}

function emitted(node: MarquezNode): boolean {
  return !(isRecord(node.data) && node.data.emitted === false);
}

/**
 * Merges the code's lineage of a DAG file with the runtime lineage of its tasks. Nodes found in both take the
 * endpoint's data (facets, schema, latest run) and keep what only the code knows (where the task or dataset
 * is defined, the operator); edges are the union. Each job and dataset gets a {@link PresenceMark}, except
 * datasets the code marks as not emitted (OpenMetadata entities, assets without an OpenLineage name): the
 * endpoint cannot have seen those, so being absent there says nothing.
 *
 * `runtime` should hold the DAG's task jobs and the datasets next to them; other jobs may be in it (the
 * endpoint's neighbours of those datasets) and are left out, their edges kept so the view can offer to
 * fetch them.
 */
export function mergeDagLineage(code: unknown, runtime: unknown, options: { endpoint: string; namespace: string }): MergedDagLineage {
  const runtimeAll = nodesOf(runtime);
  // A task is the same job whatever namespace each side names: the code's comes from the project's
  // configuration, the runtime's from where the events went. The runtime's id wins.
  const runtimeJobByName = new Map<string, string>();
  for (const n of runtimeAll) if (kindOf(n) === 'job') runtimeJobByName.set(jobName(n), n.id);
  const alias = new Map<string, string>();
  const runtimeDatasets = runtimeAll.filter((n) => kindOf(n) === 'dataset').map((n) => n.id);
  for (const n of nodesOf(code)) {
    let same = kindOf(n) === 'job' ? runtimeJobByName.get(jobName(n)) : undefined;
    // A Spark application's job: the listener names each action's job `<app>.<action>[.<dataset>]`, which the code
    // cannot tell; the application's runtime jobs are the ones under its name.
    if (same === undefined && kindOf(n) === 'job' && isRecord(n.data) && String(n.data.operator ?? '').startsWith('Spark application')) {
      const prefix = `${jobName(n)}.`;
      same = [...runtimeJobByName]
        .filter(([name]) => name.startsWith(prefix))
        .map(([, id]) => id)
        .sort()[0];
    }
    if (same !== undefined && same !== n.id) alias.set(n.id, same);
    // A dataset named with a part only the runtime knows (`<local-ip>`) is the runtime's one that fills it in.
    if (kindOf(n) === 'dataset' && hasPlaceholder(n.id)) {
      const match = placeholderMatcher(n.id);
      const found = runtimeDatasets.filter(match);
      if (found.length === 1) alias.set(n.id, found[0]!);
    }
  }
  const codeNodes = alias.size === 0 ? nodesOf(code) : nodesOf(code).map((n) => renamed(n, alias));
  const dagIds = dagIdsOf(code);
  const codeIds = new Set(codeNodes.map((n) => n.id));
  const byId = new Map<string, { code?: MarquezNode; runtime?: MarquezNode }>();
  for (const n of codeNodes) byId.set(n.id, { code: n });

  const runtimeDags = dagIds.length > 0 ? dagIds : runtimeDagIds(runtimeAll);
  // The DAG's runtime tasks, and the datasets they touch.
  const tasks = runtimeAll.filter((n) => kindOf(n) === 'job' && (codeIds.has(n.id) || isTaskOf(jobName(n), runtimeDags)));
  const taskIds = new Set(tasks.map((n) => n.id));
  const touched = new Set<string>();
  for (const t of tasks)
    for (const e of [...edges(t.inEdges), ...edges(t.outEdges)]) touched.add(e.origin === t.id ? e.destination : e.origin);
  for (const n of runtimeAll) {
    const keep = taskIds.has(n.id) || (kindOf(n) === 'dataset' && (touched.has(n.id) || codeIds.has(n.id)));
    if (!keep) continue;
    const entry = byId.get(n.id);
    if (entry) entry.runtime = n;
    else byId.set(n.id, { runtime: n });
  }

  const runtimeDatasetLabels = [...byId.values()]
    .filter((e) => e.runtime && !e.code && kindOf(e.runtime) === 'dataset')
    .map((e) => datasetLabel(e.runtime!.id));
  const summary: DagLineageSummary = {
    dagIds: runtimeDags,
    tasks: { code: 0, runtime: 0, both: 0 },
    datasets: { code: 0, runtime: 0, both: 0 },
    onlyInCode: [],
    onlyAtRuntime: [],
  };
  const where = `${options.endpoint} (namespace ${options.namespace})`;
  const graph: MarquezNode[] = [];
  for (const [id, entry] of byId) {
    const base = (entry.runtime ?? entry.code)!;
    const kind = kindOf(base);
    const presence: Presence = entry.code && entry.runtime ? 'both' : entry.code ? 'code' : 'runtime';
    let mark: PresenceMark | undefined;
    if (kind === 'job') {
      summary.tasks[presence]++;
      mark = {
        presence,
        detail:
          presence === 'both'
            ? `Defined in the code and seen at runtime by ${where}.`
            : presence === 'code'
              ? `Defined in the code, but ${where} has no job of this name: the task has not run since lineage was configured, or its events went to another namespace.`
              : `Seen at runtime by ${where}, but not defined in this file any more (a removed or renamed task, or a task id computed at runtime).`,
      };
    } else if (kind === 'dataset') {
      if (entry.code && !entry.runtime && !emitted(entry.code)) mark = undefined;
      else {
        summary.datasets[presence]++;
        if (presence === 'code') summary.onlyInCode.push(id);
        if (presence === 'runtime') summary.onlyAtRuntime.push(id);
        const nearest = presence === 'code' ? nearestNames(datasetLabel(id), runtimeDatasetLabels) : [];
        mark = {
          presence,
          detail:
            presence === 'both'
              ? `Declared in the code and seen at runtime by ${where}.`
              : presence === 'code'
                ? `Declared in the code, but the DAG's runs never reported it to ${where}.${nearest.length > 0 ? ` At runtime the tasks used ${nearest.join(', ')}: is the name in the code different?` : ''}`
                : `Read or written at runtime (reported to ${where}), but not declared in the code: an extractor found it, or the code names it differently.`,
          ...(nearest.length > 0 && { nearest }),
        };
      }
    }
    const codeData = entry.code && isRecord(entry.code.data) ? entry.code.data : {};
    const runtimeData = entry.runtime && isRecord(entry.runtime.data) ? entry.runtime.data : {};
    // The endpoint's data wins; what only the code knows (definitions, operator, DAG) stays. A `lineageLens`
    // key from the endpoint is not ours and is dropped.
    const { lineageLens: _ignored, ...runtimeOwn } = runtimeData;
    void _ignored;
    const data: PresenceMarkedData = { ...codeData, ...runtimeOwn, ...(mark && { lineageLens: mark }) };
    const inEdges = unionEdges(entry.code?.inEdges, entry.runtime?.inEdges);
    const outEdges = unionEdges(entry.code?.outEdges, entry.runtime?.outEdges);
    graph.push({ id, type: base.type ?? (kind === 'job' ? 'JOB' : 'DATASET'), data, inEdges, outEdges });
  }
  graph.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { graph: { graph }, summary };
}

/** `node` with its id and edge ends renamed through `alias`. */
function renamed(node: MarquezNode, alias: ReadonlyMap<string, string>): MarquezNode {
  const id = (x: string) => alias.get(x) ?? x;
  const edge = (e: MarquezEdge) => ({ origin: id(e.origin), destination: id(e.destination) });
  return { ...node, id: id(node.id), inEdges: edges(node.inEdges).map(edge), outEdges: edges(node.outEdges).map(edge) };
}

function jobName(node: MarquezNode): string {
  if (isRecord(node.data) && typeof node.data.name === 'string') return node.data.name;
  return parseNodeId(node.id).name;
}

/** The DAG ids runtime task jobs belong to (`parentJobName`), when the code names none. */
function runtimeDagIds(nodes: readonly MarquezNode[]): string[] {
  const ids = new Set<string>();
  for (const n of nodes)
    if (kindOf(n) === 'job' && isRecord(n.data) && typeof n.data.parentJobName === 'string') ids.add(n.data.parentJobName);
  return [...ids];
}

function unionEdges(a: unknown, b: unknown): MarquezEdge[] {
  const seen = new Set<string>();
  const out: MarquezEdge[] = [];
  for (const e of [...edges(a), ...edges(b)]) {
    const key = `${e.origin.length}:${e.origin}>${e.destination}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ origin: e.origin, destination: e.destination });
  }
  return out;
}

/**
 * The code's lineage as it is, for when there is no endpoint: no marks (there is nothing to compare with),
 * and a summary of what it holds.
 */
export function codeOnlyLineage(code: unknown): MergedDagLineage {
  const nodes = nodesOf(code);
  const summary: DagLineageSummary = {
    dagIds: dagIdsOf(code),
    tasks: { code: 0, runtime: 0, both: 0 },
    datasets: { code: 0, runtime: 0, both: 0 },
    onlyInCode: [],
    onlyAtRuntime: [],
  };
  for (const n of nodes) {
    const kind = kindOf(n);
    if (kind === 'job') summary.tasks.code++;
    else if (kind === 'dataset') summary.datasets.code++;
  }
  return { graph: { graph: nodes }, summary };
}

/**
 * The part of a lineage response within `depth` edges of `nodeId` (both directions), for expanding a dataset
 * of the view from the workspace's code when there is no endpoint. Edges to nodes left out are kept, so they
 * show as lineage to fetch.
 */
export function neighbourhood(response: unknown, nodeId: string, depth: number): { graph: MarquezNode[] } {
  const nodes = nodesOf(response);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  if (!byId.has(nodeId)) return { graph: [] };
  const seen = new Set([nodeId]);
  let frontier = [nodeId];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const id of frontier) {
      const n = byId.get(id)!;
      for (const e of [...edges(n.inEdges), ...edges(n.outEdges)]) {
        const other = e.origin === id ? e.destination : e.origin;
        if (!seen.has(other) && byId.has(other)) {
          seen.add(other);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  return { graph: nodes.filter((n) => seen.has(n.id)) };
}
