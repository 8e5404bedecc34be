/**
 * The layout web worker: lays out one graph per message, off the webview's main thread, and answers with the
 * layout's typed arrays as transferables (no copy). Bundled on its own and inlined into main.js as a string
 * (see scripts/build.mjs); main.js starts it from a blob URL, which VS Code webviews allow (`worker-src blob:`)
 * where a worker script URL on the resource origin is refused.
 */
import { layoutIndexed } from './graph/layout';
import type { LayoutRequest, LayoutResponse } from './graph/layout-protocol';

interface WorkerScope {
  onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null;
  postMessage(message: LayoutResponse, transfer: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const { id, width, height, source, target, options } = event.data;
  const started = performance.now();
  try {
    const layout = layoutIndexed({ width, height, source, target }, options);
    const ms = performance.now() - started;
    scope.postMessage({ id, layout, ms }, [
      layout.x.buffer,
      layout.y.buffer,
      layout.layer.buffer,
      layout.order.buffer,
      layout.kept.buffer,
      layout.reversed.buffer,
      layout.routeStart.buffer,
      layout.routeXY.buffer,
    ]);
  } catch (e) {
    scope.postMessage({ id, error: e instanceof Error ? e.message : String(e), ms: performance.now() - started }, []);
  }
};
