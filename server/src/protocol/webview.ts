/**
 * Messages between the extension host and the lineage graph webview. Both sides import this module type-only,
 * so it must stay free of runtime code: types only.
 */

/** One edge as Marquez writes it in a node's `inEdges` / `outEdges`: two node ids. */
export interface MarquezEdge {
  origin: string;
  destination: string;
}

/** The node types of `GET /api/v1/lineage` (and `DATASET_FIELD` from `GET /api/v1/column-lineage`). */
export type MarquezNodeType = 'DATASET' | 'JOB' | 'DATASET_FIELD' | 'RUN';

/**
 * One node of a Marquez lineage response. `id` is a Marquez nodeId (`dataset:<namespace>:<name>`,
 * `job:<namespace>:<name>`, `datasetField:<namespace>:<name>:<field>`, `run:<uuid>`); `data` is the
 * DatasetData / JobData / column-lineage data of the node.
 */
export interface MarquezNode {
  id: string;
  type: MarquezNodeType;
  data?: Record<string, unknown> | null;
  inEdges?: MarquezEdge[];
  outEdges?: MarquezEdge[];
}

/** The body of `GET /api/v1/lineage` (and of `GET /api/v1/column-lineage`). */
export interface LineageGraphResponse {
  graph: MarquezNode[];
}

/** Host → webview: draw a lineage response. */
export interface ShowGraphMessage {
  type: 'showGraph';
  /**
   * The parsed JSON of a saved lineage response, exactly as read from the file. It is untrusted and
   * unchecked: it should have the shape of {@link LineageGraphResponse}, and the webview's model validates it
   * and shows an error state when it does not.
   */
  graph: unknown;
  /** What the panel shows the graph as, usually the file name. */
  title: string;
  /** The file the graph comes from (a URI string); kept in the webview state so the panel can be restored. */
  source: string;
  /** A nodeId to select when there is no saved selection. */
  focus?: string;
}

/** Host → webview: there is nothing to draw; show this message instead of the graph. */
export interface ErrorMessage {
  type: 'error';
  message: string;
}

export type HostToWebviewMessage = ShowGraphMessage | ErrorMessage;

/** Webview → host: the script has loaded and listens; the host answers with `showGraph` or `error`. */
export interface ReadyMessage {
  type: 'ready';
}

export type WebviewToHostMessage = ReadyMessage;

/** A d3-zoom transform: translate (`x`, `y`) then scale `k`. */
export interface ViewTransform {
  x: number;
  y: number;
  k: number;
}

/**
 * What the webview saves with `vscode.setState` and VS Code hands back to the `WebviewPanelSerializer` after a
 * reload: enough to re-read the file and put the view back where the user left it.
 */
export interface GraphWebviewState {
  source?: string;
  title?: string;
  transform?: ViewTransform;
  selected?: string;
}
