/**
 * Model snapshots of the local endpoint: the compacted lineage model and the store's time index, as of a byte
 * offset of `events.jsonl`, so that start-up replays only the events after it instead of the whole file.
 *
 * The events file stays the source of truth: a snapshot only ever stands for a prefix of it, and any doubt
 * about a snapshot means a full replay. {@link readSnapshot} refuses (with the reason, for the log) a
 * snapshot that is missing, of another format version, damaged (its SHA-256 does not match) or unreadable;
 * the caller then checks its {@link FileGuard} against the events file (`EventStore.verify`: the file must
 * still start with the bytes the snapshot covers) before using it.
 *
 * File: `snapshot.json` in the data directory, written atomically (temporary file, fsync, rename, fsync of the
 * directory). Line 1 is a header, `{"format":"lineage-lens-snapshot","version":2,"bytes":N,"sha256":"…"}`;
 * the rest is the body, N bytes: a line of everything but `values` and `runs`, then lines of those (see
 * {@link encodeBody}):
 *
 *   guard, index, eventCount     the events-file prefix covered, its time index, the events applied
 *   values                       every facet value once (facets shared by versions and events are stored once)
 *   namespaces, datasets, jobs, runs
 *                                records as arrays; references to other records are indexes into these lists;
 *                                a set of facets is `[key, valueIndex, key, valueIndex, …]`
 *
 * Derived indexes (dataset fields, column lineage) are not stored: {@link StoredLineage.restore} rebuilds them.
 * Bump {@link SNAPSHOT_VERSION} whenever the model or this layout changes, so that older snapshots are
 * replaced by a replay instead of being misread.
 */
import { createHash } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Facets, RunState } from '../../../protocol/marquez';
import { datasetNodeId, jobNodeId } from '../../../protocol/node-ids';
import {
  StoredLineage,
  type DatasetRecord,
  type DatasetVersionRecord,
  type JobRecord,
  type NamespaceRecord,
  type RunDatasetRecord,
  type RunRecord,
} from './model';
import { setOwn } from './json';
import type { FileGuard, IndexArrays } from './store';

/** The snapshot's file name in the data directory. */
export const SNAPSHOT_FILE = 'snapshot.json';
/** The layout and model version a snapshot must have to be used. */
export const SNAPSHOT_VERSION = 2;
/**
 * Facet values and runs per line of the body. The body is written and read line by line, never as one string: at
 * about a million events it would pass V8's longest string (512 MiB), and every start-up would replay everything.
 */
const ROWS_PER_LINE = 50_000;
const FORMAT = 'lineage-lens-snapshot';

type FacetSet = (string | number)[];
type NamespaceRow = [name: string, createdAt: number, updatedAt: number];
type VersionRow = [version: string, runId: string | null, createdAt: number, facets: FacetSet];
type DatasetRow = [
  namespace: string,
  name: string,
  createdAt: number,
  updatedAt: number,
  lastModifiedAt: number | null,
  facets: FacetSet,
  versions: VersionRow[],
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
type RunInputRow = [dataset: number, version: string, facets: FacetSet];
type RunOutputRow = [dataset: number, version: string, facets: FacetSet, written: number];
type RunRow = [
  id: string,
  createdAt: number,
  updatedAt: number,
  state: RunState,
  startedAt: number | null,
  endedAt: number | null,
  stateAt: number,
  facets: FacetSet,
  inputs: RunInputRow[],
  outputs: RunOutputRow[],
];

/** A snapshot's content, before the guard of the bytes it covers is known. */
export interface SnapshotCapture {
  /** Bytes of the events file the model and index cover. */
  bytes: number;
  index: IndexArrays;
  eventCount: number;
  values: unknown[];
  namespaces: NamespaceRow[];
  datasets: DatasetRow[];
  jobs: JobRow[];
  runs: RunRow[];
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
export function captureSnapshot(model: StoredLineage, checkpoint: { bytes: number; index: IndexArrays }): SnapshotCapture {
  const values: unknown[] = [];
  const valueIndex = new Map<unknown, number>();
  const facetSet = (facets: Facets): FacetSet => {
    const row: FacetSet = [];
    for (const key in facets) {
      if (!Object.prototype.hasOwnProperty.call(facets, key)) continue;
      const value = facets[key];
      let i = valueIndex.get(value);
      if (i === undefined) {
        i = values.length;
        values.push(value);
        valueIndex.set(value, i);
      }
      row.push(key, i);
    }
    return row;
  };
  const datasetIndex = new Map<DatasetRecord, number>();
  const jobIndex = new Map<JobRecord, number>();
  const runIndex = new Map<RunRecord, number>();
  const versionIndex = new Map<DatasetVersionRecord, number>();
  for (const d of model.datasets.values()) {
    datasetIndex.set(d, datasetIndex.size);
    d.versions.forEach((v, i) => versionIndex.set(v, i));
  }
  for (const j of model.jobs.values()) jobIndex.set(j, jobIndex.size);
  for (const r of model.runs.values()) runIndex.set(r, runIndex.size);
  const ref = <T>(map: Map<T, number>, record: T): number => map.get(record)!;

  const datasets: DatasetRow[] = [];
  for (const d of model.datasets.values()) {
    datasets.push([
      d.namespace,
      d.name,
      d.createdAt,
      d.updatedAt,
      d.lastModifiedAt,
      facetSet(d.facets),
      d.versions.map((v): VersionRow => [v.version, v.runId, v.createdAt, facetSet(v.facets)]),
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
      j.runs.map((r) => ref(runIndex, r)),
    ]);
  }
  const runs: RunRow[] = [];
  for (const r of model.runs.values()) {
    const inputs: RunInputRow[] = [];
    for (const x of r.inputs.values()) inputs.push([ref(datasetIndex, x.dataset), x.version, facetSet(x.facets)]);
    const outputs: RunOutputRow[] = [];
    for (const x of r.outputs.values())
      outputs.push([ref(datasetIndex, x.dataset), x.version, facetSet(x.facets), x.written ? ref(versionIndex, x.written) : -1]);
    runs.push([r.id, r.createdAt, r.updatedAt, r.state, r.startedAt, r.endedAt, r.stateAt, facetSet(r.facets), inputs, outputs]);
  }
  const namespaces: NamespaceRow[] = [...model.namespaces.values()].map((ns) => [ns.name, ns.createdAt, ns.updatedAt]);
  return { bytes: checkpoint.bytes, index: checkpoint.index, eventCount: model.eventCount, values, namespaces, datasets, jobs, runs };
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
      if (k >= values.length) throw new Error(`facet value ${k} is out of range`);
      setOwn(result, row[i] as string, values[k]);
    }
    return result;
  };
  const at = <T>(list: T[], i: number, what: string): T => {
    const item = list[i];
    if (item === undefined) throw new Error(`${what} ${i} is out of range`);
    return item;
  };
  const namespaces: NamespaceRecord[] = body.namespaces.map(([name, createdAt, updatedAt]) => ({ name, createdAt, updatedAt }));
  const datasets: DatasetRecord[] = body.datasets.map(([namespace, name, createdAt, updatedAt, lastModifiedAt, f, versions]) => ({
    namespace,
    name,
    nodeId: datasetNodeId({ namespace, name }),
    createdAt,
    updatedAt,
    lastModifiedAt,
    facets: facets(f),
    fields: [],
    versions: versions.map(([version, runId, vCreatedAt, vf]) => ({
      version,
      runId,
      createdAt: vCreatedAt,
      facets: facets(vf),
      fields: [],
    })),
    producers: new Set(),
    consumers: new Set(),
  }));
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
  const runs: RunRecord[] = [];
  const jobOfRun: JobRecord[] = [];
  body.jobs.forEach((row, j) => {
    for (const r of row[9]) jobOfRun[r] = jobs[j]!;
  });
  body.runs.forEach(([id, createdAt, updatedAt, state, startedAt, endedAt, stateAt, f, inputs, outputs], r) => {
    const job = at(jobOfRun, r, 'run');
    const run: RunRecord = {
      id,
      job,
      createdAt,
      updatedAt,
      state,
      startedAt,
      endedAt,
      stateAt,
      facets: facets(f),
      inputs: new Map(),
      outputs: new Map(),
    };
    for (const [d, version, xf] of inputs) {
      const dataset = at(datasets, d, 'dataset');
      run.inputs.set(dataset.nodeId, { dataset, version, facets: facets(xf) });
    }
    for (const [d, version, xf, written] of outputs) {
      const dataset = at(datasets, d, 'dataset');
      const record: RunDatasetRecord = { dataset, version, facets: facets(xf) };
      if (written >= 0) record.written = at(dataset.versions, written, 'dataset version');
      run.outputs.set(dataset.nodeId, record);
    }
    runs.push(run);
  });
  body.jobs.forEach((row, j) => {
    jobs[j]!.runs = row[9].map((r) => at(runs, r, 'run'));
  });
  body.datasets.forEach((row, d) => {
    for (const j of row[7]) datasets[d]!.producers.add(at(jobs, j, 'job'));
    for (const j of row[8]) datasets[d]!.consumers.add(at(jobs, j, 'job'));
  });
  const { times, offsets, lengths } = body.index;
  if (times.length !== offsets.length || times.length !== lengths.length) throw new Error('the time index arrays differ in length');
  return {
    model: StoredLineage.restore({ namespaces, datasets, jobs, runs, eventCount: body.eventCount }),
    index: body.index,
    guard: body.guard,
  };
}

/**
 * The body as lines (each a JSON value; JSON text holds no raw newline): first everything but the facet values
 * and the runs, with how many lines of each follow, then those lines, each an array of up to
 * {@link ROWS_PER_LINE} items.
 */
export function encodeBody(body: SnapshotBody, rowsPerLine = ROWS_PER_LINE): Buffer[] {
  const { values, runs, ...head } = body;
  const chunks = <T>(list: T[]): T[][] => {
    const result: T[][] = [];
    for (let i = 0; i < list.length; i += rowsPerLine) result.push(list.slice(i, i + rowsPerLine));
    return result;
  };
  const valueLines = chunks(values);
  const runLines = chunks(runs);
  const lines = [JSON.stringify({ ...head, lines: [valueLines.length, runLines.length] })];
  for (const chunk of [...valueLines, ...runLines]) lines.push(JSON.stringify(chunk));
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
  const rows = <T>(from: number, count: number): T[] => {
    const result: T[] = [];
    for (let i = from; i < from + count; i++) for (const row of JSON.parse(lines[i]!.toString('utf8')) as T[]) result.push(row);
    return result;
  };
  const { lines: _counts, ...rest } = head;
  return { ...rest, values: rows<unknown>(1, valueLines), runs: rows<RunRow>(1 + valueLines, runLines) };
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
