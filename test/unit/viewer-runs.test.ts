/**
 * The runs behind the Recent Runs and Issues views (extension/src/viewer/runs.ts): collecting runs from job
 * lists, which failures are open issues, data-quality assertions in every facet shape, the fetch against the
 * Marquez test server (paging, caps, errors), and the shared, cancellable load.
 */
import assert from 'node:assert/strict';
import { MarquezClient } from '../../extension/src/endpoint/client';
import { EndpointError } from '../../extension/src/endpoint/errors';
import type { Job, Run } from '../../protocol/marquez';
import {
  collectRuns,
  extractIssues,
  fetchRuns,
  loadRunsState,
  RunsStore,
  unconfiguredReason,
  type AssertionIssue,
  type FailedRunIssue,
  type RunsState,
} from '../../extension/src/viewer/runs';
import {
  AIRFLOW_NS,
  EXTRACT_JOB,
  LOAD_JOB,
  PG,
  RUN_EXTRACT,
  RUN_LOAD,
  RUN_LOAD_ABORTED,
  RUN_SPARK_FAILED,
  RUN_SPARK_OK,
  SPARK_JOB,
  SPARK_NS,
} from '../support/marquez-fixtures';
import { startMarquezServer, type MarquezTestServer } from '../support/marquez-server';

function run(id: string, state: Run['state'], startedAt: string | null, extra: Partial<Run> = {}): Run {
  return {
    id,
    state,
    createdAt: startedAt,
    updatedAt: startedAt,
    nominalStartTime: null,
    nominalEndTime: null,
    startedAt,
    endedAt: state === 'RUNNING' ? null : startedAt,
    durationMs: state === 'RUNNING' ? null : 1000,
    facets: {},
    ...extra,
  };
}

function job(namespace: string, name: string, runs: Run[], extra: Partial<Job> = {}): Job {
  return {
    id: { namespace, name },
    type: 'BATCH',
    name,
    createdAt: null,
    updatedAt: null,
    namespace,
    inputs: [],
    outputs: [],
    latestRun: runs[0] ?? null,
    latestRuns: runs,
    ...extra,
  };
}

const T = (hour: number) => `2024-10-14T${String(hour).padStart(2, '0')}:00:00Z`;

function assertionsFacet(assertions: unknown[]) {
  return { _producer: 'p', _schemaURL: 's', assertions };
}

function withInput(r: Run, namespace: string, name: string, facets: Record<string, unknown>): Run {
  return { ...r, inputDatasetVersions: [{ datasetVersionId: { namespace, name, version: 'v1' }, facets }] };
}

describe('viewer runs: collecting runs from jobs', () => {
  it("lists every job's latestRuns newest first by start, each run once", () => {
    const records = collectRuns([
      job('ns', 'a', [run('a2', 'COMPLETED', T(5)), run('a1', 'FAILED', T(1))]),
      job('ns', 'b', [run('b1', 'RUNNING', T(3))]),
      // The same run again (a job listed twice by overlapping pages) is kept once.
      job('ns', 'a', [run('a2', 'COMPLETED', T(5))]),
    ]);
    assert.deepEqual(
      records.map((r) => [r.job.name, r.run.id]),
      [
        ['a', 'a2'],
        ['b', 'b1'],
        ['a', 'a1'],
      ],
    );
  });

  it('falls back to latestRun, then to the creation time, and puts runs without a time last', () => {
    const records = collectRuns([
      job('ns', 'old-api', [], { latestRuns: undefined, latestRun: run('x', 'COMPLETED', T(2)) }),
      job('ns', 'created', [run('y', 'NEW', null, { createdAt: T(4) })]),
      job('ns', 'timeless', [run('z', 'NEW', null)]),
    ]);
    assert.deepEqual(
      records.map((r) => r.run.id),
      ['y', 'x', 'z'],
    );
  });

  it('skips malformed jobs and runs instead of throwing', () => {
    const records = collectRuns([
      null as unknown as Job,
      { name: 42 } as unknown as Job,
      job('ns', 'a', [
        { id: '', state: 'COMPLETED' } as Run,
        { state: 'FAILED' } as unknown as Run,
        'run' as unknown as Run,
        run('ok', 'COMPLETED', T(1)),
      ]),
    ]);
    assert.deepEqual(
      records.map((r) => r.run.id),
      ['ok'],
    );
  });

  it("takes the job's namespace and name from its id, with the simple name only when it differs", () => {
    const [record] = collectRuns([
      job('airflow', 'dag.task', [run('r', 'COMPLETED', T(1))], { simpleName: 'task', namespace: 'ignored', name: 'ignored' }),
    ]);
    assert.deepEqual(record!.job, { namespace: 'airflow', name: 'dag.task', simpleName: 'task' });
    const [same] = collectRuns([job('airflow', 'spark_app', [run('s', 'COMPLETED', T(1))], { simpleName: 'spark_app' })]);
    assert.deepEqual(same!.job, { namespace: 'airflow', name: 'spark_app' });
  });
});

describe('viewer runs: failed runs as issues', () => {
  const issuesOf = (...jobs: Job[]) => extractIssues(collectRuns(jobs));

  it('reports a job whose newest finished run failed, with the error message and the job node', () => {
    const failed = run('f', 'FAILED', T(2), {
      endedAt: T(3),
      facets: { errorMessage: { _producer: 'p', _schemaURL: 's', message: 'Task 3 failed 4 times', programmingLanguage: 'JAVA' } },
    });
    const issues = issuesOf(job('spark', 'app', [failed, run('ok', 'COMPLETED', T(1))]));
    assert.equal(issues.length, 1);
    const issue = issues[0] as FailedRunIssue;
    assert.equal(issue.kind, 'failed-run');
    assert.equal(issue.id, 'failed-run:f');
    assert.equal(issue.nodeId, 'job:spark:app');
    assert.equal(issue.at, T(3));
    assert.equal(issue.message, 'Task 3 failed 4 times');
  });

  it('keeps the failure while a retry is still running, and drops it once a later run completed or was aborted', () => {
    assert.equal(issuesOf(job('ns', 'a', [run('retry', 'RUNNING', T(4)), run('f', 'FAILED', T(2))])).length, 1);
    assert.equal(issuesOf(job('ns', 'a', [run('ok', 'COMPLETED', T(4)), run('f', 'FAILED', T(2))])).length, 0);
    assert.equal(issuesOf(job('ns', 'a', [run('stop', 'ABORTED', T(4)), run('f', 'FAILED', T(2))])).length, 0);
  });

  it('has no message when the run has no errorMessage facet (or a malformed one)', () => {
    const [issue] = issuesOf(job('ns', 'a', [run('f', 'FAILED', T(2), { facets: { errorMessage: 'boom' } })]));
    assert.equal((issue as FailedRunIssue).message, undefined);
  });
});

describe('viewer runs: failed data-quality assertions as issues', () => {
  it('reports the failed assertions of the newest run that checked a dataset, opening the dataset node', () => {
    const facets = {
      dataQualityAssertions: assertionsFacet([
        { assertion: 'not_null', success: false, column: 'id' },
        { assertion: 'unique', success: true },
      ]),
    };
    const issues = extractIssues(
      collectRuns([job('airflow', 'dag.check', [withInput(run('c', 'COMPLETED', T(2)), 'pg://db', 'public.orders', facets)])]),
    );
    assert.equal(issues.length, 1);
    const issue = issues[0] as AssertionIssue;
    assert.equal(issue.kind, 'failed-assertions');
    assert.equal(issue.nodeId, 'dataset:pg://db:public.orders');
    assert.deepEqual(issue.dataset, { namespace: 'pg://db', name: 'public.orders' });
    assert.deepEqual(issue.job, { namespace: 'airflow', name: 'dag.check' });
    assert.deepEqual(
      issue.failed.map((a) => a.assertion),
      ['not_null'],
    );
    assert.equal(issue.total, 2);
    assert.equal(issue.facet, 'dataQualityAssertions');
  });

  it('counts a failed assertion that names no check, as "(unnamed)", the way the graph details show it', () => {
    const facets = { greatExpectations_assertions: assertionsFacet([{ success: false, column: 'id' }]) };
    const issues = extractIssues(collectRuns([job('ns', 'check', [withInput(run('c', 'COMPLETED', T(2)), 'db', 't', facets)])]));
    assert.deepEqual((issues[0] as AssertionIssue).failed, [{ assertion: '(unnamed)', success: false, column: 'id' }]);
    assert.equal((issues[0] as AssertionIssue).facet, 'greatExpectations_assertions');
  });

  it('drops failures a newer check of the same dataset passed, also from another job', () => {
    const failing = { dataQualityAssertions: assertionsFacet([{ assertion: 'not_null', success: false }]) };
    const passing = { dataQualityAssertions: assertionsFacet([{ assertion: 'not_null', success: true }]) };
    const issues = extractIssues(
      collectRuns([
        job('ns', 'old-check', [withInput(run('old', 'COMPLETED', T(1)), 'db', 't', failing)]),
        job('ns', 'new-check', [withInput(run('new', 'COMPLETED', T(2)), 'db', 't', passing)]),
      ]),
    );
    assert.deepEqual(issues, []);
  });

  it('reads output datasets too, and a failed run that checked gives both issues, newest first', () => {
    const facets = { dataQualityAssertions: assertionsFacet([{ assertion: 'row_count', success: false }]) };
    const out: Run = {
      ...run('w', 'FAILED', T(5)),
      outputDatasetVersions: [{ datasetVersionId: { namespace: 'db', name: 'out', version: 'v' }, facets }],
    };
    const issues = extractIssues(collectRuns([job('ns', 'writer', [out]), job('ns', 'other', [run('o', 'FAILED', T(1))])]));
    assert.deepEqual(
      issues.map((i) => i.id),
      ['failed-run:w', 'failed-assertions:w:dataset:db:out', 'failed-run:o'],
    );
  });
});

describe('viewer runs: fetching from the endpoint', () => {
  let server: MarquezTestServer;
  let client: MarquezClient;

  before(async () => {
    server = await startMarquezServer();
    client = new MarquezClient({ baseUrl: server.url, retryDelayMs: 1 });
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  it("reads the configured namespace's jobs in one request and derives runs and issues", async () => {
    const snapshot = await fetchRuns(client, { namespace: AIRFLOW_NS });
    assert.deepEqual(
      server.requests.map((r) => r.url),
      ['/api/v1/namespaces/airflow-prod/jobs?limit=100&offset=0'],
    );
    assert.equal(snapshot.namespace, AIRFLOW_NS);
    assert.deepEqual(snapshot.namespaces, [AIRFLOW_NS]);
    assert.equal(snapshot.jobCount, 2);
    assert.deepEqual(
      snapshot.runs.map((r) => [r.job.name, r.run.id, r.run.state]),
      [
        [LOAD_JOB, RUN_LOAD, 'RUNNING'],
        [EXTRACT_JOB, RUN_EXTRACT, 'COMPLETED'],
        [LOAD_JOB, RUN_LOAD_ABORTED, 'ABORTED'],
      ],
    );
    assert.deepEqual(
      snapshot.issues.map((i) => i.id),
      [`failed-assertions:${RUN_EXTRACT}:dataset:${PG}:shop.public.orders`],
    );
    assert.deepEqual(snapshot.truncated, []);
  });

  it('reads every visible namespace when none is configured', async () => {
    const snapshot = await fetchRuns(client);
    assert.equal(snapshot.namespace, undefined);
    assert.equal(server.requests[0]!.url, '/api/v1/namespaces?limit=100');
    assert.deepEqual(snapshot.namespaces, [AIRFLOW_NS, PG, 's3://lake-bucket', SPARK_NS]);
    assert.equal(snapshot.jobCount, 3);
    assert.deepEqual(
      snapshot.runs.map((r) => r.run.id),
      [RUN_LOAD, RUN_SPARK_FAILED, RUN_EXTRACT, RUN_LOAD_ABORTED, RUN_SPARK_OK],
    );
    assert.deepEqual(
      snapshot.issues.map((i) => [i.kind, i.nodeId]),
      [
        ['failed-run', `job:${SPARK_NS}:${SPARK_JOB}`],
        ['failed-assertions', `dataset:${PG}:shop.public.orders`],
      ],
    );
  });

  it('pages through jobs and says what it left out past the caps', async () => {
    const paged = await fetchRuns(client, { namespace: AIRFLOW_NS, limits: { pageSize: 1 } });
    assert.equal(paged.jobCount, 2);
    assert.deepEqual(
      server.requests.map((r) => r.url),
      ['/api/v1/namespaces/airflow-prod/jobs?limit=1&offset=0', '/api/v1/namespaces/airflow-prod/jobs?limit=1&offset=1'],
    );
    const capped = await fetchRuns(client, { namespace: AIRFLOW_NS, limits: { maxJobsPerNamespace: 1 } });
    assert.equal(capped.jobCount, 1);
    assert.deepEqual(capped.truncated, ['Only 1 of 2 jobs of namespace airflow-prod were read.']);
    const few = await fetchRuns(client, { limits: { maxNamespaces: 2 } });
    assert.deepEqual(few.namespaces, [AIRFLOW_NS, PG]);
    assert.match(few.truncated[0]!, /^Only the first 2 of 4 namespaces were read/);
  });

  it("turns endpoint failures into an error state with the client's message; a missing configured namespace is one", async () => {
    const missing = await loadRunsState({ ok: true, url: server.url, namespace: 'nope', client }, new AbortController().signal);
    assert.equal(missing.kind, 'error');
    assert.equal(missing.kind === 'error' && missing.errorKind, 'not-found');
    server.mode = 'unauthorized';
    const denied = await loadRunsState({ ok: true, url: server.url, namespace: undefined, client }, new AbortController().signal);
    assert.equal(denied.kind === 'error' && denied.errorKind, 'unauthorized');
    assert.match(denied.kind === 'error' ? denied.message : '', /HTTP 401/);
  });

  it('passes the unconfigured message through without a request', async () => {
    const state = await loadRunsState({ ok: false, message: 'No lineage endpoint is set.' }, new AbortController().signal);
    assert.deepEqual(state, { kind: 'unconfigured', message: 'No lineage endpoint is set.', reason: 'none' });
    const untrusted = await loadRunsState({ ok: false, message: 'Restricted Mode.', reason: 'untrusted' }, new AbortController().signal);
    assert.deepEqual(untrusted, { kind: 'unconfigured', message: 'Restricted Mode.', reason: 'untrusted' });
    assert.equal(server.requests.length, 0);
  });

  it('says why there is no endpoint, in the order the settings reader reports it', () => {
    const pending = { url: 'http://ws:5000', origin: 'http://ws:5000' };
    assert.equal(unconfiguredReason({ kind: 'none' }), 'none');
    assert.equal(unconfiguredReason({ kind: 'none', problem: 'lineageLens.endpoint.url: bad' }), 'invalid');
    assert.equal(unconfiguredReason({ kind: 'none', pending: { ...pending, reason: 'untrusted' } }), 'untrusted');
    assert.equal(unconfiguredReason({ kind: 'none', pending: { ...pending, reason: 'unconfirmed' } }), 'unconfirmed');
    // With a user URL there is an endpoint: the reason is moot.
    assert.equal(
      unconfiguredReason({ kind: 'user', url: 'http://me:5000', origin: 'http://me:5000', pending: { ...pending, reason: 'unconfirmed' } }),
      'none',
    );
  });

  it('rejects with the cancellation when its signal is aborted mid-request', async () => {
    server.mode = 'slow';
    server.delayMs = 5000;
    const controller = new AbortController();
    const loading = loadRunsState({ ok: true, url: server.url, namespace: AIRFLOW_NS, client }, controller.signal);
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(loading, (e: unknown) => e instanceof EndpointError && e.kind === 'cancelled');
  });
});

describe('viewer runs: the shared load', () => {
  const ok = (n: number): RunsState => ({
    kind: 'ok',
    endpoint: `http://e${n}`,
    snapshot: { namespaces: [], jobCount: n, truncated: [], runs: [], issues: [] },
  });

  it('loads once for every caller, and again only after a refresh', async () => {
    let loads = 0;
    const store = new RunsStore(async () => ok(++loads));
    const [a, b] = await Promise.all([store.get(), store.get()]);
    assert.equal(a, b);
    assert.equal(loads, 1);
    assert.equal(store.peek(), a);
    assert.equal(await store.get(), a);
    store.refresh();
    assert.equal(store.peek(), undefined);
    assert.equal(((await store.get()) as Extract<RunsState, { kind: 'ok' }>).snapshot.jobCount, 2);
    store.dispose();
  });

  it("a refresh aborts the load in flight; callers waiting on it get the next load's state", async () => {
    const signals: AbortSignal[] = [];
    let loads = 0;
    const store = new RunsStore(
      (signal) =>
        new Promise<RunsState>((resolve, reject) => {
          signals.push(signal);
          const n = ++loads;
          if (n > 1) return resolve(ok(n));
          signal.addEventListener('abort', () => reject(new EndpointError('cancelled', 'cancelled')));
        }),
    );
    let changes = 0;
    store.onDidChange(() => changes++);
    const waiting = store.get();
    await new Promise((r) => setImmediate(r));
    assert.ok(store.loading);
    store.refresh();
    assert.equal(signals[0]!.aborted, true);
    assert.equal(changes, 1);
    const state = await waiting;
    assert.equal(state.kind === 'ok' && state.snapshot.jobCount, 2);
    assert.equal(signals[1]!.aborted, false);
    store.dispose();
    assert.equal(signals[1]!.aborted, true);
    await assert.rejects(store.get(), (e: unknown) => e instanceof EndpointError && e.kind === 'cancelled');
  });
});
