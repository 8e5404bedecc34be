/**
 * Runs layouts in the layout worker. The worker is started once from a blob URL holding its bundled source,
 * since a webview may not start a worker from its resource origin. If the worker cannot start (a stricter
 * Content Security Policy, an old runtime), layouts run on the main thread instead and `mode` says so.
 */
import workerSource from 'worker-source:layout';
import { layoutIndexed, type IndexedLayout, type LayoutOptions } from './graph/layout';
import type { LayoutRequest, LayoutResponse } from './graph/layout-protocol';

export interface LayoutJob {
  width: Float64Array;
  height: Float64Array;
  source: Int32Array;
  target: Int32Array;
}

export interface LayoutDone {
  layout: IndexedLayout;
  /** Compute time in the worker (or on the main thread). */
  computeMs: number;
  /** From the request to the result in hand, transfer included. */
  totalMs: number;
}

export class LayoutClient {
  private worker: Worker | undefined;
  private url: string | undefined;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (done: LayoutDone) => void; reject: (e: Error) => void; started: number; job: LayoutJob; options: LayoutOptions }
  >();
  mode: 'worker' | 'main-thread' = 'worker';

  constructor() {
    try {
      this.url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
      this.worker = new Worker(this.url, { name: 'lineage-layout' });
      this.worker.onmessage = (event: MessageEvent<LayoutResponse>) => this.receive(event.data);
      this.worker.onerror = (event) => {
        event.preventDefault();
        this.fallBack();
      };
    } catch {
      this.fallBack();
    }
  }

  /** Lays out `job`; resolves with the layout, or rejects with the layout's error. */
  layout(job: LayoutJob, options: LayoutOptions = {}): Promise<LayoutDone> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const started = performance.now();
      if (!this.worker) {
        // Main thread: still asynchronous, so callers behave the same.
        setTimeout(() => {
          try {
            const t = performance.now();
            const layout = layoutIndexed(job, options);
            const now = performance.now();
            resolve({ layout, computeMs: now - t, totalMs: now - started });
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        }, 0);
        return;
      }
      this.pending.set(id, { resolve, reject, started, job, options });
      // The job's arrays are copied (not transferred): the caller may lay out the same input again.
      const request: LayoutRequest = { id, ...job, options };
      this.worker.postMessage(request);
    });
  }

  dispose(): void {
    this.worker?.terminate();
    if (this.url) URL.revokeObjectURL(this.url);
  }

  private receive(response: LayoutResponse): void {
    const p = this.pending.get(response.id);
    if (!p) return;
    this.pending.delete(response.id);
    if (this.url) {
      // The worker has evidently loaded its script: the URL is no longer needed.
      URL.revokeObjectURL(this.url);
      this.url = undefined;
    }
    if (response.layout) p.resolve({ layout: response.layout, computeMs: response.ms, totalMs: performance.now() - p.started });
    else p.reject(new Error(response.error ?? 'the layout worker failed'));
  }

  private fallBack(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.mode = 'main-thread';
    // Whatever was waiting for the worker is laid out here instead.
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) this.layout(p.job, p.options).then(p.resolve, p.reject);
  }
}
