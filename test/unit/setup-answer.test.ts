/**
 * The answer to `lineageLens/setupPlan` from the files read: without a namespace, the one already in use (and
 * no plan); with one, the plan or the planner's refusal, as the request's result kinds.
 */
import assert from 'node:assert/strict';
import type { SetupPlanParams } from '../../protocol/setup-plan';
import { answerSetupPlan, planSetup } from '../../server/src/service/setup';

const files = new Map([['spark-defaults.conf', 'spark.master local[*]\nspark.openlineage.namespace acme\n']]);
const params = (over: Partial<SetupPlanParams> = {}): SetupPlanParams => ({
  folder: 'file:///project',
  integration: 'spark',
  target: 'spark-defaults',
  endpoint: { url: 'http://marquez:5000', namespace: 'prod' },
  apiKey: false,
  ...over,
});

describe('setup: the answer to lineageLens/setupPlan', () => {
  it('without a namespace, gives the one the files use (or none) and plans nothing', () => {
    assert.deepEqual(answerSetupPlan(params({ endpoint: { url: 'http://marquez:5000' } }), files), {
      kind: 'namespace',
      existing: { namespace: 'acme', path: 'spark-defaults.conf' },
    });
    assert.deepEqual(answerSetupPlan(params({ endpoint: { url: 'http://marquez:5000' } }), new Map()), { kind: 'namespace' });
  });

  it('with a namespace, gives the planner’s plan', () => {
    const expected = planSetup({
      integration: 'spark',
      target: 'spark-defaults',
      endpoint: { url: 'http://marquez:5000', namespace: 'prod' },
      apiKey: false,
      files,
    });
    assert.ok(!('error' in expected));
    assert.deepEqual(answerSetupPlan(params(), files), { kind: 'plan', plan: expected });
  });

  it('passes the planner’s refusals on as errors', () => {
    assert.deepEqual(answerSetupPlan(params({ target: 'yarn' }), files), {
      kind: 'error',
      message: 'spark has no target "yarn"; its targets are spark-defaults.',
    });
    assert.deepEqual(answerSetupPlan(params({ endpoint: { url: 'ftp://x', namespace: 'prod' } }), files), {
      kind: 'error',
      message: 'The endpoint URL "ftp://x" is not an http(s) URL.',
    });
  });
});
