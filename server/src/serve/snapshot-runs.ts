/**
 * The runs of a model snapshot (./snapshot.ts), in columns. A line of the snapshot's body holds up to a line's
 * worth of runs as parallel arrays, mostly of numbers: they parse much faster than an array per run and build no
 * objects but the arrays (issue 14: half a million runs at a million events). Restoring makes one small packed
 * {@link StoredRun} per run (./runs.ts); its datasets, facets and event places are unpacked on first use, and the
 * next snapshot copies a run that is still packed from its columns without unpacking it.
 *
 * Per run: id; createdAt; updatedAt, stateAt, startedAt, endedAt as differences from createdAt (null: none);
 * state (index in {@link RUN_STATES}); facets: a facet set, or 0 when they are read back from the events file at
 * the run's event places (`refs`, `nRefs` numbers each); inputs and outputs (`nIn`, `nOut` each): the dataset
 * (index in the snapshot's datasets), the version (input: index in the dataset's versions, output: index of the
 * version the run wrote; a string when there is none) and the run's facets of that dataset (0: none).
 */
import type { Facets, RunState } from '../../../protocol/marquez';
import { setOwn } from './json';
import type { DatasetRecord, DatasetVersionRecord, JobRecord, RunDatasetRecord, RunRecord } from './model';
import { StoredRun, type RunFacetSource, type RunPack } from './runs';

/** A set of facets: `[key, valueIndex, key, valueIndex, …]` into the snapshot's facet values. */
export type FacetSet = (string | number)[];

/** One line of runs. */
export interface RunColumns {
  id: string[];
  created: number[];
  updated: number[];
  stateAt: number[];
  started: (number | null)[];
  ended: (number | null)[];
  state: number[];
  facets: (FacetSet | 0)[];
  nRefs: number[];
  refs: number[];
  nIn: number[];
  inD: number[];
  inV: (number | string)[];
  inF: (FacetSet | 0)[];
  nOut: number[];
  outD: number[];
  outV: (number | string)[];
  outF: (FacetSet | 0)[];
}

const RUN_STATES: readonly RunState[] = ['NEW', 'RUNNING', 'COMPLETED', 'FAILED', 'ABORTED'];

/** What encoding runs shares with the rest of the snapshot being captured. */
export interface RunCapture {
  /** The facet set of `facets`, registering their values. */
  facetSet(facets: Facets): FacetSet;
  /** The index of a facet value in the snapshot being captured (registered if new). */
  value(value: unknown): number;
  datasetIndex: Map<DatasetRecord, number>;
  versionIndex: Map<DatasetVersionRecord, number>;
}

function emptyColumns(): RunColumns {
  return {
    id: [],
    created: [],
    updated: [],
    stateAt: [],
    started: [],
    ended: [],
    state: [],
    facets: [],
    nRefs: [],
    refs: [],
    nIn: [],
    inD: [],
    inV: [],
    inF: [],
    nOut: [],
    outD: [],
    outV: [],
    outF: [],
  };
}

/** The runs as lines of columns, at most `rowsPerLine` runs each. */
export function encodeRuns(runs: Iterable<RunRecord>, capture: RunCapture, rowsPerLine: number): RunColumns[] {
  const lines: RunColumns[] = [];
  let c = emptyColumns();
  /** Per dataset, the index of each version (for inputs, which name their version). */
  const versionsOf = new Map<DatasetRecord, Map<string, number>>();
  const versionOf = (dataset: DatasetRecord, version: string): number | string => {
    let map = versionsOf.get(dataset);
    if (!map) {
      map = new Map();
      dataset.versions.forEach((v, i) => map!.set(v.version, i));
      versionsOf.set(dataset, map);
    }
    return map.get(version) ?? version;
  };
  const set = (facets: Facets): FacetSet | 0 => {
    for (const key in facets) if (Object.prototype.hasOwnProperty.call(facets, key)) return capture.facetSet(facets);
    return 0;
  };
  for (const run of runs) {
    if (c.id.length === rowsPerLine) {
      lines.push(c);
      c = emptyColumns();
    }
    c.id.push(run.id);
    c.created.push(run.createdAt);
    c.updated.push(run.updatedAt - run.createdAt);
    c.stateAt.push(run.stateAt - run.createdAt);
    c.started.push(run.startedAt === null ? null : run.startedAt - run.createdAt);
    c.ended.push(run.endedAt === null ? null : run.endedAt - run.createdAt);
    c.state.push(RUN_STATES.indexOf(run.state));
    if (run instanceof StoredRun && run.pack instanceof PackedRuns) {
      run.pack.copy(run.row, c, capture);
      continue;
    }
    // A run whose events' places are known is stored as those places: its facets are read back from them.
    const refs = run.eventRefs;
    c.facets.push(refs ? 0 : capture.facetSet(run.facets));
    c.nRefs.push(refs ? refs.length : 0);
    if (refs) for (const n of refs) c.refs.push(n);
    c.nIn.push(run.inputs.size);
    for (const x of run.inputs.values()) {
      c.inD.push(capture.datasetIndex.get(x.dataset)!);
      c.inV.push(versionOf(x.dataset, x.version));
      c.inF.push(set(x.facets));
    }
    c.nOut.push(run.outputs.size);
    for (const x of run.outputs.values()) {
      c.outD.push(capture.datasetIndex.get(x.dataset)!);
      c.outV.push(x.written ? capture.versionIndex.get(x.written)! : x.version);
      c.outF.push(set(x.facets));
    }
  }
  if (c.id.length > 0) lines.push(c);
  return lines;
}

/** What restoring runs needs from the rest of the snapshot. */
export interface RunRestore {
  datasets: DatasetRecord[];
  /** The snapshot's facet values. */
  values: unknown[];
  /** The job of each run, by run index. */
  jobOfRun: JobRecord[];
  source: RunFacetSource;
}

/** Packed runs from lines of columns; throws on columns that do not fit together or point out of range. */
export function decodeRuns(lines: RunColumns[], restore: RunRestore): StoredRun[] {
  const runs: StoredRun[] = [];
  for (const c of lines) {
    const pack = new PackedRuns(c, restore);
    const n = c.id.length;
    for (let r = 0; r < n; r++) {
      const job = restore.jobOfRun[runs.length];
      if (!job) throw new Error(`run ${runs.length} belongs to no job`);
      const created = c.created[r]!;
      const started = c.started[r]!;
      const ended = c.ended[r]!;
      const init = {
        id: c.id[r]!,
        job,
        createdAt: created,
        updatedAt: created + c.updated[r]!,
        state: RUN_STATES[c.state[r]!]!,
        startedAt: started === null ? null : created + started,
        endedAt: ended === null ? null : created + ended,
        stateAt: created + c.stateAt[r]!,
      };
      runs.push(StoredRun.packed(restore.source, init, pack, r));
    }
  }
  return runs;
}

/** Facets from a facet set of an old snapshot's values. */
function facetsOf(set: FacetSet | 0, values: unknown[]): Facets {
  const facets: Facets = {};
  if (set !== 0) for (let i = 0; i < set.length; i += 2) setOwn(facets, set[i] as string, values[set[i + 1] as number]);
  return facets;
}

/** Prefix sums of per-run counts: where each run's items start. */
function starts(counts: number[], total: number, what: string): Int32Array {
  const result = new Int32Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i]!;
    if (!Number.isInteger(n) || n < 0) throw new Error(`a run has ${n} ${what}`);
    result[i + 1] = result[i]! + n;
  }
  if (result[counts.length] !== total) throw new Error(`the runs' ${what} do not add up`);
  return result;
}

/** One line of runs, as restored: unpacks a run on first use, or copies it into the next snapshot. */
class PackedRuns implements RunPack {
  private readonly inStart: Int32Array;
  private readonly outStart: Int32Array;
  private readonly refStart: Int32Array;

  constructor(
    private readonly c: RunColumns,
    private readonly restore: RunRestore,
  ) {
    const n = c.id.length;
    for (const key of ['created', 'updated', 'stateAt', 'started', 'ended', 'state', 'facets', 'nRefs', 'nIn', 'nOut'] as const)
      if (!Array.isArray(c[key]) || c[key].length !== n) throw new Error(`the runs' ${key} column has the wrong length`);
    this.refStart = starts(c.nRefs, c.refs.length, 'event places');
    this.inStart = starts(c.nIn, c.inD.length, 'inputs');
    this.outStart = starts(c.nOut, c.outD.length, 'outputs');
    if (c.inV.length !== c.inD.length || c.inF.length !== c.inD.length) throw new Error("the runs' input columns differ in length");
    if (c.outV.length !== c.outD.length || c.outF.length !== c.outD.length) throw new Error("the runs' output columns differ in length");
    const { datasets, values } = restore;
    const checkSet = (set: FacetSet | 0) => {
      if (set === 0) return;
      if (!Array.isArray(set)) throw new Error('a facet set is not a list');
      for (let i = 1; i < set.length; i += 2)
        if (!((set[i] as number) < values.length)) throw new Error(`facet value ${set[i]} is out of range`);
    };
    const checkVersion = (d: number, v: number | string) => {
      const dataset = datasets[d];
      if (!dataset) throw new Error(`dataset ${d} is out of range`);
      if (typeof v === 'number' && !dataset.versions[v]) throw new Error(`dataset version ${v} is out of range`);
    };
    for (let r = 0; r < n; r++) {
      if (RUN_STATES[c.state[r]!] === undefined) throw new Error(`run state ${c.state[r]} is unknown`);
      checkSet(c.facets[r]!);
    }
    c.inD.forEach((d, k) => (checkVersion(d, c.inV[k]!), checkSet(c.inF[k]!)));
    c.outD.forEach((d, k) => (checkVersion(d, c.outV[k]!), checkSet(c.outF[k]!)));
  }

  unpack(row: number) {
    const { c, restore } = this;
    const { datasets, values } = restore;
    const inputs = new Map<string, RunDatasetRecord>();
    for (let k = this.inStart[row]!; k < this.inStart[row + 1]!; k++) {
      const dataset = datasets[c.inD[k]!]!;
      const v = c.inV[k]!;
      const version = typeof v === 'number' ? dataset.versions[v]!.version : v;
      inputs.set(dataset.nodeId, { dataset, version, facets: facetsOf(c.inF[k]!, values) });
    }
    const outputs = new Map<string, RunDatasetRecord>();
    for (let k = this.outStart[row]!; k < this.outStart[row + 1]!; k++) {
      const dataset = datasets[c.outD[k]!]!;
      const v = c.outV[k]!;
      const facets = facetsOf(c.outF[k]!, values);
      if (typeof v === 'number') {
        const written = dataset.versions[v]!;
        outputs.set(dataset.nodeId, { dataset, version: written.version, facets, written });
      } else outputs.set(dataset.nodeId, { dataset, version: v, facets });
    }
    const set = c.facets[row]!;
    return {
      inputs,
      outputs,
      eventRefs: set === 0 ? c.refs.slice(this.refStart[row]!, this.refStart[row + 1]!) : null,
      facets: set === 0 ? undefined : facetsOf(set, values),
    };
  }

  /** Appends the run's packed columns (but the scalar ones) to a snapshot being captured. */
  copy(row: number, to: RunColumns, capture: RunCapture): void {
    const { c, restore } = this;
    const set = (s: FacetSet | 0): FacetSet | 0 => {
      if (s === 0) return 0;
      const result: FacetSet = [];
      for (let i = 0; i < s.length; i += 2) result.push(s[i]!, capture.value(restore.values[s[i + 1] as number]));
      return result;
    };
    const dataset = (d: number) => capture.datasetIndex.get(restore.datasets[d]!)!;
    to.facets.push(set(c.facets[row]!));
    to.nRefs.push(c.nRefs[row]!);
    for (let k = this.refStart[row]!; k < this.refStart[row + 1]!; k++) to.refs.push(c.refs[k]!);
    to.nIn.push(c.nIn[row]!);
    for (let k = this.inStart[row]!; k < this.inStart[row + 1]!; k++) {
      to.inD.push(dataset(c.inD[k]!));
      to.inV.push(c.inV[k]!); // versions are only ever added: an index stays valid
      to.inF.push(set(c.inF[k]!));
    }
    to.nOut.push(c.nOut[row]!);
    for (let k = this.outStart[row]!; k < this.outStart[row + 1]!; k++) {
      to.outD.push(dataset(c.outD[k]!));
      to.outV.push(c.outV[k]!);
      to.outF.push(set(c.outF[k]!));
    }
  }
}
