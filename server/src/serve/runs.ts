/**
 * Facet merging for the lineage model (./model.ts), and run facets read back from the events file instead of held
 * in memory (issue 14, "Scale").
 *
 * A run's facets are the merge of its events' `run.facets` ({@link mergeFacets}). Every run event names its run, so
 * a run whose events' places in `events.jsonl` are all known ({@link StoredRun.eventRefs}: offset and length of
 * each, in file order) holds only those places, and its facets are merged again from those lines when asked for
 * (a synchronous read of a few KiB; {@link RunFacetSource} caches the most recently read runs). A run one of whose
 * events came without its place (an event applied by a caller that does not know it) holds its facets in memory,
 * as every run did before. Why: at a million events, run facets (a nominal time and a parent facet per run) were
 * half of the model snapshot and most of the objects a start-up built; they are read only when a run is shown.
 *
 * The events file stays the source of truth: the lines a run points to are never rewritten (the file is
 * append-only, and a snapshot is used only while the file still starts with the bytes it covers).
 */
import type { Facets, RunState } from '../../../protocol/marquez';
import { jsonEqual, setOwn } from './json';
import type { JobRecord, RunDatasetRecord, RunRecord } from './model';

/** Reads the event line at `offset` (`length` bytes) of the events file; undefined when it cannot. */
export type LineReader = (offset: number, length: number) => string | undefined;

/** Runs whose facets, read back from the events file, are kept for the next read. */
const CACHED_RUNS = 4096;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOwn = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

/**
 * Merges facets into `target`: each key's latest value wins; a facet with `_deleted: true` is removed. With
 * `share`, a value equal to the one `target` holds keeps the held object, so the facets a job or dataset
 * repeats in every event (schemas, column lineage, SQL) are one object shared by all its versions: less
 * memory, and an unchanged facet is recognised by identity.
 */
export function mergeFacets(target: Facets, facets: unknown, share = false): boolean {
  if (!isObject(facets)) return false;
  let changed = false;
  for (const key in facets) {
    if (!hasOwn(facets, key)) continue;
    const value = facets[key];
    if (isObject(value) && value._deleted === true) {
      if (hasOwn(target, key)) {
        delete target[key];
        changed = true;
      }
    } else if (!(share && hasOwn(target, key) && jsonEqual(target[key], value))) {
      setOwn(target, key, value);
      changed = true;
    }
  }
  return changed;
}

/** Where a model's runs read their facets back from: the events file, once the endpoint has opened it. */
export class RunFacetSource {
  /** Set by the endpoint once the events file is open; without it, every run holds its facets. */
  reader: LineReader | undefined;
  /** Told once when a run's event line cannot be read back (the file was changed behind the endpoint's back). */
  log: (message: string) => void = () => undefined;
  /** Least recently read first. */
  private readonly cache = new Map<StoredRun, Facets>();
  private warned = false;

  /** The facets of `run`, merged from the event lines at `refs`. */
  read(run: StoredRun, refs: readonly number[]): Facets {
    const cached = this.cache.get(run);
    if (cached) {
      this.cache.delete(run);
      this.cache.set(run, cached);
      return cached;
    }
    const facets: Facets = {};
    for (let i = 0; i < refs.length; i += 2) {
      const line = this.reader?.(refs[i]!, refs[i + 1]!);
      let event: unknown;
      try {
        event = line === undefined ? undefined : JSON.parse(line);
      } catch {
        event = undefined;
      }
      const value = isObject(event) && isObject(event.run) && event.run.runId === run.id ? event.run : undefined;
      if (value) mergeFacets(facets, value.facets);
      else if (!this.warned) {
        this.warned = true;
        this.log(
          `The events file no longer holds an event of run ${run.id} at byte ${refs[i]}: its facets are shown without it (restart the endpoint to rebuild from the file).`,
        );
      }
    }
    this.cache.set(run, facets);
    if (this.cache.size > CACHED_RUNS) this.cache.delete(this.cache.keys().next().value!);
    return facets;
  }

  /** Drops what was read for `run` (an event changed it). */
  forget(run: StoredRun): void {
    this.cache.delete(run);
  }
}

/**
 * A run as a snapshot packs it (./snapshot-runs.ts): what {@link StoredRun} unpacks on first use, and what the next
 * snapshot copies without unpacking.
 */
export interface RunPack {
  /** The run's datasets, event places and held facets (undefined: read back). */
  unpack(row: number): {
    inputs: Map<string, RunDatasetRecord>;
    outputs: Map<string, RunDatasetRecord>;
    eventRefs: number[] | null;
    facets: Facets | undefined;
  };
}

/** The scalar fields a {@link StoredRun} starts with. */
export type RunInit = Pick<RunRecord, 'id' | 'job' | 'createdAt' | 'updatedAt' | 'state' | 'startedAt' | 'endedAt' | 'stateAt'>;

/**
 * A run of the model. Its facets are held, or read back from the events file (see the top of this file); a run
 * restored from a snapshot stays packed (`pack`, `row`) until its datasets, facets or event places are first used:
 * a start-up builds one small object per run, not its maps and records.
 */
export class StoredRun implements RunRecord {
  readonly id: string;
  job: JobRecord;
  createdAt: number;
  updatedAt: number;
  state: RunState;
  startedAt: number | null;
  endedAt: number | null;
  stateAt: number;
  /** Set while the run is packed. */
  pack: RunPack | undefined;
  row = 0;
  private ins: Map<string, RunDatasetRecord> | undefined;
  private outs: Map<string, RunDatasetRecord> | undefined;
  private refs: number[] | null = null;
  private held: Facets | undefined;

  constructor(
    private readonly source: RunFacetSource,
    init: RunInit,
    facets: Facets | undefined,
    eventRefs: number[] | null,
  ) {
    this.id = init.id;
    this.job = init.job;
    this.createdAt = init.createdAt;
    this.updatedAt = init.updatedAt;
    this.state = init.state;
    this.startedAt = init.startedAt;
    this.endedAt = init.endedAt;
    this.stateAt = init.stateAt;
    this.refs = eventRefs;
    this.held = facets ?? (eventRefs ? undefined : {});
  }

  /** A run packed in a snapshot's rows. */
  static packed(source: RunFacetSource, init: RunInit, pack: RunPack, row: number): StoredRun {
    const run = new StoredRun(source, init, undefined, null);
    run.pack = pack;
    run.row = row;
    return run;
  }

  private unpack(): void {
    const pack = this.pack!;
    this.pack = undefined;
    const { inputs, outputs, eventRefs, facets } = pack.unpack(this.row);
    this.ins = inputs;
    this.outs = outputs;
    this.refs = eventRefs;
    this.held = facets ?? (eventRefs ? undefined : {});
  }

  get inputs(): Map<string, RunDatasetRecord> {
    if (this.pack) this.unpack();
    return (this.ins ??= new Map());
  }

  get outputs(): Map<string, RunDatasetRecord> {
    if (this.pack) this.unpack();
    return (this.outs ??= new Map());
  }

  get eventRefs(): number[] | null {
    if (this.pack) this.unpack();
    return this.refs;
  }

  /** Whether the facets are read back from the events file rather than held. */
  get readBack(): boolean {
    if (this.pack) this.unpack();
    return this.held === undefined;
  }

  get facets(): Facets {
    if (this.pack) this.unpack();
    return this.held ?? this.source.read(this, this.refs!);
  }

  /**
   * Merges the run facets of an event applied to this run. With the event's place, a run read back only notes
   * it; without, the run holds its facets from now on.
   */
  addEvent(facets: unknown, place: { offset: number; length: number } | undefined): void {
    if (this.pack) this.unpack();
    if (this.held === undefined) {
      if (place) {
        this.refs!.push(place.offset, place.length);
        this.source.forget(this);
        return;
      }
      this.held = { ...this.source.read(this, this.refs!) };
      this.source.forget(this);
    }
    if (!place) this.refs = null;
    else this.refs?.push(place.offset, place.length);
    mergeFacets(this.held, facets);
  }
}
