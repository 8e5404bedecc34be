/**
 * The local endpoint's durability: every acknowledged (201) event survives `kill -9` mid-stream (the server
 * runs in a child process, test/fixtures/serve/child.ts), a torn last line is repaired on start, a second
 * server cannot open the same data directory, and start-up failures (port in use, unwritable directory)
 * say what to do.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalEndpointError, startLocalEndpoint } from '../../server/src/serve';
import { EVENTS_FILE } from '../../server/src/serve/store';
import { simpleEvent, uuidFor } from '../fixtures/serve/events';

const CHILD = join(__dirname, '..', 'fixtures', 'serve', 'child.ts');

interface Child {
  proc: ChildProcess;
  info: { url: string; events: number; tornBytes: number };
}

/** Starts the endpoint in a child process and waits for its first stdout line. */
function startChild(dataDir: string, fsync = false): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, ...(fsync ? ['--fsync'] : [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout! });
    lines.once('line', (line) => resolve({ proc, info: JSON.parse(line) as Child['info'] }));
    proc.once('exit', (code) => reject(new Error(`the endpoint exited with ${code} before listening: ${stderr}`)));
  });
}

function exited(proc: ChildProcess): Promise<void> {
  return proc.exitCode !== null || proc.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => proc.once('exit', () => resolve()));
}

async function post(url: string, event: unknown): Promise<number> {
  const response = await fetch(`${url}/api/v1/lineage`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(event),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('serve: durability', function () {
  this.timeout(60_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'serve-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const fsync of [false, true]) {
    it(`keeps every acknowledged event after kill -9 mid-stream, and the store opens again (${fsync ? '--fsync' : 'default durability'})`, async () => {
      const first = await startChild(dir, fsync);
      const acknowledged = new Set<string>();
      let sent = 0;
      let killed = false;
      // 8 clients post as fast as they can; the server is killed once 300 events are acknowledged, while
      // requests (and group-committed writes) are in flight.
      const client = async (c: number) => {
        for (let i = 0; !killed; i++) {
          const runId = uuidFor(c * 1_000_000 + i);
          sent++;
          try {
            const status = await post(first.info.url, simpleEvent(runId, `job_${c}`));
            if (status === 201) acknowledged.add(runId);
          } catch {
            return; // the connection died with the server
          }
          if (acknowledged.size >= 300 && !killed) {
            killed = true;
            first.proc.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, c) => client(c)));
      await exited(first.proc);
      assert.equal(first.proc.signalCode, 'SIGKILL');

      const second = await startChild(dir);
      try {
        assert.ok(second.info.events >= acknowledged.size, `${second.info.events} events loaded, ${acknowledged.size} acknowledged`);
        const response = await fetch(`${second.info.url}/api/v1/events/lineage?limit=10000`);
        const { events } = (await response.json()) as { events: { run: { runId: string } }[] };
        const stored = new Set(events.map((e) => e.run.runId));
        const lost = [...acknowledged].filter((id) => !stored.has(id));
        assert.deepEqual(lost, [], `${lost.length} acknowledged events lost (${sent} sent)`);
        // The store accepts new events after the crash.
        assert.equal(await post(second.info.url, simpleEvent(uuidFor(9_999_999), 'after')), 201);
      } finally {
        second.proc.kill('SIGKILL');
        await exited(second.proc);
      }
    });
  }

  it('truncates a torn last line on start and logs it, keeping the complete lines', async () => {
    const lines = [simpleEvent(uuidFor(1), 'a'), simpleEvent(uuidFor(2), 'b')].map((e) => JSON.stringify(e));
    const file = join(dir, EVENTS_FILE);
    writeFileSync(file, `${lines.join('\n')}\n`);
    appendFileSync(file, JSON.stringify(simpleEvent(uuidFor(3), 'c')).slice(0, 57));
    const log: string[] = [];
    const endpoint = await startLocalEndpoint({ port: 0, dataDir: dir, log: (m) => log.push(m) });
    try {
      assert.deepEqual(endpoint.startup, { ...endpoint.startup, events: 2, tornBytes: 57, skipped: 0 });
      assert.equal(readFileSync(file, 'utf8'), `${lines.join('\n')}\n`);
      assert.match(
        log.join('\n'),
        /Repaired .*events\.jsonl: removed an incomplete last line \(57 bytes, an event that was never acknowledged\)/,
      );
      assert.equal(await post(endpoint.url, simpleEvent(uuidFor(4), 'd')), 201);
      assert.equal(readFileSync(file, 'utf8').split('\n').length, 4);
    } finally {
      await endpoint.close();
    }
  });

  it('skips (and reports) complete lines that are not events', async () => {
    writeFileSync(join(dir, EVENTS_FILE), `${JSON.stringify(simpleEvent(uuidFor(1), 'a'))}\nnot json\n[1]\n`);
    const log: string[] = [];
    const endpoint = await startLocalEndpoint({ port: 0, dataDir: dir, log: (m) => log.push(m) });
    await endpoint.close();
    assert.equal(endpoint.startup.events, 1);
    assert.equal(endpoint.startup.skipped, 2);
    assert.match(log.join('\n'), /Skipped 2 lines/);
  });

  it("refuses a data directory another endpoint holds, and takes over a dead process's lock", async () => {
    const endpoint = await startLocalEndpoint({ port: 0, dataDir: dir });
    try {
      await assert.rejects(
        startLocalEndpoint({ port: 0, dataDir: dir }),
        (e: LocalEndpointError) => e.code === 'locked' && /is in use by another lineage endpoint \(process \d+\)/.test(e.message),
      );
    } finally {
      await endpoint.close();
    }
    writeFileSync(join(dir, 'lock'), '2147483646\n'); // no such process
    const again = await startLocalEndpoint({ port: 0, dataDir: dir });
    await again.close();
  });

  it('says which port is in use and suggests --port', async () => {
    const endpoint = await startLocalEndpoint({ port: 0, dataDir: dir });
    const other = mkdtempSync(join(tmpdir(), 'serve-store-'));
    try {
      await assert.rejects(
        startLocalEndpoint({ port: endpoint.port, dataDir: other }),
        (e: LocalEndpointError) =>
          e.code === 'port-in-use' &&
          e.message ===
            `Port ${endpoint.port} on 127.0.0.1 is already in use (another lineage endpoint or Marquez?). Stop it, or choose another port with --port.` &&
          e.reason === `Port ${endpoint.port} on 127.0.0.1 is already in use (another lineage endpoint or Marquez?).`,
      );
      // The failed start released its store: the directory can be used again.
      const retry = await startLocalEndpoint({ port: 0, dataDir: other });
      await retry.close();
    } finally {
      await endpoint.close();
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('says when the data directory cannot be written', async () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, '');
    await assert.rejects(
      startLocalEndpoint({ port: 0, dataDir: join(file, 'data') }),
      (e: LocalEndpointError) =>
        e.code === 'unwritable' &&
        /^Cannot write to the data directory .*plain-file\/data \(ENOTDIR\)\. Choose a writable directory with --data DIR\.$/.test(
          e.message,
        ),
    );
  });
});
