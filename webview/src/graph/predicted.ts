/**
 * What the DAG code says about a node of a static-lineage graph (`lineageLens/staticLineage`): how a dataset was
 * found (declared in inlets/outlets, read from SQL, from the operator, from dbt, from a Spark job), the parts of
 * its name only the runtime knows, whether the provider will emit it; for a task, which method reports its
 * lineage and what stops the runtime from reporting any. Untrusted data: everything is checked, nothing assumed. Pure.
 */
import type { StaticProvenance } from '../../../protocol/lineage';
import { PROVENANCE_WORDS } from '../../../common/provenance';
import { isRecord, str, type GraphNode } from './model';

export interface PredictedInfo {
  /** Each way the code names the dataset, in words ("read from the task's SQL"). */
  found: string[];
  /** How the name was derived, or why it is not emitted. */
  note?: string;
  emitted?: boolean;
  placeholders: { name: string; why: string }[];
  /** A task: the provider's method for it, or that it reports no datasets. */
  method?: string;
  supported?: boolean;
  problems: { kind: string; message: string }[];
  links: { kind: string; uri: string; jobs: string[] }[];
}

const FOUND: Record<StaticProvenance, string> = {
  declared: 'Declared in the task’s inlets/outlets',
  sql: 'Read from the task’s SQL',
  operator: 'From the operator’s arguments (its OpenLineage method)',
  dbt: 'From the dbt project',
  spark: 'From the Spark job’s code',
};

/** The static-lineage facts of a node, or undefined when its data carries none (a graph from an endpoint). */
export function predictedOf(node: GraphNode): PredictedInfo | undefined {
  const data: unknown = node.data;
  if (!isRecord(data)) return undefined;
  const provenance = Array.isArray(data.provenance)
    ? data.provenance.filter((p): p is StaticProvenance => typeof p === 'string' && p in FOUND)
    : [];
  const prediction = isRecord(data.prediction) ? data.prediction : undefined;
  if (!provenance.length && !prediction) return undefined;
  const info: PredictedInfo = { found: provenance.map((p) => FOUND[p]), placeholders: [], problems: [], links: [] };
  const note = str(data.note);
  if (note) info.note = note;
  if (typeof data.emitted === 'boolean') info.emitted = data.emitted;
  if (Array.isArray(data.placeholders))
    for (const p of data.placeholders) {
      if (!isRecord(p)) continue;
      const name = str(p.name);
      if (name) info.placeholders.push({ name, why: str(p.why) ?? '' });
    }
  if (prediction) {
    if (typeof prediction.supported === 'boolean') info.supported = prediction.supported;
    const method = str(prediction.method);
    if (method) info.method = method;
    if (Array.isArray(prediction.problems))
      for (const p of prediction.problems) {
        if (!isRecord(p)) continue;
        const message = str(p.message);
        if (message) info.problems.push({ kind: str(p.kind) ?? '', message });
      }
    if (Array.isArray(prediction.links))
      for (const l of prediction.links) {
        if (!isRecord(l)) continue;
        const uri = str(l.uri);
        if (!uri) continue;
        const jobs = Array.isArray(l.jobs) ? l.jobs.filter((j): j is string => typeof j === 'string') : [];
        info.links.push({ kind: str(l.kind) ?? '', uri, jobs });
      }
  }
  return info;
}

const SHORT: Record<StaticProvenance, string> = PROVENANCE_WORDS;

/** How the code names a dataset, in a few words for the DAG view's list (`from SQL`, `declared, not emitted`). */
export function foundShort(node: GraphNode): string | undefined {
  const data: unknown = node.data;
  if (!isRecord(data) || !Array.isArray(data.provenance)) return undefined;
  const words = data.provenance.filter((p): p is StaticProvenance => typeof p === 'string' && p in SHORT).map((p) => SHORT[p]);
  if (!words.length) return undefined;
  return data.emitted === false ? `${words.join(', ')}, not emitted` : words.join(', ');
}
