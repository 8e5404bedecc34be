/**
 * Response normalisation: the Marquez API's answers as the extension reads them, whatever serialiser the
 * endpoint uses. Timestamps become ISO-8601 strings whether the endpoint sent ISO strings or epoch seconds
 * ({@link toIsoTimestamp}); everything else (facets included) is passed through untouched. Pure: no Node, no
 * vscode.
 */
import type { Dataset, IsoTimestamp, Job, LineageNode, Namespace, Run } from '../../../protocol/marquez';

/** Epoch values at or above this are milliseconds, not seconds (1e11 s is the year 5138). */
const EPOCH_MILLIS_THRESHOLD = 1e11;

/**
 * The one timestamp normaliser. Marquez's API writes ISO-8601 strings, but its fixtures and some
 * serialisers write epoch seconds as decimals (`1624539874.421452`). Returns:
 * - ISO strings as received (their precision and zone kept);
 * - epoch seconds (numbers or numeric strings, fractional allowed, microseconds kept) as `…Z` ISO strings;
 *   values of 1e11 and more are taken as epoch milliseconds;
 * - null for null, undefined and anything that is not a time.
 */
export function toIsoTimestamp(value: unknown): IsoTimestamp | null {
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^-?\d+(\.\d+)?$/.test(text)) return fromEpoch(Number(text));
    return text !== '' && !Number.isNaN(Date.parse(text)) ? text : null;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'number') return fromEpoch(value);
  return null;
}

function fromEpoch(value: number): IsoTimestamp | null {
  if (!Number.isFinite(value)) return null;
  const seconds = Math.abs(value) >= EPOCH_MILLIS_THRESHOLD ? value / 1000 : value;
  let whole = Math.floor(seconds);
  let micros = Math.round((seconds - whole) * 1e6);
  if (micros === 1e6) {
    whole += 1;
    micros = 0;
  }
  const date = new Date(whole * 1000);
  if (Number.isNaN(date.getTime())) return null;
  const base = date.toISOString().slice(0, 19);
  // Milliseconds when that is exact, microseconds otherwise: Marquez's own strings carry microseconds.
  const fraction = micros % 1000 === 0 ? String(micros / 1000).padStart(3, '0') : String(micros).padStart(6, '0');
  return `${base}.${fraction}Z`;
}

/** A plain object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy of `value` with the named fields' timestamps normalised; other fields (and facets) untouched. */
export function withTimestamps<T>(value: unknown, fields: readonly string[]): T {
  if (!isObject(value)) return value as T;
  const copy: Record<string, unknown> = { ...value };
  for (const field of fields) {
    if (field in copy) copy[field] = toIsoTimestamp(copy[field]);
  }
  return copy as T;
}

const ENTITY_TIMES = ['createdAt', 'updatedAt'] as const;

/** A namespace with its timestamps normalised. */
export function readNamespace(value: unknown): Namespace {
  return withTimestamps<Namespace>(value, ENTITY_TIMES);
}

/** A dataset with its timestamps normalised. */
export function readDataset(value: unknown): Dataset {
  return withTimestamps<Dataset>(value, [...ENTITY_TIMES, 'lastModifiedAt']);
}

/** A run with its timestamps normalised. */
export function readRun(value: unknown): Run {
  return withTimestamps<Run>(value, [...ENTITY_TIMES, 'nominalStartTime', 'nominalEndTime', 'startedAt', 'endedAt']);
}

/** A job with its timestamps, and those of its latest run(s), normalised. */
export function readJob(value: unknown): Job {
  const job = withTimestamps<Job & Record<string, unknown>>(value, ENTITY_TIMES);
  if (!isObject(job)) return job;
  if (isObject(job.latestRun)) job.latestRun = readRun(job.latestRun);
  if (Array.isArray(job.latestRuns)) job.latestRuns = job.latestRuns.map(readRun);
  return job;
}

/** A lineage graph node with its dataset, job or run data normalised; other nodes as they are. */
export function readNode(value: unknown): LineageNode {
  if (!isObject(value) || !isObject(value.data)) return value as unknown as LineageNode;
  switch (value.type) {
    case 'DATASET':
      return { ...value, data: readDataset(value.data) } as unknown as LineageNode;
    case 'JOB':
      return { ...value, data: readJob(value.data) } as unknown as LineageNode;
    case 'RUN':
      return { ...value, data: readRun(value.data) } as unknown as LineageNode;
    default:
      return value as unknown as LineageNode;
  }
}
