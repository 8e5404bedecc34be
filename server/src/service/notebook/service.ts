/**
 * Notebooks in the language service. A notebook is checked as the one Python document its code cells make
 * (`virtual.ts`), with its `%env`/`os.environ` settings (`env.ts`), by the same families as any Python file;
 * what they find is mapped back to where it is written:
 * - a `.ipynb` file read as text (the CLI, a notebook opened as JSON): positions in the JSON text, found through
 *   each character's offset in its (escaped) source string (`ipynb.ts`);
 * - a notebook open in the editor (LSP notebook sync): each cell's own document and cell-local positions.
 * The LSP and CLI layers only pass documents in and results out; all the mapping is here.
 */
import { DiagnosticSeverity, type CompletionItem, type Diagnostic, type Hover, type Range } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LineageIndex } from '../dags/lineage';
import type { LanguageSettings } from '../language-settings';
import type { ProjectModel } from '../project/model';
import type { PythonTreeSource } from '../python/parser';
import { treeOf } from '../python/parser';
import { ruleDocsUrl, type RuleMeta } from '../rules/rule';
import type { SettingsDocument } from '../settings/model';
import { notebookEnv } from './env';
import { readNotebookFile, type FileCell } from './ipynb';
import { cellAt, notebookView, pythonNotebook, type CellInput, type NotebookView, type ViewCell } from './virtual';

export { isNotebookPath } from './ipynb';

/** What the notebook layer needs of the language service it wraps (the service's own methods). */
export interface InnerService {
  readonly rules: readonly RuleMeta[];
  classify(doc: TextDocument, options?: NotebookOptions): { family: string; kind: string } | undefined;
  validate(doc: TextDocument, settings: LanguageSettings, options?: NotebookOptions): Diagnostic[];
  hover(doc: TextDocument, offset: number, options?: NotebookOptions): Hover | null;
  complete(doc: TextDocument, offset: number, options?: NotebookOptions): CompletionItem[];
}

/** The validate options the notebook layer passes through (project, lineage, explicit), and the environment it adds. */
export interface NotebookOptions {
  readonly explicit?: boolean;
  readonly project?: ProjectModel;
  readonly lineage?: LineageIndex;
  readonly notebookEnv?: SettingsDocument;
}

/** A cell of a notebook open in the editor: its document (URI `vscode-notebook-cell:…`) and kind. */
export interface EditorCell {
  readonly document: TextDocument;
  readonly kind: 'code' | 'markdown';
}

/** Where a finding is in a notebook file: the cell (0-based, every cell counted) and the position in it. */
export interface CellPosition {
  readonly index: number;
  readonly line: number;
  readonly character: number;
}

export const UNREADABLE_NOTEBOOK: RuleMeta = {
  id: 'general/unreadable-notebook',
  defaultSeverity: 'information',
  summary:
    'A `.ipynb` file that mentions Spark or OpenLineage but cannot be read as a Jupyter notebook (invalid JSON, nbformat 3): reported once, the notebook is not checked.',
};

/** Notebook files larger than this (outputs included) are not read at all. */
export const NOTEBOOK_MAX_CHARS = 50_000_000;

/** The Python document of a notebook and how its offsets map back. */
interface Analysed {
  readonly view: NotebookView;
  readonly doc: TextDocument;
  readonly env: SettingsDocument;
}

/** The URI of a notebook's Python document (a fragment of the notebook's: no family reads a name from it). */
export function notebookPythonUri(uri: string): string {
  return `${uri}#notebook-python`;
}

/** The notebook layer: checks `.ipynb` text and editor notebooks with `inner`, and maps the results back. */
export class NotebookLayer {
  constructor(
    private readonly inner: InnerService,
    private readonly pythonTree: PythonTreeSource | undefined,
  ) {}

  private analyse(uri: string, version: number, cells: readonly CellInput[]): Analysed {
    const view = notebookView(cells);
    const vuri = notebookPythonUri(uri);
    const doc = TextDocument.create(vuri, 'python', version, view.text);
    const tree = this.pythonTree && /environ|putenv/.test(view.text) ? treeOf(this.pythonTree, view.text, vuri, version) : undefined;
    return { view, doc, env: notebookEnv(view.text, view.env, tree) };
  }

  // ---- notebook files (.ipynb text) --------------------------------------------------------------------

  /** The notebook read from a `.ipynb` text: its Python document, or why it cannot be read (undefined: not Python). */
  private fromFile(doc: TextDocument): { file: FileCell[]; a: Analysed } | { problem: { offset: number; reason: string } } | undefined {
    const text = doc.getText();
    if (text.length > NOTEBOOK_MAX_CHARS)
      return {
        problem: {
          offset: 0,
          reason: `it is ${(text.length / 1_000_000).toFixed(0)} MB (outputs included), over the 50 MB notebooks are read up to`,
        },
      };
    const nb = readNotebookFile(text);
    if (!nb.ok) return { problem: { offset: nb.offset, reason: nb.reason } };
    if (!pythonNotebook(nb.language)) return undefined;
    const file = [...nb.cells];
    return { file, a: this.analyse(doc.uri, doc.version, file) };
  }

  classifyFile(doc: TextDocument, options?: NotebookOptions): { family: string; kind: string } | undefined {
    const nb = this.fromFile(doc);
    if (!nb) return undefined;
    if ('problem' in nb) return mentionsLineage(doc.getText()) ? { family: 'notebook', kind: 'unreadable-notebook' } : undefined;
    return this.inner.classify(nb.a.doc, { ...options, notebookEnv: nb.a.env });
  }

  validateFile(doc: TextDocument, settings: LanguageSettings, options?: NotebookOptions): Diagnostic[] {
    if (!settings.validation.enable) return [];
    const nb = this.fromFile(doc);
    if (!nb) return [];
    if ('problem' in nb) {
      if (settings.rules[UNREADABLE_NOTEBOOK.id] === 'off' || !(options?.explicit || mentionsLineage(doc.getText()))) return [];
      const at = doc.positionAt(nb.problem.offset);
      return [
        diagnostic(
          { start: at, end: at },
          `Lineage Lens cannot read this notebook: ${nb.problem.reason}. Its cells were not checked.`,
          settings.rules[UNREADABLE_NOTEBOOK.id] ?? UNREADABLE_NOTEBOOK.defaultSeverity,
        ),
      ];
    }
    const { file, a } = nb;
    const found = this.inner.validate(a.doc, settings, { ...options, notebookEnv: a.env });
    const map = (vcell: ViewCell) => fileMapper(file[vcell.cell]!, doc);
    return mapDiagnostics(found, a, map, (vcell, d, at) => ({ ...d, data: { ...(d.data as object), cell: cellPosition(a, vcell, at) } }));
  }

  hoverFile(doc: TextDocument, offset: number, options?: NotebookOptions): Hover | null {
    const nb = this.fromFile(doc);
    if (!nb || 'problem' in nb) return null;
    const { file, a } = nb;
    for (const vcell of a.view.cells) {
      const at = fileOffsetToCell(file[vcell.cell]!, offset);
      if (at === undefined) continue;
      const h = this.inner.hover(a.doc, vcell.start + at, { ...options, notebookEnv: a.env });
      if (!h) return null;
      const range = h.range && mapRange(a, h.range, (c) => fileMapper(file[c.cell]!, doc));
      return { contents: h.contents, ...(range ? { range: range.range } : {}) };
    }
    return null;
  }

  // ---- notebooks open in the editor ---------------------------------------------------------------------

  private fromEditor(uri: string, version: number, cells: readonly EditorCell[]): Analysed {
    return this.analyse(
      uri,
      version,
      cells.map((c) => ({ kind: c.kind, language: c.document.languageId, text: c.document.getText() })),
    );
  }

  /** Diagnostics for every cell (an empty list clears a cell's old ones), cell-local. */
  validateCells(
    notebook: { uri: string; version: number },
    cells: readonly EditorCell[],
    settings: LanguageSettings,
    options?: NotebookOptions,
  ): { uri: string; diagnostics: Diagnostic[] }[] {
    const out = new Map(cells.map((c) => [c.document.uri, [] as Diagnostic[]]));
    if (settings.validation.enable) {
      const a = this.fromEditor(notebook.uri, notebook.version, cells);
      const found = this.inner.validate(a.doc, settings, { ...options, notebookEnv: a.env });
      mapDiagnostics(
        found,
        a,
        (vcell) => editorMapper(cells[vcell.cell]!.document),
        (vcell, d) => {
          out.get(cells[vcell.cell]!.document.uri)!.push(d);
          return d;
        },
      );
    }
    return [...out].map(([uri, diagnostics]) => ({ uri, diagnostics }));
  }

  hoverCell(
    notebook: { uri: string; version: number },
    cells: readonly EditorCell[],
    cellUri: string,
    offset: number,
    options?: NotebookOptions,
  ): Hover | null {
    const a = this.fromEditor(notebook.uri, notebook.version, cells);
    const vcell = a.view.cells.find((c) => cells[c.cell]!.document.uri === cellUri);
    if (!vcell) return null;
    const h = this.inner.hover(a.doc, vcell.start + offset, { ...options, notebookEnv: a.env });
    if (!h) return null;
    const range = h.range && mapRange(a, h.range, (c) => editorMapper(cells[c.cell]!.document));
    return { contents: h.contents, ...(range && range.cell === vcell ? { range: range.range } : {}) };
  }

  completeCell(
    notebook: { uri: string; version: number },
    cells: readonly EditorCell[],
    cellUri: string,
    offset: number,
    options?: NotebookOptions,
  ): CompletionItem[] {
    const a = this.fromEditor(notebook.uri, notebook.version, cells);
    const vcell = a.view.cells.find((c) => cells[c.cell]!.document.uri === cellUri);
    if (!vcell) return [];
    const local = (r: Range): Range | undefined => {
      const m = mapRange(a, r, (c) => editorMapper(cells[c.cell]!.document));
      return m && m.cell === vcell ? m.range : undefined;
    };
    const items: CompletionItem[] = [];
    for (const item of this.inner.complete(a.doc, vcell.start + offset, { ...options, notebookEnv: a.env })) {
      let textEdit = item.textEdit;
      if (textEdit && 'range' in textEdit) {
        const r = local(textEdit.range);
        if (!r) continue;
        textEdit = { ...textEdit, range: r };
      } else if (textEdit) {
        const insert = local(textEdit.insert);
        const replace = local(textEdit.replace);
        if (!insert || !replace) continue;
        textEdit = { ...textEdit, insert, replace };
      }
      const extra = item.additionalTextEdits?.map((e) => ({ ...e, range: local(e.range) }));
      if (extra?.some((e) => !e.range)) continue;
      items.push({
        ...item,
        ...(textEdit ? { textEdit } : {}),
        ...(extra ? { additionalTextEdits: extra as { range: Range; newText: string }[] } : {}),
      });
    }
    return items;
  }
}

// ---- mapping ------------------------------------------------------------------------------------------------

/** Maps an offset inside a cell's text to the output's coordinates (`start`: as a range's start, `end`: as its end). */
export interface CellMapper {
  readonly doc: TextDocument;
  start(offset: number): number;
  end(offset: number): number;
  /** The edit's new text in the output's syntax (JSON-escaped in a file). */
  newText(text: string): string;
}

/** Maps a file cell's text offsets to the file's (exported for the tests). */
export function fileMapper(cell: FileCell, doc: TextDocument): CellMapper {
  const n = cell.text.length;
  const start = (o: number) => (o < n ? cell.rawStart[o]! : n ? cell.rawEnd[n - 1]! : cell.sourceAt);
  return {
    doc,
    start,
    end: (o) => (o > 0 && o <= n ? cell.rawEnd[o - 1]! : start(o)),
    newText: (t) => JSON.stringify(t).slice(1, -1),
  };
}

function editorMapper(doc: TextDocument): CellMapper {
  return { doc, start: (o) => o, end: (o) => o, newText: (t) => t };
}

/** The offset in a file cell's text of the character written at `offset` of the file, if it is in that cell. */
function fileOffsetToCell(cell: FileCell, offset: number): number | undefined {
  const n = cell.text.length;
  let lo = 0;
  let hi = n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cell.rawEnd[mid]! <= offset) lo = mid + 1;
    else if (cell.rawStart[mid]! > offset) hi = mid - 1;
    else return mid;
  }
  // Just after the last character (the cursor at the end of the source).
  return n && offset === cell.rawEnd[n - 1] ? n : undefined;
}

/** A range of the notebook's Python document in the output's coordinates, clipped to the cell it starts in. */
function mapRange(a: Analysed, r: Range, mapper: (c: ViewCell) => CellMapper): { cell: ViewCell; range: Range } | undefined {
  const s = a.doc.offsetAt(r.start);
  const e = a.doc.offsetAt(r.end);
  const cell = cellAt(a.view, s);
  if (!cell) return undefined;
  const m = mapper(cell);
  const local = (o: number) => Math.max(0, Math.min(o - cell.start, cell.length));
  const ls = local(s);
  const le = Math.max(ls, local(e));
  const start = m.start(ls);
  const end = le > ls ? m.end(le) : start;
  return { cell, range: { start: m.doc.positionAt(start), end: m.doc.positionAt(end) } };
}

/** Where a range of the Python document is in its notebook cell (for messages naming the cell). */
function cellPosition(a: Analysed, cell: ViewCell, r: Range): CellPosition {
  const local = Math.max(0, Math.min(a.doc.offsetAt(r.start) - cell.start, cell.length));
  const before = a.doc.getText().slice(cell.start, cell.start + local);
  const lines = before.split(/\r\n|\r|\n/);
  return { index: cell.cell, line: lines.length - 1, character: lines[lines.length - 1]!.length };
}

/** The diagnostics of the Python document mapped to the output; quick fixes kept only where their edits map. */
function mapDiagnostics(
  found: readonly Diagnostic[],
  a: Analysed,
  mapper: (c: ViewCell) => CellMapper,
  place: (cell: ViewCell, d: Diagnostic, at: Range) => Diagnostic,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of found) {
    const mapped = mapRange(a, d.range, mapper);
    if (!mapped) continue;
    const data = d.data as { fixes?: { title: string; preferred?: boolean; edits: { range: Range; newText: string }[] }[] } | undefined;
    const fixes = (data?.fixes ?? []).flatMap((f) => {
      const edits = f.edits.map((e) => mapEdit(a, e, mapped.cell, mapper(mapped.cell)));
      return edits.every((e) => e) ? [{ ...f, edits: edits as { range: Range; newText: string }[] }] : [];
    });
    out.push(place(mapped.cell, { ...d, range: mapped.range, data: { ...data, fixes } }, d.range));
  }
  return out;
}

/**
 * An edit of the Python document as an edit of the output, when it is inside the finding's cell and, where it
 * touches an environment setting, inside its name or value with text that keeps its syntax.
 */
function mapEdit(
  a: Analysed,
  e: { range: Range; newText: string },
  cell: ViewCell,
  m: CellMapper,
): { range: Range; newText: string } | undefined {
  const s = a.doc.offsetAt(e.range.start);
  const t = a.doc.offsetAt(e.range.end);
  if (s < cell.start || t > cell.start + cell.length) return undefined;
  for (const setting of a.env.settings) {
    const touches = s === t ? s > setting.span.start && s < setting.span.end : s < setting.span.end && t > setting.span.start;
    if (!touches) continue;
    const inside = (r: { start: number; end: number }) => s >= r.start && t <= r.end;
    const python = a.view.text[setting.keyRange.start - 1] === '"' || a.view.text[setting.keyRange.start - 1] === "'";
    if (!(inside(setting.keyRange) || (inside(setting.valueRange) && setting.valueExact)) || /[\r\n]/.test(e.newText)) return undefined;
    if (python && /["'\\]/.test(e.newText)) return undefined;
  }
  const start = m.start(s - cell.start);
  const end = t > s ? m.end(t - cell.start) : start;
  return { range: { start: m.doc.positionAt(start), end: m.doc.positionAt(end) }, newText: m.newText(e.newText) };
}

const LINEAGE_WORDS = /openlineage|spark/i;

function mentionsLineage(text: string): boolean {
  return LINEAGE_WORDS.test(text.slice(0, 4_000_000));
}

const LEVEL = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function diagnostic(range: Range, message: string, level: keyof typeof LEVEL | 'off'): Diagnostic {
  return {
    range,
    severity: LEVEL[level === 'off' ? 'information' : level],
    code: UNREADABLE_NOTEBOOK.id,
    codeDescription: { href: ruleDocsUrl(UNREADABLE_NOTEBOOK.id) },
    source: 'Lineage Lens',
    message,
    data: { fixes: [] },
  };
}
