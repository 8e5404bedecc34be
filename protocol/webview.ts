/**
 * Messages between the extension host and the lineage graph webview. Both sides import this module type-only,
 * so it must stay free of runtime code: types only.
 *
 * The conversation:
 * 1. The webview loads and posts `ready` (again after every reload).
 * 2. The host answers `showGraph` (or `error` when there is nothing to draw).
 * 3. While the user explores, the webview may post `expand` (lineage beyond what it holds), `openSource`
 *    (a job's source code location) and `export` (the drawn graph as a file); the host answers `expand` with
 *    `expandResult`, and starts an export itself with `requestExport` (the "Export Lineage Graph" command).
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
 * DatasetData / JobData / column-lineage data of the node. The viewer also reads OpenLineage facets from
 * `data.facets` (and a job's `data.latestRun.facets`) when the source of the graph adds them.
 */
export interface MarquezNode {
  id: string;
  type: MarquezNodeType;
  data?: Record<string, unknown> | null;
  inEdges?: MarquezEdge[];
  outEdges?: MarquezEdge[];
}

/** Where a node of the DAG Lineage view was found: only in the code, only at runtime (the endpoint), or both. */
export type Presence = 'code' | 'runtime' | 'both';

/**
 * The DAG Lineage view's mark on a node, in its `data` under `lineageLens` (see {@link PresenceMarkedData}):
 * set by the extension host when it merges the code's lineage with the runtime's, read by the webview's
 * details panel and tooltips (which still check it, as all of `data`).
 */
export interface PresenceMark {
  presence: Presence;
  /** One sentence for the details panel and the tooltip: what the mark means for this node. */
  detail: string;
  /** For a dataset only in the code: runtime datasets of the same DAG whose names are closest, best first. */
  nearest?: string[];
}

/** A node's `data` as the DAG Lineage view sends it: Marquez's fields, plus the presence mark when there is one. */
export interface PresenceMarkedData extends Record<string, unknown> {
  lineageLens?: PresenceMark;
}

/**
 * An open issue on a node, as the Issues view lists it: the failed data-quality assertions of a dataset (from
 * the newest run that checked it), or a job's failed newest run. Set by the extension host in the node's
 * `data` under `lineageLensIssue` (see {@link IssueMarkedData}) on every graph it shows; the webview marks
 * the node (a badge with `!`, its tooltip and accessible name) and opens its details on the issue.
 */
export interface IssueMark {
  kind: 'failed-assertions' | 'failed-run';
  /** One line: `1 of 2 assertions failed`, `Latest run failed`. */
  summary: string;
  /** The failed assertions (failed-assertions), as the facet gives them. */
  failed?: { assertion: string; column?: string; expected?: string; actual?: string; severity?: string; description?: string }[];
  /** The run that reported it: its id, state, job, and when it ended (ISO-8601). */
  run: { id: string; state: string; job: string; jobNamespace: string; at?: string };
  /** The run's error message (failed-run). */
  message?: string;
}

/** A node's `data` with an issue mark. */
export interface IssueMarkedData extends Record<string, unknown> {
  lineageLensIssue?: IssueMark;
}

/** The body of `GET /api/v1/lineage` (and of `GET /api/v1/column-lineage`). */
export interface LineageGraphResponse {
  graph: MarquezNode[];
}

/** Which way lineage is followed from a node: what feeds it, what it feeds, or both. */
export type LineageDirection = 'upstream' | 'downstream' | 'both';

/** Table-level lineage (jobs and datasets) or column-level lineage (dataset fields). */
export type GraphMode = 'table' | 'column';

/** The file formats the graph can be exported to. */
export type ExportFormat = 'svg' | 'png' | 'json';

/** Host → webview: draw a lineage response. */
export interface ShowGraphMessage {
  type: 'showGraph';
  /**
   * The parsed JSON of a lineage response, exactly as read from the file or the server. It is untrusted and
   * unchecked: it should have the shape of {@link LineageGraphResponse}, and the webview's model validates it
   * and shows an error state when it does not.
   */
  graph: unknown;
  /** What the panel shows the graph as, usually the file name. */
  title: string;
  /** Where the graph comes from (a URI string); kept in the webview state so the panel can be restored. */
  source: string;
  /**
   * A nodeId to explore around: it is selected, and only the nodes at most `depth` edges away are shown, with
   * per-node expansion. Without it the whole response is shown. A saved view of the same source wins.
   */
  focus?: string;
  /** How many edges from `focus` to show (default 2: the next jobs and their datasets). */
  depth?: number;
  /** Which side of `focus` to show (default `both`). */
  direction?: LineageDirection;
  /**
   * `column` starts in column-level lineage: the DATASET_FIELD nodes of a `GET /api/v1/column-lineage`
   * response, or the fields linked by the datasets' `columnLineage` facets. Default `table`.
   */
  mode?: GraphMode;
  /**
   * `side`: the DAG Lineage view beside the code, where a click on a job opens its definition and a click on
   * a dataset expands its lineage. `panel` (the default): a graph tab, where a click selects.
   */
  variant?: GraphVariant;
  /** Lines shown above the graph until the next `showGraph`: where the graph comes from, what is missing. */
  notices?: HostNotice[];
}

/** Where the graph is shown: a graph tab, or the DAG Lineage view in the side bar. */
export type GraphVariant = 'panel' | 'side';

/** A button that runs one of the extension's commands (the host runs only commands it offers). */
export interface HostAction {
  label: string;
  command: string;
}

/** A line of text from the host, with buttons. */
export interface HostNotice {
  text: string;
  actions?: HostAction[];
}

/**
 * Host → webview: there is no graph to show, and that is expected (no DAG in the active file, no file open):
 * show this heading and text, with buttons, instead of the graph.
 */
export interface NoticeMessage {
  type: 'notice';
  heading: string;
  paragraphs: string[];
  actions?: HostAction[];
}

/** Host → webview: there is nothing to draw; show this message instead of the graph. */
export interface ErrorMessage {
  type: 'error';
  message: string;
}

/**
 * Host → webview: the answer to an `expand` request. `graph` is a lineage response (same shape as
 * `showGraph.graph`) that the webview merges into what it shows; without it, `message` says why there is
 * nothing more (for a saved file, the file holds all there is). With `graph`, `message` is a note shown after
 * what was added (e.g. that some data was cut so that it can be drawn).
 */
export interface ExpandResultMessage {
  type: 'expandResult';
  nodeId: string;
  direction: ExpandDirection;
  graph?: unknown;
  message?: string;
}

/** Host → webview: build an export of the drawn graph and send it back with an `export` message. */
export interface RequestExportMessage {
  type: 'requestExport';
  format: ExportFormat;
}

export type HostToWebviewMessage = ShowGraphMessage | NoticeMessage | ErrorMessage | ExpandResultMessage | RequestExportMessage;

/** Webview → host: the script has loaded and listens; the host answers with `showGraph` or `error`. */
export interface ReadyMessage {
  type: 'ready';
}

/**
 * Webview → host: the drawn graph as a file, for the host to save (save dialog, then `workspace.fs`).
 * `svg` and `json` are UTF-8 text; `png` is base64 (no `data:` prefix). `fileName` is a suggestion without
 * directory.
 */
export interface ExportMessage {
  type: 'export';
  format: ExportFormat;
  data: string;
  encoding: 'utf8' | 'base64';
  fileName: string;
}

/**
 * Webview → host: open a job's source code location (from its `sourceCodeLocation` facet or JobData
 * `location`). `uri` is untrusted: the host opens only http(s) links (externally, which VS Code confirms) and
 * files inside the workspace; `range` is 0-based and optional.
 */
export interface OpenSourceMessage {
  type: 'openSource';
  uri: string;
  range?: { startLine: number; startCharacter?: number; endLine?: number; endCharacter?: number };
}

/**
 * Webview → host: the user asked for more lineage of `nodeId` than the webview holds (its edges lead outside
 * the response). The host fetches it (e.g. `GET /api/v1/lineage?nodeId=…&depth=…`) and answers
 * `expandResult`.
 */
export interface ExpandMessage {
  type: 'expand';
  nodeId: string;
  direction: ExpandDirection;
}

/** Which side of a node to expand: `both` when the DAG Lineage view expands a clicked dataset. */
export type ExpandDirection = 'upstream' | 'downstream' | 'both';

/** Webview → host: the user pressed a {@link HostAction}'s button; the host runs `command` if it offered it. */
export interface CommandMessage {
  type: 'command';
  command: string;
}

/**
 * Webview → host: what the page now shows, after each graph's first frame and each message shown instead of
 * a graph. Lets the host (and its tests) know the webview really drew what it was sent.
 */
export interface DrawnMessage {
  type: 'drawn';
  state: 'graph' | 'empty' | 'error';
  /** Nodes drawn (0 for a message), and of those, nodes marked as found only in the code / only at runtime. */
  nodes: number;
  onlyInCode: number;
  onlyAtRuntime: number;
  /** The graph's title, or the message's heading. */
  title: string;
}

export type WebviewToHostMessage = ReadyMessage | ExportMessage | OpenSourceMessage | ExpandMessage | CommandMessage | DrawnMessage;

/** A d3-zoom transform: translate (`x`, `y`) then scale `k`. */
export interface ViewTransform {
  x: number;
  y: number;
  k: number;
}

/**
 * What the webview saves with `vscode.setState` and VS Code hands back to the `WebviewPanelSerializer` after a
 * reload: enough to re-read the source and put the view back where the user left it.
 */
export interface GraphWebviewState {
  source?: string;
  title?: string;
  transform?: ViewTransform;
  selected?: string;
  /** The node explored around; absent when the whole response is shown. */
  focus?: string;
  depth?: number;
  direction?: LineageDirection;
  mode?: GraphMode;
  /** The search box's text. */
  search?: string;
  /** Layout frozen: expanding adds nodes without moving the others. */
  frozen?: boolean;
  /** Per-node expansions, as `upstream:<nodeId>` / `downstream:<nodeId>`. */
  expanded?: string[];
  /** Wide fan-outs shown in full instead of "N more", as `upstream:<nodeId>` / `downstream:<nodeId>`. */
  openGroups?: string[];
}
