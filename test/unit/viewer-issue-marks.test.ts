/**
 * The Issues view's open issues marked on a graph before it is shown (extension/src/viewer/issue-marks.ts):
 * the mark the webview draws and opens the details on, the untouched graph when nothing is marked, and the
 * Show Lineage argument that names the issue opened.
 */
import assert from 'node:assert/strict';
import { issueMark, markIssues } from '../../extension/src/viewer/issue-marks';
import { parseShowLineageArgs } from '../../extension/src/viewer/lineage';
import type { AssertionIssue, FailedRunIssue } from '../../extension/src/viewer/runs';

const CUSTOMERS = 'dataset:postgres://warehouse:5432:analytics.public.customers';
const TEST_JOB = 'job:acme_local:dbt_analytics.dbt_test';

const assertionIssue: AssertionIssue = {
  kind: 'failed-assertions',
  id: `failed-assertions:r1:${CUSTOMERS}`,
  dataset: { namespace: 'postgres://warehouse:5432', name: 'analytics.public.customers' },
  job: { namespace: 'acme_local', name: 'dbt_analytics.dbt_test' },
  run: { id: 'r1', state: 'COMPLETED' } as AssertionIssue['run'],
  nodeId: CUSTOMERS,
  at: '2025-06-11T03:19:00Z',
  failed: [{ assertion: 'unique', success: false, column: 'customer_id' }],
  total: 2,
  facet: 'dataQualityAssertions',
};
const failedRun: FailedRunIssue = {
  kind: 'failed-run',
  id: 'failed-run:r2',
  job: { namespace: 'acme_local', name: 'dbt_analytics.dbt_test' },
  run: { id: 'r2', state: 'FAILED' } as FailedRunIssue['run'],
  nodeId: TEST_JOB,
  at: null,
  message: 'dbt test exited with 1',
};

const graph = () => ({
  graph: [
    { id: CUSTOMERS, type: 'DATASET', data: { name: 'analytics.public.customers', fields: [] }, inEdges: [], outEdges: [] },
    { id: TEST_JOB, type: 'JOB', data: { name: 'dbt_analytics.dbt_test' }, inEdges: [], outEdges: [] },
    { id: 'dataset:x:y', type: 'DATASET', data: { name: 'y' }, inEdges: [], outEdges: [] },
  ],
});

describe('viewer: open issues marked on a graph', () => {
  it('marks the failed assertions: which, of how many, by which run of which job, when', () => {
    assert.deepEqual(issueMark(assertionIssue), {
      kind: 'failed-assertions',
      summary: '1 of 2 assertions failed',
      failed: [{ assertion: 'unique', column: 'customer_id' }],
      run: { id: 'r1', state: 'COMPLETED', job: 'dbt_analytics.dbt_test', jobNamespace: 'acme_local', at: '2025-06-11T03:19:00Z' },
    });
    assert.deepEqual(issueMark(failedRun), {
      kind: 'failed-run',
      summary: 'Latest run failed',
      run: { id: 'r2', state: 'FAILED', job: 'dbt_analytics.dbt_test', jobNamespace: 'acme_local' },
      message: 'dbt test exited with 1',
    });
  });

  it('marks each node with an open issue in a copy, keeping its data, and leaves the others and the input alone', () => {
    const input = graph();
    const before = JSON.stringify(input);
    const marked = markIssues(input, [failedRun, assertionIssue]) as ReturnType<typeof graph>;
    assert.equal(JSON.stringify(input), before);
    const [customers, job, other] = marked.graph;
    assert.deepEqual(customers!.data, { name: 'analytics.public.customers', fields: [], lineageLensIssue: issueMark(assertionIssue) });
    assert.deepEqual(job!.data, { name: 'dbt_analytics.dbt_test', lineageLensIssue: issueMark(failedRun) });
    assert.equal(other, input.graph[2]);
  });

  it('gives the graph back as it was when nothing is marked, or it is not a lineage response', () => {
    const input = graph();
    assert.equal(markIssues(input, []), input);
    assert.equal(markIssues(input, undefined), input);
    assert.equal(markIssues(input, [{ ...assertionIssue, nodeId: 'dataset:elsewhere:z' }]), input);
    assert.equal(markIssues('not a graph', [assertionIssue]), 'not a graph');
  });

  it('takes the issue an Issues item opens from the Show Lineage argument', () => {
    assert.deepEqual(parseShowLineageArgs({ nodeId: CUSTOMERS, issue: assertionIssue.id }), {
      ok: true,
      value: { nodeId: CUSTOMERS, depth: 2, issue: assertionIssue.id },
    });
    assert.deepEqual(parseShowLineageArgs({ nodeId: CUSTOMERS, issue: 7 }), { ok: true, value: { nodeId: CUSTOMERS, depth: 2 } });
  });
});
