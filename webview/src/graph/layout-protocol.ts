/** Messages between the webview and its layout worker (typed arrays travel as transferables). */
import type { IndexedLayout, LayoutOptions } from './layout';

export interface LayoutRequest {
  id: number;
  width: Float64Array;
  height: Float64Array;
  source: Int32Array;
  target: Int32Array;
  options: LayoutOptions;
}

export interface LayoutResponse {
  id: number;
  layout?: IndexedLayout;
  error?: string;
  /** Compute time in the worker. */
  ms: number;
}
