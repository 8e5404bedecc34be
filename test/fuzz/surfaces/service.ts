/**
 * Fuzz surface `service`: the pure language service, as the language server runs it (with Python support),
 * in a worker thread with a heap limit. Inputs are seed files of every family the service recognises,
 * mutated (byte flips, truncation, duplicated and shuffled lines, unbalanced quotes and brackets, deep nesting,
 * long lines, every Unicode whitespace and line separator, BOM, NUL, invalid UTF-8 decoded with U+FFFD, CRLF
 * and CR), plus requests at random offsets (hover, completion, definition, references, code actions from the
 * diagnostics' data).
 *
 * Outcomes: an exception out of the service, or a diagnostic that says a family or rule failed, is a `crash`;
 * over 10 s for the input and all its requests is a `hang` (the worker is terminated and restarted); the
 * worker dying with ERR_WORKER_OUT_OF_MEMORY is `memory`; a range outside the document is an `invariant`.
 *
 * This one file is both sides: imported normally it is the surface; run as the worker (workerData.role), it
 * serves requests.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, DEFAULT_SETTINGS } from '../../../server/src/service';
import { createPythonParser } from '../../../server/src/service/python/parser';
import { parsePythonSpark } from '../../../server/src/service/spark/parsers/python-spark';
import type { FuzzInput, FuzzOutcome, FuzzSurface, Rng, SurfaceFactory } from '../types';

const ROOT = typeof __dirname === 'string' ? resolve(__dirname, '..', '..', '..') : process.cwd();
const SELF = typeof __filename === 'string' ? __filename : join(ROOT, 'test', 'fuzz', 'surfaces', 'service.ts');
const TIME_BUDGET_MS = 10_000;
const HEAP_LIMIT_MB = 1024;
/** Inputs are cut here: a little over the service's 2,000,000-character budget, so that path is fuzzed too. */
const MAX_INPUT_CHARS = 2_500_000;

type RequestType = 'hover' | 'completion' | 'definition' | 'references' | 'codeAction';

interface Payload {
  readonly uri: string;
  readonly languageId: string;
  readonly text: string;
  readonly requests: readonly { type: RequestType; offset: number }[];
}

/** What the worker answers for one input. */
interface WorkerAnswer {
  readonly id: number;
  readonly failure?: 'crash' | 'invariant';
  readonly detail?: string;
  readonly latencies: Record<string, number>;
  /** The worker's V8 heap in use after the input, in MiB (its isolate only, not the process). */
  readonly heapMb: number;
}

// ---------------------------------------------------------------------------------------------------------
// Seeds: one or more files per family, from the repository's own fixtures and test/fuzz/seeds/service/.

interface Seed {
  readonly family: string;
  /** The URI the mutated text is opened as (its name decides what the service thinks it is). */
  readonly uri: string;
  readonly languageId: string;
  readonly path: string;
}

const SEEDS: readonly Seed[] = [
  { family: 'spark-conf', uri: 'file:///w/conf/spark-defaults.conf', languageId: 'spark-conf', path: 'test/fixtures/workspace/spark-defaults.conf' },
  { family: 'spark-submit', uri: 'file:///w/submit.sh', languageId: 'shellscript', path: 'test/fuzz/seeds/service/submit.sh' },
  { family: 'pyspark', uri: 'file:///w/jobs/job.py', languageId: 'python', path: 'test/fuzz/seeds/service/job.py' },
  { family: 'databricks-init', uri: 'file:///w/databricks/open-lineage-init-script.sh', languageId: 'shellscript', path: 'test/fixtures/setup/databricks-init-script/partial/after/databricks/open-lineage-init-script.sh' },
  { family: 'databricks-conf', uri: 'file:///w/databricks/cluster-spark-conf.conf', languageId: 'plaintext', path: 'test/fixtures/setup/databricks-init-script/partial/after/databricks/cluster-spark-conf.conf' },
  { family: 'driver-conf', uri: 'file:///w/databricks/driver.conf', languageId: 'plaintext', path: 'test/fuzz/seeds/service/driver-conf.conf' },
  { family: 'airflow-cfg', uri: 'file:///w/airflow.cfg', languageId: 'ini', path: 'test/fixtures/workspace/airflow/airflow.cfg' },
  { family: 'env', uri: 'file:///w/.env', languageId: 'dotenv', path: 'examples/astro-project/.env' },
  { family: 'dockerfile', uri: 'file:///w/Dockerfile', languageId: 'dockerfile', path: 'test/fixtures/setup/airflow-provider-astro/apikey/after/Dockerfile' },
  { family: 'compose', uri: 'file:///w/docker-compose.yml', languageId: 'yaml', path: 'test/fuzz/seeds/service/docker-compose.yml' },
  { family: 'requirements', uri: 'file:///w/requirements.txt', languageId: 'pip-requirements', path: 'test/fixtures/setup/airflow-provider-astro/partial/after/requirements.txt' },
  { family: 'pyproject', uri: 'file:///w/pyproject.toml', languageId: 'toml', path: 'test/fuzz/seeds/service/pyproject.toml' },
  { family: 'openlineage-yml', uri: 'file:///w/openlineage.yml', languageId: 'yaml', path: 'test/fixtures/workspace/openlineage/openlineage.yml' },
  { family: 'gx-config', uri: 'file:///w/great_expectations/great_expectations.yml', languageId: 'yaml', path: 'test/fixtures/workspace/great_expectations/great_expectations.yml' },
  { family: 'gx-checkpoint', uri: 'file:///w/great_expectations/checkpoints/orders.yml', languageId: 'yaml', path: 'test/fixtures/workspace/great_expectations/checkpoints/broken_checkpoint.yml' },
  { family: 'dbt-ol', uri: 'file:///w/scripts/run-dbt.sh', languageId: 'shellscript', path: 'test/fuzz/seeds/service/run-dbt.sh' },
  { family: 'dbt-dag', uri: 'file:///w/dags/dbt_dag.py', languageId: 'python', path: 'test/fuzz/seeds/service/dbt_dag.py' },
  { family: 'dag', uri: 'file:///w/dags/orders_lineage.py', languageId: 'python', path: 'test/fixtures/workspace/dags/orders_lineage.py' },
  { family: 'dag-pipeline', uri: 'file:///w/dags/orders_pipeline.py', languageId: 'python', path: 'test/fixtures/workspace/dags/orders_pipeline.py' },
  { family: 'openmetadata', uri: 'file:///w/openmetadata/airflow.cfg', languageId: 'ini', path: 'test/fixtures/workspace/openmetadata/airflow.cfg' },
];

const SPACES = ['\u00a0', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\f', '\v', '\ufeff', '\0', '\r', '\r\n', '\t'];
const BRACKETS = ['(', ')', '[', ']', '{', '}', '"', "'", '"""', '`', '${', '{{', '}}', '\\', '#', ':', '=', ',', '- ', '<<EOF', '$('];

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const int = (rng: Rng, n: number): number => Math.floor(rng() * n);

/** One mutation of `text`; returns the new text and the mutation's name. */
function mutate(rng: Rng, text: string): [string, string] {
  const lines = text.split('\n');
  const at = int(rng, text.length + 1);
  switch (int(rng, 14)) {
    case 0: {
      // Byte flips, decoded as an editor decodes invalid UTF-8 (U+FFFD).
      const bytes = Buffer.from(text, 'utf8');
      for (let k = 1 + int(rng, 8); k > 0 && bytes.length; k--) bytes[int(rng, bytes.length)]! ^= 1 << int(rng, 8);
      return [new TextDecoder('utf-8').decode(bytes), 'byte-flip'];
    }
    case 1:
      return [text.slice(0, at), 'truncate'];
    case 2: {
      const i = int(rng, lines.length);
      const copies = Math.max(1, Math.min(1 + int(rng, rng() < 0.2 ? 2000 : 5), Math.floor(MAX_INPUT_CHARS / ((lines[i]?.length ?? 0) + 1))));
      return [[...lines.slice(0, i), ...Array<string>(copies).fill(lines[i] ?? ''), ...lines.slice(i)].join('\n'), 'duplicate-lines'];
    }
    case 3: {
      const shuffled = [...lines];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = int(rng, i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      return [shuffled.join('\n'), 'shuffle-lines'];
    }
    case 4: {
      let t = text;
      for (let k = 1 + int(rng, 6); k > 0; k--) {
        const p = int(rng, t.length + 1);
        t = t.slice(0, p) + pick(rng, BRACKETS) + t.slice(p);
      }
      return [t, 'unbalanced'];
    }
    case 5: {
      const depth = 50 + int(rng, 3000);
      const [open, close] = pick(rng, [['(', ')'], ['[', ']'], ['{', '}'], ['{"a": ', '}'], ['- ', ''], ['  ', '']] as const);
      const nest = open.repeat(depth) + (rng() < 0.5 ? close.repeat(depth) : '');
      return [text.slice(0, at) + nest + text.slice(at), 'deep-nesting'];
    }
    case 6: {
      const unit = pick(rng, [' ', 'a', '\\', ',', '/', '#', '{', '$', ' ,', '"', 'spark.', '\t', '=', '.']);
      const n = pick(rng, [1000, 20_000, 99_000, 150_000]);
      return [text.slice(0, at) + unit.repeat(n) + text.slice(at), 'long-line'];
    }
    case 7: {
      // Every kind of whitespace and line separator, in place of ordinary ones or sprinkled in.
      const ws = pick(rng, SPACES);
      if (rng() < 0.5) return [text.replace(rng() < 0.5 ? / /g : /\n/g, () => (rng() < 0.3 ? ws : rng() < 0.5 ? ' ' : '\n')), 'unicode-space-replace'];
      let t = text;
      for (let k = 1 + int(rng, 20); k > 0; k--) {
        const p = int(rng, t.length + 1);
        t = t.slice(0, p) + ws + t.slice(p);
      }
      return [t, 'unicode-space-insert'];
    }
    case 8:
      return [`\ufeff${text}`, 'bom'];
    case 9:
      return [text.replace(/\r?\n/g, pick(rng, ['\r\n', '\r', '\u2028', '\n\r'])), 'line-ends'];
    case 10: {
      const run = pick(rng, [' ', '\n', '\r\n', '\t', '\u00a0']).repeat(pick(rng, [5000, 50_000, 200_000]));
      return [text.slice(0, at) + run + text.slice(at), 'blank-run'];
    }
    case 11: {
      const other = readSeed(pick(rng, SEEDS));
      return [text.slice(0, at) + other.slice(int(rng, other.length)) , 'splice'];
    }
    case 12:
      return [text.slice(0, at) + '\0'.repeat(1 + int(rng, 10)) + text.slice(at), 'nul'];
    default: {
      // A random line duplicated with one character changed (typos of keys: "did you mean").
      const i = int(rng, lines.length);
      const line = lines[i] ?? '';
      const p = int(rng, line.length + 1);
      const typo = line.slice(0, p) + pick(rng, ['x', '', '_', '.', 'Q']) + line.slice(p + 1);
      return [[...lines.slice(0, i + 1), ...Array<string>(Math.max(1, Math.min(1 + int(rng, rng() < 0.2 ? 3000 : 3), Math.floor(MAX_INPUT_CHARS / (typo.length + 1))))).fill(typo), ...lines.slice(i + 1)].join('\n'), 'typos'];
    }
  }
}

const seedTexts = new Map<string, string>();
function readSeed(seed: Seed): string {
  let text = seedTexts.get(seed.path);
  if (text === undefined) seedTexts.set(seed.path, (text = readFileSync(join(ROOT, seed.path), 'utf8')));
  return text;
}

// ---------------------------------------------------------------------------------------------------------
// The surface (main thread).

function serviceSurface(): FuzzSurface {
  let worker: Worker | undefined;
  let nextId = 0;
  let peakMb = 0;
  let pending: { id: number; settle: (a: WorkerAnswer | { exit: string }) => void } | undefined;

  const launch = async (): Promise<void> => {
    // The worker runs this same file through tsx (its CommonJS hook: a Worker takes no .ts file directly).
    const w = new Worker(`require('tsx/cjs'); require(${JSON.stringify(SELF)});`, {
      eval: true,
      workerData: { role: 'lineage-lens-service-worker', root: ROOT },
      resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB },
      stdout: true,
      stderr: true,
    });
    w.stdout.resume();
    w.stderr.resume();
    w.on('message', (m: WorkerAnswer | { ready: true }) => {
      if ('ready' in m) return;
      if (pending && m.id === pending.id) pending.settle(m);
    });
    const died = (why: string) => {
      if (worker === w) worker = undefined;
      pending?.settle({ exit: why });
    };
    w.on('error', (e: Error & { code?: string }) => died(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : `error: ${e.stack ?? e.message}`));
    w.on('exit', (code) => died(`exit ${code}`));
    await new Promise<void>((ok, fail) => {
      const onMessage = (m: { ready?: true }) => {
        if (m.ready) {
          w.off('message', onMessage);
          ok();
        }
      };
      w.on('message', onMessage);
      w.once('error', fail);
    });
    worker = w;
  };

  return {
    name: 'service',

    start: launch,

    next(rng) {
      const seed = pick(rng, SEEDS);
      let text = readSeed(seed);
      const names: string[] = [];
      for (let k = 1 + int(rng, 3); k > 0; k--) {
        const [t, name] = mutate(rng, text);
        // Stacked mutations can multiply a long line by thousands: keep inputs just over the service's budget.
        text = t.length > MAX_INPUT_CHARS ? t.slice(0, MAX_INPUT_CHARS) : t;
        names.push(name);
      }
      const types: RequestType[] = ['hover', 'completion', 'definition', 'references', 'codeAction'];
      const requests = Array.from({ length: 1 + int(rng, 6) }, () => ({ type: pick(rng, types), offset: int(rng, text.length + 1) }));
      const payload: Payload = { uri: seed.uri, languageId: seed.languageId, text, requests };
      return { kind: `${seed.family}:${names.join('+')}`, payload };
    },

    async run(input: FuzzInput): Promise<FuzzOutcome> {
      if (!worker) await launch();
      const w = worker!;
      const id = ++nextId;
      const started = Date.now();
      const answer = await new Promise<WorkerAnswer | { exit: string } | 'timeout'>((settle) => {
        const timer = setTimeout(() => settle('timeout'), TIME_BUDGET_MS);
        pending = {
          id,
          settle: (a) => {
            clearTimeout(timer);
            settle(a);
          },
        };
        w.postMessage({ id, payload: input.payload });
      });
      pending = undefined;
      if (answer === 'timeout') {
        worker = undefined;
        await w.terminate();
        return { ok: false, failure: 'hang', detail: `no answer within ${TIME_BUDGET_MS} ms (worker terminated and restarted)` };
      }
      if ('exit' in answer) {
        worker = undefined;
        await w.terminate().catch(() => undefined);
        if (answer.exit === 'memory') return { ok: false, failure: 'memory', detail: `the worker ran out of its ${HEAP_LIMIT_MB} MB heap after ${Date.now() - started} ms (ERR_WORKER_OUT_OF_MEMORY)` };
        return { ok: false, failure: 'crash', detail: `the worker died: ${answer.exit}` };
      }
      peakMb = Math.max(peakMb, answer.heapMb);
      if (answer.failure) return { ok: false, failure: answer.failure, detail: answer.detail ?? '', latencies: answer.latencies };
      return { ok: true, latencies: answer.latencies };
    },

    /** The largest V8 heap (used) the worker reported after an input: its isolate only, not the process RSS. */
    peakMemoryMb: () => peakMb,

    async stop() {
      const w = worker;
      worker = undefined;
      await w?.terminate();
    },
  };
}

const factory: SurfaceFactory = serviceSurface;
export default factory;

// ---------------------------------------------------------------------------------------------------------
// The worker.

if (!isMainThread && (workerData as { role?: string } | undefined)?.role === 'lineage-lens-service-worker') void runWorker();

async function runWorker(): Promise<void> {
  const root = (workerData as { root: string }).root;
  const parser = await createPythonParser({
    runtimeWasm: readFileSync(join(root, 'node_modules/web-tree-sitter/web-tree-sitter.wasm')),
    grammarWasm: readFileSync(join(root, 'node_modules/tree-sitter-python/tree-sitter-python.wasm')),
  });
  const service = createLanguageService({ python: (text) => parsePythonSpark(parser.parse(text), text), pythonTree: (text) => parser.parse(text) });
  let version = 0;

  parentPort!.on('message', ({ id, payload }: { id: number; payload: Payload }) => {
    const latencies: Record<string, number> = {};
    const timed = <T>(type: string, f: () => T): T => {
      const t0 = performance.now();
      try {
        return f();
      } finally {
        latencies[type] = (latencies[type] ?? 0) + performance.now() - t0;
      }
    };
    const answer = (failure?: 'crash' | 'invariant', detail?: string) =>
      parentPort!.postMessage({ id, latencies, heapMb: getHeapStatistics().used_heap_size / 2 ** 20, ...(failure ? { failure, detail } : {}) } satisfies WorkerAnswer);
    try {
      const doc = TextDocument.create(payload.uri, payload.languageId, ++version, payload.text);
      const lines = doc.getText().split(/\r\n|\r|\n/);
      const badRange = (r: { start: { line: number; character: number }; end: { line: number; character: number } }): boolean => {
        const ok = (p: { line: number; character: number }) => Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line]!.length;
        return !ok(r.start) || !ok(r.end) || r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character);
      };
      const diagnostics = timed('validate', () => service.validate(doc, DEFAULT_SETTINGS));
      for (const d of diagnostics) {
        const message = typeof d.message === 'string' ? d.message : d.message.value;
        // The service turns a family's or rule's exception into a diagnostic; for the fuzzer it is a crash.
        if (String(d.code).endsWith('/internal-error') || /failed on this file|checking this file for .* failed/.test(message)) return answer('crash', `${String(d.code)}: ${message}`);
        if (badRange(d.range)) return answer('invariant', `diagnostic ${String(d.code)} has range ${JSON.stringify(d.range)} outside the document (${lines.length} lines)`);
        for (const fix of (d.data as { fixes?: { edits: { range: typeof d.range }[] }[] } | undefined)?.fixes ?? []) {
          for (const e of fix.edits) if (badRange(e.range)) return answer('invariant', `a fix of ${String(d.code)} edits ${JSON.stringify(e.range)}, outside the document`);
        }
      }
      for (const r of payload.requests) {
        switch (r.type) {
          case 'hover': {
            const h = timed('hover', () => service.hover(doc, r.offset));
            if (h?.range && badRange(h.range)) return answer('invariant', `hover at ${r.offset} has range ${JSON.stringify(h.range)}`);
            break;
          }
          case 'completion':
            for (const item of timed('completion', () => service.complete(doc, r.offset))) {
              const edit = item.textEdit;
              const ranges = edit ? ('range' in edit ? [edit.range] : [edit.insert, edit.replace]) : [];
              for (const range of ranges) if (badRange(range)) return answer('invariant', `completion ${item.label} at ${r.offset} edits ${JSON.stringify(range)}`);
            }
            break;
          case 'definition':
            for (const l of timed('definition', () => service.definition(doc, r.offset))) if (l.uri === doc.uri && badRange(l.range)) return answer('invariant', `definition at ${r.offset}: ${JSON.stringify(l.range)}`);
            break;
          case 'references':
            for (const l of timed('references', () => service.references(doc, r.offset, { includeDeclaration: true }))) if (l.uri === doc.uri && badRange(l.range)) return answer('invariant', `reference at ${r.offset}: ${JSON.stringify(l.range)}`);
            break;
          case 'codeAction':
            timed('codeAction', () => service.codeActions(doc, diagnostics));
            break;
        }
      }
      answer();
    } catch (e) {
      answer('crash', (e as Error).stack ?? String(e));
    }
  });
  parentPort!.postMessage({ ready: true });
}
