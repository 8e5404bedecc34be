/**
 * Entry point of the lineage graph webview (bundled to dist/webview/main.js, with styles.css to main.css).
 * Glue only: it receives the host's messages, validates the response with the model, hands the result to the
 * view, and saves the view state with `setState` so that a reload puts the user back where they were.
 */
import './styles.css';
import type { GraphWebviewState, HostToWebviewMessage, WebviewToHostMessage } from '../../server/src/protocol/webview';
import { parseLineageResponse } from './graph/model';
import { GraphView } from './render';

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

function isHostMessage(data: unknown): data is HostToWebviewMessage {
  if (typeof data !== 'object' || data === null) return false;
  const type = (data as { type?: unknown }).type;
  return type === 'showGraph' || type === 'error';
}

const api = vscodeApi();
let state = savedState(api);
const view = new GraphView(document.getElementById('app') ?? document.body, (viewState) => {
  state = { ...state, ...viewState };
  api.setState(state);
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isHostMessage(message)) return;
  switch (message.type) {
    case 'showGraph': {
      // A saved view belongs to the file it was saved for; another file starts fresh.
      const restore = state.source === message.source ? state : {};
      state = { source: message.source, title: message.title, transform: restore.transform, selected: restore.selected };
      api.setState(state);
      view.setTitle(message.title);
      const parsed = parseLineageResponse(message.graph);
      if (parsed.ok) view.showGraph(parsed.model, message.title, { transform: restore.transform, selected: restore.selected, focus: message.focus });
      else view.showError(parsed.error, 'response');
      break;
    }
    case 'error':
      view.showError(message.message, 'host');
      break;
  }
});

api.postMessage({ type: 'ready' });
