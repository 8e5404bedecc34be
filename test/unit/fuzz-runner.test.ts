import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatReports, loadCase, replayCase, runFuzz } from '../fuzz/runner';
import type { FuzzInput, FuzzOutcome, FuzzSurface } from '../fuzz/types';

/** A surface whose inputs are numbers; it "crashes" on multiples of 7 and records what it ran. */
function fakeSurface(ran: number[] = []): FuzzSurface {
  let started = 0;
  return {
    name: 'fake',
    start: async () => void started++,
    next: (rng) => ({ kind: rng() < 0.5 ? 'low' : 'high', payload: Math.floor(rng() * 1000) }),
    run: async (input: FuzzInput): Promise<FuzzOutcome> => {
      const n = input.payload as number;
      ran.push(n);
      if (n % 7 === 0) return { ok: false, failure: 'crash', detail: `multiple of 7: ${n}\nat fake` };
      return { ok: true, latencies: { validate: n / 100 } };
    },
    peakMemoryMb: () => 12 + started,
    stop: async () => undefined,
  };
}

describe('fuzz runner', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fuzz-runner-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes the same inputs from the same seed and different ones from another', async () => {
    const a: number[] = [];
    const b: number[] = [];
    const c: number[] = [];
    await runFuzz({ surfaces: [fakeSurface(a)], seconds: 60, seed: 1, outDir: dir, maxInputs: 50 });
    await runFuzz({ surfaces: [fakeSurface(b)], seconds: 60, seed: 1, outDir: dir, maxInputs: 50 });
    await runFuzz({ surfaces: [fakeSurface(c)], seconds: 60, seed: 2, outDir: dir, maxInputs: 50 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it('saves every failure as a case that replays to the same failure', async () => {
    const ran: number[] = [];
    const [report] = await runFuzz({ surfaces: [fakeSurface(ran)], seconds: 60, seed: 3, outDir: dir, maxInputs: 200 });
    const expected = ran.filter((n) => n % 7 === 0).length;
    assert.ok(expected > 0, 'the seed should produce at least one failing input');
    assert.equal(report!.inputs, 200);
    assert.equal(report!.failures, expected);
    assert.equal(readdirSync(dir).length, report!.saved.length);
    const saved = loadCase(report!.saved[0]!);
    assert.equal(saved.surface, 'fake');
    assert.equal(saved.seed, 3);
    const outcome = await replayCase(fakeSurface(), saved);
    assert.equal(outcome.ok, false);
    assert.match(outcome.ok ? '' : outcome.detail, /^multiple of 7: \d+/);
  });

  it('reports inputs per kind, worst latency per request type and peak memory', async () => {
    const ran: number[] = [];
    const reports = await runFuzz({ surfaces: [fakeSurface(ran)], seconds: 60, seed: 4, outDir: dir, maxInputs: 30 });
    const r = reports[0]!;
    assert.equal((r.kinds.low ?? 0) + (r.kinds.high ?? 0), 30);
    const passing = ran.filter((n) => n % 7 !== 0);
    assert.equal(r.latency.validate!.count, passing.length);
    assert.equal(r.latency.validate!.worst, Math.max(...passing) / 100);
    assert.equal(r.peakMemoryMb, 13);
    const text = formatReports(reports, 4);
    assert.match(text, /^seed 4\n\nfake: 30 inputs in [\d.]+ s, \d+ failures?, peak memory 13 MiB/);
    assert.match(text, /validate +\d+ requests +p99 +[\d.]+ ms +worst +[\d.]+ ms/);
    assert.match(text, /inputs by target \(2\): (high|low) \d+, (high|low) \d+/);
  });

  it('counts kinds per target and per mutation', () => {
    const report = {
      surface: 's',
      inputs: 4,
      kinds: { 'env:nul': 1, 'env:nul+bom': 2, 'dag:bom': 1 },
      failures: 0,
      latency: {},
      peakMemoryMb: 1,
      seconds: 1,
      saved: [],
    };
    const text = formatReports([report], 1);
    assert.match(text, /inputs by target \(2\): env 3, dag 1\n/);
    assert.match(text, /by mutation \(2\): bom 3, nul 3\n?/);
  });

  it('stops a surface when its share of the time is spent', async () => {
    let t = 0;
    const surfaces = [fakeSurface(), { ...fakeSurface(), name: 'other' }];
    // The clock moves 1 s per reading, one reading per input: 10 s shared by two surfaces leaves each 5 s,
    // spent after 4 inputs (the start is the first reading).
    const reports = await runFuzz({ surfaces, seconds: 10, seed: 5, outDir: dir, now: () => (t += 1000) });
    assert.deepEqual(
      reports.map((r) => [r.surface, r.inputs]),
      [
        ['fake', 4],
        ['other', 4],
      ],
    );
  });

  it('counts a failing end-of-run check as a failure and still reports the run', async () => {
    const surface = { ...fakeSurface(), name: 'ends-badly', stop: async () => Promise.reject(new Error('restart lost 3 events')) };
    const lines: string[] = [];
    const [report] = await runFuzz({ surfaces: [surface], seconds: 60, seed: 1, outDir: dir, maxInputs: 3, log: (l) => lines.push(l) });
    assert.equal(report!.inputs, 3);
    assert.match(report!.stopFailure ?? '', /restart lost 3 events/);
    assert.ok(report!.failures >= 1);
    assert.match(formatReports([report!], 1), /end-of-run check failed: Error: restart lost 3 events/);
    assert.ok(lines.some((l) => l.includes('ends-badly: the end-of-run check failed')));
  });

  it('starts no new input once aborted, and still stops the surface and reports', async () => {
    const interrupt = new AbortController();
    let stopped = 0;
    const ran: number[] = [];
    const surface = { ...fakeSurface(ran), stop: async () => void stopped++ };
    const run = surface.run;
    surface.run = async (input) => {
      if (ran.length === 3) interrupt.abort();
      return run(input);
    };
    const reports = await runFuzz({
      surfaces: [surface, { ...fakeSurface(), name: 'never' }],
      seconds: 60,
      seed: 1,
      outDir: dir,
      signal: interrupt.signal,
    });
    assert.equal(ran.length, 4, 'the input under way finishes');
    assert.equal(stopped, 1);
    assert.deepEqual(
      reports.map((r) => [r.surface, r.inputs]),
      [['fake', 4]],
    );
  });

  it('refuses a file that is not a saved case, saying what it needs', () => {
    const path = join(dir, 'x.json');
    writeFileSync(path, '{"a":1}');
    assert.throws(() => loadCase(path), /is not a saved fuzz case \(it needs "surface" and "input"\)/);
  });
});
