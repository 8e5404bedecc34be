/**
 * Replay: posts the events a data directory stores, in stored order, to another OpenLineage endpoint (a team's
 * Marquez: `POST …/api/v1/lineage`). `lineage-lens replay` (../cli/replay.ts) runs it from the command line.
 *
 * Each stored line is posted exactly as stored (the bytes the endpoint acknowledged), one at a time, in file
 * order, so the target sees the events in the order they arrived here. After each acknowledged post the
 * cursor file of that target (`replay/<hash of the URL>.json` in the data directory: the byte offset after the
 * last acknowledged event) is replaced atomically, so a replay that stops (Ctrl+C, a network failure, a
 * rejection) resumes at the first event the target did not acknowledge: per event, nothing is sent twice
 * (except, after a power loss, the last events acknowledged before it, since the cursor is not fsync'ed) and
 * nothing is skipped.
 *
 * Failures: a network error, a timeout, 408, 429 and 5xx are retried with exponential backoff (0.5 s doubling to
 * 30 s, {@link ReplayOptions.retries} times); then the replay stops. Any other answer that is not 2xx is a
 * rejection: it stops the replay with the status and the target's answer (`skipRejected`: the event is recorded
 * in `replay/<hash>.rejected.jsonl` and the replay goes on), except 401/403/404, which always stop (the key or the
 * URL is wrong, every event would fail the same way). The API key is sent only to the target and never printed.
 *
 * Reading does not take the data directory's lock: the events file is append-only, so a running endpoint may
 * keep appending; the replay covers the complete lines present when it started.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEventTime } from './model';
import { EVENTS_FILE } from './store';
import { DEVIATIONS_KEY, stripDeviations } from './deviations';

const READ_CHUNK = 4 * 1024 * 1024;
const NEWLINE = 0x0a;

export interface ReplayOptions {
  /** The data directory whose events are posted. */
  dataDir: string;
  /** The target: its API root (`http://marquez:5000`) or the full `…/api/v1/lineage` URL. */
  to: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Only events whose `eventTime` is at or after this time (epoch ms); others are passed over. */
  since?: number;
  /** Retries of a failed post (network, timeout, 408, 429, 5xx) before the replay stops. Default 6. */
  retries?: number;
  /** First retry delay in ms (doubling, at most 30 s). Default 500. */
  retryDelayMs?: number;
  /** Per-request timeout in ms. Default 30 s. */
  timeoutMs?: number;
  /** Record a rejected event and go on, instead of stopping. */
  skipRejected?: boolean;
  /** Stops the replay after the post in flight (its outcome is recorded). */
  signal?: AbortSignal;
  /** Called after each event (posted, passed over or rejected) and before each retry. */
  onProgress?(progress: ReplayProgress): void;
  /** Called with a sentence before each retry wait. */
  onRetry?(message: string): void;
  /** For tests: the waiting between retries. */
  sleep?(ms: number): Promise<void>;
}

export interface ReplayProgress {
  /** Events (lines) handled so far in this run, of `total`. */
  done: number;
  /** Events left to handle when this run started (complete lines after the cursor). */
  total: number;
  posted: number;
  /** Events before `since`. */
  passed: number;
  rejected: number;
}

export type ReplayStop =
  | { state: 'done' }
  | { state: 'interrupted' }
  /** The target refused an event (status and its answer), or could not be reached after the retries. */
  | { state: 'failed'; message: string; status?: number; body?: string; offset: number };

export interface ReplayResult extends ReplayProgress {
  stop: ReplayStop;
  /** The target's posting URL (without credentials). */
  target: string;
  /** Events acknowledged by this target in earlier runs (from the cursor), not sent again. */
  resumedAt: number;
  /** Whether this run resumed from a cursor. */
  resumed: boolean;
  cursorFile: string;
}

/** What a cursor file holds. */
interface Cursor {
  target: string;
  /** Bytes of the events file handled (acknowledged, passed over or skipped as rejected). */
  offset: number;
  /** Events handled, for the message on resume. */
  events: number;
}

/** `http://host:5000` or `…/api/v1/lineage` → the posting URL; throws with a sentence on a bad URL. */
export function lineageUrl(to: string): URL {
  let url: URL;
  try {
    url = new URL(to);
  } catch {
    throw new Error(`"${to}" is not a URL; give the target's API root, e.g. http://marquez.example.com:5000.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`The target must be an http or https URL, not ${url.protocol}.`);
  if (url.username || url.password)
    throw new Error('Put no credentials in the URL; pass the key with --api-key or LINEAGE_LENS_REPLAY_API_KEY.');
  const path = url.pathname.replace(/\/+$/, '');
  if (!/\/api\/v1\/lineage$/.test(path)) url.pathname = `${path}/api/v1/lineage`;
  return url;
}

/** The cursor file of a target in a data directory. */
export function cursorFile(dataDir: string, target: URL): string {
  const id = createHash('sha256').update(target.href).digest('hex').slice(0, 16);
  return join(dataDir, 'replay', `${id}.json`);
}

function readCursor(file: string, target: string): Cursor | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const cursor = JSON.parse(text) as Cursor;
  if (cursor.target !== target || !Number.isInteger(cursor.offset) || cursor.offset < 0)
    throw new Error(`The replay cursor ${file} is not usable; delete it to replay every event again.`);
  return cursor;
}

function writeCursor(file: string, cursor: Cursor): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, JSON.stringify(cursor));
  renameSync(temporary, file);
}

/** Counts complete lines in the events file from `offset` to `size`. */
async function countLines(file: string, offset: number, size: number): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_CHUNK);
    let lines = 0;
    for (let position = offset; position < size;) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - position), position);
      if (bytesRead === 0) break;
      for (let i = buffer.indexOf(NEWLINE, 0); i !== -1 && i < bytesRead; i = buffer.indexOf(NEWLINE, i + 1)) lines++;
      position += bytesRead;
    }
    return lines;
  } finally {
    await handle.close();
  }
}

/** The complete lines of the events file from `offset` to `size`: each line's bytes and the offset after it. */
async function* storedLines(file: string, offset: number, size: number): AsyncGenerator<{ line: Buffer; end: number }> {
  const handle = await open(file, 'r');
  try {
    let carry = Buffer.alloc(0);
    let lineStart = offset;
    for (let position = offset; position < size;) {
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK, size - position));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
      let start = 0;
      for (let nl = data.indexOf(NEWLINE, 0); nl !== -1; nl = data.indexOf(NEWLINE, start)) {
        lineStart += nl - start + 1;
        yield { line: data.subarray(start, nl), end: lineStart };
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start));
    }
  } finally {
    await handle.close();
  }
}

type PostOutcome = { ok: true } | { ok: false; retry: boolean; message: string; status?: number; body?: string };

async function post(url: URL, stored: Buffer, apiKey: string | undefined, timeoutMs: number): Promise<PostOutcome> {
  // The deviations recorded with an event (./deviations.ts) are ours, not the emitter's: never sent on.
  const line = stored.includes(DEVIATIONS_KEY) ? withoutDeviations(stored) : stored;
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'lineage-lens-replay' };
  if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      body: new Uint8Array(line), // a copy: fetch wants bytes backed by a plain ArrayBuffer
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const reason =
      (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (cause ?? (error as Error).message);
    return { ok: false, retry: true, message: `could not reach ${url.origin} (${reason})` };
  }
  const text = (await response.text().catch(() => '')).slice(0, 2000);
  if (response.status >= 200 && response.status < 300) return { ok: true };
  const status = response.status;
  const retry = status === 408 || status === 429 || status >= 500;
  const body = text.trim();
  return { ok: false, retry, status, body, message: `${url.href} answered ${status}${body ? `: ${body}` : ''}` };
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Replays the stored events to the target; never throws for what the target answers (see {@link ReplayStop}). */
export async function replay(options: ReplayOptions): Promise<ReplayResult> {
  const target = lineageUrl(options.to);
  const file = join(options.dataDir, EVENTS_FILE);
  let size: number;
  try {
    const handle = await open(file, 'r');
    size = (await handle.stat()).size;
    await handle.close();
  } catch (error) {
    throw new Error(`No events to replay: ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, {
      cause: error,
    });
  }
  const cursorPath = cursorFile(options.dataDir, target);
  const previous = readCursor(cursorPath, target.href);
  if (previous && previous.offset > size)
    throw new Error(
      `The replay cursor ${cursorPath} is past the end of ${file} (was the file replaced?); delete it to replay every event again.`,
    );
  mkdirSync(join(options.dataDir, 'replay'), { recursive: true });
  const cursor: Cursor = previous ?? { target: target.href, offset: 0, events: 0 };
  const resumedAt = cursor.events;
  const total = await countLines(file, cursor.offset, size);
  const progress: ReplayProgress = { done: 0, total, posted: 0, passed: 0, rejected: 0 };
  const retries = options.retries ?? 6;
  const sleep = options.sleep ?? wait;
  const result = (stop: ReplayStop): ReplayResult => ({
    ...progress,
    stop,
    target: target.href,
    resumedAt,
    resumed: previous !== undefined,
    cursorFile: cursorPath,
  });
  const advance = (end: number) => {
    cursor.offset = end;
    cursor.events++;
    progress.done++;
    writeCursor(cursorPath, cursor);
    options.onProgress?.({ ...progress });
  };

  for await (const { line, end } of storedLines(file, cursor.offset, size)) {
    if (options.signal?.aborted) return result({ state: 'interrupted' });
    if (line.length === 0) {
      cursor.offset = end;
      continue;
    }
    if (options.since !== undefined) {
      const time = eventTimeOf(line);
      if (time === undefined || time < options.since) {
        progress.passed++;
        advance(end);
        continue;
      }
    }
    for (let attempt = 0; ; attempt++) {
      const outcome = await post(target, line, options.apiKey, options.timeoutMs ?? 30_000);
      if (outcome.ok) {
        progress.posted++;
        break;
      }
      const fatal = outcome.status === 401 || outcome.status === 403 || outcome.status === 404;
      if (!outcome.retry && options.skipRejected && !fatal) {
        appendFileSync(
          cursorPath.replace(/\.json$/, '.rejected.jsonl'),
          `${JSON.stringify({ status: outcome.status, answer: outcome.body, event: line.toString('utf8') })}\n`,
        );
        progress.rejected++;
        break;
      }
      if (!outcome.retry || attempt >= retries) {
        const hint = fatal ? hintFor(outcome.status!) : outcome.retry ? ` (gave up after ${retries} retries)` : '';
        return result({
          state: 'failed',
          message: `${outcome.message}${hint}`,
          status: outcome.status,
          body: outcome.body,
          offset: cursor.offset,
        });
      }
      const delay = Math.min(30_000, (options.retryDelayMs ?? 500) * 2 ** attempt);
      options.onRetry?.(`${outcome.message}; retrying in ${delay / 1000} s (${attempt + 1} of ${retries}).`);
      await sleep(delay);
      if (options.signal?.aborted) return result({ state: 'interrupted' });
    }
    advance(end);
  }
  return result({ state: 'done' });
}

function hintFor(status: number): string {
  if (status === 401 || status === 403) return ' (the target wants an API key: pass --api-key or set LINEAGE_LENS_REPLAY_API_KEY)';
  return ' (is the URL the API root of an OpenLineage endpoint, e.g. http://marquez:5000?)';
}

/** A stored line's `eventTime` (epoch ms), or undefined when it has none or is not JSON. */
function eventTimeOf(line: Buffer): number | undefined {
  try {
    const event = JSON.parse(line.toString('utf8')) as { eventTime?: unknown };
    const time = parseEventTime(event.eventTime);
    return Number.isNaN(time) ? undefined : time;
  } catch {
    return undefined;
  }
}

/** The stored line without the deviations recorded with it (the event as its emitter sent it, re-serialised). */
function withoutDeviations(stored: Buffer): Buffer {
  try {
    const event = JSON.parse(stored.toString('utf8')) as Record<string, unknown>;
    return Buffer.from(JSON.stringify(stripDeviations(event)));
  } catch {
    return stored;
  }
}
