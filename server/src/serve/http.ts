/**
 * The HTTP layer of the local endpoint (node:http only): authentication, methods, body limits, and the
 * ingest path `POST /api/v1/lineage` (parse → validate → store durably → 201 → apply to the model). The 201
 * goes out before the model is updated, in the same tick, so the client's next request already sees the
 * event. A body that is already one line (the usual case: producers send compact JSON) is stored as
 * received, without serialising the event again. Reads go to {@link ReadApi}. Everything a client sends is untrusted: bodies are capped while they stream in, path
 * segments are decoded defensively, and every failure is a JSON answer, never a crash.
 *
 * | case                                              | answer                                          |
 * |---------------------------------------------------|-------------------------------------------------|
 * | accepted event                                    | 201, no body                                    |
 * | not JSON / not a valid event                      | 400 `{"code":400,"error":"…","field":"run.runId"}` |
 * | body over the limit (declared or streamed)        | 413, connection closed                          |
 * | method the path does not allow                    | 405 with `Allow`                                |
 * | `apiKey` set, bearer missing or different         | 401 with `WWW-Authenticate: Bearer`             |
 * | unknown path / job / dataset / run / node         | 404 `{"code":404,"message":"…"}`                |
 * | the store cannot write                            | 503                                             |
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { allowedMethods, errorAnswer, UNKNOWN_PATH, type Answer, type ReadApi } from './api';
import { parseEventTime, type LineageModel } from './model';
import type { EventValidator } from './schema';
import type { EventStore } from './store';

/** Default largest accepted event body: 5 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface HandlerContext {
  readonly model: LineageModel;
  readonly store: EventStore;
  readonly validator: EventValidator;
  readonly api: ReadApi;
  /** When set, every `/api/v1` request needs `Authorization: Bearer <apiKey>`. */
  readonly apiKey?: string;
  readonly maxBodyBytes: number;
  log(message: string): void;
  /** Called after each accepted event is stored and applied. */
  onAccepted(): void;
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

function send(res: ServerResponse, answer: Answer, close = false): void {
  if (res.headersSent || res.destroyed) return;
  const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
  const headers: Record<string, string | number> = { ...answer.headers, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
  if (answer.body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
  if (close) headers.Connection = 'close';
  res.writeHead(answer.status, headers);
  res.end(body);
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
  if (segments[0] !== 'api' || segments[1] !== 'v1') return send(res, UNKNOWN_PATH);
  if (ctx.apiKey !== undefined && !bearerMatches(req.headers.authorization, ctx.apiKey)) {
    const message = req.headers.authorization ? 'Invalid API key.' : 'Missing API key: send "Authorization: Bearer <key>".';
    return send(res, errorAnswer(401, message, { 'WWW-Authenticate': 'Bearer' }), req.method === 'POST');
  }
  const api = segments.slice(2);
  const allowed = allowedMethods(api);
  if (!allowed) return send(res, UNKNOWN_PATH);
  const method = req.method ?? 'GET';
  if (!allowed.includes(method)) {
    return send(res, errorAnswer(405, `HTTP 405 Method Not Allowed: ${method} is not supported here (allowed: ${allowed.join(', ')}).`, { Allow: allowed.join(', ') }), method === 'POST' || method === 'PUT');
  }
  if (method === 'POST') return ingest(ctx, req, res);
  send(res, await ctx.api.get(api, query));
}

/** Reads the body up to the limit: the bytes, or undefined after answering 413. */
function readBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<Buffer | undefined> {
  const tooLarge = () =>
    send(res, errorAnswer(413, `The event is larger than the endpoint's limit of ${Math.round(limit / 1024 / 1024 * 10) / 10} MiB.`), true);
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    tooLarge();
    // Stop reading: the connection closes once the answer is out.
    res.once('finish', () => req.destroy());
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const finish = (value: Buffer | undefined) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      resolve(value);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        tooLarge();
        res.once('finish', () => req.destroy());
        finish(undefined);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => finish(Buffer.concat(chunks, total)));
    req.once('error', () => finish(undefined));
    req.once('close', () => finish(undefined));
  });
}

async function ingest(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body = await readBody(req, res, ctx.maxBodyBytes);
  if (!body) return;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3); // a UTF-8 byte order mark
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    return send(res, { status: 400, body: { code: 400, error: `The body is not JSON: ${(error as Error).message}.`, field: '' } });
  }
  const result = ctx.validator.validate(value);
  if (!result.ok) return send(res, { status: 400, body: { code: 400, error: result.message, field: result.field } });
  const time = parseEventTime(result.event.eventTime);
  // JSON text holds no raw newline outside whitespace: a body without one is a valid line as it is.
  const line = body.indexOf(0x0a) === -1 ? body : JSON.stringify(result.event);
  try {
    await ctx.store.append(line, Number.isNaN(time) ? 0 : time);
  } catch (error) {
    ctx.log((error as Error).message);
    return send(res, errorAnswer(503, `The event was not stored: ${(error as Error).message}`));
  }
  send(res, { status: 201 });
  ctx.model.apply(result.kind, result.event);
  ctx.onAccepted();
}
