/**
 * The local endpoint's per-session read key on the extension's side: made fresh per start, held in memory
 * (extension/src/endpoint/local-session.ts), sent only to the local endpoint's origin (ApiKeyStore.forRequests
 * and the client's reader), and handed to the endpoint process over its IPC channel, never in its argv.
 */
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EndpointProcessCommand, EndpointProcessMessage } from '../../protocol/local-endpoint';
import { MarquezClient } from '../../extension/src/endpoint/client';
import { EndpointError } from '../../extension/src/endpoint/errors';
import { localSession, newSessionKey, sessionKeyFor, setLocalSession } from '../../extension/src/endpoint/local-session';
import { ApiKeyStore } from '../../extension/src/endpoint/secrets';

type SecretStorage = ConstructorParameters<typeof ApiKeyStore>[0];
import { simpleEvent, uuidFor } from '../fixtures/serve/events';

/** A SecretStorage in memory; records every write. */
function fakeSecrets(initial: Record<string, string> = {}): SecretStorage & { writes: string[] } {
  const values = new Map(Object.entries(initial));
  const writes: string[] = [];
  return {
    writes,
    get: (key: string) => Promise.resolve(values.get(key)),
    store: (key: string, value: string) => {
      writes.push(key);
      values.set(key, value);
      return Promise.resolve();
    },
    delete: (key: string) => {
      values.delete(key);
      return Promise.resolve();
    },
    keys: () => Promise.resolve([...values.keys()]),
    onDidChange: () => ({ dispose: () => undefined }),
  } as unknown as SecretStorage & { writes: string[] };
}

describe('local endpoint session key: in the extension', () => {
  afterEach(() => setLocalSession(undefined));

  it('is 32 random bytes in base64url, new every time', () => {
    const a = newSessionKey();
    const b = newSessionKey();
    assert.match(a, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a, b);
  });

  it('goes only to the local endpoint’s own origin, and only while it runs', async () => {
    const key = newSessionKey();
    setLocalSession('http://127.0.0.1:5123', key);
    assert.deepEqual(localSession(), { url: 'http://127.0.0.1:5123', origin: 'http://127.0.0.1:5123' });
    assert.equal(sessionKeyFor('http://127.0.0.1:5123'), key);
    assert.equal(sessionKeyFor('http://127.0.0.1:5123/api/v1'), key, 'any URL of that origin');
    for (const other of [
      'http://127.0.0.1:5000',
      'http://localhost:5123',
      'https://127.0.0.1:5123',
      'http://marquez:5123',
      'not a url',
      '',
    ]) {
      assert.equal(sessionKeyFor(other), undefined, other);
    }
    setLocalSession(undefined);
    assert.equal(sessionKeyFor('http://127.0.0.1:5123'), undefined);
  });

  it('takes precedence over a stored key for that origin, is never stored, and leaves other origins’ keys alone', async () => {
    const secrets = fakeSecrets({
      'lineageLens.apiKey:http://127.0.0.1:5123': 'stale',
      'lineageLens.apiKey:https://marquez.example': 'marquez-key',
    });
    const keys = new ApiKeyStore(secrets);
    const key = newSessionKey();
    setLocalSession('http://127.0.0.1:5123', key);
    assert.equal(await keys.reader('http://127.0.0.1:5123')(), key);
    assert.equal(await keys.forRequests('https://marquez.example'), 'marquez-key');
    assert.equal(await keys.get('http://127.0.0.1:5123'), 'stale', 'get() answers for the stored key alone');
    assert.deepEqual(secrets.writes, []);
    setLocalSession(undefined);
    assert.equal(await keys.reader('http://127.0.0.1:5123')(), 'stale');
  });
});

describe('local endpoint session key: the endpoint process', function () {
  this.timeout(30_000);
  let dir: string;
  let child: ChildProcess | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'local-endpoint-key-'));
  });
  afterEach(async () => {
    setLocalSession(undefined);
    const c = child;
    child = undefined;
    if (c && c.exitCode === null && c.signalCode === null) {
      const exited = new Promise((resolve) => c.once('exit', resolve));
      if (c.connected) c.send({ type: 'stop' } satisfies EndpointProcessCommand);
      else c.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts server/src/endpoint-process/main.ts as the extension does, with its options over IPC. */
  function start(readApiKey: string): Promise<{ url: string; child: ChildProcess }> {
    const c = fork(join(__dirname, '../../server/src/endpoint-process/main.ts'), [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: ['--import', 'tsx'],
    });
    child = c;
    c.send({ type: 'start', options: { port: 0, host: '127.0.0.1', dataDir: dir, readApiKey } } satisfies EndpointProcessCommand);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the endpoint process did not start within 20 s')), 20_000);
      c.on('message', (m: EndpointProcessMessage) => {
        if (m.type === 'started') {
          clearTimeout(timer);
          resolve({ url: m.url, child: c });
        } else if (m.type === 'failed') {
          clearTimeout(timer);
          reject(new Error(m.message));
        }
      });
      c.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the endpoint process exited (${code})`));
      });
    });
  }

  it('gets the key over IPC, not in argv; reads need it, posting events does not', async () => {
    const key = newSessionKey();
    const { url, child: c } = await start(key);
    if (process.platform === 'linux') {
      const cmdline = readFileSync(`/proc/${c.pid}/cmdline`, 'utf8');
      assert.ok(!cmdline.includes(key), 'the key is not in the process’s arguments');
      const environ = readFileSync(`/proc/${c.pid}/environ`, 'utf8');
      assert.ok(!environ.includes(key), 'nor in its environment');
    }
    // A pipeline posts without a key.
    const posted = await fetch(`${url}/api/v1/lineage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(simpleEvent(uuidFor(1), 'key_test')),
    });
    assert.ok(posted.status === 200 || posted.status === 201, `POST without a key: HTTP ${posted.status}`);
    // Reads without the key, or with another, are refused.
    assert.equal((await fetch(`${url}/api/v1/namespaces`)).status, 401);
    const wrong = new MarquezClient({ baseUrl: url, apiKey: async () => newSessionKey() });
    await assert.rejects(wrong.namespaces(), (e: EndpointError) => e.kind === 'unauthorized');
    // The extension's client, with the key from the store's reader, reads.
    setLocalSession(url, key);
    const keys = new ApiKeyStore(fakeSecrets());
    const client = new MarquezClient({ baseUrl: url, apiKey: keys.reader(new URL(url).origin) });
    const { namespaces } = await client.namespaces();
    assert.ok(namespaces.length >= 1, 'the posted event’s namespace is listed');
  });

  it('fails with a usage message when the first message is not `start`', async () => {
    const c = fork(join(__dirname, '../../server/src/endpoint-process/main.ts'), [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: ['--import', 'tsx'],
    });
    child = c;
    const failed = new Promise<EndpointProcessMessage>((resolve) =>
      c.on('message', (m: EndpointProcessMessage) => m.type === 'failed' && resolve(m)),
    );
    const exited = new Promise<number | null>((resolve) => c.once('exit', resolve));
    c.send({ type: 'stop' } satisfies EndpointProcessCommand);
    assert.deepEqual(await failed, {
      type: 'failed',
      code: 'usage',
      message: 'The local endpoint process was started without its options.',
    });
    assert.equal(await exited, 1);
  });
});
