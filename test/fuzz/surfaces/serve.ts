/**
 * Fuzz surface `serve`: the real local lineage endpoint (`node dist/cli.js serve --port 0 --data <tmp>`, built by
 * `npm run build`; without the bundle, the CLI's source under tsx) in a child process, fed hostile HTTP:
 * malformed request lines and headers over a raw socket, bad percent-encoding, hostile names (unicode, NUL,
 * `..`, `%2F`, RTL, very long), deep, wide, huge and broken JSON, wrong Content-Type, Origin and Host, valid
 * events with hostile names and facets followed by reads of them, and listings with odd limits and offsets.
 *
 * After every input the server must be alive and answer `GET /api/v1/namespaces` within the budget; any 5xx
 * but a 503 is an `error-answer`, a dead child a `crash`, RSS over {@link MEMORY_BUDGET_MB} `memory`, a request
 * over {@link REQUEST_BUDGET_MS} `hang`. Every {@link RESTART_EVERY} inputs (and in stop()) the child is
 * stopped (SIGTERM and SIGKILL in turn) and started again on the same data directory: start-up must succeed,
 * load every acknowledged event and skip no line (`invariant` otherwise).
 *
 * An input is a list of steps (JSON); large bodies are written as `{ prefix, repeat, times, suffix }` so a saved
 * case stays small.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FuzzInput, FuzzOutcome, FuzzSurface, Rng, SurfaceFactory } from '../types';

/** Longest a request (or a raw exchange) may take, in ms. */
const REQUEST_BUDGET_MS = 5000;
/** Longest the liveness probe may take, in ms. */
const PROBE_BUDGET_MS = 5000;
/** Longest a start-up (replay included) may take, in ms. */
const START_BUDGET_MS = 60_000;
const MEMORY_BUDGET_MB = 1024;
const RESTART_EVERY = 150;

type Body = string | { prefix: string; repeat: string; times: number; suffix: string };

type Step =
  | { type: 'http'; label: string; method: string; path: string; headers: Record<string, string>; body?: Body; expect?: Expect }
  | { type: 'raw'; label: string; data: Body };

/** What a step's answer must be, beyond "not a 5xx". */
type Expect = { status: number[] } | { status: number[]; jobName: string };

interface Payload {
  steps: Step[];
}

const ROOT = typeof __dirname === 'string' ? resolve(__dirname, '..', '..', '..') : process.cwd();

function bodyText(body: Body | undefined): string | undefined {
  if (body === undefined || typeof body === 'string') return body;
  return `${body.prefix}${body.repeat.repeat(body.times)}${body.suffix}`;
}

// ---- generation ------------------------------------------------------------------------------------------

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const int = (rng: Rng, max: number) => Math.floor(rng() * max);

function uuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => '0123456789abcdef'[int(rng, 16)]).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const HOSTILE_PARTS = [
  '..',
  '.',
  '/',
  '%2F',
  '%',
  '%%',
  '_',
  '%_%',
  '\\',
  '\u0000',
  '\u202e',
  '\u200f',
  'é',
  'Ω',
  '\ud83d\ude00',
  '\ufeff',
  ' ',
  '\t',
  '\n',
  '#',
  '?',
  '&',
  '=',
  ':',
  'dataset:',
  'job:',
  '<script>',
  '"',
  "'",
  '*',
  '[',
  ']',
  '{',
  '}',
  '$',
  '^',
  '(',
  ')',
  '|',
  '+',
  '../../etc/passwd',
  'İ',
  'ß',
  '\u0301',
];

function hostileName(rng: Rng): string {
  const kind = int(rng, 10);
  if (kind === 0) return 'n'.repeat(1 + int(rng, 20_000));
  if (kind === 1) return `${pick(rng, HOSTILE_PARTS)}`.repeat(1 + int(rng, 300));
  let name = '';
  const parts = 1 + int(rng, 8);
  for (let i = 0; i < parts; i++)
    name += rng() < 0.5 ? pick(rng, HOSTILE_PARTS) : pick(rng, ['orders', 'a', 'x.y', 'db.schema.table', 'A_b', '12']);
  return name || 'x';
}

function hostileFacet(rng: Rng): unknown {
  const base = { _producer: 'https://fuzz.example/p', _schemaURL: 'https://fuzz.example/s' };
  switch (int(rng, 6)) {
    case 0:
      return { ...base, v: hostileName(rng) };
    case 1: {
      let v: unknown = 1;
      for (let i = 0, n = int(rng, 55); i < n; i++) v = rng() < 0.5 ? [v] : { k: v };
      return { ...base, v };
    }
    case 2:
      return { ...base, list: Array.from({ length: int(rng, 2000) }, (_, i) => i) };
    case 3:
      return {
        ...base,
        fields: Object.fromEntries(
          Array.from({ length: int(rng, 500) }, (_, i) => [`f${i}${hostileName(rng).slice(0, 20)}`, { inputFields: [] }]),
        ),
      };
    case 4:
      return { ...base, __proto__x: true, constructor: { prototype: 1 }, toString: 'x' };
    default:
      return { ...base, n: pick(rng, [1e308, -0, 0.1, 2 ** 60]) };
  }
}

function validEvent(rng: Rng, ns: string, job: string, runId: string): Record<string, unknown> {
  const dataset = () => ({
    namespace: rng() < 0.5 ? ns : hostileName(rng),
    name: hostileName(rng),
    facets:
      rng() < 0.5
        ? { schema: { _producer: 'https://p', _schemaURL: 'https://s', fields: [{ name: hostileName(rng), type: 'string' }] } }
        : {},
  });
  const facetKey = pick(rng, [
    'custom',
    '__proto__',
    'constructor',
    'hasOwnProperty',
    'schema',
    'columnLineage',
    hostileName(rng).slice(0, 50),
  ]);
  return {
    eventType: pick(rng, ['START', 'RUNNING', 'COMPLETE', 'FAIL', 'ABORT', 'OTHER']),
    eventTime: pick(rng, [
      '2024-01-01T00:00:00Z',
      '2024-06-01T12:00:00.123+02:00',
      '1970-01-01T00:00:00Z',
      '2099-12-31T23:59:59Z',
      '2024-02-29T00:00:00',
    ]),
    producer: 'https://fuzz.example/producer',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId, facets: rng() < 0.5 ? { [facetKey]: hostileFacet(rng) } : {} },
    job: { namespace: ns, name: job, facets: rng() < 0.5 ? { [facetKey]: hostileFacet(rng) } : {} },
    inputs: Array.from({ length: int(rng, 4) }, dataset),
    outputs: Array.from({ length: int(rng, 4) }, dataset),
  };
}

/** The JSON text of an event, with `__proto__` keys made real (JSON.stringify drops the computed ones). */
const eventText = (event: unknown) => JSON.stringify(event).replace(/"__proto__x"/g, '"__proto__"');

const enc = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return 'x%ZZ';
  }
};
const hasLoneSurrogate = (s: string) => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

const JSON_HEADERS = { 'Content-Type': 'application/json' };

function get(label: string, path: string, headers: Record<string, string> = {}, expect?: Expect): Step {
  return { type: 'http', label, method: 'GET', path, headers, ...(expect && { expect }) };
}

function odd(rng: Rng): string {
  return pick(rng, [
    '0',
    '1',
    '-1',
    '10000',
    '10001',
    '99999999999999999999',
    '1e3',
    'abc',
    '',
    '%00',
    '0x10',
    '2147483648',
    '9007199254740993',
    ' 5',
    '5 ',
  ]);
}

function makeSteps(rng: Rng): { kind: string; steps: Step[] } {
  const choice = int(rng, 14);
  switch (choice) {
    case 0: {
      // A valid event with hostile names and facets, then reads of what it created.
      const ns = hostileName(rng);
      const job = hostileName(rng);
      const runId = uuid(rng);
      const steps: Step[] = [
        {
          type: 'http',
          label: 'POST lineage',
          method: 'POST',
          path: '/api/v1/lineage',
          headers: JSON_HEADERS,
          body: eventText(validEvent(rng, ns, job, runId)),
          expect: { status: [201] },
        },
      ];
      const readable = ns !== '' && job !== '' && !hasLoneSurrogate(ns + job);
      if (readable) {
        const path = `/api/v1/namespaces/${enc(ns)}/jobs/${enc(job)}`;
        // Node answers 431 to a request line and headers over 16 KiB: a name that long is stored, but not readable by name.
        steps.push(get('GET job', path, {}, { status: path.length > 16_000 ? [200, 431] : [200], jobName: job }));
        steps.push(get('GET runs', `/api/v1/namespaces/${enc(ns)}/jobs/${enc(job)}/runs?limit=${odd(rng)}&offset=${odd(rng)}`));
        const depth = pick(rng, ['1', '20', '1000', 'x']);
        const lineage = `/api/v1/lineage?nodeId=${enc(`job:${ns}:${job}`)}&depth=${depth}`;
        const answer = depth === 'x' ? 400 : 200;
        steps.push(get('GET lineage', lineage, {}, { status: lineage.length > 16_000 ? [answer, 431] : [answer] }));
        steps.push(get('GET search', `/api/v1/search?q=${enc(job.slice(0, 300))}&limit=${odd(rng)}`));
        steps.push(get('GET datasets', `/api/v1/namespaces/${enc(ns)}/datasets?limit=${odd(rng)}`));
      }
      steps.push(get('GET run', `/api/v1/jobs/runs/${runId}`, {}, { status: [200] }));
      steps.push(get('GET facets', `/api/v1/jobs/runs/${runId}/facets?type=${pick(rng, ['run', 'job', 'x'])}`));
      return { kind: 'http:valid-hostile-names', steps };
    }
    case 1: {
      const levels = pick(rng, [63, 64, 65, 100, 5000, 100_000]);
      const open = rng() < 0.5 ? '{"a":' : '[';
      const close = open === '[' ? ']' : '}';
      const event = eventText(validEvent(rng, 'fuzz', 'deep', uuid(rng))).replace(
        '"run":{',
        '"run":{"facets":{"deep":{"_producer":"https://p","_schemaURL":"https://s","v":@}},',
      );
      const [before, after] = event.split('@') as [string, string];
      const inner = Math.max(0, levels - 5);
      return {
        kind: 'http:deep-json',
        steps: [
          {
            type: 'http',
            label: 'POST lineage',
            method: 'POST',
            path: '/api/v1/lineage',
            headers: JSON_HEADERS,
            body: { prefix: `${before}${open.repeat(inner)}1`, repeat: close, times: inner, suffix: after },
          },
          get('GET events', `/api/v1/events/lineage?limit=${odd(rng)}`),
        ],
      };
    }
    case 2: {
      const n = pick(rng, [1000, 50_000, 200_000]);
      const wide =
        rng() < 0.5
          ? { prefix: '{"a":[', repeat: '0,', times: n, suffix: '0]}' }
          : { prefix: '{', repeat: '"k":1,', times: n, suffix: '"z":1}' };
      const sized = rng() < 0.3 ? { prefix: '{"x":"', repeat: 'x', times: 5 * 1024 * 1024 + int(rng, 3), suffix: '"}' } : wide;
      return {
        kind: 'http:wide-or-huge-json',
        steps: [{ type: 'http', label: 'POST lineage', method: 'POST', path: '/api/v1/lineage', headers: JSON_HEADERS, body: sized }],
      };
    }
    case 3: {
      const texts = [
        '',
        '{',
        '}',
        '[',
        'null',
        '1',
        '"x"',
        '{"run":{}}',
        '{}',
        '\ufeff{}',
        '{"a":1}{"b":2}',
        '{"a":"\\ud800"}',
        '{"a":NaN}',
        '\u0000',
        'true',
        '[{}]',
        '{"eventTime":"x","run":{"runId":"y"}}',
      ];
      return {
        kind: 'http:malformed-json',
        steps: [
          { type: 'http', label: 'POST lineage', method: 'POST', path: '/api/v1/lineage', headers: JSON_HEADERS, body: pick(rng, texts) },
        ],
      };
    }
    case 4: {
      const type = pick(rng, [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/jsonx',
        'application/json; charset=latin1',
        'application/problem+json',
        '',
        'application/json\u0000',
      ]);
      const headers: Record<string, string> = {};
      if (type !== '' && !type.includes('\u0000')) headers['Content-Type'] = type;
      return {
        kind: 'http:content-type',
        steps: [
          {
            type: 'http',
            label: 'POST lineage',
            method: 'POST',
            path: '/api/v1/lineage',
            headers,
            body: eventText(validEvent(rng, 'fuzz', 'ct', uuid(rng))),
          },
        ],
      };
    }
    case 5: {
      const origin = pick(rng, [
        'https://evil.example',
        'null',
        'http://127.0.0.1',
        'http://localhost:1',
        'file://',
        '*',
        'http://127.0.0.1:0',
      ]);
      const method = rng() < 0.5 ? 'GET' : 'POST';
      const headers: Record<string, string> = { Origin: origin, ...(method === 'POST' && JSON_HEADERS) };
      return {
        kind: 'http:origin',
        steps: [
          {
            type: 'http',
            label: method === 'POST' ? 'POST lineage' : 'GET namespaces',
            method,
            path: method === 'POST' ? '/api/v1/lineage' : '/api/v1/namespaces',
            headers,
            body: method === 'POST' ? '{}' : undefined,
          },
        ],
      };
    }
    case 6: {
      const host = pick(rng, [
        'evil.example',
        'localhost',
        '127.0.0.1',
        '[::1]',
        '',
        '127.0.0.1:1',
        'a'.repeat(5000),
        'localhost.',
        '0x7f.1',
        '127.1',
        'LOCALHOST',
      ]);
      return { kind: 'http:host', steps: [get('GET namespaces', '/api/v1/namespaces', { Host: host })] };
    }
    case 7: {
      const paths = [
        '/api/v1/namespaces/%',
        '/api/v1/namespaces/%E0%A4%A',
        '/api/v1/namespaces/%C0%AF',
        '/api/v1/namespaces/%00/jobs',
        '/api/v1/namespaces/..%2F..%2F/jobs/x',
        '/api/v1/../../etc/passwd',
        '//api//v1//namespaces',
        '/api/v1/namespaces?limit=1&limit=2',
        `/api/v1/${'a/'.repeat(2000)}`,
        '/api/v1/jobs/runs/%ZZ/facets',
        `/api/v1/lineage?nodeId=${'job:'.repeat(1000)}`,
        '/api/v1/lineage?nodeId=datasetField:%25:%25:%25',
        '/api/v1/column-lineage?nodeId=dataset:x:y&depth=100000',
        '/api/v1/search?q=%25%25%25%25&filter=JOB',
        '/api/v1/search?q=',
        `/api/v1/search?q=${'%25_'.repeat(200)}`,
        '/api/v1/events/lineage?before=x',
        '/api/v1/events/lineage?after=2024-01-01&before=2023-01-01',
        '*',
        'http://evil.example/api/v1/namespaces',
        '/api/v1/namespaces#frag',
      ];
      return { kind: 'http:odd-paths', steps: [get('GET other', pick(rng, paths))] };
    }
    case 8: {
      const what = pick(rng, ['events/lineage', 'namespaces', 'namespaces/fuzz/jobs', 'namespaces/fuzz/datasets', 'search']);
      const q =
        what === 'search'
          ? `q=${enc(pick(rng, ['%', '_', '%_%_%_%_%_%_%_%_%#', 'a%b_c', '\\%', '%\u0000%', hostileName(rng).slice(0, 256)]))}&`
          : '';
      const sort = what === 'events/lineage' ? `sortDirection=${pick(rng, ['asc', 'desc', 'x'])}&` : '';
      return {
        kind: 'http:listings',
        steps: [
          get(
            what === 'events/lineage' ? 'GET events' : what === 'search' ? 'GET search' : 'GET listing',
            `/api/v1/${what}?${q}${sort}limit=${odd(rng)}&offset=${odd(rng)}`,
          ),
        ],
      };
    }
    case 9: {
      const method = pick(rng, ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'CONNECTX']);
      return {
        kind: 'http:methods',
        steps: [
          {
            type: 'http',
            label: 'other method',
            method,
            path: pick(rng, ['/api/v1/lineage', '/api/v1/namespaces', '/']),
            headers: JSON_HEADERS,
            body: method === 'HEAD' || method === 'OPTIONS' ? undefined : '{}',
          },
        ],
      };
    }
    case 10: {
      const lines = [
        'GET / HTTP/1.1\r\n\r\n',
        'GARBAGE\r\n\r\n',
        'GET /api/v1/namespaces HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n',
        'GET /api/v1/namespaces\r\n\r\n',
        'POST /api/v1/lineage HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{}',
        'POST /api/v1/lineage HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n',
        'POST /api/v1/lineage HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
        'GET /api/v1/namespaces HTTP/1.1\r\nHost: 127.0.0.1\r\nX: a\u0000b\r\n\r\n',
        'GET /api/v1/namespaces HTTP/1.1\r\nHost: 127.0.0.1\r\n X: folded\r\n\r\n',
        'GET /api/v1/namespaces HTTP/1.1\nHost: 127.0.0.1\n\n',
        '\r\n\r\n\r\n',
        'GET /api/v1/namespaces HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \u00ff\u00fe\r\n\r\n',
        'GET /api/v1/namespaces HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /api/v1/search?q=%25 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
        'GET /\u00ff\u00fe HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
        'POST /api/v1/lineage HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 999999999999\r\n\r\n{',
      ];
      return { kind: 'raw:malformed', steps: [{ type: 'raw', label: 'raw', data: pick(rng, lines) }] };
    }
    case 11: {
      const n = pick(rng, [100, 1000, 20_000]);
      const data =
        rng() < 0.5
          ? { prefix: 'GET /api/v1/namespaces HTTP/1.1\r\nHost: 127.0.0.1\r\n', repeat: 'X-A: b\r\n', times: n, suffix: '\r\n' }
          : { prefix: `GET /api/v1/${'a'.repeat(n)}`, repeat: '%', times: int(rng, 3), suffix: ' HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' };
      return { kind: 'raw:large-headers', steps: [{ type: 'raw', label: 'raw', data }] };
    }
    case 12: {
      const bytes = Array.from({ length: 1 + int(rng, 200) }, () => String.fromCharCode(int(rng, 256))).join('');
      return { kind: 'raw:random-bytes', steps: [{ type: 'raw', label: 'raw', data: rng() < 0.5 ? bytes : `GET /${bytes}` }] };
    }
    default: {
      // A valid event, then reading the whole events list back with odd pages.
      const event = validEvent(rng, 'fuzz', hostileName(rng).slice(0, 100) || 'j', uuid(rng));
      return {
        kind: 'http:post-and-page',
        steps: [
          {
            type: 'http',
            label: 'POST lineage',
            method: 'POST',
            path: '/api/v1/lineage',
            headers: JSON_HEADERS,
            body: eventText(event),
            expect: { status: [201] },
          },
          get(
            'GET events',
            `/api/v1/events/lineage?sortDirection=asc&limit=${pick(rng, ['1', '10000', '0'])}&offset=${odd(rng)}`,
            {},
            { status: [200, 400] },
          ),
        ],
      };
    }
  }
}

// ---- running ---------------------------------------------------------------------------------------------

interface Answered {
  status: number;
  text: string;
  /** Bytes in the body; over {@link MAX_ANSWER_BYTES} the text is cut. */
  bytes?: number;
}

/** The endpoint caps an answer at 64 MiB (a page stops early); a little more for headers of the JSON around it. */
const MAX_ANSWER_BYTES = 65 * 1024 * 1024;

class Timeout extends Error {}

/** Starts the endpoint and resolves with its port once it listens; rejects with its stderr if it exits. */
function launch(dataDir: string): {
  proc: ChildProcess;
  ready: Promise<{ port: number; events: number; warnings: string[] }>;
  stderr: () => string;
} {
  const cli = join(ROOT, 'dist', 'cli.js');
  const args = existsSync(cli) ? [cli] : ['--import', 'tsx', join(ROOT, 'server', 'src', 'cli', 'main.ts')];
  const proc = spawn(process.execPath, [...args, 'serve', '--port', '0', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LINEAGE_LENS_API_KEY: '' },
  });
  let stdout = '';
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
    if (stderr.length > 1_000_000) stderr = stderr.slice(-500_000);
  });
  const ready = new Promise<{ port: number; events: number; warnings: string[] }>((resolveReady, reject) => {
    const timer = setTimeout(
      () => reject(new Timeout(`the endpoint did not start within ${START_BUDGET_MS} ms; stderr: ${stderr.slice(-2000)}`)),
      START_BUDGET_MS,
    );
    proc.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
      const listening = /listening on http:\/\/[^\s]+:(\d+) /.exec(stdout);
      const loaded = /: (\d+) events? loaded in/.exec(stdout);
      if (listening && loaded) {
        clearTimeout(timer);
        // Start-up warnings go to stderr before the listening line.
        resolveReady({
          port: Number(listening[1]),
          events: Number(loaded[1]),
          warnings: stderr.split('\n').filter((l) => /warning|Skipped/.test(l)),
        });
      }
    });
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the endpoint exited (${signal ?? `code ${code}`}) before listening; stderr: ${stderr.slice(-2000)}`));
    });
  });
  ready.catch(() => undefined);
  return { proc, ready, stderr: () => stderr };
}

function httpStep(port: number, step: Extract<Step, { type: 'http' }>): Promise<Answered> {
  return new Promise((resolveStep, reject) => {
    const body = bodyText(step.body);
    const headers: Record<string, string | number> = { ...step.headers };
    if (body !== undefined) headers['Content-Length'] = Buffer.byteLength(body);
    let req: ReturnType<typeof request>;
    try {
      req = request(
        { host: '127.0.0.1', port, method: step.method, path: step.path, headers, agent: false, setHost: !('Host' in step.headers) },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size <= MAX_ANSWER_BYTES) chunks.push(c);
          });
          res.on('end', () => {
            clearTimeout(timer);
            resolveStep({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), bytes: size });
          });
          res.on('error', (e) => {
            clearTimeout(timer);
            reject(e);
          });
        },
      );
    } catch (error) {
      // The client refuses to send it (an invalid header or path): nothing reached the server.
      resolveStep({ status: 0, text: `not sent: ${(error as Error).message}` });
      return;
    }
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Timeout(`${step.method} ${step.path.slice(0, 200)} took over ${REQUEST_BUDGET_MS} ms`));
    }, REQUEST_BUDGET_MS);
    req.on('error', (e) => {
      clearTimeout(timer);
      // The server may close the connection on a refused upload (413, 415): that is an answer, not a failure.
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ECONNRESET' || code === 'EPIPE') resolveStep({ status: -1, text: code });
      else reject(e);
    });
    req.end(body);
  });
}

/** Sends raw bytes; resolves with the status line's code (0 when the server just closed) once it answers or closes. */
function rawStep(port: number, step: Extract<Step, { type: 'raw' }>): Promise<Answered> {
  return new Promise((resolveStep) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      // An incomplete request the server waits on is not a hang of the server: the probe decides.
      resolveStep({ status: 0, text: `no answer within ${REQUEST_BUDGET_MS} ms (incomplete request)` });
    }, REQUEST_BUDGET_MS);
    socket.on('data', (c: Buffer) => {
      received += c.toString('latin1');
      if (received.length > 65_536) socket.destroy();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      const statuses = [...received.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((x) => Number(x[1]));
      const worst = statuses.find((s) => s >= 500 && s !== 503);
      resolveStep({ status: worst ?? (m ? Number(m[1]) : 0), text: received.slice(0, 500) });
    });
    socket.write(Buffer.from(bodyText(step.data)!, 'latin1'), (error) => {
      if (error) return;
      // Half-close once sent, so the server sees the end of an incomplete request.
      setTimeout(() => socket.end(), 200).unref();
    });
  });
}

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

class ServeSurface implements FuzzSurface {
  readonly name = 'serve';
  private dir = '';
  private child: ReturnType<typeof launch> | undefined;
  private port = 0;
  private peak = 0;
  private runs = 0;
  private restarts = 0;
  /** Events acknowledged (201) in this data directory: a restart must load at least these. */
  private acknowledged = 0;

  async start(): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), 'fuzz-serve-'));
    await this.boot();
  }

  next(rng: Rng): FuzzInput {
    const { kind, steps } = makeSteps(rng);
    return { kind, payload: { steps } satisfies Payload };
  }

  private async boot(): Promise<string | undefined> {
    this.child = launch(join(this.dir, 'data'));
    try {
      const { port, events, warnings } = await this.child.ready;
      this.port = port;
      if (events < this.acknowledged) return `start-up loaded ${events} events, but ${this.acknowledged} were acknowledged`;
      this.acknowledged = events;
      if (warnings.length > 0) return `start-up warned: ${warnings.join(' | ').slice(0, 2000)}`;
      return undefined;
    } catch (error) {
      this.child.proc.kill('SIGKILL');
      throw error;
    }
  }

  /** Stops the child (SIGTERM or SIGKILL) and starts it again on the same data: replay must work. */
  private async restart(): Promise<FuzzOutcome | undefined> {
    const signal = this.restarts++ % 2 === 0 ? 'SIGTERM' : 'SIGKILL';
    await this.kill(signal);
    const started = performance.now();
    try {
      const problem = await this.boot();
      if (problem) return { ok: false, failure: 'invariant', detail: `after ${signal}: ${problem}` };
      return { ok: true, latencies: { restart: performance.now() - started } };
    } catch (error) {
      const detail = `restart after ${signal} failed: ${(error as Error).message}`;
      // Ready for the next input: a fresh data directory.
      await this.fresh();
      return { ok: false, failure: 'crash', detail };
    }
  }

  private async fresh(): Promise<void> {
    await this.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
    this.dir = mkdtempSync(join(tmpdir(), 'fuzz-serve-'));
    this.acknowledged = 0;
    await this.boot().catch(() => undefined);
  }

  private async kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    const proc = child.proc;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((done) => proc.once('exit', () => done()));
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  async run(input: FuzzInput): Promise<FuzzOutcome> {
    const latencies: Record<string, number> = {};
    const fail = (failure: 'crash' | 'hang' | 'memory' | 'error-answer' | 'invariant', detail: string): FuzzOutcome => ({
      ok: false,
      failure,
      detail,
      latencies,
    });
    try {
      const outcome = await this.runSteps((input.payload as Payload).steps, latencies, fail);
      if (outcome) {
        if (!outcome.ok && outcome.failure !== 'error-answer' && outcome.failure !== 'invariant') await this.fresh();
        return outcome;
      }
      if (++this.runs % RESTART_EVERY === 0) {
        const restarted = await this.restart();
        if (restarted && !restarted.ok) return { ...restarted, latencies };
        if (restarted?.ok) Object.assign(latencies, restarted.latencies);
      }
      return { ok: true, latencies };
    } catch (error) {
      await this.fresh();
      return fail('crash', `the surface failed: ${(error as Error).stack ?? String(error)}`);
    }
  }

  private async runSteps(
    steps: Step[],
    latencies: Record<string, number>,
    fail: (f: 'crash' | 'hang' | 'memory' | 'error-answer' | 'invariant', d: string) => FuzzOutcome,
  ): Promise<FuzzOutcome | undefined> {
    if (!this.child) await this.boot();
    const child = this.child!;
    for (const step of steps) {
      const started = performance.now();
      let answer: Answered;
      try {
        answer = step.type === 'raw' ? await rawStep(this.port, step) : await httpStep(this.port, step);
      } catch (error) {
        if (!this.alive(child)) return fail('crash', `the endpoint died during ${step.label}: ${child.stderr().slice(-2000)}`);
        if (error instanceof Timeout) return fail('hang', error.message);
        return fail('crash', `${step.label}: ${(error as Error).message}`);
      }
      latencies[step.label] = (latencies[step.label] ?? 0) + (performance.now() - started);
      if (!this.alive(child)) return fail('crash', `the endpoint died after ${step.label}: ${child.stderr().slice(-2000)}`);
      if (answer.status >= 500 && answer.status !== 503)
        return fail('error-answer', `${step.label} answered ${answer.status}: ${answer.text.slice(0, 1000)}`);
      if (step.type === 'http' && answer.status === 201) this.acknowledged++;
      const problem = step.type === 'http' ? this.check(step, answer) : undefined;
      if (problem) return fail('invariant', problem);
    }
    const probeStarted = performance.now();
    try {
      const probe = await httpStep(this.port, { type: 'http', label: 'probe', method: 'GET', path: '/api/v1/namespaces', headers: {} });
      const ms = performance.now() - probeStarted;
      latencies.probe = ms;
      if (probe.status !== 200)
        return fail('error-answer', `the probe GET /api/v1/namespaces answered ${probe.status}: ${probe.text.slice(0, 500)}`);
      if (ms > PROBE_BUDGET_MS) return fail('hang', `the probe took ${Math.round(ms)} ms`);
    } catch (error) {
      if (!this.alive(child)) return fail('crash', `the endpoint died: ${child.stderr().slice(-2000)}`);
      return fail(error instanceof Timeout ? 'hang' : 'crash', `the probe failed: ${(error as Error).message}`);
    }
    const rss = rssMb(child.proc.pid);
    this.peak = Math.max(this.peak, rss);
    if (rss > MEMORY_BUDGET_MB) return fail('memory', `the endpoint holds ${Math.round(rss)} MiB (budget ${MEMORY_BUDGET_MB} MiB)`);
    return undefined;
  }

  private check(step: Extract<Step, { type: 'http' }>, answer: Answered): string | undefined {
    const expect = step.expect;
    if (!expect || answer.status <= 0) return undefined;
    if (!expect.status.includes(answer.status))
      return `${step.method} ${step.path.slice(0, 300)} answered ${answer.status}, expected ${expect.status.join(' or ')}: ${answer.text.slice(0, 500)}`;
    if (answer.status >= 300) return undefined;
    if ((answer.bytes ?? 0) > MAX_ANSWER_BYTES)
      return `${step.label} answered ${answer.bytes} bytes, over the endpoint's 64 MiB answer budget`;
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      return answer.text === '' && step.method === 'POST'
        ? undefined
        : `${step.label} answered ${answer.status} with a body that is not JSON: ${answer.text.slice(0, 300)}`;
    }
    if ('jobName' in expect && (body as { name?: unknown }).name !== expect.jobName)
      return `${step.label} answered the job ${JSON.stringify((body as { name?: unknown }).name).slice(0, 200)}, not ${JSON.stringify(expect.jobName).slice(0, 200)}`;
    return undefined;
  }

  private alive(child: ReturnType<typeof launch>): boolean {
    return child.proc.exitCode === null && child.proc.signalCode === null;
  }

  peakMemoryMb(): number {
    return Math.round(this.peak);
  }

  /** Restarts once more on the same data (replay must work), then stops; throws (after cleaning up) if that restart failed. */
  async stop(): Promise<void> {
    let problem: string | undefined;
    try {
      if (this.child) {
        const outcome = await this.restart().catch((error: unknown): FuzzOutcome => ({
          ok: false,
          failure: 'crash',
          detail: (error as Error).message,
        }));
        if (outcome && !outcome.ok) problem = `serve: the final restart on the fuzzed data failed (${outcome.failure}): ${outcome.detail}`;
      }
    } finally {
      await this.kill('SIGTERM');
      if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    }
    if (problem) throw new Error(problem);
  }
}

const factory: SurfaceFactory = () => new ServeSurface();
export default factory;
