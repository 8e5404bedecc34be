/**
 * The fuzz runner: drives one or more {@link FuzzSurface}s for a time budget, from one seed, and keeps what a
 * user of `npm run fuzz` needs: inputs tried per surface and kind, failures (each saved as a JSON case that
 * `--replay` runs again alone), the worst latency per request type, and peak memory.
 *
 * Input `n` of a surface is made from its own generator, seeded from (seed, surface, n), so a run is the same
 * inputs in the same order on every machine, whatever the time budget cuts it at.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FuzzInput, FuzzOutcome, FuzzSurface } from './types';

export interface SurfaceReport {
  readonly surface: string;
  inputs: number;
  /** Inputs per kind. */
  readonly kinds: Record<string, number>;
  failures: number;
  /** Worst and 99th-percentile latency per request type, in ms. */
  readonly latency: Record<string, { count: number; worst: number; p99: number }>;
  peakMemoryMb: number;
  seconds: number;
  /** Paths of the saved failure cases. */
  readonly saved: string[];
  /** What the surface's end-of-run check (its `stop()`) found wrong, if anything. */
  stopFailure?: string;
}

export interface FuzzRunOptions {
  readonly surfaces: readonly FuzzSurface[];
  /** Total time budget, shared evenly by the surfaces, in seconds. */
  readonly seconds: number;
  readonly seed: number;
  /** Where failure cases are written. */
  readonly outDir: string;
  /** Stop a surface after this many inputs (tests); default unbounded. */
  readonly maxInputs?: number;
  readonly log?: (line: string) => void;
  /** The clock, injectable for tests. */
  readonly now?: () => number;
  /** Aborted: no new input is started; the surface under way stops as usual and the report is complete. */
  readonly signal?: AbortSignal;
}

/** A saved failure: everything needed to run the input again. */
export interface FuzzCase {
  readonly surface: string;
  readonly seed: number;
  readonly index: number;
  readonly input: FuzzInput;
  readonly outcome: FuzzOutcome;
}

/** A 32-bit seed for input `index` of `surface` (FNV-1a over the three). */
export function inputSeed(seed: number, surface: string, index: number): number {
  let h = 0x811c9dc5;
  const mix = (byte: number) => {
    h ^= byte & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (const n of [seed >>> 0, index >>> 0]) for (let i = 0; i < 4; i++) mix(n >>> (8 * i));
  for (let i = 0; i < surface.length; i++) mix(surface.charCodeAt(i));
  return h;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs every surface for its share of the time; never throws for a failing input (it is recorded). */
export async function runFuzz(options: FuzzRunOptions): Promise<SurfaceReport[]> {
  const now = options.now ?? (() => performance.now());
  const log = options.log ?? (() => undefined);
  const share = (options.seconds * 1000) / Math.max(1, options.surfaces.length);
  // scripts/prng.mjs is an ES module; this file is compiled as CommonJS.
  const { mulberry32 } = await import('../../scripts/prng.mjs');
  const reports: SurfaceReport[] = [];
  for (const surface of options.surfaces) {
    if (options.signal?.aborted) break;
    const report: SurfaceReport = {
      surface: surface.name,
      inputs: 0,
      kinds: {},
      failures: 0,
      latency: {},
      peakMemoryMb: 0,
      seconds: 0,
      saved: [],
    };
    const samples: Record<string, number[]> = {};
    const started = now();
    await surface.start();
    try {
      for (
        let index = 0;
        now() - started < share && (options.maxInputs === undefined || index < options.maxInputs) && !options.signal?.aborted;
        index++
      ) {
        const input = surface.next(mulberry32(inputSeed(options.seed, surface.name, index)));
        const outcome = await surface.run(input);
        report.inputs++;
        report.kinds[input.kind] = (report.kinds[input.kind] ?? 0) + 1;
        for (const [type, ms] of Object.entries(outcome.latencies ?? {})) (samples[type] ??= []).push(ms);
        if (!outcome.ok) {
          report.failures++;
          const path = saveCase(options.outDir, { surface: surface.name, seed: options.seed, index, input, outcome });
          report.saved.push(path);
          log(
            `${surface.name} #${index} (${input.kind}): ${outcome.failure}: ${outcome.detail.split('\n')[0]!.slice(0, 300)}\n  saved as ${path}`,
          );
        }
      }
    } finally {
      report.peakMemoryMb = surface.peakMemoryMb();
      try {
        await surface.stop();
      } catch (error) {
        // A surface may check at the end what only a whole run shows (e.g. that a restart replays every
        // acknowledged event): that is a failure of the run, not of one input.
        report.failures++;
        report.stopFailure = (error as Error).stack ?? String(error);
        log(`${surface.name}: the end-of-run check failed: ${report.stopFailure.split('\n')[0]}`);
      }
    }
    report.seconds = (now() - started) / 1000;
    for (const [type, values] of Object.entries(samples)) {
      values.sort((a, b) => a - b);
      report.latency[type] = { count: values.length, worst: values[values.length - 1]!, p99: percentile(values, 99) };
    }
    reports.push(report);
  }
  return reports;
}

function saveCase(dir: string, fuzzCase: FuzzCase): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${fuzzCase.surface}-seed${fuzzCase.seed}-${fuzzCase.index}.json`);
  writeFileSync(path, `${JSON.stringify(fuzzCase, null, 1)}\n`);
  return path;
}

/** Reads a saved case. */
export function loadCase(path: string): FuzzCase {
  const value = JSON.parse(readFileSync(path, 'utf8')) as FuzzCase;
  if (typeof value?.surface !== 'string' || typeof value.input?.kind !== 'string') {
    throw new Error(`${path} is not a saved fuzz case (it needs "surface" and "input").`);
  }
  return value;
}

/** Runs one saved case again on its surface; the outcome now. */
export async function replayCase(surface: FuzzSurface, fuzzCase: FuzzCase): Promise<FuzzOutcome> {
  await surface.start();
  try {
    return await surface.run(fuzzCase.input);
  } finally {
    await surface.stop();
  }
}

/** The reports as the table `npm run fuzz` prints. */
export function formatReports(reports: readonly SurfaceReport[], seed: number): string {
  const lines: string[] = [`seed ${seed}`];
  for (const r of reports) {
    lines.push(
      '',
      `${r.surface}: ${r.inputs} inputs in ${r.seconds.toFixed(1)} s, ${r.failures} failure${r.failures === 1 ? '' : 's'}, peak memory ${r.peakMemoryMb.toFixed(0)} MiB`,
    );
    // Kinds are `target:mutation+mutation`: counted per target and per mutation, or the line never ends.
    const targets: Record<string, number> = {};
    const mutations: Record<string, number> = {};
    for (const [kind, n] of Object.entries(r.kinds)) {
      const colon = kind.indexOf(':');
      const target = colon === -1 ? kind : kind.slice(0, colon);
      targets[target] = (targets[target] ?? 0) + n;
      if (colon !== -1) for (const m of kind.slice(colon + 1).split('+')) mutations[m] = (mutations[m] ?? 0) + n;
    }
    const list = (counts: Record<string, number>) =>
      Object.entries(counts)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
    lines.push(`  inputs by target (${Object.keys(targets).length}): ${list(targets)}`);
    if (Object.keys(mutations).length) lines.push(`  by mutation (${Object.keys(mutations).length}): ${list(mutations)}`);
    for (const [type, l] of Object.entries(r.latency).sort()) {
      lines.push(
        `  ${type.padEnd(18)} ${String(l.count).padStart(7)} requests  p99 ${l.p99.toFixed(1).padStart(8)} ms  worst ${l.worst.toFixed(1).padStart(8)} ms`,
      );
    }
    for (const path of r.saved) lines.push(`  failure saved: ${path}`);
    if (r.stopFailure) lines.push(`  end-of-run check failed: ${r.stopFailure}`);
  }
  return lines.join('\n');
}
