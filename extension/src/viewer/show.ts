/**
 * How the viewer hands a graph to whatever draws it. The viewer's commands fetch lineage (from the endpoint
 * or the language server) and call a {@link ShowGraph} they were given; extension.ts wires it to the graph
 * panel. Types only.
 */

/** How to show a graph. */
export interface ShowGraphOptions {
  /** What the graph is shown as: the focused node's name, or the DAG file's name. */
  title: string;
  /** The node id to select and explore around; without it the whole graph is shown. */
  focus?: string;
  /**
   * Where the graph comes from, as a URI string: the endpoint request's URL (`…/api/v1/lineage?nodeId=…&depth=…`,
   * `…/api/v1/column-lineage?…`) or the DAG file's URI for lineage read from code.
   */
  source?: string;
  /** `column` for a `GET /column-lineage` response (DATASET_FIELD nodes); `table` (the default) otherwise. */
  mode?: 'table' | 'column';
  /** Lines shown above the graph: what may be missing from it. */
  notices?: string[];
}

/**
 * Shows a lineage graph: `graph` is a lineage response in Marquez's shape (`{"graph": [...]}`), untrusted and
 * unchecked (the webview's model validates it).
 */
export type ShowGraph = (graph: unknown, options: ShowGraphOptions) => Promise<void>;
