/**
 * Model snapshots of the local endpoint: the compacted lineage model and the store's time index, as of a byte
 * offset of `events.jsonl`, so that start-up replays only the events after it instead of the whole file.
 *
 * The events file stays the source of truth: a snapshot only ever stands for a prefix of it, and any doubt
 * about a snapshot means a full replay. {@link readSnapshot} refuses (with the reason, for the log) a
 * snapshot that is missing, of another format version (an older one is replaced after the replay), damaged
 * (its SHA-256 does not match) or unreadable; the caller then checks its {@link FileGuard} against the events
 * file (`EventStore.verify`: the file must still start with the bytes the snapshot covers) before using it.
 *
 * File: `snapshot.json` in the data directory, written atomically (temporary file, fsync, rename, fsync of the
 * directory). Line 1 is a header, `{"format":"lineage-lens-snapshot","version":3,"bytes":N,"sha256":"…"}`;
 * the rest is the body, N bytes: a line of everything but `values` and `runs`, then lines of those (see
 * {@link encodeBody}):
 *
 *   guard, eventCount            the events-file prefix covered, the events applied
 *   index                        the time index: times and offsets as differences (small numbers), lengths
 *   eventTypes                   the times of the events `/stats/lineage-events` counts, by type (./stats.ts)
 *   values                       every facet value once (facets shared by versions and events are stored once)
 *   versionFacets                the distinct facet sets of dataset versions (versions with equal ones share one
 *                                object when restored)
 *   namespaces, datasets, jobs   records as arrays; references to other records are indexes into these lists;
 *                                a set of facets is `[key, valueIndex, key, valueIndex, …]`
 *   runs                         in columns, restored packed (./snapshot-runs.ts); a run's facets are not stored
 *                                but read back from its events' lines when its events' places are known
 *
 * Derived indexes (dataset fields, column lineage) are not stored: {@link StoredLineage.restore} rebuilds them.
 * Bump {@link SNAPSHOT_VERSION} whenever the model or this layout changes, so that older snapshots are
 * replaced by a replay instead of being misread.
 */
import { createHash } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Facets } from '../../../protocol/marquez';
import { datasetNodeId, jobNodeId } from '../../../protocol/node-ids';
import { StoredLineage, type DatasetRecord, type DatasetVersionRecord, type JobRecord, type NamespaceRecord } from './model';
import { setOwn } from './json';
import { RunFacetSource } from './runs';
import { decodeRuns, encodeRuns, type FacetSet, type RunColumns } from './snapshot-runs';
import { LineageEventCounts } from './stats';
import type { FileGuard, IndexArrays } from './store';

/** The snapshot's file name in the data directory. */
export const SNAPSHOT_FILE = 'snapshot.json';
/** The layout and model version a snapshot must have to be used. */
export const SNAPSHOT_VERSION = 3;
/**
 * Facet values and runs per line of the body. The body is written and read line by line, never as one string: at
 * about a million events it would pass V8's longest string (512 MiB), and every start-up would replay everything.
 */
const ROWS_PER_LINE = 50_000;
const FORMAT = 'lineage-lens-snapshot';

type NamespaceRow = [name: string, createdAt: number, updatedAt: number];
/** A dataset's versions in columns: version id, run (index in the runs; a string: an id no run has), time, facets. */
interface VersionColumns {
  v: string[];
  run: (number | string | null)[];
  at: number[];
  /** Index in `versionFacets`. */
  f: number[];
}
type DatasetRow = [
  namespace: string,
  name: string,
  createdAt: number,
  updatedAt: number,
  lastModifiedAt: number | null,
  facets: FacetSet,
  versions: VersionColumns,
  producers: number[],
  consumers: number[],
];
type ParentRow = [namespace: string, name: string, runId: string | null] | null;
type JobRow = [
  namespace: string,
  name: string,
  createdAt: number,
  updatedAt: number,
  facets: FacetSet,
  inputs: number[],
  outputs: number[],
  ioRunId: string | null,
  parent: ParentRow,
  runs: number[],
];

/** A snapshot's content, before the guard of the bytes it covers is known. */
export interface SnapshotCapture {
  /** Bytes of the events file the model and index cover. */
  bytes: number;
  /** {@link encodeIndex}. */
  index: IndexArrays;
  eventCount: number;
  /** {@link LineageEventCounts.encode}. */
  eventTypes: number[][];
  values: unknown[];
  versionFacets: FacetSet[];
  namespaces: NamespaceRow[];
  datasets: DatasetRow[];
  jobs: JobRow[];
  /** Lines of runs. */
  runs: RunColumns[];
}

export interface SnapshotBody extends Omit<SnapshotCapture, 'bytes'> {
  guard: FileGuard;
}

/** A usable snapshot: the restored model, the time index and the guard of the prefix it covers. */
export interface LoadedSnapshot {
  model: StoredLineage;
  index: IndexArrays;
  guard: FileGuard;
}

/** {@link readSnapshot}'s answer: a snapshot, or why there is none to use. */
export type SnapshotRead = { ok: true; snapshot: LoadedSnapshot } | { ok: false; missing: boolean; reason: string };

/**
 * Captures the model and the store's index as they are now, as plain rows. Synchronous, so that both are
 * taken at the same moment: call it between events (from a timer or `setImmediate`), when every stored event
 * has been applied to the model and no other.
 */
export function captureSnapshot(
  model: StoredLineage,
  checkpoint: { bytes: number; index: IndexArrays },
  rowsPerLine = ROWS_PER_LINE,
): SnapshotCapture {
  const values: unknown[] = [];
  const valueIndex = new Map<unknown, number>();
  const value = (v: unknown): number => {
    let i = valueIndex.get(v);
    if (i === undefined) {
      i = values.length;
      values.push(v);
      valueIndex.set(v, i);
    }
    return i;
  };
  const facetSet = (facets: Facets): FacetSet => {
    const row: FacetSet = [];
    for (const key in facets) if (Object.prototype.hasOwnProperty.call(facets, key)) row.push(key, value(facets[key]));
    return row;
  };
  const versionFacets: FacetSet[] = [];
  const versionFacetIndex = new Map<Facets, number>();
  const bySet = new Map<string, number>();
  const versionFacet = (facets: Facets): number => {
    let i = versionFacetIndex.get(facets);
    if (i === undefined) {
      const set = facetSet(facets);
      const key = JSON.stringify(set);
      i = bySet.get(key);
      if (i === undefined) {
        i = versionFacets.length;
        versionFacets.push(set);
        bySet.set(key, i);
      }
      versionFacetIndex.set(facets, i);
    }
    return i;
  };
  const datasetIndex = new Map<DatasetRecord, number>();
  const jobIndex = new Map<JobRecord, number>();
  const runIndex = new Map<string, number>();
  const versionIndex = new Map<DatasetVersionRecord, number>();
  for (const d of model.datasets.values()) {
    datasetIndex.set(d, datasetIndex.size);
    d.versions.forEach((v, i) => versionIndex.set(v, i));
  }
  for (const j of model.jobs.values()) jobIndex.set(j, jobIndex.size);
  for (const id of model.runs.keys()) runIndex.set(id, runIndex.size);
  const ref = <T>(map: Map<T, number>, record: T): number => map.get(record)!;

  const datasets: DatasetRow[] = [];
  for (const d of model.datasets.values()) {
    const versions: VersionColumns = { v: [], run: [], at: [], f: [] };
    for (const v of d.versions) {
      versions.v.push(v.version);
      versions.run.push(v.runId === null ? null : (runIndex.get(v.runId) ?? v.runId));
      versions.at.push(v.createdAt);
      versions.f.push(versionFacet(v.facets));
    }
    datasets.push([
      d.namespace,
      d.name,
      d.createdAt,
      d.updatedAt,
      d.lastModifiedAt,
      facetSet(d.facets),
      versions,
      [...d.producers].map((j) => ref(jobIndex, j)),
      [...d.consumers].map((j) => ref(jobIndex, j)),
    ]);
  }
  const jobs: JobRow[] = [];
  for (const j of model.jobs.values()) {
    jobs.push([
      j.namespace,
      j.name,
      j.createdAt,
      j.updatedAt,
      facetSet(j.facets),
      j.inputs.map((d) => ref(datasetIndex, d)),
      j.outputs.map((d) => ref(datasetIndex, d)),
      j.ioRunId,
      j.parent ? [j.parent.namespace, j.parent.name, j.parent.runId] : null,
      j.runs.map((r) => ref(runIndex, r.id)),
    ]);
  }
  const runs = encodeRuns(model.runs.values(), { facetSet, value, datasetIndex, versionIndex }, rowsPerLine);
  const namespaces: NamespaceRow[] = [...model.namespaces.values()].map((ns) => [ns.name, ns.createdAt, ns.updatedAt]);
  return {
    bytes: checkpoint.bytes,
    index: encodeIndex(checkpoint.index),
    eventCount: model.eventCount,
    eventTypes: model.eventTypes.encode(),
    values,
    versionFacets,
    namespaces,
    datasets,
    jobs,
    runs,
  };
}

/**
 * The time index as stored: times as differences from the one before (sorted: never negative), offsets as the
 * difference from the byte after the line before (0 while the index is in file order), lengths as they are.
 */
export function encodeIndex({ times, offsets, lengths }: IndexArrays): IndexArrays {
  const n = times.length;
  const t = new Array<number>(n);
  const o = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    t[i] = i === 0 ? times[0]! : times[i]! - times[i - 1]!;
    o[i] = i === 0 ? offsets[0]! : offsets[i]! - (offsets[i - 1]! + lengths[i - 1]! + 1);
  }
  return { times: t, offsets: o, lengths: lengths.slice() };
}

/** The inverse of {@link encodeIndex}; throws on arrays that are not that. */
export function decodeIndex({ times, offsets, lengths }: IndexArrays): IndexArrays {
  const n = times.length;
  if (!Array.isArray(times) || !Array.isArray(offsets) || !Array.isArray(lengths) || offsets.length !== n || lengths.length !== n)
    throw new Error('the time index arrays differ in length');
  const t = new Array<number>(n);
  const o = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    t[i] = i === 0 ? times[0]! : t[i - 1]! + times[i]!;
    o[i] = i === 0 ? offsets[0]! : o[i - 1]! + lengths[i - 1]! + 1 + offsets[i]!;
    if (!(times[i]! >= 0 || i === 0) || !(o[i]! >= 0) || !(lengths[i]! >= 0)) throw new Error('the time index is not sorted');
  }
  return { times: t, offsets: o, lengths };
}

/** Writes a captured snapshot with the guard of the bytes it covers, atomically replacing the previous one. */
export async function writeSnapshot(dir: string, capture: SnapshotCapture, guard: FileGuard): Promise<void> {
  const { bytes, ...rest } = capture;
  if (guard.bytes !== bytes) throw new Error(`The snapshot covers ${bytes} bytes of the events file, but its guard ${guard.bytes}.`);
  const body = encodeBody({ guard, ...rest });
  const hash = createHash('sha256');
  let length = 0;
  for (const piece of body) {
    hash.update(piece);
    length += piece.length;
  }
  const header = Buffer.from(
    `${JSON.stringify({ format: FORMAT, version: SNAPSHOT_VERSION, bytes: length, sha256: hash.digest('hex') })}\n`,
    'utf8',
  );
  const path = join(dir, SNAPSHOT_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w', 0o644);
  try {
    await handle.writeFile(header);
    for (const piece of body) await handle.writeFile(piece); // each from the current position
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

/** Reads the snapshot of `dir`, or says why there is none to use. Never throws. */
export async function readSnapshot(dir: string): Promise<SnapshotRead> {
  let data: Buffer;
  try {
    data = await readFile(join(dir, SNAPSHOT_FILE));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      missing: code === 'ENOENT',
      reason: code === 'ENOENT' ? 'there is no snapshot' : `the snapshot cannot be read (${code ?? (error as Error).message})`,
    };
  }
  const bad = (reason: string): SnapshotRead => ({ ok: false, missing: false, reason });
  const newline = data.indexOf(0x0a);
  if (newline === -1) return bad('the snapshot has no header');
  let header: { format?: unknown; version?: unknown; bytes?: unknown; sha256?: unknown };
  try {
    header = JSON.parse(data.subarray(0, newline).toString('utf8')) as typeof header;
  } catch {
    return bad('the snapshot header is not JSON');
  }
  if (header.format !== FORMAT) return bad('the snapshot file is not a Lineage Lens snapshot');
  if (header.version !== SNAPSHOT_VERSION) return bad(`the snapshot has version ${String(header.version)}, not ${SNAPSHOT_VERSION}`);
  const body = data.subarray(newline + 1);
  if (body.length !== header.bytes)
    return bad(`the snapshot holds ${body.length} bytes, not the ${String(header.bytes)} its header says (cut short?)`);
  if (sha256(body) !== header.sha256) return bad('the snapshot is damaged (its SHA-256 does not match)');
  try {
    return { ok: true, snapshot: decode(decodeBody(body)) };
  } catch (error) {
    return bad(`the snapshot cannot be decoded (${(error as Error).message})`);
  }
}

/** Removes the snapshot (e.g. after the events file was found not to match it). */
export async function removeSnapshot(dir: string): Promise<void> {
  await unlink(join(dir, SNAPSHOT_FILE)).catch(() => undefined);
}

/** Rows → linked records → model. Throws on rows that do not fit together. */
function decode(body: SnapshotBody): LoadedSnapshot {
  const { values } = body;
  const facets = (row: FacetSet): Facets => {
    const result: Facets = {};
    for (let i = 0; i < row.length; i += 2) {
      const k = row[i + 1] as number;
      if (!(k < values.length)) throw new Error(`facet value ${k} is out of range`);
      setOwn(result, row[i] as string, values[k]);
    }
    return result;
  };
  const at = <T>(list: T[], i: number, what: string): T => {
    const item = list[i];
    if (item === undefined) throw new Error(`${what} ${i} is out of range`);
    return item;
  };
  const runIds: string[] = [];
  for (const line of body.runs) for (const id of line.id) runIds.push(id);
  // Versions with the same facets share one object (versions' facets are replaced, never changed in place).
  const versionFacets = body.versionFacets.map(facets);
  const namespaces: NamespaceRecord[] = body.namespaces.map(([name, createdAt, updatedAt]) => ({ name, createdAt, updatedAt }));
  const datasets: DatasetRecord[] = body.datasets.map(([namespace, name, createdAt, updatedAt, lastModifiedAt, f, versions]) => {
    const n = versions.v.length;
    if (versions.run.length !== n || versions.at.length !== n || versions.f.length !== n)
      throw new Error('the version columns differ in length');
    return {
      namespace,
      name,
      nodeId: datasetNodeId({ namespace, name }),
      createdAt,
      updatedAt,
      lastModifiedAt,
      facets: facets(f),
      fields: [],
      versions: versions.v.map((version, i) => {
        const run = versions.run[i]!;
        return {
          version,
          runId: typeof run === 'number' ? at(runIds, run, 'run') : run,
          createdAt: versions.at[i]!,
          facets: at(versionFacets, versions.f[i]!, 'version facet set'),
          fields: [],
        };
      }),
      producers: new Set(),
      consumers: new Set(),
    };
  });
  const jobs: JobRecord[] = body.jobs.map(([namespace, name, createdAt, updatedAt, f, inputs, outputs, ioRunId, parent]) => ({
    namespace,
    name,
    nodeId: jobNodeId({ namespace, name }),
    createdAt,
    updatedAt,
    facets: facets(f),
    inputs: inputs.map((i) => at(datasets, i, 'dataset')),
    outputs: outputs.map((i) => at(datasets, i, 'dataset')),
    ioRunId,
    runs: [],
    parent: parent ? { namespace: parent[0], name: parent[1], runId: parent[2] } : null,
  }));
  const jobOfRun: JobRecord[] = [];
  body.jobs.forEach((row, j) => {
    for (const r of row[9]) jobOfRun[r] = jobs[j]!;
  });
  const runFacets = new RunFacetSource();
  const runs = decodeRuns(body.runs, { datasets, values, jobOfRun, source: runFacets });
  body.jobs.forEach((row, j) => {
    jobs[j]!.runs = row[9].map((r) => at(runs, r, 'run'));
  });
  body.datasets.forEach((row, d) => {
    for (const j of row[7]) datasets[d]!.producers.add(at(jobs, j, 'job'));
    for (const j of row[8]) datasets[d]!.consumers.add(at(jobs, j, 'job'));
  });
  return {
    model: StoredLineage.restore(
      { namespaces, datasets, jobs, runs, eventCount: body.eventCount, eventTypes: LineageEventCounts.decode(body.eventTypes) },
      runFacets,
    ),
    index: decodeIndex(body.index),
    guard: body.guard,
  };
}

/**
 * The body as lines (each a JSON value; JSON text holds no raw newline): first everything but the facet values
 * and the runs, with how many lines of each follow, then those lines: arrays of up to {@link ROWS_PER_LINE}
 * values, and the lines of runs as captured.
 */
export function encodeBody(body: SnapshotBody, rowsPerLine = ROWS_PER_LINE): Buffer[] {
  const { values, runs, ...head } = body;
  const valueLines: unknown[][] = [];
  for (let i = 0; i < values.length; i += rowsPerLine) valueLines.push(values.slice(i, i + rowsPerLine));
  const lines = [JSON.stringify({ ...head, lines: [valueLines.length, runs.length] })];
  for (const chunk of [...valueLines, ...runs]) lines.push(JSON.stringify(chunk));
  return lines.map((line, i) => Buffer.from(i === lines.length - 1 ? line : `${line}\n`, 'utf8'));
}

/** The inverse of {@link encodeBody}; throws on a body that does not fit together. */
export function decodeBody(body: Buffer): SnapshotBody {
  const lines: Buffer[] = [];
  for (let start = 0; start <= body.length;) {
    const end = body.indexOf(0x0a, start);
    lines.push(body.subarray(start, end === -1 ? body.length : end));
    if (end === -1) break;
    start = end + 1;
  }
  const head = JSON.parse(lines[0]!.toString('utf8')) as Omit<SnapshotBody, 'values' | 'runs'> & { lines: [number, number] };
  const [valueLines, runLines] = head.lines;
  if (lines.length !== 1 + valueLines + runLines) throw new Error(`the body has ${lines.length} lines, not ${1 + valueLines + runLines}`);
  const values: unknown[] = [];
  for (let i = 1; i <= valueLines; i++) for (const value of JSON.parse(lines[i]!.toString('utf8')) as unknown[]) values.push(value);
  const runs: RunColumns[] = [];
  for (let i = 1 + valueLines; i < lines.length; i++) runs.push(JSON.parse(lines[i]!.toString('utf8')) as RunColumns);
  const { lines: _counts, ...rest } = head;
  return { ...rest, values, runs };
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Makes a rename durable: fsync of the directory (not possible on Windows, where rename is durable enough). */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Directories cannot be opened or synced on some platforms.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
