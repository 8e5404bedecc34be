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
 * worker dying with ERR_WORKER_OUT_OF_MEMORY is `memory`; a range outside the document, or a hover or completion
 * documentation linking anywhere but our own https:// docs (a link target taken from the document), is an `invariant`.
 *
 * This one file is both sides: imported normally it is the surface; run as the worker (workerData.role), it
 * serves requests.
 */
import { join, resolve } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, DEFAULT_SETTINGS, EMPTY_PROJECT, LineageIndex } from '../../../server/src/service';
import { loadSqlLineage } from '../../../server/src/node/sql';
import { WorkspacePredictor } from '../../../server/src/service/predict';
import { WorkspaceFiles } from '../../../server/src/service/predict/files';
import { jvmSpark } from '../../../server/src/node/jvm';
import { loadPythonSpark } from '../../../server/src/node/python';
import { foreignLinks } from '../../support/markdown-links';
import { int, MAX_INPUT_CHARS, mutate, pick, readSeed, SEEDS } from '../mutate';
import type { FuzzInput, FuzzOutcome, FuzzSurface, SurfaceFactory } from '../types';

const ROOT = typeof __dirname === 'string' ? resolve(__dirname, '..', '..', '..') : process.cwd();
const SELF = typeof __filename === 'string' ? __filename : join(ROOT, 'test', 'fuzz', 'surfaces', 'service.ts');
const TIME_BUDGET_MS = 10_000;
const HEAP_LIMIT_MB = 1024;

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
      // A worker's stack is 4 MB by default; the language server and the CLI run on a main thread's ~1 MB, so
      // recursion that overflows there must overflow here too.
      resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB, stackSizeMb: 1 },
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
    w.on('error', (e: Error & { code?: string }) =>
      died(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : `error: ${e.stack ?? e.message}`),
    );
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
        if (answer.exit === 'memory')
          return {
            ok: false,
            failure: 'memory',
            detail: `the worker ran out of its ${HEAP_LIMIT_MB} MB heap after ${Date.now() - started} ms (ERR_WORKER_OUT_OF_MEMORY)`,
          };
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
// Markdown links in hovers and completion documentation: only our own https:// documentation links may be
// there. Document text is quoted in code spans or escaped (common/markdown.ts), so a link
// planted in a key, value or name (the `markdown-link` mutation) must never come out as one.

/** The Markdown (or plain text) of a hover's contents or a completion item's documentation. */
function markdownOf(contents: unknown): string {
  if (typeof contents === 'string') return contents;
  if (Array.isArray(contents)) return contents.map(markdownOf).join('\n\n');
  const c = contents as { kind?: string; value?: string; language?: string };
  // Plain text and code blocks are not rendered as Markdown: nothing in them is a link.
  return c.kind === 'markdown' && typeof c.value === 'string' ? c.value : '';
}

// ---------------------------------------------------------------------------------------------------------
// The worker.

if (!isMainThread && (workerData as { role?: string } | undefined)?.role === 'lineage-lens-service-worker') void runWorker();

async function runWorker(): Promise<void> {
  const root = (workerData as { root: string }).root;
  // The server's loader; without a version each text is parsed afresh, as before.
  const python = await loadPythonSpark(root);
  // Both JVM grammars, loaded up front: the Scala and Java seeds are mutated from the first input.
  const jvm = jvmSpark(root);
  await Promise.all([jvm.load('scala'), jvm.load('java')]);
  const service = createLanguageService({
    python: (text, uri) => python.parse(text, uri),
    pythonTree: (text, uri) => python.tree(text, uri),
    jvm: (text, uri, language) => jvm.parse(text, uri, language),
  });
  // Lineage predictions as the server makes them: the real SQL parser on every SQL operator's (mutated) SQL.
  const sql = await loadSqlLineage(join(root, 'dist'));
  const lineage = new LineageIndex({ namespace: 'fuzz' });
  lineage.predictor = new WorkspacePredictor({
    project: EMPTY_PROJECT,
    files: new WorkspaceFiles(),
    sql,
    pythonTree: (text, uri) => python.tree(text, uri),
    jobNamespace: 'fuzz',
  });
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
      parentPort!.postMessage({
        id,
        latencies,
        heapMb: getHeapStatistics().used_heap_size / 2 ** 20,
        ...(failure ? { failure, detail } : {}),
      } satisfies WorkerAnswer);
    try {
      const doc = TextDocument.create(payload.uri, payload.languageId, ++version, payload.text);
      const lines = doc.getText().split(/\r\n|\r|\n/);
      const badRange = (r: { start: { line: number; character: number }; end: { line: number; character: number } }): boolean => {
        const ok = (p: { line: number; character: number }) =>
          Number.isInteger(p.line) &&
          Number.isInteger(p.character) &&
          p.line >= 0 &&
          p.line < lines.length &&
          p.character >= 0 &&
          p.character <= lines[p.line]!.length;
        return (
          !ok(r.start) || !ok(r.end) || r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)
        );
      };
      const diagnostics = timed('validate', () => service.validate(doc, DEFAULT_SETTINGS, { lineage }));
      for (const d of diagnostics) {
        const message = typeof d.message === 'string' ? d.message : d.message.value;
        // The service turns a family's or rule's exception into a diagnostic; for the fuzzer it is a crash.
        if (String(d.code).endsWith('/internal-error') || /failed on this file|checking this file for .* failed/.test(message))
          return answer('crash', `${String(d.code)}: ${message}`);
        if (badRange(d.range))
          return answer(
            'invariant',
            `diagnostic ${String(d.code)} has range ${JSON.stringify(d.range)} outside the document (${lines.length} lines)`,
          );
        for (const fix of (d.data as { fixes?: { edits: { range: typeof d.range }[] }[] } | undefined)?.fixes ?? []) {
          for (const e of fix.edits)
            if (badRange(e.range))
              return answer('invariant', `a fix of ${String(d.code)} edits ${JSON.stringify(e.range)}, outside the document`);
        }
      }
      for (const r of payload.requests) {
        switch (r.type) {
          case 'hover': {
            const h = timed('hover', () => service.hover(doc, r.offset, { lineage }));
            if (h?.range && badRange(h.range)) return answer('invariant', `hover at ${r.offset} has range ${JSON.stringify(h.range)}`);
            const links = h ? foreignLinks(markdownOf(h.contents)) : [];
            if (links.length)
              return answer(
                'invariant',
                `hover at ${r.offset} links to ${JSON.stringify(links[0])}, a target from the document: ${JSON.stringify(markdownOf(h!.contents).slice(0, 500))}`,
              );
            break;
          }
          case 'completion':
            for (const item of timed('completion', () => service.complete(doc, r.offset))) {
              const docLinks = item.documentation !== undefined ? foreignLinks(markdownOf(item.documentation)) : [];
              if (docLinks.length)
                return answer(
                  'invariant',
                  `completion ${item.label} at ${r.offset} documents a link to ${JSON.stringify(docLinks[0])}, a target from the document`,
                );
              const edit = item.textEdit;
              const ranges = edit ? ('range' in edit ? [edit.range] : [edit.insert, edit.replace]) : [];
              for (const range of ranges)
                if (badRange(range)) return answer('invariant', `completion ${item.label} at ${r.offset} edits ${JSON.stringify(range)}`);
            }
            break;
          case 'definition':
            for (const l of timed('definition', () => service.definition(doc, r.offset)))
              if (l.uri === doc.uri && badRange(l.range))
                return answer('invariant', `definition at ${r.offset}: ${JSON.stringify(l.range)}`);
            break;
          case 'references':
            for (const l of timed('references', () => service.references(doc, r.offset, { includeDeclaration: true })))
              if (l.uri === doc.uri && badRange(l.range))
                return answer('invariant', `reference at ${r.offset}: ${JSON.stringify(l.range)}`);
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
