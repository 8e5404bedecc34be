/**
 * Marquez's soft deletes, as the local endpoint keeps them: which jobs, datasets and namespaces are hidden.
 * Pure; the delete records are stored in `writes.jsonl` (./write-log.ts) and applied again at start-up after the
 * events are replayed, by ./annotations.ts.
 *
 * What Marquez (MarquezProject/marquez at a89b89c) does, and what is kept here:
 * - `DELETE …/jobs/{job}` sets `jobs.is_hidden` (db/JobDao.java `delete`), `DELETE …/datasets/{ds}` sets
 *   `datasets.is_hidden` (db/DatasetDao.java `delete`); `DELETE /namespaces/{ns}` sets it on every job and dataset
 *   of the namespace (JobDao and DatasetDao `deleteByNamespaceName`) and on the namespace (db/NamespaceDao.java
 *   `delete`), answering the namespace as it was found before (api/NamespaceResource.java `delete`).
 * - Hidden jobs and datasets drop out of every read that goes through `jobs_view` / `datasets_view` (the views of
 *   migration R__Jobs_view_and_rewrite_function.sql and R__Datasets_view.sql filter `is_hidden`): gets, lists
 *   and their `totalCount`, search, lineage and column-lineage nodes, tags and versions (404).
 * - A hidden namespace is still listed and answered, with `isHidden: true` (NamespaceDao `findAll` and `findBy` do
 *   not filter it).
 * - An event that names a hidden job or dataset shows it again: the job upsert of the events' write path sets
 *   `is_hidden = false` (rewrite_jobs_fqn_table), as does DatasetDao `upsert`; and it shows the namespace again
 *   (NamespaceDao `upsertNamespaceRow` calls `undelete`), as does `PUT /namespaces/{ns}` (which shows only the
 *   namespace, not its jobs and datasets).
 *
 * The model has no "named by the event at position n" mark, so "an event named it since the delete" is read as "it
 * changed since": a delete remembers each job's or dataset's {@link signatureOf} and hides it while that holds.
 * An event that changes neither a job's nor a dataset's last update nor its count of runs or versions (a late
 * event of an existing run, with an older time) does not show it again, where Marquez would.
 */
import type { DatasetRecord, JobRecord, StoredLineage } from './model';

/** `DELETE …/jobs/{job}` or `…/datasets/{ds}`: hidden while it has `signature`. */
export interface DeleteRecord {
  op: 'delete';
  kind: 'job' | 'dataset';
  namespace: string;
  name: string;
  signature: string;
  at: number;
}

/** `DELETE /namespaces/{ns}`: each job and dataset the namespace had, with its signature then. */
export interface DeleteNamespaceRecord {
  op: 'deleteNamespace';
  name: string;
  jobs: [name: string, signature: string][];
  datasets: [name: string, signature: string][];
  at: number;
}

/**
 * What a soft delete remembers of a job or dataset: its last update and how many runs or versions it has. An
 * event that names it again changes one of them (a new run or version, or a later time).
 */
export function signatureOf(x: JobRecord | DatasetRecord): string {
  return 'runs' in x ? `${x.updatedAt}:${x.runs.length}` : `${x.updatedAt}:${x.versions.length}`;
}

const isJob = (x: JobRecord | DatasetRecord): x is JobRecord => 'runs' in x;
const key = (kind: 'job' | 'dataset', name: string) => `${kind}\u0000${name}`;
const isPairs = (v: unknown): v is [string, string][] =>
  Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string');

/** The record a stored line holds, when it is one of the deletes (`value` is an object with a finite `at`). */
export function parseDeleteRecord(v: Record<string, unknown>): DeleteRecord | DeleteNamespaceRecord | undefined {
  const text = (x: unknown) => typeof x === 'string';
  if (v.op === 'delete')
    return (v.kind === 'job' || v.kind === 'dataset') && text(v.namespace) && text(v.name) && text(v.signature)
      ? (v as unknown as DeleteRecord)
      : undefined;
  if (v.op === 'deleteNamespace')
    return text(v.name) && isPairs(v.jobs) && isPairs(v.datasets) ? (v as unknown as DeleteNamespaceRecord) : undefined;
  return undefined;
}

/** The delete record of a namespace: its jobs and datasets with their signatures. */
export function namespaceDelete(model: StoredLineage, name: string, at: number): DeleteNamespaceRecord {
  const jobs: [string, string][] = [];
  const datasets: [string, string][] = [];
  for (const j of model.jobs.values()) if (j.namespace === name) jobs.push([j.name, signatureOf(j)]);
  for (const d of model.datasets.values()) if (d.namespace === name) datasets.push([d.name, signatureOf(d)]);
  return { op: 'deleteNamespace', name, jobs, datasets, at };
}

interface NamespaceDeletion {
  /** `job\0name` / `dataset\0name` → the signature at the delete. */
  members: Map<string, string>;
  /** False once `PUT /namespaces/{ns}` showed the namespace again (its jobs and datasets stay hidden). */
  hidden: boolean;
}

/** The soft deletes made so far. */
export class Deletions {
  /** By namespace: `job\0name` / `dataset\0name` → the signature at its own delete. */
  private readonly single = new Map<string, Map<string, string>>();
  /** The last `DELETE /namespaces/{ns}` of each namespace. */
  private readonly namespaces = new Map<string, NamespaceDeletion>();

  /** Whether anything was ever deleted (reads skip the checks when nothing was). */
  get any(): boolean {
    return this.single.size > 0 || this.namespaces.size > 0;
  }

  apply(record: DeleteRecord | DeleteNamespaceRecord): void {
    if (record.op === 'delete') {
      let map = this.single.get(record.namespace);
      if (!map) this.single.set(record.namespace, (map = new Map()));
      map.set(key(record.kind, record.name), record.signature);
      return;
    }
    const members = new Map<string, string>();
    for (const [name, signature] of record.jobs) members.set(key('job', name), signature);
    for (const [name, signature] of record.datasets) members.set(key('dataset', name), signature);
    this.namespaces.set(record.name, { members, hidden: true });
  }

  /** `PUT /namespaces/{ns}` shows a deleted namespace again (NamespaceDao `upsertNamespaceMeta`: `is_hidden = false`). */
  namespacePut(name: string): void {
    const deletion = this.namespaces.get(name);
    if (deletion) deletion.hidden = false;
  }

  /** Whether a job or dataset is hidden: deleted (alone or with its namespace) and unchanged since. */
  hidden(x: JobRecord | DatasetRecord): boolean {
    if (!this.any) return false;
    const single = this.single.get(x.namespace);
    const deletion = this.namespaces.get(x.namespace);
    if (!single && !deletion) return false;
    const k = key(isJob(x) ? 'job' : 'dataset', x.name);
    const signature = signatureOf(x);
    return single?.get(k) === signature || deletion?.members.get(k) === signature;
  }

  /**
   * Whether a namespace is hidden: deleted, not shown again by a PUT, and no event named it since, that is, it
   * has the jobs and datasets it had then, each unchanged (a new or changed one was named by an event, which
   * shows the namespace again).
   */
  namespaceHidden(model: StoredLineage, name: string): boolean {
    const deletion = this.namespaces.get(name);
    if (!deletion?.hidden) return false;
    for (const j of model.jobs.values())
      if (j.namespace === name && deletion.members.get(key('job', j.name)) !== signatureOf(j)) return false;
    for (const d of model.datasets.values())
      if (d.namespace === name && deletion.members.get(key('dataset', d.name)) !== signatureOf(d)) return false;
    return true;
  }
}
