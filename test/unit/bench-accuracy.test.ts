// The comparison logic of the accuracy benchmark (bench/accuracy/match.mjs), on small synthetic pairs: expected
// templates with jinja wildcards, predicted placeholders, subset semantics, per-job matching.
import assert from 'node:assert/strict';
import type * as Match from '../../bench/accuracy/match.mjs' with { 'resolution-mode': 'import' };

let m: typeof Match;
before(async () => {
  m = await import('../../bench/accuracy/match.mjs');
});

const job = (
  name: string,
  inputs: Match.ExpectedDataset[][],
  outputs: Match.ExpectedDataset[][],
  namespace?: string,
): Match.ExpectedJob => ({
  name,
  namespace,
  inputs,
  outputs,
  events: [],
});
const pj = (
  name: string,
  inputs: Match.PredictedDataset[],
  outputs: Match.PredictedDataset[],
  namespace = 'team_ns',
): Match.PredictedJob => ({
  name,
  namespace,
  inputs,
  outputs,
});

describe('bench accuracy: value templates', () => {
  it('treats a jinja part of the expected value as any text', () => {
    assert.equal(m.valueMatches("shop-prj.sales.{{ env_var('TBL_PREFIX') }}_invoices", 'shop-prj.sales.dev_invoices'), true);
    assert.equal(m.valueMatches("shop-prj.sales.{{ env_var('TBL_PREFIX') }}_invoices", 'shop-prj.sales.dev_refunds'), false);
    assert.equal(m.valueMatches('{{ any(result) }}', 'anything at all'), true);
    assert.equal(m.valueMatches("{{ env_var('SRC_URI') | url_scheme_authority }}", 'gs://bucket-a'), true);
  });

  it('treats a listed placeholder of the prediction as any text, and an unlisted <…> literally', () => {
    const ph = [{ name: 'env:TBL_PREFIX' }];
    assert.equal(m.valueMatches('shop-prj.sales.qa_invoices', 'shop-prj.sales.<env:TBL_PREFIX>_invoices', ph), true);
    assert.equal(m.valueMatches('shop-prj.sales.qa_invoices', 'shop-prj.sales.<env:TBL_PREFIX>_invoices', []), false);
    assert.equal(m.valueMatches('shop-prj.sales.qa_invoices', 'shop-prj.ledger.<env:TBL_PREFIX>_invoices', ph), false);
    // Both sides with wildcards: some string fits both.
    assert.equal(m.valueMatches("{{ env_var('A') }}.orders", '<env:B>.orders', ['env:B']), true);
    assert.equal(m.valueMatches("{{ env_var('A') }}.orders", '<env:B>.refunds', ['env:B']), false);
  });

  it('lets only a predicted placeholder fit a runtime-only <…> value of a record', () => {
    const expected = { namespace: 'file://<gethostbyname(gethostname())>:22', name: '/srv/in.csv', runtimeMarkers: true };
    assert.equal(
      m.datasetMatches(expected, { namespace: 'file://<local-ip>:22', name: '/srv/in.csv', placeholders: [{ name: 'local-ip' }] }),
      true,
    );
    assert.equal(m.datasetMatches(expected, { namespace: 'file://buildhost:22', name: '/srv/in.csv' }), false);
    assert.equal(
      m.datasetMatches(expected, { namespace: 'file://<local-ip>:2222', name: '/srv/in.csv', placeholders: ['local-ip'] }),
      false,
    );
  });

  it('does not assert the namespace when the expected dataset has none', () => {
    assert.equal(m.datasetMatches({ name: 'WH.RAW.EVENTS' }, { namespace: 'snowflake://acme', name: 'WH.RAW.EVENTS' }), true);
  });
});

describe('bench accuracy: one side of a job', () => {
  const pg = (name: string): Match.PredictedDataset => ({ namespace: 'postgres://db1:5432', name });

  it('passes on the same set, and fails with what is missing and what is not expected', () => {
    const expected = [[{ namespace: 'postgres://db1:5432', name: 'shop.public.carts' }]];
    assert.equal(m.compareSide(expected, [pg('shop.public.carts')]).status, 'pass');
    const r = m.compareSide(expected, [pg('shop.public.cart_items')]);
    assert.equal(r.status, 'fail');
    assert.deepEqual(r.missing, [{ namespace: 'postgres://db1:5432', name: 'shop.public.carts' }]);
    assert.deepEqual(r.extra, [pg('shop.public.cart_items')]);
    // An extra dataset beside the expected one fails too (the runtime's lists are compared by length).
    assert.equal(m.compareSide(expected, [pg('shop.public.carts'), pg('shop.public.users')]).status, 'fail');
  });

  it('asserts nothing with empty lists or no event giving the side, and says what is predicted', () => {
    const r = m.compareSide([[], []], [pg('shop.public.carts')]);
    assert.equal(r.status, 'none');
    assert.deepEqual(r.extra, [pg('shop.public.carts')]);
    assert.equal(m.compareSide([], []).status, 'none');
  });

  it('takes a START that lists datasets and a COMPLETE with an empty list as the START', () => {
    const start = [{ namespace: 's3://bkt', name: 'in/a.csv' }];
    assert.equal(m.compareSide([start, []], [{ namespace: 's3://bkt', name: 'in/a.csv' }]).status, 'pass');
  });

  it('calls events that disagree inconsistent unless one of them matches', () => {
    const a = [{ namespace: 'snowflake://acme', name: 'WH.money' }];
    const b = [{ namespace: 'snowflake://acme', name: 'WH.PUBLIC.money' }];
    assert.equal(m.compareSide([a, b], [{ namespace: 'snowflake://acme', name: 'WH.PUBLIC.money' }]).status, 'pass');
    assert.equal(m.compareSide([a, b], [{ namespace: 'snowflake://acme', name: 'WH.OTHER.money' }]).status, 'inconsistent');
  });

  it('counts a runtime-only entry as not knowable only when a rule says so', () => {
    const expected = [[{ namespace: 'bigquery', name: 'p.d.out_t' }]];
    assert.equal(m.compareSide(expected, []).status, 'fail');
    const r = m.compareSide(expected, [], () => 'rule 6: job API');
    assert.equal(r.status, 'not-knowable');
    assert.deepEqual(r.unknowable, [{ expected: expected[0][0], rule: 'rule 6: job API', predicted: undefined }]);
  });

  it('needs a prediction for a partly runtime-only entry: the rest must match', () => {
    const entry = { namespace: 'file://10.1.2.3:2222', name: '/tmp/x.cfg' };
    const rule = (e: Match.ExpectedDataset): Match.Rule => ({ rule: 'rule 6: resolved IP', relaxed: m.relax(e, '10.1.2.3') });
    const named = m.compareSide([[entry]], [{ namespace: 'file://sftp-box:2222', name: '/tmp/x.cfg' }], rule);
    assert.equal(named.status, 'not-knowable');
    assert.deepEqual(named.extra, []);
    assert.equal(m.compareSide([[entry]], [], rule).status, 'fail');
    assert.equal(m.compareSide([[entry]], [{ namespace: 'file://sftp-box:2222', name: '/tmp/y.cfg' }], rule).status, 'fail');
  });

  it('records which expected entries a placeholder matched', () => {
    const r = m.compareSide(
      [[{ namespace: 'file://10.0.0.9:22', name: '/in' }]],
      [{ namespace: 'file://<local-ip>:22', name: '/in', placeholders: [{ name: 'local-ip' }] }],
    );
    assert.equal(r.status, 'pass');
    assert.equal(r.viaPlaceholder.length, 1);
  });
});

describe('bench accuracy: jobs', () => {
  it('groups expected events by job name, keeping every list an event gives', () => {
    const jobs = m.expectedJobs([
      { eventType: 'START', job: { namespace: 'team_ns', name: 'd.t' }, inputs: [{ namespace: 'n', name: 'a' }] },
      { eventType: 'COMPLETE', job: { name: 'd.t' }, inputs: [], outputs: [{ namespace: 'n', name: 'b', facets: {} }] },
      { eventType: 'START', job: { name: 'd.other' } },
    ]);
    assert.deepEqual(
      jobs.map((j) => [j.name, j.namespace, j.inputs, j.outputs]),
      [
        ['d.t', 'team_ns', [[{ namespace: 'n', name: 'a' }], []], [[{ namespace: 'n', name: 'b' }]]],
        ['d.other', undefined, [], []],
      ],
    );
  });

  it('matches jobs by name and namespace, each with its own datasets', () => {
    const expected = [
      job('etl.load', [], [[{ namespace: 'mysql://h:3306', name: 'crm.leads' }]], 'team_ns'),
      job('etl.extract', [[{ namespace: 's3://raw', name: 'leads.csv' }]], []),
    ];
    const right = [
      pj('etl.extract', [{ namespace: 's3://raw', name: 'leads.csv' }], []),
      pj('etl.load', [], [{ namespace: 'mysql://h:3306', name: 'crm.leads' }]),
    ];
    assert.equal(m.scoreJobs(expected, right).verdict, 'pass');
    // The same datasets on the wrong jobs fail.
    const swapped = [
      pj('etl.extract', [], [{ namespace: 'mysql://h:3306', name: 'crm.leads' }]),
      pj('etl.load', [{ namespace: 's3://raw', name: 'leads.csv' }], []),
    ];
    const r = m.scoreJobs(expected, swapped);
    assert.equal(r.verdict, 'fail');
    assert.deepEqual(
      r.jobs.map((j) => [j.name, j.verdict]),
      [
        ['etl.load', 'fail'],
        ['etl.extract', 'fail'],
      ],
    );
    // Another job namespace is another job.
    assert.equal(m.scoreJobs([job('etl.load', [], [], 'team_ns')], [pj('etl.load', [], [], 'other_ns')]).jobs[0].missingJob, true);
  });

  it('fails a job nobody predicts unless a job rule explains it, and names a link that lists it', () => {
    const expected = [job('wh.s.proj.model_a', [], [])];
    const linked: Match.PredictedJob = { ...pj('d.dbt_run', [], []), prediction: { links: [{ jobs: ['wh.s.proj.model_a'] }] } };
    const r = m.scoreJobs(expected, [linked]);
    assert.equal(r.verdict, 'fail');
    assert.deepEqual(r.jobs[0].linkedBy, ['d.dbt_run']);
    assert.equal(m.scoreJobs(expected, [], { jobRule: () => 'rule 9' }).verdict, 'not-knowable');
  });

  it('takes the worst verdict', () => {
    assert.equal(m.worst(['pass', 'not-knowable', 'pass']), 'not-knowable');
    assert.equal(m.worst(['not-knowable', 'fail']), 'fail');
    assert.equal(m.worst([]), 'pass');
  });

  it('reads jobs and their emitted datasets, with placeholders, from a graph', () => {
    const graph = {
      graph: [
        {
          id: 'job:ns:d.t',
          type: 'JOB',
          data: {
            name: 'd.t',
            namespace: 'ns',
            operator: 'X',
            inputs: [{ namespace: 'file://<local-ip>:22', name: '/a' }],
            outputs: [{ namespace: 'n', name: 'b' }],
          },
        },
        {
          id: 'dataset:file://<local-ip>:22:/a',
          type: 'DATASET',
          data: { namespace: 'file://<local-ip>:22', name: '/a', placeholders: [{ name: 'local-ip', why: 'ip' }] },
        },
        { id: 'dataset:n:b', type: 'DATASET', data: { namespace: 'n', name: 'b', emitted: false } },
      ],
    };
    const [j] = m.jobsFromGraph(graph);
    assert.deepEqual(
      j.inputs.map((d) => [d.namespace, d.name, d.placeholders]),
      [['file://<local-ip>:22', '/a', [{ name: 'local-ip', why: 'ip' }]]],
    );
    assert.deepEqual(j.outputs, []);
  });
});
