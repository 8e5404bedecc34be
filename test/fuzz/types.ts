/**
 * The contract between the fuzz runner (`test/fuzz/run.ts`, `npm run fuzz`) and each fuzzed surface
 * (`test/fuzz/surfaces/<name>.ts`). The runner owns time, seeds, statistics and saving failures; a surface
 * owns how its inputs are made and how one input is run under its time and memory budget.
 *
 * Determinism: a surface must build input number `n` from the `rng` it is handed and nothing else (no
 * Date.now(), no Math.random()), so `--seed S` reproduces a whole run and a saved case replays alone.
 */

/** A seeded generator of numbers in [0, 1) (mulberry32, `scripts/prng.mjs`). */
export type Rng = () => number;

/** One generated input. Everything in it must survive JSON.stringify, because a failure is saved as JSON. */
export interface FuzzInput {
  /** What was made, for statistics: e.g. `spark-conf:byte-flip`, `http:deep-json`. */
  readonly kind: string;
  /** The surface's own description of the input (file name and text, request, ...), JSON-serialisable. */
  readonly payload: unknown;
}

/** What running one input showed. */
export type FuzzOutcome =
  | {
      readonly ok: true;
      /** Wall time per request type this input exercised, in ms (e.g. `{ validate: 3.1, hover: 0.4 }`). */
      readonly latencies: Readonly<Record<string, number>>;
    }
  | {
      readonly ok: false;
      /** `crash` (an exception or a dead process), `hang` (over the time budget), `memory` (over the memory
       *  budget), `error-answer` (e.g. a 500), `invariant` (an answer that breaks a stated property). */
      readonly failure: 'crash' | 'hang' | 'memory' | 'error-answer' | 'invariant';
      /** What went wrong, with enough detail to start debugging (message, stack, status, ...). */
      readonly detail: string;
      readonly latencies?: Readonly<Record<string, number>>;
    };

export interface FuzzSurface {
  readonly name: string;
  /** Starts whatever runs the inputs (a worker, a child process) once. */
  start(): Promise<void>;
  /** Makes the next input. */
  next(rng: Rng): FuzzInput;
  /** Runs one input under the surface's budgets. Never rejects: every problem is a failed outcome. After a
   *  failed outcome the surface must be ready for the next input again (restart what died). */
  run(input: FuzzInput): Promise<FuzzOutcome>;
  /** Peak resident memory, in MiB, of what ran the inputs so far (worker heap or child process RSS). */
  peakMemoryMb(): number;
  /** Stops everything started; must not leave processes behind. */
  stop(): Promise<void>;
}

/** A module under `test/fuzz/surfaces/` default-exports a factory of its surface. */
export type SurfaceFactory = () => FuzzSurface;
