/**
 * Entry point of the lineage graph webview (bundled to dist/webview/main.js, with styles.css to main.css and
 * the layout worker inlined). Glue only: it receives the host's messages, validates responses with the model,
 * hands them to the view, posts the view's requests to the host, and saves the view state with `setState` so
 * that a reload puts the user back where they were.
 */
import './styles.css';
import type { GraphWebviewState, HostToWebviewMessage, WebviewToHostMessage } from '../../protocol/webview';
import { parseLineageResponse, parseLineageResponseInSlices } from './graph/model';
import { debugHooks } from './debug-hooks';
import { GraphView } from './graph-view';
import type { ViewState } from './view-state';
import { nextTask } from './tasks';

/** The API VS Code injects into webviews. */
interface VsCodeApi {
  postMessage(message: WebviewToHostMessage): void;
  getState(): unknown;
  setState(state: GraphWebviewState): void;
}

declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

/** The real API inside VS Code; outside it (a page opened directly) an in-memory stand-in. */
function vscodeApi(): VsCodeApi {
  if (typeof acquireVsCodeApi === 'function') return acquireVsCodeApi();
  let state: unknown;
  return {
    postMessage: () => undefined,
    getState: () => state,
    setState: (s) => {
      state = s;
    },
  };
}

function savedState(api: VsCodeApi): GraphWebviewState {
  const s = api.getState();
  return typeof s === 'object' && s !== null ? (s as GraphWebviewState) : {};
}

const HOST_MESSAGES = new Set(['showGraph', 'notice', 'error', 'expandResult', 'requestExport']);

function isHostMessage(data: unknown): data is HostToWebviewMessage {
  if (typeof data !== 'object' || data === null) return false;
  const type = (data as { type?: unknown }).type;
  return typeof type === 'string' && HOST_MESSAGES.has(type);
}

const api = vscodeApi();
let state = savedState(api);
const view = new GraphView(document.getElementById('app') ?? document.body, {
  saveState: (viewState: ViewState) => {
    state = { source: state.source, title: state.title, ...viewState };
    api.setState(state);
  },
  post: (message) => api.postMessage(message),
});

/**
 * Handles one host message. Parsing a large response is its own task (the message's own task already paid
 * for copying it in), so that neither blocks the page for long; messages are handled in order.
 */
async function handle(message: HostToWebviewMessage): Promise<void> {
  switch (message.type) {
    case 'showGraph': {
      // A saved view belongs to the source it was saved for; another source starts fresh.
      const restore = state.source === message.source && state.transform !== undefined ? state : undefined;
      state = { ...(restore ?? {}), source: message.source, title: message.title };
      api.setState(state);
      view.setTitle(message.title);
      await nextTask();
      const parsed = await parseLineageResponseInSlices(message.graph, nextTask);
      await nextTask();
      if (parsed.ok) {
        view.showGraph(parsed.model, message.title, {
          restore: restore && { ...restore },
          focus: message.focus,
          depth: message.depth,
          direction: message.direction,
          mode: message.mode,
          variant: message.variant,
          notices: Array.isArray(message.notices) ? message.notices : [],
        });
      } else view.showError(parsed.error, 'response');
      break;
    }
    case 'notice':
      view.setTitle(message.heading);
      view.showNotice(message.heading, message.paragraphs, message.actions);
      break;
    case 'error':
      view.showError(message.message, 'host');
      break;
    case 'expandResult': {
      if (message.graph === undefined) {
        view.expandResult(message.nodeId, message.direction, undefined, message.message);
        break;
      }
      const parsed = parseLineageResponse(message.graph);
      view.expandResult(
        message.nodeId,
        message.direction,
        parsed.ok ? parsed.model : undefined,
        parsed.ok ? message.message : `The lineage received is not usable: ${parsed.error}`,
      );
      break;
    }
    case 'requestExport':
      view.exportGraph(message.format);
      break;
  }
}

let queue = Promise.resolve();
window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isHostMessage(message)) return;
  queue = queue.then(() => handle(message)).catch((e: unknown) => view.showError(e instanceof Error ? e.message : String(e), 'host'));
});

// Read-only access for the browser tests and the benchmark (what canvas-drawn nodes are where).
(window as unknown as { __lineageLens: unknown }).__lineageLens = debugHooks(view);

api.postMessage({ type: 'ready' });
