/**
 * How requests reach a lineage endpoint: one HTTP transport under the API methods (./client.ts). No `vscode`
 * import, so it runs and is tested in plain Node.
 *
 * What it guarantees:
 * - Every path segment and query value is URL-encoded (namespaces such as `postgres://db:5432` contain `:`
 *   and `/`, node ids contain `:` and `#`).
 * - Every request has a deadline (`timeoutMs`) and can be cancelled with an `AbortSignal`; a body larger
 *   than `maxResponseBytes` is cut off while it streams in, and JSON nested deeper than {@link MAX_JSON_DEPTH}
 *   is refused before it is parsed.
 * - Reads (GET) are retried once after a network error or a 5xx; writes (POST) never are.
 * - The API key goes out as `Authorization: Bearer` only to the configured origin: redirects are followed by
 *   hand, within that origin only; a redirect to another origin is an error, not a request.
 * - Every failure is an {@link EndpointError} (./errors.ts says which kind and what the user is told).
 */
import { jsonDepthExceeds } from '../../../common/json-depth';
import { normalizeEndpointUrl } from './config';
import {
  cancelledError,
  EndpointError,
  networkError,
  notJsonError,
  redirectError,
  statusError,
  timeoutError,
  tooDeepError,
  tooLargeError,
  webPageError,
  type FailedRequest,
} from './errors';
import { isObject } from './normalize';

/** How to reach the endpoint. */
export interface TransportOptions {
  /** The API root, e.g. `http://localhost:5000` (a trailing `/api/v1` is dropped); see {@link normalizeEndpointUrl}. */
  baseUrl: string;
  /** Reads the API key when a request goes out; without one (or when it gives undefined) no key is sent. */
  apiKey?: () => Promise<string | undefined>;
  /** The fetch implementation; the global one by default. */
  fetch?: typeof fetch;
  /** Deadline of each request, redirects and body included. Default 30 s. */
  timeoutMs?: number;
  /** Largest accepted response body. Default 20 MiB. */
  maxResponseBytes?: number;
  /** Pause before the one retry of a read. Default 250 ms. */
  retryDelayMs?: number;
  /** The `User-Agent` header, so that the endpoint's logs can tell the requests apart. Default `lineage-lens`. */
  userAgent?: string;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;
/** Deepest JSON nesting read from an endpoint or a lineage file. */
export const MAX_JSON_DEPTH = 1000;
const MAX_REDIRECTS = 5;
/** Error bodies are read only this far: enough for a message, never a reason to fail. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Query parameters; undefined ones are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** One request of the API. */
export interface RequestSpec {
  method: 'GET' | 'POST';
  /** Path segments after `/api/v1`, each encoded here. */
  segments: readonly string[];
  query?: Query;
  body?: unknown;
  /** What was asked for, for not-found messages ("job airflow-prod/orders.load"). */
  what: string;
  signal?: AbortSignal;
}

/** Sends requests to one endpoint. Calls resolve with the answer or reject with an {@link EndpointError}. */
export class Transport {
  /** The normalised API root (no trailing slash). */
  readonly baseUrl: string;
  /** The only origin that receives the API key. */
  readonly origin: string;
  private readonly apiKey?: () => Promise<string | undefined>;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly retryDelayMs: number;
  private readonly userAgent: string;

  constructor(options: TransportOptions) {
    const normalized = normalizeEndpointUrl(options.baseUrl);
    if (!normalized.ok) throw new TypeError(`Invalid endpoint URL: ${normalized.message}`);
    this.baseUrl = normalized.url;
    this.origin = normalized.origin;
    this.apiKey = options.apiKey;
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.retryDelayMs = options.retryDelayMs ?? 250;
    this.userAgent = options.userAgent ?? 'lineage-lens';
  }

  /** The full URL of an API path (segments encoded), e.g. for messages and logs. */
  urlOf(segments: readonly string[], query?: Query): string {
    const path = segments.map((s) => encodeURIComponent(s)).join('/');
    const params = Object.entries(query ?? {})
      .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    return `${this.baseUrl}/api/v1/${path}${params ? `?${params}` : ''}`;
  }

  /**
   * Sends a request: GET resolves with the parsed JSON body, POST with the status. Reads are retried once
   * after a network error or a 5xx, as a restarting server or a dropped keep-alive connection gives them.
   */
  async send(spec: RequestSpec & { method: 'GET' }): Promise<unknown>;
  async send(spec: RequestSpec & { method: 'POST' }): Promise<number>;
  async send(spec: RequestSpec): Promise<unknown> {
    const attempts = spec.method === 'GET' ? 2 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(spec);
      } catch (error) {
        const retryable =
          error instanceof EndpointError && (error.kind === 'unreachable' || (error.kind === 'http' && (error.status ?? 0) >= 500));
        if (!retryable || attempt >= attempts || spec.signal?.aborted) throw error;
        await this.pause(spec);
      }
    }
  }

  /** The request as its failure messages name it, at `url` (the current hop). */
  private failed(spec: RequestSpec, url: string): FailedRequest {
    return { method: spec.method, url, origin: this.origin, what: spec.what };
  }

  private pause(spec: RequestSpec): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(cancelledError(this.failed(spec, this.urlOf(spec.segments, spec.query))));
      };
      const timer = setTimeout(() => {
        spec.signal?.removeEventListener('abort', onAbort);
        resolve();
      }, this.retryDelayMs);
      spec.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** One try: the request, same-origin redirects, the body. The deadline covers all of it. */
  private async attempt(spec: RequestSpec): Promise<unknown> {
    const initialUrl = this.urlOf(spec.segments, spec.query);
    if (spec.signal?.aborted) throw cancelledError(this.failed(spec, initialUrl));
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onAbort = () => controller.abort();
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    let url = initialUrl;
    try {
      const key = await this.apiKey?.();
      const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
      for (let redirects = 0; ; redirects++) {
        const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': this.userAgent };
        if (body !== undefined) headers['Content-Type'] = 'application/json';
        // Checked on every hop, although only same-origin hops get here: the key never leaves its origin.
        const keySent = Boolean(key) && new URL(url).origin === this.origin;
        if (keySent) headers.Authorization = `Bearer ${key}`;
        const response = await this.fetchImpl(url, { method: spec.method, headers, body, redirect: 'manual', signal: controller.signal });
        if (!REDIRECT_STATUSES.has(response.status)) return await this.handle(spec, url, response, keySent, controller.signal);
        await response.body?.cancel().catch(() => undefined);
        url = this.redirectTarget(spec, url, response, redirects);
      }
    } catch (error) {
      if (error instanceof EndpointError) throw error;
      if (timedOut) throw timeoutError(this.failed(spec, url), this.timeoutMs, error);
      if (spec.signal?.aborted) throw cancelledError(this.failed(spec, url));
      throw networkError(this.failed(spec, url), error);
    } finally {
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The next URL of a redirect the client may follow, or a `redirect` error saying why not. */
  private redirectTarget(spec: RequestSpec, url: string, response: Response, redirects: number): string {
    const location = response.headers.get('location') ?? undefined;
    const refuse = (refusal: Parameters<typeof redirectError>[2]) =>
      redirectError(this.failed(spec, url), response.status, refusal, location);
    if (!location) throw refuse({ why: 'no-location' });
    let target: URL;
    try {
      target = new URL(location, url);
    } catch {
      throw refuse({ why: 'not-a-url', location });
    }
    if (target.origin !== this.origin) throw refuse({ why: 'other-origin', target });
    if (redirects + 1 > MAX_REDIRECTS)
      throw refuse({ why: 'too-many', target, first: this.urlOf(spec.segments, spec.query), max: MAX_REDIRECTS });
    if (spec.method !== 'GET' && response.status !== 307 && response.status !== 308) throw refuse({ why: 'method', target });
    return target.href;
  }

  /** The result of a non-redirect response, or the error its status means. */
  private async handle(spec: RequestSpec, url: string, response: Response, keySent: boolean, signal: AbortSignal): Promise<unknown> {
    if (response.ok) {
      if (spec.method === 'POST') {
        await response.body?.cancel().catch(() => undefined);
        return response.status;
      }
      const bytes = await this.readBody(response, this.maxResponseBytes, spec, url, signal);
      return this.parseJson(spec, url, response, bytes);
    }
    const errorBody = await this.readBody(response, MAX_ERROR_BODY_BYTES, spec, url, signal, true);
    throw statusError(this.failed(spec, url), response, describeErrorBody(response, errorBody), keySent);
  }

  /**
   * The body's bytes, counted as they stream in; beyond `limit` the download is aborted and the call fails
   * with `too-large` (or, with `truncate`, the bytes so far are returned: error bodies only feed messages).
   */
  private async readBody(
    response: Response,
    limit: number,
    spec: RequestSpec,
    url: string,
    signal: AbortSignal,
    truncate = false,
  ): Promise<Uint8Array> {
    const tooLarge = (declared?: number) => tooLargeError(this.failed(spec, url), response.status, limit, declared);
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (!truncate && Number.isFinite(declared) && declared > limit) {
      await response.body?.cancel().catch(() => undefined);
      throw tooLarge(declared);
    }
    if (!response.body) return new Uint8Array(await response.arrayBuffer());
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for (;;) {
        if (signal.aborted) throw signal.reason ?? new Error('aborted');
        const { done, value } = await reader.read();
        if (done) break;
        if (total + value.byteLength > limit) {
          await reader.cancel().catch(() => undefined);
          if (truncate) {
            chunks.push(value.subarray(0, limit - total));
            total = limit;
            break;
          }
          throw tooLarge();
        }
        chunks.push(value);
        total += value.byteLength;
      }
    } finally {
      reader.releaseLock();
    }
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return bytes;
  }

  private parseJson(spec: RequestSpec, url: string, response: Response, bytes: Uint8Array): unknown {
    const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
    const type = response.headers.get('content-type') ?? '';
    const request = this.failed(spec, url);
    if (/html/i.test(type) || /^\s*</.test(text)) throw webPageError(request, response.status, type);
    // JSON.parse takes seconds on millions of levels, blocking the extension host; no lineage answer nests so deep.
    if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) throw tooDeepError(request, response.status, MAX_JSON_DEPTH);
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw notJsonError(request, response.status, type, text, error);
    }
  }
}

/** The endpoint's own explanation in an error body: the `message` (or `error`) of JSON, or the start of plain text. */
function describeErrorBody(response: Response, bytes: Uint8Array): { serverMessage?: string; json: boolean } {
  const text = new TextDecoder('utf-8').decode(bytes).trim();
  if (text === '') return { json: false };
  try {
    const body = JSON.parse(text) as unknown;
    if (isObject(body)) {
      const message = typeof body.message === 'string' ? body.message : typeof body.error === 'string' ? body.error : undefined;
      return { serverMessage: message ? oneLine(message) : undefined, json: true };
    }
    return { json: true };
  } catch {
    // An HTML page's text says nothing useful in a notification.
    if (/html/i.test(response.headers.get('content-type') ?? '') || text.startsWith('<')) return { json: false };
    return { serverMessage: oneLine(text), json: false };
  }
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
