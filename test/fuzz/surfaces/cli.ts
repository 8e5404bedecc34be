/**
 * Fuzz surface `cli`: `lineage-lens check` and `lineage-lens graph` (the built dist/cli.js) run as a user runs
 * them in CI, on a small project of mutated seed files (test/fuzz/mutate.ts) in a temporary folder, together
 * with what a hostile repository can hold besides text: a `.env` symlinked to /dev/zero, a FIFO named like a
 * Spark config, a directory named `airflow.cfg`, raw invalid UTF-8 bytes, names with newlines and odd Unicode,
 * deep folders. Paths are given as folders or named one by one.
 *
 * Outcomes: over 30 s is a `hang` (the process is killed); V8 running out of its 1 GiB heap, or a resident
 * size over 1.5 GiB, is `memory`; a signal, an exit code other than 0, 1 or 2, or an "internal error" is a
 * `crash`; `--format json` output that is not a JSON array of problems with valid ranges is an `invariant`,
 * and so is exit 2 when a readable file was there to check (for `check`: unless a `cli/cannot-check` or
 * `cli/nothing-checked` entry says which path could not be checked, or that nothing was found), and a `check`
 * exit 2 that says nothing of why.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { int, mutate, pick, readSeed, SEEDS } from '../mutate';
import type { FuzzInput, FuzzOutcome, FuzzSurface, SurfaceFactory } from '../types';

const ROOT = resolve(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const TIME_BUDGET_MS = 30_000;
const HEAP_MB = 1024;
const RSS_LIMIT_MB = 1536;

/** Something in the project folder: a text file, raw bytes, or a thing that is not a regular file. */
type Entry =
  | { readonly kind: 'text'; readonly path: string; readonly text: string }
  | { readonly kind: 'bytes'; readonly path: string; readonly base64: string }
  | { readonly kind: 'zero-link' | 'fifo' | 'dir'; readonly path: string };

interface Payload {
  readonly command: 'check' | 'graph';
  readonly format: 'text' | 'json';
  readonly flags: readonly string[];
  /** Paths to name on the command line, relative to the project; empty: the project folder itself. */
  readonly named: readonly string[];
  readonly entries: readonly Entry[];
}

const ODD_NAMES = [
  'spark-defaults.conf',
  'airflow.cfg',
  '.env',
  'openlineage.yml',
  'great_expectations.yml',
  'requirements.txt',
  'Dockerfile',
  'docker-compose.yml',
  'dags/x.py',
  'run.sh',
];
const ODD_PREFIXES = ['', 'a b/', 'ünï/', 'new\nline/', '\u202eevil/', '-dash/', '.hidden/', 'd/'.repeat(40)];

/** The path a seed's URI names, under the project folder (`file:///w/conf/x.conf` → `conf/x.conf`). */
function seedPath(uri: string): string {
  return uri.replace(/^file:\/\/\/w\//, '');
}

function makePayload(rng: () => number): { kind: string; payload: Payload } {
  const entries: Entry[] = [];
  const mutations: string[] = [];
  const files = 1 + int(rng, 4);
  for (let i = 0; i < files; i++) {
    const seed = pick(rng, SEEDS);
    let text = readSeed(seed);
    const rounds = 1 + int(rng, 2);
    for (let k = 0; k < rounds; k++) {
      const [next, name] = mutate(rng, text);
      text = next;
      mutations.push(name);
    }
    const prefix = rng() < 0.15 ? pick(rng, ODD_PREFIXES) : '';
    entries.push({ kind: 'text', path: prefix + seedPath(seed.uri), text });
  }
  const extra = int(rng, 8);
  if (extra === 0) {
    entries.push({ kind: 'zero-link', path: pick(rng, ['.env', 'spark-defaults.conf', 'requirements.txt']) });
    mutations.push('zero-link');
  } else if (extra === 1) {
    entries.push({ kind: 'fifo', path: pick(rng, ['spark-defaults.conf', 'conf/driver.conf', 'openlineage.yml']) });
    mutations.push('fifo');
  } else if (extra === 2) {
    entries.push({ kind: 'dir', path: pick(rng, ['airflow.cfg', 'Dockerfile', '.env']) });
    mutations.push('dir-named-like-a-file');
  } else if (extra === 3) {
    const bytes = Buffer.alloc(1 + int(rng, 4096));
    for (let i = 0; i < bytes.length; i++) bytes[i] = int(rng, 256);
    entries.push({ kind: 'bytes', path: pick(rng, ODD_NAMES), base64: bytes.toString('base64') });
    mutations.push('raw-bytes');
  }
  // Later entries win a path: keep one entry per path so the project is what the payload says.
  const unique = [...new Map(entries.map((e) => [e.path, e])).values()];
  const command = rng() < 0.75 ? 'check' : 'graph';
  const format = rng() < 0.6 ? 'json' : 'text';
  const flags = command === 'check' ? (rng() < 0.2 ? ['--quiet'] : []) : rng() < 0.3 ? ['--emitted-only'] : [];
  const named = rng() < 0.5 ? unique.filter(() => rng() < 0.7).map((e) => e.path) : [];
  return { kind: `${command}:${[...new Set(mutations)].sort().join('+')}`, payload: { command, format, flags, named, entries: unique } };
}

/** Writes the project; an entry this file system cannot hold (a name too long, say) is left out. */
function materialise(dir: string, entries: readonly Entry[]): void {
  for (const e of entries) {
    const path = join(dir, e.path);
    try {
      mkdirSync(dirname(path), { recursive: true });
      if (existsSync(path)) rmSync(path, { recursive: true, force: true });
      switch (e.kind) {
        case 'text':
          writeFileSync(path, e.text);
          break;
        case 'bytes':
          writeFileSync(path, Buffer.from(e.base64, 'base64'));
          break;
        case 'zero-link':
          symlinkSync('/dev/zero', path);
          break;
        case 'fifo':
          execFileSync('mkfifo', [path]);
          break;
        case 'dir':
          mkdirSync(path, { recursive: true });
          break;
      }
    } catch {
      // A name this file system refuses (too long, say): the input goes on without it.
    }
  }
}

function readRssKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

interface Problem {
  file?: unknown;
  range?: { start?: { line?: unknown; character?: unknown }; end?: { line?: unknown; character?: unknown } };
  code?: unknown;
  message?: unknown;
  severity?: unknown;
}

/** What is wrong with `check --format json` output, or undefined. */
function checkJsonProblems(stdout: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch (error) {
    return `--format json printed something that is not JSON (${(error as Error).message}): ${stdout.slice(0, 200)}`;
  }
  if (!Array.isArray(value)) return `--format json printed ${typeof value}, not an array of problems`;
  for (const p of value as Problem[]) {
    const r = p.range;
    const ok =
      typeof p.file === 'string' &&
      typeof p.code === 'string' &&
      typeof p.message === 'string' &&
      p.message.length > 0 &&
      ['error', 'warning', 'information', 'hint'].includes(p.severity as string) &&
      [r?.start?.line, r?.start?.character, r?.end?.line, r?.end?.character].every((n) => Number.isInteger(n) && (n as number) >= 0) &&
      ((r!.start!.line as number) < (r!.end!.line as number) ||
        ((r!.start!.line as number) === (r!.end!.line as number) && (r!.start!.character as number) <= (r!.end!.character as number)));
    if (!ok) return `a problem with a missing field or an invalid range: ${JSON.stringify(p).slice(0, 300)}`;
    if (p.code === 'internal-error' || /rule .* failed|failed while checking/i.test(p.message as string))
      return `a rule failed: ${JSON.stringify(p).slice(0, 300)}`;
  }
  return undefined;
}

function cliSurface(): FuzzSurface {
  let base = '';
  let peakKb = 0;
  let n = 0;
  return {
    name: 'cli',
    async start() {
      if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm run fuzz does).`);
      base = mkdtempSync(join(tmpdir(), 'lineage-lens-fuzz-cli-'));
    },
    next(rng) {
      return makePayload(rng);
    },
    async run(input: FuzzInput): Promise<FuzzOutcome> {
      const p = input.payload as Payload;
      const dir = join(base, `p${n++}`);
      mkdirSync(dir);
      try {
        materialise(dir, p.entries);
        const args = [
          `--max-old-space-size=${HEAP_MB}`,
          CLI,
          p.command,
          ...(p.named.length ? p.named.map((f) => `./${f}`) : ['.']),
          '--format',
          p.format,
          ...p.flags,
        ];
        const started = performance.now();
        const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on('data', (b: Buffer) => out.push(b));
        child.stderr.on('data', (b: Buffer) => err.push(b));
        let overMemory = false;
        let localPeakKb = 0;
        const poll = setInterval(() => {
          localPeakKb = Math.max(localPeakKb, readRssKb(child.pid!, 'VmHWM'));
          if (localPeakKb > RSS_LIMIT_MB * 1024) {
            overMemory = true;
            child.kill('SIGKILL');
          }
        }, 20);
        const timer = setTimeout(() => child.kill('SIGKILL'), TIME_BUDGET_MS);
        const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
          child.once('close', (c, s) => done([c, s])),
        );
        clearInterval(poll);
        clearTimeout(timer);
        const ms = performance.now() - started;
        peakKb = Math.max(peakKb, localPeakKb);
        const latencies = { [p.command]: ms };
        const stdout = Buffer.concat(out).toString('utf8');
        const stderr = Buffer.concat(err).toString('utf8');
        const tail = `\nexit ${code ?? signal}; stderr: ${stderr.slice(0, 1500)}`;
        if (overMemory) return { ok: false, failure: 'memory', detail: `resident size over ${RSS_LIMIT_MB} MiB${tail}`, latencies };
        if (/heap out of memory|Allocation failed/i.test(stderr))
          return { ok: false, failure: 'memory', detail: `V8 ran out of its ${HEAP_MB} MiB heap${tail}`, latencies };
        if (signal === 'SIGKILL' && ms >= TIME_BUDGET_MS)
          return { ok: false, failure: 'hang', detail: `no exit within ${TIME_BUDGET_MS / 1000} s${tail}`, latencies };
        if (signal || code === null || code > 2) return { ok: false, failure: 'crash', detail: `the CLI died${tail}`, latencies };
        if (/internal error|\n\s+at .+\(.+:\d+:\d+\)/.test(stderr))
          return { ok: false, failure: 'crash', detail: `an internal error${tail}`, latencies };
        const readable = p.entries.some((e) => e.kind === 'text' && (!p.named.length || p.named.includes(e.path)));
        // check exits 2 when a named path cannot be checked or nothing was checked, and says so in its output.
        const explained = p.command === 'check' && /cli\/(cannot-check|nothing-checked)/.test(stdout);
        if (code === 2 && !explained && readable && !/usage|unknown option/i.test(stderr)) {
          return { ok: false, failure: 'invariant', detail: `exit 2 although a readable file was there to check${tail}`, latencies };
        }
        if (code === 2 && p.command === 'check' && !explained && !/usage|unknown option/i.test(stderr))
          return {
            ok: false,
            failure: 'invariant',
            detail: `exit 2 without a cli/cannot-check or cli/nothing-checked entry saying why${tail}`,
            latencies,
          };
        if (p.format === 'json' && p.command === 'check') {
          const wrong = checkJsonProblems(stdout);
          if (wrong) return { ok: false, failure: 'invariant', detail: wrong + tail, latencies };
        }
        if (p.format === 'json' && p.command === 'graph' && code !== 2) {
          try {
            const graph = JSON.parse(stdout) as { graph?: unknown };
            if (!Array.isArray(graph.graph))
              return { ok: false, failure: 'invariant', detail: `graph --format json has no "graph" array${tail}`, latencies };
          } catch (error) {
            return {
              ok: false,
              failure: 'invariant',
              detail: `graph --format json printed something that is not JSON (${(error as Error).message})${tail}`,
              latencies,
            };
          }
        }
        return { ok: true, latencies };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    peakMemoryMb: () => peakKb / 1024,
    async stop() {
      if (base) rmSync(base, { recursive: true, force: true });
    },
  };
}

const factory: SurfaceFactory = cliSurface;
export default factory;
