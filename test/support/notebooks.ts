/**
 * Notebook fixtures for the tests: a `.ipynb` text built from cells, written the way Jupyter saves it (one-space
 * indentation, sources as lists of lines), or with each source as one string.
 */

/** A PySpark cell whose transport type is misspelt (`htttp`): one `spark/transport-type` error, on its line 4. */
export const MISSPELT_TRANSPORT_CELL = [
  'from pyspark.sql import SparkSession',
  'spark = (SparkSession.builder',
  '    .config("spark.extraListeners", "io.openlineage.spark.agent.OpenLineageSparkListener")',
  '    .config("spark.openlineage.transport.type", "htttp")',
  '    .getOrCreate())',
].join('\n');

export interface CellSpec {
  readonly type?: 'code' | 'markdown' | 'raw';
  readonly source: string;
  /** Outputs saved with the cell (never read by the checker). */
  readonly outputs?: unknown[];
  readonly metadata?: Record<string, unknown>;
}

export interface NotebookSpec {
  /** `list` (Jupyter's default) or `string` sources. */
  readonly sources?: 'list' | 'string';
  readonly language?: string;
  readonly nbformat?: number;
}

/** The source as Jupyter writes it: the lines, each keeping its line break. */
export function sourceLines(source: string): string[] {
  return source.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** A `.ipynb` text holding `cells` (a string is a code cell). */
export function notebookText(cells: readonly (string | CellSpec)[], spec: NotebookSpec = {}): string {
  const nb = {
    cells: cells.map((c) => {
      const cell: CellSpec = typeof c === 'string' ? { source: c } : c;
      const type = cell.type ?? 'code';
      return {
        cell_type: type,
        ...(type === 'code' ? { execution_count: null } : {}),
        metadata: cell.metadata ?? {},
        ...(type === 'code' ? { outputs: cell.outputs ?? [] } : {}),
        source: spec.sources === 'string' ? cell.source : sourceLines(cell.source),
      };
    }),
    metadata: {
      kernelspec: { display_name: 'Python 3', language: spec.language ?? 'python', name: 'python3' },
      language_info: { name: spec.language ?? 'python' },
    },
    nbformat: spec.nbformat ?? 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(nb, null, 1)}\n`;
}
