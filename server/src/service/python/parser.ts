/**
 * A small, I/O-free wrapper around web-tree-sitter and the Python grammar.
 *
 * It is generic on purpose: the Spark parser (`spark/parsers/python-spark/`), DAG parsing (`dags/parse/`) and the
 * dbt and OpenMetadata readers use it, with the toolkit next to it (strings, names, arguments, scope, repair).
 * The caller supplies the wasm bytes (the language service must not read files).
 *
 * Offsets: web-tree-sitter feeds the text to tree-sitter as UTF-16, so every `startIndex` / `endIndex` and every
 * `Point.column` it reports is in UTF-16 code units, i.e. a JS string index. That is exactly the unit of
 * `OffsetRange` and `TextDocument.positionAt`, so nodes' indices can be used on the document text directly.
 */
import { Edit, Language, Parser } from 'web-tree-sitter';
import type { Node, Point, Tree } from 'web-tree-sitter';
import { outOfTime, parseCancelled, underTimeBudget } from '../budget';

/** A parsed Python syntax tree (web-tree-sitter `Tree`). Indices are UTF-16 offsets into the parsed text. */
export type PythonTree = Tree;
/** A node of a {@link PythonTree}. */
export type PythonNode = Node;

/** An earlier parse of the same document, used to reparse incrementally. */
export interface PreviousParse {
  readonly tree: PythonTree;
  /** The exact text `tree` was parsed from. */
  readonly text: string;
}

/**
 * Thrown instead of returning a tree when the parse was cancelled: it ran past the time budget of the running
 * validation (`budget.ts`), or (from {@link PythonTreeCache}) that version's parse was cancelled before.
 * Service code gets trees through {@link treeOf}, which turns this into `undefined`.
 */
export class ParseCancelled extends Error {
  constructor() {
    super('Lineage Lens: parsing this Python file was stopped: it took longer than the time budget');
    this.name = 'ParseCancelled';
  }
}

/** Parses Python source text. Create one with {@link createPythonParser}. */
export interface PythonParser {
  /**
   * Parses `text`. Never throws on bad Python: syntax errors become `ERROR` / missing nodes in the tree.
   * Throws {@link ParseCancelled} when the parse ran past the time budget of the running validation.
   *
   * When `previous` is given, tree-sitter reuses the unchanged parts of that tree. The edit is computed here
   * by diffing the two texts, so callers need not track change events; `previous.tree` itself is left as is
   * and stays usable.
   */
  parse(text: string, previous?: PreviousParse): PythonTree;
  /** {@link parse}, but `undefined` instead of throwing when cancelled. */
  tryParse(text: string, previous?: PreviousParse): PythonTree | undefined;
}

/**
 * Syntax trees of Python documents, cached per uri and version by the caller (see `PythonTreeCache`). May
 * throw {@link ParseCancelled}: service code calls it through {@link treeOf}.
 */
export type PythonTreeSource = (text: string, uri: string, version?: number) => PythonTree;

/**
 * The tree of `text` from `source`, or `undefined` when its parse was cancelled (past the time budget); the
 * running validation then stops with one `general/time-budget` diagnostic. Other errors propagate.
 */
export function treeOf(source: PythonTreeSource, text: string, uri: string, version?: number): PythonTree | undefined {
  try {
    return source(text, uri, version);
  } catch (e) {
    if (!(e instanceof ParseCancelled)) throw e;
    parseCancelled();
    return undefined;
  }
}

/** The wasm binaries the parser needs, as bytes (the service does no I/O). */
export interface PythonParserOptions {
  /** `web-tree-sitter/web-tree-sitter.wasm`, the tree-sitter runtime. */
  readonly runtimeWasm: Uint8Array;
  /** `tree-sitter-python/tree-sitter-python.wasm`, the Python grammar. */
  readonly grammarWasm: Uint8Array;
}

/**
 * Initialises web-tree-sitter from `runtimeWasm` (once per process; later calls reuse that runtime) and loads
 * the Python grammar from `grammarWasm`.
 */
export async function createPythonParser(opts: PythonParserOptions): Promise<PythonParser> {
  // `wasmBinary` makes Emscripten instantiate from these bytes instead of fetching/reading a file.
  await Parser.init({ wasmBinary: opts.runtimeWasm } as Parameters<typeof Parser.init>[0]);
  const language = await Language.load(opts.grammarWasm);
  const parser = new Parser();
  parser.setLanguage(language);

  // Consulted by tree-sitter every few hundred parse steps: a parse past the validation's deadline is cancelled.
  const progressCallback = (): boolean => outOfTime();
  const tryParse = (text: string, previous?: PreviousParse): PythonTree | undefined => {
    let oldTree: Tree | null = null;
    if (previous !== undefined) {
      // Edit a copy so the caller's tree keeps describing the old text (it may still be in use).
      oldTree = previous.tree.copy();
      oldTree.edit(diffEdit(previous.text, text));
    }
    try {
      // Outside a time budget nothing can cancel, so tree-sitter is not asked to call back at all.
      const tree = parser.parse(text, oldTree, underTimeBudget() ? { progressCallback } : undefined);
      if (tree !== null) return tree;
      // Cancelled by the progress callback (the language is always set). A cancelled tree-sitter parser resumes
      // the cancelled parse on its next call, whatever text that call passes: start over instead.
      parser.reset();
      return undefined;
    } finally {
      // The new tree holds its own references to reused subtrees, so the edited copy can go now.
      oldTree?.delete();
    }
  };

  return {
    tryParse,
    parse(text: string, previous?: PreviousParse): PythonTree {
      const tree = tryParse(text, previous);
      if (tree === undefined) throw new ParseCancelled();
      return tree;
    },
  };
}

/**
 * Caches one tree per open document, keyed by uri and version, and reparses incrementally from the cached
 * version when a newer one is requested.
 *
 * Trees are never deleted explicitly: a tree handed out may still be in use by an async request handler, so
 * the wasm memory is left to web-tree-sitter's finalizers (released when the JS object is garbage-collected).
 */
export class PythonTreeCache {
  /** `tree` undefined: that version's parse was cancelled (it is not tried again; the next version parses afresh). */
  private readonly entries = new Map<string, { version: number; text: string; tree: PythonTree | undefined }>();

  constructor(private readonly parser: PythonParser) {}

  /**
   * The tree for `uri` at `version` (whose content is `text`), parsing only when it is not cached yet. Throws
   * {@link ParseCancelled} when that parse is (or was, for this version) cancelled.
   */
  get(uri: string, version: number, text: string): PythonTree {
    const tree = this.tryGet(uri, version, text);
    if (tree === undefined) throw new ParseCancelled();
    return tree;
  }

  /** {@link get}, but `undefined` instead of throwing when the parse is cancelled. */
  tryGet(uri: string, version: number, text: string): PythonTree | undefined {
    const cached = this.entries.get(uri);
    if (cached !== undefined && cached.version === version && cached.text === text) return cached.tree;
    // A cancelled parse left no tree to reuse: the next version is parsed from scratch.
    const tree = this.parser.tryParse(text, cached?.tree !== undefined ? { tree: cached.tree, text: cached.text } : undefined);
    this.entries.set(uri, { version, text, tree });
    return tree;
  }

  /** Forgets `uri` (call when the document closes). */
  delete(uri: string): void {
    this.entries.delete(uri);
  }

  /** Forgets every document. */
  clear(): void {
    this.entries.clear();
  }
}

/**
 * The single edit that turns `oldText` into `newText`: the span between their common prefix and common suffix.
 * One edit is always a correct description (if not the tightest) of any change, which is all tree-sitter needs.
 */
export function diffEdit(oldText: string, newText: string): Edit {
  const max = Math.min(oldText.length, newText.length);
  let start = 0;
  while (start < max && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let oldEnd = oldText.length;
  let newEnd = newText.length;
  while (oldEnd > start && newEnd > start && oldText.charCodeAt(oldEnd - 1) === newText.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  // Never split a surrogate pair: tree-sitter decodes the UTF-16 input by code point.
  if (start > 0 && isHighSurrogate(oldText.charCodeAt(start - 1))) start--;
  if (oldEnd < oldText.length && isLowSurrogate(oldText.charCodeAt(oldEnd))) oldEnd++;
  if (newEnd < newText.length && isLowSurrogate(newText.charCodeAt(newEnd))) newEnd++;
  const startPosition = pointAt(oldText, start);
  return new Edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition,
    oldEndPosition: pointAt(oldText, oldEnd, start, startPosition),
    newEndPosition: pointAt(newText, newEnd, start, startPosition),
  });
}

/** Row/column (UTF-16 columns, like the tree's points) of `offset`, optionally continuing from a known point. */
function pointAt(text: string, offset: number, from = 0, fromPoint: Point = { row: 0, column: 0 }): Point {
  let { row, column } = fromPoint;
  for (let i = from; i < offset; i++) {
    if (text.charCodeAt(i) === 10 /* \n */) {
      row++;
      column = 0;
    } else {
      column++;
    }
  }
  return { row, column };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
