/**
 * `runtime/lineage-drift`: a task whose last run reported other datasets than its code now names (a table
 * renamed in the SQL, an output dropped, a connection pointed elsewhere). Downstream consumers of a dataset the
 * task no longer writes lose their lineage without a word; this says so where the task is defined.
 *
 * Pure (no vscode): the code's lineage (`lineageLens/staticLineage`, emitted datasets only) against the
 * endpoint's lineage of the DAG's task jobs. A name part only the runtime knows (`<local-ip>`, `<env:X>`)
 * matches any text. Tasks the code says nothing about (an operator with no OpenLineage support and nothing
 * declared) are left alone: there is no prediction to drift from.
 */
import { parseNodeId } from '../../../protocol/node-ids';
import type { MarquezNode } from '../../../protocol/webview';
import { datasetLabel, nodesOf, placeholderMatcher as matcher } from './merge';
import type { PlainRange } from './unseen';

export const LINEAGE_DRIFT = 'runtime/lineage-drift';
export const LINEAGE_DRIFT_DOCS = 'https://github.com/lineage-lens/lineage-lens/blob/main/docs/rules.md#runtime-lineage-drift';
export const LINEAGE_DRIFT_SUMMARY =
  'A task whose last run reported other input or output datasets than its code now predicts (declared inlets/outlets, its SQL, its operator’s arguments): a renamed table, a dropped output, a connection pointed elsewhere. Consumers of a dataset the task no longer reports lose their lineage. Reported by the extension when a lineage endpoint is set, like `runtime/unseen-dataset`. Default severity: warning.';

export interface DriftFinding {
  /** The task's job name (`dag.task`). */
  job: string;
  range: PlainRange;
  message: string;
  /** Dataset labels (`namespace/name`) the code names that the last run did not report, and the reverse. */
  added: string[];
  removed: string[];
}

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

function ends(node: MarquezNode, side: 'inEdges' | 'outEdges'): string[] {
  const list = Array.isArray(node[side]) ? (node[side] as unknown[]) : [];
  const out: string[] = [];
  for (const e of list) {
    if (!isRecord(e) || typeof e.origin !== 'string' || typeof e.destination !== 'string') continue;
    const other = side === 'inEdges' ? e.origin : e.destination;
    if (parseNodeId(other).kind === 'dataset') out.push(other);
  }
  return out;
}

function jobName(node: MarquezNode): string {
  return isRecord(node.data) && typeof node.data.name === 'string' ? node.data.name : parseNodeId(node.id).name;
}

/** The drift findings of the tasks defined in `uri`. */
export function lineageDrift(uri: string, code: unknown, runtime: unknown): DriftFinding[] {
  const runtimeJobs = new Map<string, MarquezNode>();
  for (const n of nodesOf(runtime)) if (n.type === 'JOB' || parseNodeId(n.id).kind === 'job') runtimeJobs.set(jobName(n), n);
  // Names from the datasets' own data: an id alone is ambiguous when a name holds `:` (`s3://b:2026/x`).
  const labels = new Map<string, string>();
  for (const n of [...nodesOf(code), ...nodesOf(runtime)])
    if (isRecord(n.data) && typeof n.data.namespace === 'string' && typeof n.data.name === 'string' && n.type === 'DATASET')
      labels.set(n.id, n.data.namespace !== '' ? `${n.data.namespace}/${n.data.name}` : n.data.name);
  const label = (id: string) => labels.get(id) ?? datasetLabel(id);
  const out: DriftFinding[] = [];
  for (const job of nodesOf(code)) {
    if (job.type !== 'JOB' || !isRecord(job.data)) continue;
    const data = job.data;
    const loc = isRecord(data.sourceLocation) ? data.sourceLocation : undefined;
    if (!loc || loc.uri !== uri || !isRecord(loc.range)) continue;
    const name = jobName(job);
    const ran = runtimeJobs.get(name);
    if (!ran) continue;
    const codeIn = ends(job, 'inEdges');
    const codeOut = ends(job, 'outEdges');
    const prediction = isRecord(data.prediction) ? data.prediction : undefined;
    // Nothing predicted and nothing declared: no claim to compare with what ran.
    if (!codeIn.length && !codeOut.length && prediction?.supported !== true) continue;
    const added: string[] = [];
    const removed: string[] = [];
    for (const [mine, theirs] of [
      [codeIn, ends(ran, 'inEdges')],
      [codeOut, ends(ran, 'outEdges')],
    ] as const) {
      const matchers = mine.map((id) => ({ id, match: matcher(id) }));
      for (const m of matchers) if (!theirs.some((t) => m.match(t))) added.push(label(m.id));
      for (const t of theirs) if (!matchers.some((m) => m.match(t))) removed.push(label(t));
    }
    if (!added.length && !removed.length) continue;
    const parts: string[] = [];
    if (removed.length)
      parts.push(
        `its last run reported ${removed.join(', ')}, which the code does not name: consumers of ${removed.length === 1 ? 'it' : 'them'} lose their lineage`,
      );
    if (added.length) parts.push(`the code now names ${added.join(', ')}, which the last run did not report`);
    out.push({
      job: name,
      range: headOf(loc.range as unknown as PlainRange, typeof data.operator === 'string' ? data.operator.length : 1),
      message: `Lineage of ${name} has drifted: ${parts.join('; ')}. If the change is intended, nothing is wrong until downstream jobs read the old name.`,
      added,
      removed,
    });
  }
  return out;
}

/** The first line of a task's call: its operator name (a whole multi-line call would be one long squiggle). */
function headOf(range: PlainRange, operatorLength: number): PlainRange {
  if (range.start.line === range.end.line) return range;
  return { start: range.start, end: { line: range.start.line, character: range.start.character + Math.max(1, operatorLength) } };
}
