/**
 * Request bodies of the local endpoint: read up to a limit, decoded from `Content-Encoding: gzip` or `deflate`
 * (as the OpenLineage Python client sends with `compression: gzip`) by streaming zlib, and drained when refused.
 *
 * The limit bounds the decoded size, so a small compressed body that expands enormously (a "zip bomb") is cut
 * off at the limit with a 413, never held in memory. A refused body is read to its end and discarded before
 * the answer goes out, up to {@link drainCap} bytes: a client that sends its whole body before reading the
 * answer (the OpenLineage clients, `requests`, `fetch`) then reads the 413 instead of a connection reset and
 * does not retry a request that can never succeed. Beyond the cap the connection is closed after the answer.
 *
 * Also `--max-body` values: {@link parseByteSize} reads `64MiB`, `100MB`, `1GB`, `65536`.
 */
import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate, createInflateRaw, type Gunzip, type Inflate, type InflateRaw } from 'node:zlib';

/** Default largest accepted event body (decoded): 64 MiB, room for Spark's logical-plan facets. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The encodings a body may come in. */
export const SUPPORTED_ENCODINGS = ['gzip', 'deflate', 'identity'] as const;

/**
 * How many bytes of a refused body are read and discarded before the connection is closed instead: twice the
 * limit, at least 256 MiB (over loopback, under a second; nothing of it is kept).
 */
export function drainCap(limit: number): number {
  return Math.max(2 * limit, 256 * 1024 * 1024);
}

/** What reading a body gave. */
export type BodyResult =
  | { ok: true; body: Buffer }
  /** Refused: `status` and `message` to answer; `drained` false when the rest was not read (close after answering). */
  | { ok: false; status: 400 | 413 | 415; message: string; drained: boolean }
  /** The client went away: nothing to answer. */
  | { ok: false; status: 0; message: string; drained: false };

/** The limit as people write it: `64 MiB`, `0.1 MiB`, `512 KiB`. */
export function formatByteSize(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024 && bytes % (1024 * 1024 * 1024) === 0) return `${bytes / 1024 / 1024 / 1024} GiB`;
  if (bytes >= 1024 * 1024 || bytes >= 100 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1000,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
};

/** Smallest and largest `--max-body`: 1 KiB (an event is never smaller) and 4 GiB (beyond, one Buffer cannot hold it). */
export const MIN_MAX_BODY = 1024;
export const MAX_MAX_BODY = 4 * 1024 ** 3 - 1;

/**
 * Parses a size such as `64MiB`, `100MB`, `1.5 GiB`, `1g` or `65536` (bytes): binary units for `K`/`M`/`G`
 * and `KiB`/`MiB`/`GiB`, decimal for `KB`/`MB`/`GB`, case-insensitive. A sentence saying what is wrong otherwise.
 */
export function parseByteSize(text: string): { ok: true; bytes: number } | { ok: false; message: string } {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined)
    return {
      ok: false,
      message: `"${text.slice(0, 50)}" is not a size: write a number of bytes or one with a unit, e.g. 64MiB, 100MB, 1GB.`,
    };
  const bytes = Math.floor(Number(m[1]) * unit);
  if (bytes < MIN_MAX_BODY || bytes > MAX_MAX_BODY)
    return { ok: false, message: `${text.trim()} is out of range: use from 1KiB to 4GiB (e.g. 64MiB, the default).` };
  return { ok: true, bytes };
}

type Decoder = Gunzip | Inflate | InflateRaw;

/** Whether bytes start with a zlib header (RFC 1950: deflate, and the header's check bits). */
const zlibHeader = (b: Buffer): boolean => b.length >= 2 && (b[0]! & 0x0f) === 8 && ((b[0]! << 8) | b[1]!) % 31 === 0;

/**
 * The decoder of a `Content-Encoding` header (made from the body's first bytes), `null` for none, or undefined
 * when it is not supported. `deflate` is zlib-wrapped as HTTP says, or raw deflate as some clients send it.
 */
function decoderFor(header: string | undefined): ((first: Buffer) => Decoder) | null | undefined {
  const codings = (header ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  if (codings.length === 0) return null;
  if (codings.length > 1) return undefined;
  if (codings[0] === 'gzip' || codings[0] === 'x-gzip') return () => createGunzip();
  if (codings[0] === 'deflate') return (first) => (zlibHeader(first) ? createInflate() : createInflateRaw());
  return undefined;
}

/** Reads and discards a whole body not read yet, up to `cap` bytes; true when it ended within the cap. */
export function discardBody(req: IncomingMessage, cap: number): Promise<boolean> {
  return drain(req, 0, cap);
}

/** Reads and discards the rest of a body, up to `cap` bytes in all; true when it ended within the cap. */
function drain(req: IncomingMessage, alreadyRead: number, cap: number): Promise<boolean> {
  if (req.readableEnded || req.complete) return Promise.resolve(true);
  return new Promise((resolve) => {
    let total = alreadyRead;
    const done = (value: boolean) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onFail);
      req.off('close', onClose);
      resolve(value);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > cap) {
        req.pause();
        done(false);
      }
    };
    const onEnd = () => done(true);
    const onFail = () => done(false);
    const onClose = () => done(req.complete);
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onFail);
    req.once('close', onClose);
    req.resume();
  });
}

/**
 * Reads a request body, decoded, up to `limit` decoded bytes (and `limit` bytes as sent). Never rejects.
 * Over the limit, or in an unsupported encoding, the rest of the body is drained (see the module comment).
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const cap = drainCap(limit);
  const tooLarge = (drained: boolean): BodyResult => ({
    ok: false,
    status: 413,
    message: `The event is larger than the endpoint's limit of ${formatByteSize(limit)}${drained ? '' : ''}; raise it with --max-body (lineageLens.localEndpoint.maxBody in the extension).`,
    drained,
  });
  const encoding = req.headers['content-encoding'];
  const decoder = decoderFor(encoding);
  if (decoder === undefined) {
    const drained = await drain(req, 0, cap);
    return {
      ok: false,
      status: 415,
      message: `The body's Content-Encoding "${String(encoding).slice(0, 100)}" is not supported: send it uncompressed, gzip or deflate.`,
      drained,
    };
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    // Nothing to decode: whatever it is, it is refused. Read it away if it is not too large.
    return tooLarge(declared <= cap ? await drain(req, 0, cap) : false);
  }
  return new Promise<BodyResult>((resolve) => {
    const chunks: Buffer[] = [];
    let raw = 0;
    let decoded = 0;
    let settled = false;
    let inflater: Decoder | undefined;
    const settle = (result: BodyResult | Promise<BodyResult>) => {
      if (settled) return;
      settled = true;
      req.off('data', onRaw);
      req.off('end', onRawEnd);
      req.off('error', onGone);
      req.off('close', onClose);
      if (inflater) {
        inflater.removeAllListeners();
        inflater.on('error', () => undefined);
        inflater.destroy();
      }
      resolve(result);
    };
    const overLimit = () => settle(drain(req, raw, cap).then(tooLarge));
    const onDecoded = (chunk: Buffer) => {
      if (settled) return;
      decoded += chunk.length;
      if (decoded > limit) return overLimit();
      chunks.push(chunk);
    };
    const onRaw = (chunk: Buffer) => {
      raw += chunk.length;
      if (raw > limit) return overLimit();
      if (!decoder) return onDecoded(chunk);
      inflater ??= startDecoder(decoder(chunk));
      // Back-pressure: a chunk that inflates a lot is decoded before more is read.
      if (!inflater.write(chunk)) {
        req.pause();
        inflater.once('drain', () => req.resume());
      }
    };
    const onRawEnd = () => {
      if (!inflater) return settle({ ok: true, body: Buffer.concat(chunks, decoded) });
      inflater.end();
    };
    const startDecoder = (started: Decoder): Decoder => {
      started.on('data', onDecoded);
      started.once('end', () => settle({ ok: true, body: Buffer.concat(chunks, decoded) }));
      started.once('error', (error: Error) => {
        const name = encoding?.trim().toLowerCase().includes('deflate') ? 'deflate' : 'gzip';
        settle(
          drain(req, raw, cap).then((drained): BodyResult => ({
            ok: false,
            status: 400,
            message: `The body is not valid ${name} data: ${error.message}.`,
            drained,
          })),
        );
      });
      return started;
    };
    const onGone = () => settle({ ok: false, status: 0, message: 'The client went away.', drained: false });
    const onClose = () => {
      if (!req.complete) onGone();
    };
    req.on('data', onRaw);
    req.once('end', onRawEnd);
    req.once('error', onGone);
    req.once('close', onClose);
  });
}
