/**
 * Reading a Jupyter notebook file (`.ipynb`, nbformat 4): its language and its cells, each cell's source
 * decoded with where every character is written in the JSON text. Outputs and attachments are never read
 * (only checked for JSON syntax). A file that is not a notebook we can read gives one sentence saying why.
 */
import { decodeString, member, parseJson, stringValue, type JsonValue } from './json';

/** A cell's source as the notebook file holds it: its text, and for each character its offsets in the file. */
export interface FileCell {
  /** Position in the notebook (0-based, counting every cell). */
  readonly index: number;
  readonly kind: 'code' | 'markdown' | 'raw' | 'other';
  /** The cell's own language when its metadata names one (VS Code's `metadata.vscode.languageId`). */
  readonly language?: string;
  readonly text: string;
  /** File offset of each character of `text` (its escape's backslash, if escaped). */
  readonly rawStart: Int32Array;
  /** File offset just after each character of `text` as written. */
  readonly rawEnd: Int32Array;
  /** Where the source is written in the file: the offset an empty source maps to. */
  readonly sourceAt: number;
}

export type NotebookFile =
  | { readonly ok: true; readonly language: string | undefined; readonly cells: readonly FileCell[] }
  | { readonly ok: false; readonly offset: number; readonly reason: string };

/** Keys whose values are never kept (outputs can be megabytes of images and logs). */
const SKIP = new Set(['outputs', 'attachments']);

/** True for a URI or path naming a Jupyter notebook file. */
export function isNotebookPath(uriOrPath: string): boolean {
  return /\.ipynb$/i.test(uriOrPath.replace(/[?#].*$/, ''));
}

/** Reads a `.ipynb` file's text. */
export function readNotebookFile(text: string): NotebookFile {
  const parsed = parseJson(text, SKIP);
  if (!parsed.ok) return { ok: false, offset: parsed.offset, reason: `it is not valid JSON (${parsed.message})` };
  const root = parsed.value;
  if (root.type !== 'object') return { ok: false, offset: root.start, reason: 'it is not a JSON object, as notebook files are' };
  const format = member(root, 'nbformat');
  const version = format?.type === 'number' ? Number(text.slice(format.start, format.end)) : undefined;
  if (version !== 4) {
    const at = format?.start ?? root.start;
    return version === undefined
      ? { ok: false, offset: at, reason: 'it has no `nbformat` number, so it is not a Jupyter notebook' }
      : {
          ok: false,
          offset: at,
          reason: `it is in notebook format ${version}; only format 4 is read (open and save it in Jupyter or VS Code to convert it)`,
        };
  }
  const metadata = member(root, 'metadata');
  const language =
    stringValue(text, member(member(metadata, 'kernelspec'), 'language')) ??
    stringValue(text, member(member(metadata, 'language_info'), 'name'));
  const cellsNode = member(root, 'cells');
  if (cellsNode?.type !== 'array') return { ok: false, offset: cellsNode?.start ?? root.start, reason: 'it has no `cells` list' };
  const cells: FileCell[] = [];
  cellsNode.items.forEach((cell, index) => {
    const type = stringValue(text, member(cell, 'cell_type'));
    const kind = type === 'code' || type === 'markdown' || type === 'raw' ? type : 'other';
    const cellLanguage = stringValue(text, member(member(member(cell, 'metadata'), 'vscode'), 'languageId'));
    cells.push({ index, kind, ...(cellLanguage ? { language: cellLanguage } : {}), ...source(text, member(cell, 'source'), cell) });
  });
  return { ok: true, language: language?.toLowerCase(), cells };
}

/** A cell's source: one string, or a list of strings joined as they are (each keeps its own line break). */
function source(text: string, node: JsonValue | undefined, cell: JsonValue): Pick<FileCell, 'text' | 'rawStart' | 'rawEnd' | 'sourceAt'> {
  const parts = node?.type === 'string' ? [node] : node?.type === 'array' ? node.items.filter((p) => p.type === 'string') : [];
  const sourceAt = node ? node.start + (node.type === 'string' ? 1 : 0) : cell.start;
  if (parts.length === 1) {
    const d = decodeString(text, parts[0]!);
    return { text: d.value, rawStart: d.rawStart, rawEnd: d.rawEnd, sourceAt: parts[0]!.start + 1 };
  }
  const decoded = parts.map((p) => decodeString(text, p));
  const length = decoded.reduce((sum, d) => sum + d.value.length, 0);
  const rawStart = new Int32Array(length);
  const rawEnd = new Int32Array(length);
  let k = 0;
  for (const d of decoded) {
    rawStart.set(d.rawStart, k);
    rawEnd.set(d.rawEnd, k);
    k += d.value.length;
  }
  return { text: decoded.map((d) => d.value).join(''), rawStart, rawEnd, sourceAt: parts[0] ? parts[0].start + 1 : sourceAt };
}
