/**
 * The HTTP layer of the local endpoint (node:http only): authentication, methods, body limits, and the
 * ingest path `POST /api/v1/lineage` (parse → validate → store durably → 201 → apply to the model). The 201
 * goes out before the model is updated, in the same tick, so the client's next request already sees the
 * event. A body that is already one line (the usual case: producers send compact JSON) is stored as
 * received, without serialising the event again. Reads go to {@link ReadApi}. Everything a client sends is untrusted: bodies are capped while they stream in, path
 * segments are decoded defensively, and every failure is a JSON answer, never a crash.
 *
 * Requests from browsers: a web page can make a browser send requests to 127.0.0.1, and DNS rebinding can make
 * one send them under the page's own name. So the `Host` must name the endpoint itself (see {@link hostAllowed}),
 * a request with an `Origin` must come from the endpoint's own origin, and an event must be sent as
 * `application/json` (a page can send `text/plain` and form types without asking the server first; JSON types
 * need a CORS preflight, which this endpoint never grants). Clients that are not browsers send no `Origin`.
 *
 * | case                                              | answer                                          |
 * |---------------------------------------------------|-------------------------------------------------|
 * | accepted event                                    | 201, no body                                    |
 * | accepted event breaking only rules Marquez allows | 201; its deviations stored with it (./deviations.ts) |
 * | not JSON, nested > 64 levels, bad gzip/deflate    | 400 `{"code":400,"error":"…","field":""}`       |
 * | JSON, not a usable event (or, `--strict`, not     | 422 `{"code":422,"error":"…","field":"run.runId"}` |
 * |   spec-valid: every problem named)                |                                                 |
 * | body over the limit (declared, sent or decoded)   | 413 after reading the body away (./body.ts)     |
 * | (every refusal of a POST before its body is read, below, first reads the body away too)             |
 * | event not sent as `application/json`              | 415                                             |
 * | `Content-Encoding` not gzip, deflate or identity  | 415                                             |
 * | `Host` not the endpoint's own                     | 421                                             |
 * | `Origin` not the endpoint's own                   | 403                                             |
 * | method the path does not allow                    | 405 with `Allow`                                |
 * | `apiKey` set, bearer missing or different         | 401 with `WWW-Authenticate: Bearer`             |
 * | `readApiKey` set, a read or a tag/namespace/source write without it (or apiKey) | 401 with `WWW-Authenticate: Bearer` |
 * | unknown path / job / dataset / run / node         | 404 `{"code":404,"message":"…"}`                |
 * | an answer too large to send                       | 400 saying to ask for less                      |
 * | the store cannot write                            | 503                                             |
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { jsonDepthExceeds } from '../../../common/json-depth';
import { MAX_JSON_DEPTH, tooDeepMessage } from './json';
import { allowedMethods, errorAnswer, UNKNOWN_PATH, type Answer, type ReadApi } from './api';
import { DEFAULT_MAX_BODY_BYTES, discardBody, drainCap, readBody } from './body';
import { DEVIATIONS_KEY, deviantEvent, withDeviations, type DeviantEvent } from './deviations';
import { parseEventTime, unusableEvent, type StoredLineage } from './model';
import type { EventValidator } from './schema';
import type { EventStore, LinePlace } from './store';

export { DEFAULT_MAX_BODY_BYTES } from './body';

export interface HandlerContext {
  readonly model: StoredLineage;
  readonly store: EventStore;
  readonly validator: EventValidator;
  readonly api: ReadApi;
  /** When set, every `/api/v1` request needs `Authorization: Bearer <apiKey>`. */
  readonly apiKey?: string;
  /**
   * When set, every request under `/api/v1` but posting events (reads, and the writes of tags, namespaces and
   * sources) needs `Authorization: Bearer <readApiKey>` (or the `apiKey`); posting events does not need it.
   */
  readonly readApiKey?: string;
  /** The address the server is bound to (its `host` option and actual port), for the `Host` check; unset: no check. */
  readonly bound?: { readonly host: string; readonly port: number };
  readonly maxBodyBytes: number;
  /** Refuse (422) every event that is not spec-valid, instead of accepting what Marquez accepts. */
  readonly strict?: boolean;
  log(message: string): void;
  /** Called after each accepted event is stored and applied; with its summary when it is not spec-valid. */
  onAccepted(deviant?: DeviantEvent): void;
}

/** A request's path split into decoded segments, or undefined when a segment is not valid percent-encoding. */
export function decodeSegments(pathname: string): string[] | undefined {
  const segments: string[] = [];
  for (const raw of pathname.split('/')) {
    if (raw === '') continue;
    try {
      segments.push(decodeURIComponent(raw));
    } catch {
      return undefined;
    }
  }
  return segments;
}

/** Compares the bearer token with the key in constant time (both hashed, so lengths do not leak either). */
export function bearerMatches(header: string | undefined, apiKey: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  const token = match ? match[1]!.trim() : '';
  const a = createHash('sha256').update(token).digest();
  const b = createHash('sha256').update(apiKey).digest();
  return timingSafeEqual(a, b) && token.length > 0;
}

/**
 * Sends an answer; with `close`, the connection closes after it. A request body not read yet (a request refused
 * before its body: 401, 405, 415, ...) is first read away, up to {@link drainCap}, so that a client that sends
 * its whole body before reading gets the answer instead of a connection reset.
 */
function send(res: ServerResponse, answer: Answer, close = false): void {
  const req = res.req as IncomingMessage | undefined;
  if (!close || !req || req.complete || req.readableEnded) return write(res, answer, close);
  void discardBody(req, drainCap(DEFAULT_MAX_BODY_BYTES)).then((drained) => {
    write(res, answer, true);
    if (!drained) res.once('finish', () => req.destroy());
  });
}

/**
 * Writes an answer. Never throws: an answer that cannot be serialised (too large for one string, or nested too
 * deep) becomes a 400 saying to ask for less, and a response that cannot be written is dropped.
 */
function write(res: ServerResponse, answer: Answer, close = false): void {
  if (res.headersSent || res.destroyed) return;
  let body: string;
  let status = answer.status;
  let extra = answer.headers;
  try {
    body = answer.raw ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
  } catch (error) {
    const tooLarge = errorAnswer(
      400,
      `The answer is too large to send (${(error as Error).message}); ask for less: a smaller limit or depth.`,
    );
    body = JSON.stringify(tooLarge.body);
    status = tooLarge.status;
    extra = undefined;
  }
  try {
    const headers: Record<string, string | number> = {
      ...extra,
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    };
    if (body !== '') headers['Content-Type'] = 'application/json; charset=utf-8';
    if (close) headers.Connection = 'close';
    res.writeHead(status, headers);
    res.end(body);
  } catch {
    res.destroy();
  }
}

const WILDCARD = new Set(['', '0.0.0.0', '::', '::0', '0:0:0:0:0:0:0:0']);
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

/**
 * Whether a `Host` header names this endpoint: `localhost`, `127.0.0.1` or `[::1]`, or the bound address, on any
 * port. Bound to every interface (`0.0.0.0`, `::`), any IP address or this machine's name is the endpoint's own.
 * Any other name is refused: a browser that DNS rebinding pointed at this port sends the attacker's name. The
 * port is not checked: it adds nothing against rebinding (the name is what gives the attacker away), and a
 * reverse proxy on this machine that keeps its own `Host` (Marquez's web UI server forwards `localhost:3000`)
 * must get through. A request without `Host` (HTTP/1.0; HTTP/1.1 requires one) comes from no browser.
 */
export function hostAllowed(header: string | undefined, bound: { host: string; port: number }): boolean {
  if (header === undefined) return true;
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(header.trim());
  if (!m) return false;
  if (m[2] !== undefined && Number(m[2]) > 65535) return false;
  const name = m[1]!
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  const boundHost = bound.host
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  if (LOOPBACK_NAMES.has(name) || name === boundHost) return true;
  if (WILDCARD.has(boundHost)) return isIP(name) !== 0 || name === hostname().toLowerCase();
  return false;
}

/** Whether an `Origin` header is the endpoint's own origin: `http://` and the request's (allowed) `Host`. */
function originAllowed(origin: string, host: string | undefined): boolean {
  return host !== undefined && origin.toLowerCase() === `http://${host.trim().toLowerCase()}`;
}

/** Whether a Content-Type is JSON: `application/json` or `application/<anything>+json`, with any parameters. */
export function isJsonContentType(header: string | undefined): boolean {
  const type = (header ?? '').split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(type);
}

/** The request handler for `http.createServer`. */
export function createRequestHandler(ctx: HandlerContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(ctx, req, res).catch((error: unknown) => {
      ctx.log(`Internal error answering ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}`);
      send(res, errorAnswer(500, 'The lineage endpoint failed to answer; see its log.'));
    });
  };
}

async function handle(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const pathname = q === -1 ? target : target.slice(0, q);
  const query = new URLSearchParams(q === -1 ? '' : target.slice(q + 1));
  const segments = decodeSegments(pathname);
  if (!segments) return send(res, errorAnswer(400, 'The request path is not valid percent-encoding.'));
  const method = req.method ?? 'GET';
  const hasBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  const host = req.headers.host;
  if (ctx.bound && !hostAllowed(host, ctx.bound)) {
    return send(
      res,
      errorAnswer(
        421,
        `The Host header "${String(host).slice(0, 200)}" does not name this lineage endpoint; use http://127.0.0.1:${ctx.bound.port} or http://localhost:${ctx.bound.port}.`,
      ),
      hasBody,
    );
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !originAllowed(origin, host)) {
    return send(
      res,
      errorAnswer(
        403,
        `Requests from web pages of other origins (${origin.slice(0, 200)}) are refused: the lineage endpoint only answers programs on this machine and its own origin.`,
      ),
      hasBody,
    );
  }
  if (segments[0] !== 'api' || segments[1] !== 'v1') return send(res, UNKNOWN_PATH);
  const authorization = req.headers.authorization;
  const ingestPath = segments.length === 3 && segments[2] === 'lineage';
  const keys = [ctx.apiKey, method === 'POST' && ingestPath ? undefined : ctx.readApiKey].filter((k): k is string => k !== undefined);
  // Each key is compared (in constant time), so which keys exist does not show in the timing.
  if (keys.length > 0 && !keys.map((key) => bearerMatches(authorization, key)).includes(true)) {
    const message = authorization ? 'Invalid API key.' : 'Missing API key: send "Authorization: Bearer <key>".';
    return send(res, errorAnswer(401, message, { 'WWW-Authenticate': 'Bearer' }), hasBody);
  }
  const api = segments.slice(2);
  const allowed = allowedMethods(api);
  if (!allowed) return send(res, UNKNOWN_PATH, hasBody);
  if (!allowed.includes(method)) {
    return send(
      res,
      errorAnswer(405, `HTTP 405 Method Not Allowed: ${method} is not supported here (allowed: ${allowed.join(', ')}).`, {
        Allow: allowed.join(', '),
      }),
      hasBody,
    );
  }
  if (method !== 'GET' && !ingestPath) return apiWrite(ctx, req, res, method, api);
  if (method === 'POST') {
    const type = req.headers['content-type'];
    if (!isJsonContentType(type)) {
      const got = type === undefined ? 'none' : `"${type.slice(0, 100)}"`;
      return send(res, errorAnswer(415, `Send the event with "Content-Type: application/json" (got ${got}).`), true);
    }
    return ingest(ctx, req, res);
  }
  send(res, await ctx.api.get(api, query));
}

/** A refused event: 400 for a body that is not JSON, 422 for JSON that is not a usable event (as Marquez). */
const refuse = (status: 400 | 422, error: string, field = ''): Answer => ({ status, body: { code: status, error, field } });

/** The API's writes other than events (tags, namespaces, sources: ./api-more.ts): a small JSON body, or none. */
async function apiWrite(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, method: string, api: string[]): Promise<void> {
  const read = await readBody(req, Math.min(ctx.maxBodyBytes, 1024 * 1024));
  if (!read.ok) {
    if (read.status !== 0) send(res, errorAnswer(read.status, read.message), true);
    if (!read.drained) res.once('finish', () => req.destroy());
    return;
  }
  const body = read.body;
  let value: unknown;
  if (body.length > 0) {
    if (!isJsonContentType(req.headers['content-type']))
      return send(res, errorAnswer(415, 'Send the body with "Content-Type: application/json".'));
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch (error) {
      return send(res, errorAnswer(400, `The body is not JSON: ${(error as Error).message}.`));
    }
  }
  send(res, await ctx.api.write(method, api, value));
}

async function ingest(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const read = await readBody(req, ctx.maxBodyBytes);
  if (!read.ok) {
    if (read.status !== 0) write(res, errorAnswer(read.status, read.message), true);
    if (!read.drained) res.once('finish', () => req.destroy());
    return;
  }
  let body = read.body;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3); // a UTF-8 byte order mark
  // Before parsing: a document nested this deep would break every later walk of the event (see ./json.ts).
  if (jsonDepthExceeds(body, MAX_JSON_DEPTH)) return send(res, refuse(400, tooDeepMessage()));
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    return send(res, refuse(400, `The body is not JSON: ${(error as Error).message}.`));
  }
  // Deviations recorded by another Lineage Lens are not the sender's to set: recomputed here.
  const relayed = typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, DEVIATIONS_KEY);
  if (relayed) delete (value as Record<string, unknown>)[DEVIATIONS_KEY];
  const result = ctx.validator.validate(value, ctx.strict);
  if (!result.ok) return send(res, refuse(422, result.message, result.field));
  const time = parseEventTime(result.event.eventTime);
  if (Number.isNaN(time))
    return send(res, refuse(422, `Invalid OpenLineage ${result.kind}: eventTime is not a readable time.`, 'eventTime'));
  // JSON text holds no raw newline outside whitespace: a body without one is a valid line as it is.
  const line = withDeviations(body.indexOf(0x0a) === -1 && !relayed ? body : JSON.stringify(result.event), result.deviations);
  let place: LinePlace;
  try {
    place = await ctx.store.append(line, time);
  } catch (error) {
    ctx.log((error as Error).message);
    return send(res, errorAnswer(503, `The event was not stored: ${(error as Error).message}`));
  }
  send(res, { status: 201 });
  try {
    if (!ctx.model.apply(result.kind, result.event, place))
      ctx.log(`An accepted event could not be applied to the model (${unusableEvent(result.kind, result.event)}); it is stored.`);
  } catch (error) {
    ctx.log(`Applying an accepted event to the model failed (it is stored): ${(error as Error).stack ?? String(error)}`);
  }
  ctx.onAccepted(result.deviations.length > 0 ? deviantEvent(result.event, result.deviations, Date.now()) : undefined);
}
