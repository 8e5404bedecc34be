/**
 * `npm run fuzz -- [--seconds N] [--seed S] [--surface a,b] [--out DIR] [--report FILE] [--replay CASE.json]`
 *
 * Fuzzes the surfaces under test/fuzz/surfaces/ (the language service, the CLI, the local endpoint's HTTP
 * surface) for N seconds in all (default 60), from seed S (default: a new one, printed, so a run can be
 * repeated). Every failure is saved under DIR (default .fuzz/failures) as a case that `--replay` runs again.
 * Exit code 0 when nothing failed, 1 when something did, 2 on usage errors.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatReports, loadCase, replayCase, runFuzz } from './runner';
import type { FuzzSurface, SurfaceFactory } from './types';

const USAGE = `Usage: npm run fuzz -- [--seconds N] [--seed S] [--surface NAME[,NAME]] [--out DIR] [--report FILE]
       npm run fuzz -- --replay CASE.json`;

async function loadSurfaces(): Promise<Map<string, SurfaceFactory>> {
  const dir = join(__dirname, 'surfaces');
  const factories = new Map<string, SurfaceFactory>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as { default?: SurfaceFactory };
    if (typeof module.default !== 'function') continue;
    factories.set(file.replace(/\.ts$/, ''), module.default);
  }
  return factories;
}

function parseArgs(argv: readonly string[]): Record<string, string> | string {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(seconds|seed|surface|out|report|replay)(?:=(.*))?$/.exec(argv[i]!);
    if (!m) return `unknown argument "${argv[i]}".`;
    const value = m[2] ?? argv[++i];
    if (value === undefined) return `--${m[1]} needs a value.`;
    args[m[1]!] = value;
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    process.stderr.write(`fuzz: ${args}\n${USAGE}\n`);
    return 2;
  }
  const factories = await loadSurfaces();
  const make = (name: string): FuzzSurface | undefined => factories.get(name)?.();

  if (args.replay) {
    const fuzzCase = loadCase(args.replay);
    const surface = make(fuzzCase.surface);
    if (!surface) {
      process.stderr.write(`fuzz: no surface "${fuzzCase.surface}" (have: ${[...factories.keys()].join(', ')}).\n`);
      return 2;
    }
    const outcome = await replayCase(surface, fuzzCase);
    process.stdout.write(
      `${fuzzCase.surface} #${fuzzCase.index} (${fuzzCase.input.kind}): ${outcome.ok ? 'passes now' : `${outcome.failure}: ${outcome.detail}`}\n`,
    );
    return outcome.ok ? 0 : 1;
  }

  const seconds = Number(args.seconds ?? 60);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    process.stderr.write(`fuzz: --seconds must be a positive number, not "${args.seconds}".\n`);
    return 2;
  }
  const seed = args.seed !== undefined ? Number(args.seed) >>> 0 : (Date.now() ^ process.pid) >>> 0;
  const names = args.surface ? args.surface.split(',') : [...factories.keys()];
  const surfaces: FuzzSurface[] = [];
  for (const name of names) {
    const surface = make(name);
    if (!surface) {
      process.stderr.write(`fuzz: no surface "${name}" (have: ${[...factories.keys()].join(', ')}).\n`);
      return 2;
    }
    surfaces.push(surface);
  }
  // Interrupted (Ctrl+C, a CI timeout): finish the input under way, stop the surfaces as usual (no worker or
  // child process outlives the run) and print the report; a second signal exits at once.
  const interrupt = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupt.signal.aborted) process.exit(130);
      process.stdout.write(`\n${signal}: finishing the input under way, then stopping\n`);
      interrupt.abort();
    });
  }
  const outDir = resolve(args.out ?? '.fuzz/failures');
  process.stdout.write(`Fuzzing ${names.join(', ')} for ${seconds} s from seed ${seed}; failures go to ${outDir}\n`);
  const reports = await runFuzz({
    surfaces,
    seconds,
    seed,
    outDir,
    signal: interrupt.signal,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(`${formatReports(reports, seed)}\n`);
  if (args.report) writeFileSync(args.report, `${JSON.stringify({ seed, seconds, reports }, null, 2)}\n`);
  const failures = reports.reduce((n, r) => n + r.failures, 0);
  if (failures) process.stdout.write(`\n${failures} failure(s). Run one again with: npm run fuzz -- --replay <case.json>\n`);
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`fuzz: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
