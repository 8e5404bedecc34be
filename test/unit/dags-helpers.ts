/**
 * Shared helpers for the DAG-file tests: one tree-sitter Python parser for the run, `parseDagFile` on text,
 * a language service with only the `dags` family, and ranges written as the text they cover.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLanguageService, type LanguageService } from '../../server/src/service';
import { dagsFamily } from '../../server/src/service/dags/family';
import type { DagFile } from '../../server/src/service/dags/model';
import { parseDagFile } from '../../server/src/service/dags/parse';
import { createPythonParser, PythonTreeCache, type PythonParser, type PythonTreeSource } from '../../server/src/service/python/parser';
import type { OffsetRange } from '../../server/src/service/text/model';

const root = join(__dirname, '..', '..');
let parser: PythonParser | undefined;

before(async () => {
  parser ??= await createPythonParser({
    runtimeWasm: readFileSync(join(root, 'node_modules/web-tree-sitter/web-tree-sitter.wasm')),
    grammarWasm: readFileSync(join(root, 'node_modules/tree-sitter-python/tree-sitter-python.wasm')),
  });
});

export function pythonParser(): PythonParser {
  assert.ok(parser, 'the Python parser is not loaded yet (use it inside it()/before())');
  return parser;
}

/** Trees as the server hands them out: cached per uri and version, fresh without a version. */
export function treeSource(): PythonTreeSource {
  const cache = new PythonTreeCache(pythonParser());
  return (text, uri, version) => (version === undefined ? pythonParser().parse(text) : cache.get(uri, version, text));
}

/** The DAG file model of `text`, with statement repair (as the family and the server parse). */
export function parseDag(text: string, repair = true): DagFile {
  const p = pythonParser();
  return parseDagFile(p.parse(text), text, repair ? { reparse: (t) => p.parse(t) } : {});
}

/** A language service with the `dags` family only. */
export function dagService(): LanguageService {
  return createLanguageService({ families: [dagsFamily({ pythonTree: treeSource() })] });
}

/** The offsets of the `occurrence`-th (1-based) `needle` in `text`. */
export function span(text: string, needle: string, occurrence = 1): OffsetRange {
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `occurrence ${occurrence} of ${JSON.stringify(needle)} not found`);
  }
  return { start: at, end: at + needle.length };
}

/** The offsets of `needle` inside the first `context`. */
export function spanIn(text: string, context: string, needle: string): OffsetRange {
  const at = text.indexOf(context);
  assert.ok(at >= 0, `${JSON.stringify(context)} not found`);
  const inner = context.indexOf(needle);
  assert.ok(inner >= 0, `${JSON.stringify(needle)} is not inside ${JSON.stringify(context)}`);
  return { start: at + inner, end: at + inner + needle.length };
}

/** The text a range covers. */
export function textOf(text: string, r: OffsetRange): string {
  return text.slice(r.start, r.end);
}

/** Task ids in order, with the DAG id they belong to: `dag:task` (`?` for unknown). */
export function taskIds(file: DagFile): string[] {
  return file.tasks.map((t) => {
    const dag = t.dag !== undefined ? file.dags[t.dag]?.dagId?.value ?? '?' : '?';
    return `${dag}:${t.taskGroup ? `${t.taskGroup.value}.` : ''}${t.taskId?.value ?? '?'}`;
  });
}

/** Dependencies as `up>down` task ids. */
export function deps(file: DagFile): string[] {
  const id = (i: number) => file.tasks[i]?.taskId?.value ?? `#${i}`;
  return file.dependencies.map((d) => `${id(d.upstream)}>${id(d.downstream)}`);
}

/** A corpus or example DAG file's text. */
export function corpus(path: string): string {
  return readFileSync(path, 'utf8');
}

export const CORPUS = '/work/shared/openlineage-corpus';
export const EXAMPLES = join(root, 'examples', 'astro-project', 'dags');
