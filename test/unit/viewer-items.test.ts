/**
 * The Recent Runs and Issues views' items (extension/src/viewer/items.ts), built from runs states as the
 * tree providers show them: labels, descriptions, state icons, tooltips, the command each item runs, and the
 * message and action items of empty, failed and unconfigured states.
 */
import assert from 'node:assert/strict';
import type { Run } from '../../protocol/marquez';
import {
  assertionText,
  issueItems,
  MAX_RECENT_RUNS,
  recentRunItems,
  runDescription,
  runItem,
  stateIcon,
} from '../../extension/src/viewer/items';
import type { AssertionIssue, FailedRunIssue, JobRun, RunsSnapshot, RunsState } from '../../extension/src/viewer/runs';

const NOW = Date.parse('2024-10-14T12:00:00Z');

function run(id: string, state: Run['state'], startedAt: string, extra: Partial<Run> = {}): Run {
  return {
    id,
    state,
    createdAt: startedAt,
    updatedAt: startedAt,
    nominalStartTime: null,
    nominalEndTime: null,
    startedAt,
    endedAt: null,
    durationMs: null,
    facets: {},
    ...extra,
  };
}

const completed: JobRun = {
  job: { namespace: 'airflow-prod', name: 'orders_pipeline.extract_orders', simpleName: 'extract_orders' },
  run: run('r1', 'COMPLETED', '2024-10-14T10:00:04Z', {
    endedAt: '2024-10-14T10:05:10Z',
    durationMs: 305_683,
    nominalStartTime: '2024-10-14T10:00:00Z',
  }),
};
const failedRun = run('r2', 'FAILED', '2024-10-12T02:06:01Z', {
  endedAt: '2024-10-12T02:18:22Z',
  durationMs: 741_536,
  facets: { errorMessage: { message: 'Job aborted due to stage failure' } },
});
const failed: JobRun = { job: { namespace: 'spark-prod', name: 'orders_enrichment' }, run: failedRun };
const running: JobRun = {
  job: { namespace: 'airflow-prod', name: 'orders_pipeline.load' },
  run: run('r3', 'RUNNING', '2024-10-14T11:50:00Z'),
};

function state(snapshot: Partial<RunsSnapshot>): RunsState {
  return {
    kind: 'ok',
    endpoint: 'http://marquez:5000',
    snapshot: { namespaces: ['airflow-prod'], namespace: 'airflow-prod', jobCount: 3, truncated: [], runs: [], issues: [], ...snapshot },
  };
}

describe('viewer items: runs', () => {
  it('gives each state its icon and colour', () => {
    assert.deepEqual(stateIcon('COMPLETED'), { id: 'pass', color: 'testing.iconPassed' });
    assert.deepEqual(stateIcon('FAILED'), { id: 'error', color: 'testing.iconFailed' });
    assert.deepEqual(stateIcon('RUNNING'), { id: 'sync~spin', color: 'charts.blue' });
    assert.deepEqual(stateIcon('ABORTED'), { id: 'circle-slash', color: 'testing.iconSkipped' });
    assert.deepEqual(stateIcon('NEW'), { id: 'circle-outline', color: 'testing.iconQueued' });
    assert.deepEqual(stateIcon('PAUSED'), { id: 'question' });
  });

  it('describes a run by state (unless completed), duration and when it started', () => {
    assert.equal(runDescription(completed.run, NOW), '5m 05s · 1 h ago');
    assert.equal(runDescription(failed.run, NOW), 'failed · 12m 21s · 2 days ago');
    assert.equal(runDescription(running.run, NOW), 'running · 10m 00s so far · 10 min ago');
    assert.equal(runDescription(run('a', 'ABORTED', '2024-10-14T11:00:00Z'), NOW), 'aborted · 1 h ago');
  });

  it('builds a run item that opens the graph at its job', () => {
    assert.deepEqual(runItem(completed, NOW), {
      id: 'run:r1',
      kind: 'run',
      label: 'orders_pipeline.extract_orders',
      description: '5m 05s · 1 h ago',
      tooltip: [
        'orders_pipeline.extract_orders',
        'Namespace: airflow-prod',
        'State: COMPLETED',
        'Run: r1',
        'Started: 2024-10-14 10:00:04 UTC',
        'Ended: 2024-10-14 10:05:10 UTC',
        'Duration: 5m 05s',
        'Nominal time: 2024-10-14 10:00:00 UTC',
      ].join('\n'),
      icon: { id: 'pass', color: 'testing.iconPassed' },
      nodeId: 'job:airflow-prod:orders_pipeline.extract_orders',
      command: {
        command: 'lineageLens.showLineage',
        title: 'Show Lineage',
        arguments: [{ nodeId: 'job:airflow-prod:orders_pipeline.extract_orders' }],
      },
    });
  });

  it("puts a failed run's error message in its tooltip", () => {
    assert.match(runItem(failed, NOW).tooltip!, /\nError: Job aborted due to stage failure$/);
  });

  it('lists at most the newest runs, then says how many more there are', () => {
    const runs = Array.from({ length: MAX_RECENT_RUNS + 3 }, (_, i) => ({ ...completed, run: { ...completed.run, id: `r${i}` } }));
    const items = recentRunItems(state({ runs }), NOW);
    assert.equal(items.length, MAX_RECENT_RUNS + 1);
    assert.deepEqual(items.at(-1), {
      id: 'message:more',
      kind: 'message',
      label: '3 older runs not shown',
      icon: { id: 'ellipsis' },
      tooltip: '3 older runs not shown',
    });
  });

  it('says when there are no runs, naming the namespace or the endpoint, and adds what was left out', () => {
    const [empty] = recentRunItems(state({}), NOW);
    assert.equal(empty!.label, 'No runs in namespace airflow-prod.');
    const all = recentRunItems(
      state({ namespace: undefined, namespaces: ['a', 'b'], truncated: ['Only 500 of 900 jobs of namespace a were read.'] }),
      NOW,
    );
    assert.deepEqual(
      all.map((i) => i.label),
      ['No runs in the 2 namespaces of http://marquez:5000.', 'Only 500 of 900 jobs of namespace a were read.'],
    );
  });
});

describe('viewer items: issues', () => {
  const failedIssue: FailedRunIssue = {
    kind: 'failed-run',
    id: 'failed-run:r2',
    job: failed.job,
    run: failed.run,
    nodeId: 'job:spark-prod:orders_enrichment',
    at: '2024-10-12T02:18:22Z',
    message: 'Job aborted due to stage failure',
  };
  const assertionIssue: AssertionIssue = {
    kind: 'failed-assertions',
    id: 'failed-assertions:r1:dataset:postgres://db:5432:shop.public.orders',
    dataset: { namespace: 'postgres://db:5432', name: 'shop.public.orders' },
    job: completed.job,
    run: completed.run,
    nodeId: 'dataset:postgres://db:5432:shop.public.orders',
    at: '2024-10-14T10:05:10Z',
    failed: [
      { assertion: 'not_null', success: false, column: 'customer_id', severity: 'error', expected: '0', actual: '3' },
      { assertion: 'freshness', success: false, severity: 'warn' },
    ],
    total: 3,
    facet: 'dataQualityAssertions',
  };

  it('builds a failed run issue that opens the job, with the error in its description', () => {
    const [item] = issueItems(state({ issues: [failedIssue] }), NOW);
    assert.equal(item!.kind, 'failedRun');
    assert.equal(item!.label, 'orders_enrichment');
    assert.equal(item!.description, 'failed · 2 days ago · Job aborted due to stage failure');
    assert.deepEqual(item!.icon, { id: 'error', color: 'testing.iconFailed' });
    // The issue's id goes with it: the graph opens on this issue.
    assert.deepEqual(item!.command?.arguments, [{ nodeId: 'job:spark-prod:orders_enrichment', issue: 'failed-run:r2' }]);
  });

  it('builds a failed assertions issue that opens the dataset, one child per failed assertion', () => {
    const [item] = issueItems(state({ issues: [assertionIssue] }), NOW);
    assert.equal(item!.kind, 'failedAssertions');
    assert.equal(item!.label, 'shop.public.orders');
    assert.equal(item!.description, '2 of 3 assertions failed · 1 h ago');
    assert.equal(item!.nodeId, 'dataset:postgres://db:5432:shop.public.orders');
    assert.deepEqual(item!.command?.arguments, [
      {
        nodeId: 'dataset:postgres://db:5432:shop.public.orders',
        issue: 'failed-assertions:r1:dataset:postgres://db:5432:shop.public.orders',
      },
    ]);
    assert.match(item!.tooltip!, /Checked by: orders_pipeline\.extract_orders \(airflow-prod\), run r1, COMPLETED/);
    assert.match(item!.tooltip!, /Failed: not_null on customer_id: expected 0, actual 3\n {2}freshness$/);
    assert.deepEqual(
      item!.children!.map((c) => [c.kind, c.label, c.description, c.icon.id, c.nodeId]),
      [
        ['assertion', 'not_null (customer_id)', 'expected 0 · actual 3 · error', 'close', 'dataset:postgres://db:5432:shop.public.orders'],
        ['assertion', 'freshness', 'warn', 'warning', 'dataset:postgres://db:5432:shop.public.orders'],
      ],
    );
  });

  it('uses a warning icon when every failed assertion is below error severity', () => {
    const [item] = issueItems(state({ issues: [{ ...assertionIssue, failed: [assertionIssue.failed[1]!] }] }), NOW);
    assert.deepEqual(item!.icon, { id: 'warning', color: 'list.warningForeground' });
  });

  it('says there are no issues', () => {
    const [item] = issueItems(state({}), NOW);
    assert.equal(item!.label, 'No issues in namespace airflow-prod.');
    assert.equal(item!.icon.id, 'pass');
  });

  it('writes an assertion as a sentence', () => {
    assert.equal(
      assertionText({ assertion: 'not_null', column: 'id', expected: '0', actual: '3' }),
      'not_null on id: expected 0, actual 3',
    );
    assert.equal(assertionText({ assertion: 'row_count' }), 'row_count');
  });
});

describe('viewer items: no data', () => {
  it('shows nothing when unconfigured: the welcome content offers Set Endpoint', () => {
    const unconfigured: RunsState = { kind: 'unconfigured', message: 'No lineage endpoint is set.', reason: 'none' };
    assert.deepEqual(recentRunItems(unconfigured, NOW), []);
    assert.deepEqual(issueItems(unconfigured, NOW), []);
  });

  it('shows the endpoint error, then what to do about it', () => {
    const unauthorized: RunsState = {
      kind: 'error',
      message: 'The endpoint http://x rejected the API key (HTTP 401).',
      errorKind: 'unauthorized',
    };
    const items = recentRunItems(unauthorized, NOW);
    assert.deepEqual(
      items.map((i) => [i.kind, i.label, i.command?.command]),
      [
        ['message', 'The endpoint http://x rejected the API key (HTTP 401).', undefined],
        ['action', 'Set API Key…', 'lineageLens.setApiKey'],
        ['action', 'Test Connection', 'lineageLens.testConnection'],
        ['action', 'Retry', 'lineageLens.refresh'],
      ],
    );
    const unreachable: RunsState = { kind: 'error', message: 'Cannot reach the endpoint.', errorKind: 'unreachable' };
    assert.deepEqual(
      issueItems(unreachable, NOW).map((i) => i.label),
      ['Cannot reach the endpoint.', 'Set Endpoint…', 'Test Connection', 'Retry'],
    );
    const timeout: RunsState = { kind: 'error', message: 'No answer within 30 s.', errorKind: 'timeout' };
    assert.deepEqual(
      issueItems(timeout, NOW).map((i) => i.label),
      ['No answer within 30 s.', 'Test Connection', 'Retry'],
    );
  });
});
