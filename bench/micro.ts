/**
 * In-process micro-benchmarks of the language service (no IPC), to split the LSP round trip into its
 * costs. Run by bench/run.mjs as `node --import tsx bench/micro.ts <fixtures.json>`; prints one JSON line
 * per fixture and scenario.
 *
 * Scenarios, each the median/p95 of 30 runs after 5 warm-ups:
 * - `open`: a document seen for the first time (new URI): full parse (tree-sitter for Python) + validate;
 * - `keystroke`: the same document after a one-character edit at the fixture's edit spot (new version, so
 *   Python re-parses incrementally from the previous tree), split into parse, validate and JSON
 *   serialisation of the diagnostics;
 * - `rules`: where validation time goes: scope analysis and each rule's `check` (median of 10), top 5.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadPythonSpark } from '../server/src/node/python';
import { createLanguageService, DEFAULT_SETTINGS, EMPTY_PROJECT } from '../server/src/service';
import { builtinFamilies } from '../server/src/service/families';
import { analyzeScope } from '../server/src/service/spark/analysis';
import { parseSparkDocument } from '../server/src/service/spark/parse';
import { SPARK_RULES } from '../server/src/service/spark/rules';
import { lineIndex } from '../server/src/service/util/search';

interface Fixture {
  name: string;
  file: string;
  languageId: string;
  text: string;
  editAt: number;
  expectedTotal: number;
}

const WARMUP = 5;
const RUNS = 30;

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, median: r(q(0.5)), p95: r(q(0.95)), min: r(s[0]!), max: r(s[s.length - 1]!) };
}

async function main() {
  const fixtures = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Fixture[];
  const t0 = performance.now();
  // The WASM files next to the bundle (npm run build copies them there), as the server loads them.
  const python = await loadPythonSpark(join(__dirname, '..', 'dist'));
  const pythonInitMs = performance.now() - t0;
  const service = createLanguageService({ python: python.parse, pythonTree: python.tree });
  process.stdout.write(JSON.stringify({ kind: 'micro-init', pythonInitMs: Math.round(pythonInitMs * 10) / 10 }) + '\n');

  for (const f of fixtures) {
    // open: a new URI every run, so nothing is cached.
    const open: number[] = [];
    let openCount = -1;
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const uri = `file:///bench/open-${i}/${f.file}`;
      const doc = TextDocument.create(uri, f.languageId, 1, f.text);
      const start = performance.now();
      const diagnostics = service.validate(doc, DEFAULT_SETTINGS);
      const ms = performance.now() - start;
      if (i >= WARMUP) open.push(ms);
      openCount = diagnostics.length;
      python.forget(uri);
    }

    // keystroke: one URI, a new version each run with one more character at the edit spot.
    const parse: number[] = [];
    const validate: number[] = [];
    const serialize: number[] = [];
    const total: number[] = [];
    const keystrokeCounts = new Set<number>();
    const uri = `file:///bench/keystroke/${f.file}`;
    let text = f.text;
    let doc = TextDocument.create(uri, f.languageId, 1, text);
    service.validate(doc, DEFAULT_SETTINGS);
    for (let i = 0; i < WARMUP + RUNS; i++) {
      text = text.slice(0, f.editAt + i) + 'x' + text.slice(f.editAt + i);
      doc = TextDocument.create(uri, f.languageId, i + 2, text);
      const a = performance.now();
      service.fileKind(doc); // parses and caches this version
      const b = performance.now();
      const diagnostics = service.validate(doc, DEFAULT_SETTINGS); // rules only: the parse is cached
      const c = performance.now();
      JSON.stringify(diagnostics);
      const d = performance.now();
      if (i >= WARMUP) {
        parse.push(b - a);
        validate.push(c - b);
        serialize.push(d - c);
        total.push(d - a);
      }
      keystrokeCounts.add(diagnostics.length);
    }
    python.forget(uri);

    // Split of validation: per rule for Spark files, per family for the others.
    const parsed = parseSparkDocument({ uri: `file:///bench/rules/${f.file}`, text: f.text, languageId: f.languageId }, python.parse);
    const pieces = new Map<string, number[]>();
    const time = (name: string, fn: () => void) => {
      const a = performance.now();
      fn();
      const list = pieces.get(name) ?? [];
      list.push(performance.now() - a);
      pieces.set(name, list);
    };
    const lineAt = lineIndex(f.text);
    for (let i = 0; i < 12; i++) {
      if (parsed) {
        let scopes: ReturnType<typeof analyzeScope>[] = [];
        time('analyzeScope', () => (scopes = parsed.doc.scopes.map(analyzeScope)));
        for (const rule of SPARK_RULES)
          time(rule.id, () =>
            rule.check({ text: f.text, project: EMPTY_PROJECT, doc: parsed.doc, scopes, report: () => undefined, lineAt }),
          );
      } else {
        for (const family of builtinFamilies({ python: python.parse, pythonTree: python.tree })) {
          const doc = TextDocument.create(`file:///bench/families/${i}/${f.file}`, f.languageId, 1, f.text);
          const input = {
            uri: doc.uri,
            text: f.text,
            languageId: f.languageId,
            version: 1,
            project: EMPTY_PROJECT,
            lineAt: lineIndex(f.text),
            doc,
          };
          time(`family ${family.id}`, () =>
            family.validate(
              input,
              () => true,
              () => undefined,
            ),
          );
        }
      }
    }
    const rules = [...pieces]
      .map(([name, samples]) => ({ name, median: stats(samples.slice(2)).median }))
      .sort((a, b) => b.median - a.median)
      .slice(0, 5);

    process.stdout.write(
      JSON.stringify({
        kind: 'micro',
        fixture: f.name,
        diagnostics: { expected: f.expectedTotal, open: openCount, keystroke: [...keystrokeCounts] },
        open: stats(open),
        keystroke: { total: stats(total), parse: stats(parse), validate: stats(validate), serialize: stats(serialize) },
        rules,
      }) + '\n',
    );
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
