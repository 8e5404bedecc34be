/**
 * The order of the local endpoint's lists, each Marquez's `ORDER BY` (MarquezProject/marquez at a89b89c,
 * api/src/main/java/marquez/db/*Dao.java). Ties, which Postgres leaves in no order, are broken so that pages of one
 * list never overlap. Pure.
 *
 * Already in Marquez's order elsewhere: namespaces, datasets, sources and tags by name (NamespaceDao, DatasetDao,
 * SourceDao, TagDao `findAll`: `ORDER BY name`); a job's versions newest first (JobVersionDao
 * `BASE_SELECT_ON_JOB_VERSIONS`: `ORDER BY jv.created_at DESC`; ./api-more.ts `jobVersions`).
 */
import type { DatasetRecord, DatasetVersionRecord, JobRecord, RunRecord } from './model';

const byId = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** Jobs of `/jobs` and `/namespaces/{ns}/jobs`: JobDao.findAll `ORDER BY j.updated_at DESC`. */
export const byUpdate = (x: JobRecord, y: JobRecord): number => y.updatedAt - x.updatedAt || byId(x.nodeId, y.nodeId);

/**
 * A job's runs, `GET …/jobs/{job}/runs`: RunDao.findAll `ORDER BY r.started_at DESC NULLS LAST` (a run that never
 * started, e.g. one only a COMPLETE event named, comes last); equal times newest created first.
 */
export function runsByStart(job: JobRecord): RunRecord[] {
  const runs = [...job.runs].reverse();
  const start = (r: RunRecord) => r.startedAt ?? -Infinity;
  return runs.sort((x, y) => (start(x) === start(y) ? 0 : start(y) > start(x) ? 1 : -1));
}

/**
 * A job's `latestRuns` (and its `latestRun`, the first): RunDao.findByLatestJob `ORDER BY transitioned_at DESC,
 * started_at DESC LIMIT 10`, the runs whose state changed last first (`transitioned_at` is the time of the run's
 * last state event: the model's `stateAt`); Postgres puts a null `started_at` first in a DESC order. Picks the
 * `count` first in one pass (a job may have many runs).
 */
export function latestRunsOf(job: JobRecord, count: number): RunRecord[] {
  const start = (r: RunRecord) => r.startedAt ?? Infinity;
  // Before: newer transition, then later (or no) start, then created later.
  const before = (x: RunRecord, y: RunRecord) => x.stateAt > y.stateAt || (x.stateAt === y.stateAt && start(x) > start(y));
  const top: RunRecord[] = [];
  for (let i = job.runs.length - 1; i >= 0; i--) {
    const run = job.runs[i]!;
    if (top.length === count && !before(run, top[count - 1]!)) continue;
    let at = top.length;
    while (at > 0 && before(run, top[at - 1]!)) at--;
    top.splice(at, 0, run);
    if (top.length > count) top.pop();
  }
  return top;
}

/**
 * A dataset's versions, `GET …/datasets/{ds}/versions`: DatasetVersionDao.findAll `ORDER BY created_at DESC`;
 * equal times the one made later first.
 */
export function versionsNewestFirst(dataset: DatasetRecord): DatasetVersionRecord[] {
  return [...dataset.versions].reverse().sort((x, y) => y.createdAt - x.createdAt);
}
