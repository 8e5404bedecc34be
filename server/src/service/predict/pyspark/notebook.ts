/**
 * PySpark notebooks: the lineage of the one Python document a notebook's code cells make (`notebook/virtual.ts`:
 * cells in order, IPython magics blanked in place), with every source range mapped back to its cell.
 */
import { readNotebookFile } from '../../notebook/ipynb';
import { cellAt, notebookView, pythonNotebook, type CellInput } from '../../notebook/virtual';
import type { PythonTree } from '../../python/parser';
import type { OffsetRange } from '../../text/model';
import type { PredictSource } from '../types';
import { pysparkLineage, type PySparkLineage, type PySparkOptions } from './lineage';

/**
 * The lineage of a notebook's code cells. `parse` parses the cells' document (the service's PythonTreeSource,
 * undefined when cancelled); `mapSource` turns a cell (its index in `cells`) and a range in that cell's text
 * into the source to report (the cell document's URI in the editor, the `.ipynb` file's offsets on disk).
 * Undefined when there is no tree.
 */
export function pysparkNotebookLineage(
  cells: readonly CellInput[],
  parse: (text: string) => PythonTree | undefined,
  options: PySparkOptions,
  mapSource: (cell: number, range: OffsetRange) => PredictSource,
): PySparkLineage | undefined {
  const view = notebookView(cells);
  const tree = parse(view.text);
  if (tree === undefined) return undefined;
  const lineage = pysparkLineage(tree, view.text, options);
  const map = (source: PredictSource): PredictSource => {
    const cell = cellAt(view, source.range.start);
    if (cell === undefined) return source;
    const clamp = (n: number) => Math.max(0, Math.min(cell.length, n - cell.start));
    return mapSource(cell.cell, { start: clamp(source.range.start), end: clamp(source.range.end) });
  };
  const withSource = <T extends { source?: PredictSource }>(x: T): T => (x.source ? { ...x, source: map(x.source) } : x);
  return {
    ...lineage,
    inputs: lineage.inputs.map(withSource),
    outputs: lineage.outputs.map(withSource),
    problems: lineage.problems.map((p) => ({ ...p, source: map(p.source) })),
    unpredicted: lineage.unpredicted.map((u) => ({ ...u, source: map(u.source) })),
  };
}

/**
 * The lineage of a `.ipynb` file read as text (`options.uri` is the file): ranges are offsets in the file's
 * JSON text. A file that is not a notebook we can read gives why; a notebook in another language undefined.
 */
export function ipynbPysparkLineage(
  ipynbText: string,
  parse: (text: string) => PythonTree | undefined,
  options: PySparkOptions,
): PySparkLineage | { readonly unreadable: string } | undefined {
  const nb = readNotebookFile(ipynbText);
  if (!nb.ok) return { unreadable: nb.reason };
  if (!pythonNotebook(nb.language)) return undefined;
  return pysparkNotebookLineage(nb.cells, parse, options, (cell, range) => {
    const file = nb.cells[cell]!;
    const at = (offset: number, end: boolean): number => {
      if (file.text.length === 0) return file.sourceAt;
      if (end) return offset > 0 ? file.rawEnd[offset - 1]! : file.rawStart[0]!;
      return offset < file.text.length ? file.rawStart[offset]! : file.rawEnd[file.text.length - 1]!;
    };
    return { uri: options.uri, range: { start: at(range.start, false), end: at(range.end, true) } };
  });
}
