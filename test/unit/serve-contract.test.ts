/**
 * Contract: every endpoint the local endpoint serves, driven against a populated endpoint, answers JSON that
 * Marquez's OpenAPI file accepts (test/support/marquez-openapi.ts: its schemas with exactly the inexactness
 * `../shared/reference/README.md` documents). Endpoints Marquez serves but its spec leaves out (`/jobs`,
 * `/stats/*`, the DELETEs of tags) are checked against the spec's own schemas where one applies, else against the
 * shapes of Marquez's models. And every operation of the spec is either served (and driven here) or listed as
 * not served with the reason (docs/local-endpoint.md).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { startLocalEndpoint, type LocalEndpoint } from '../../server/src/serve';
import { ENRICH, PG, RUN_ENRICH_OK, S3, SPARK, fixtureEvents } from '../fixtures/serve/events';
import { loadMarquezSpec, MARQUEZ_OPENAPI, responseValidator, validatorOf, type OpenApi } from '../support/marquez-openapi';

const enc = encodeURIComponent;
const RAW = 'raw/orders';
const CURATED = 'curated/orders';

/** Operations of the spec the endpoint does not serve, and why (the deprecated write API). */
export const NOT_SERVED: Record<string, string> = {
  'PUT /namespaces/{namespace}/datasets/{dataset}': 'deprecated in Marquez: send a DatasetEvent',
  'PUT /namespaces/{namespace}/jobs/{job}': 'deprecated in Marquez: send a JobEvent',
  'POST /namespaces/{namespace}/jobs/{job}/runs': 'deprecated in Marquez: send a RunEvent',
  'POST /jobs/runs/{id}/start': 'deprecated in Marquez: send a RunEvent',
  'POST /jobs/runs/{id}/complete': 'deprecated in Marquez: send a RunEvent',
  'POST /jobs/runs/{id}/fail': 'deprecated in Marquez: send a RunEvent',
  'POST /jobs/runs/{id}/abort': 'deprecated in Marquez: send a RunEvent',
};

const lineageMetric = {
  type: 'array',
  items: {
    type: 'object',
    required: ['startInterval', 'endInterval', 'fail', 'start', 'complete', 'abort'],
    properties: {
      startInterval: { type: 'string', format: 'date-time' },
      endInterval: { type: 'string', format: 'date-time' },
      fail: { type: 'integer' },
      start: { type: 'integer' },
      complete: { type: 'integer' },
      abort: { type: 'integer' },
    },
  },
};
const intervalMetric = {
  type: 'array',
  items: {
    type: 'object',
    required: ['startInterval', 'endInterval', 'count'],
    properties: {
      startInterval: { type: 'string', format: 'date-time' },
      endInterval: { type: 'string', format: 'date-time' },
      count: { type: 'integer' },
    },
  },
};

interface Call {
  method: string;
  /** The spec's path template, or the route Marquez serves outside the spec. */
  template: string;
  path: string;
  body?: unknown;
  /** For routes outside the spec: the schema (a spec definition name or a schema of Marquez's models). */
  schema?: string | Record<string, unknown>;
}

function calls(versions: { job: string; dataset: string }): Call[] {
  const ns = `/namespaces/${enc(S3)}`;
  const job = `/namespaces/${enc(SPARK)}/jobs/${enc(ENRICH)}`;
  const ds = `${ns}/datasets/${enc(RAW)}`;
  return [
    { method: 'PUT', template: '/namespaces/{namespace}', path: '/namespaces/team', body: { ownerName: 'me', description: 'Team' } },
    { method: 'GET', template: '/namespaces/{namespace}', path: ns },
    { method: 'GET', template: '/namespaces', path: '/namespaces?limit=10' },
    { method: 'GET', template: '/events/lineage', path: '/events/lineage?limit=20' },
    {
      method: 'PUT',
      template: '/sources/{source}',
      path: '/sources/wh',
      body: { type: 'POSTGRESQL', connectionUrl: 'jdbc:postgresql://db/wh' },
    },
    { method: 'GET', template: '/sources/{source}', path: '/sources/shop' },
    { method: 'GET', template: '/sources', path: '/sources' },
    { method: 'GET', template: '/namespaces/{namespace}/datasets/{dataset}', path: `${ns}/datasets/${enc(CURATED)}` },
    {
      method: 'GET',
      template: '/namespaces/{namespace}/datasets/{dataset}/versions/{version}',
      path: `${ds}/versions/${versions.dataset}`,
    },
    { method: 'GET', template: '/namespaces/{namespace}/datasets/{dataset}/versions', path: `${ds}/versions` },
    { method: 'GET', template: '/namespaces/{namespace}/datasets', path: `${ns}/datasets` },
    { method: 'POST', template: '/namespaces/{namespace}/datasets/{dataset}/tags/{tag}', path: `${ds}/tags/PII` },
    { method: 'DELETE', template: 'DELETE dataset tag', path: `${ds}/tags/PII`, schema: 'Dataset' },
    { method: 'POST', template: '/namespaces/{namespace}/datasets/{dataset}/fields/{field}/tags/{tag}', path: `${ds}/fields/id/tags/PII` },
    { method: 'DELETE', template: 'DELETE field tag', path: `${ds}/fields/id/tags/PII`, schema: 'Dataset' },
    { method: 'GET', template: '/namespaces/{namespace}/jobs/{job}', path: job },
    { method: 'GET', template: '/namespaces/{namespace}/jobs', path: `/namespaces/${enc(SPARK)}/jobs` },
    { method: 'GET', template: '/namespaces/{namespace}/jobs/{job}/versions/{version}', path: `${job}/versions/${versions.job}` },
    { method: 'GET', template: '/namespaces/{namespace}/jobs/{job}/versions', path: `${job}/versions` },
    { method: 'GET', template: '/namespaces/{namespace}/jobs/{job}/runs', path: `${job}/runs` },
    { method: 'POST', template: 'POST job tag', path: `${job}/tags/PII`, schema: 'Job' },
    { method: 'DELETE', template: 'DELETE job tag', path: `${job}/tags/PII`, schema: 'Job' },
    { method: 'GET', template: '/jobs/runs/{id}', path: `/jobs/runs/${RUN_ENRICH_OK}` },
    { method: 'GET', template: '/jobs/runs/{id}/facets', path: `/jobs/runs/${RUN_ENRICH_OK}/facets?type=run` },
    { method: 'GET', template: '/jobs/runs/{id}/facets', path: `/jobs/runs/${RUN_ENRICH_OK}/facets?type=job` },
    { method: 'GET', template: '/lineage', path: `/lineage?nodeId=${enc(`dataset:${S3}:${RAW}`)}&depth=20` },
    { method: 'GET', template: '/runlineage/upstream', path: `/runlineage/upstream?runId=${RUN_ENRICH_OK}` },
    { method: 'GET', template: '/column-lineage', path: `/column-lineage?nodeId=${enc(`dataset:${S3}:${CURATED}`)}&withDownstream=true` },
    { method: 'PUT', template: '/tags/{tag}', path: '/tags/SENSITIVE', body: { description: 'Sensitive' } },
    { method: 'GET', template: '/tags', path: '/tags' },
    { method: 'GET', template: '/search', path: '/search?q=orders&sort=UPDATE_AT&limit=10' },
    { method: 'GET', template: 'GET /jobs', path: '/jobs?limit=10&offset=0', schema: 'JobList' },
    { method: 'GET', template: 'GET /jobs?lastRunStates', path: '/jobs?lastRunStates=COMPLETED&limit=10&offset=0', schema: 'JobList' },
    { method: 'GET', template: 'GET /stats/lineage-events', path: '/stats/lineage-events?period=WEEK&timezone=UTC', schema: lineageMetric },
    { method: 'GET', template: 'GET /stats/jobs', path: '/stats/jobs?period=DAY&timezone=UTC', schema: intervalMetric },
    { method: 'GET', template: 'GET /stats/datasets', path: '/stats/datasets?period=WEEK&timezone=Europe/Paris', schema: intervalMetric },
    { method: 'GET', template: 'GET /stats/sources', path: '/stats/sources?period=DAY', schema: intervalMetric },
    // Last: the soft deletes hide what they delete.
    {
      method: 'DELETE',
      template: '/namespaces/{namespace}/jobs/{job}',
      path: `/namespaces/airflow-local/jobs/${enc('orders_dag.report')}`,
    },
    {
      method: 'DELETE',
      template: '/namespaces/{namespace}/datasets/{dataset}',
      path: `/namespaces/${enc(PG)}/datasets/shop.public.customers`,
    },
    { method: 'DELETE', template: '/namespaces/{namespace}', path: `/namespaces/${enc(SPARK)}` },
    { method: 'GET', template: '/namespaces/{namespace}', path: `/namespaces/${enc(SPARK)}` },
    { method: 'GET', template: '/lineage', path: `/lineage?nodeId=${enc(`dataset:${S3}:${RAW}`)}&depth=20` },
  ];
}

describe('serve: contract with Marquez OpenAPI', () => {
  let dir: string;
  let endpoint: LocalEndpoint;
  let spec: OpenApi | undefined;

  before(async function () {
    spec = loadMarquezSpec();
    if (!spec) {
      console.warn(`Skipping the contract tests: no Marquez OpenAPI file at ${MARQUEZ_OPENAPI} (set MARQUEZ_OPENAPI).`);
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'serve-contract-'));
    endpoint = await startLocalEndpoint({ port: 0, dataDir: dir });
    for (const event of fixtureEvents()) {
      const response = await fetch(`${endpoint.url}/api/v1/lineage`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(event),
      });
      assert.equal(response.status, 201);
    }
  });
  after(async () => {
    await endpoint?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const json = async (path: string, method = 'GET', body?: unknown) => {
    const response = await fetch(`${endpoint.url}/api/v1${path}`, {
      method,
      ...(body !== undefined && { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('answers every served endpoint with JSON the spec accepts', async () => {
    const job = (await json(`/namespaces/${enc(SPARK)}/jobs/${enc(ENRICH)}`)).body;
    const versions = (await json(`/namespaces/${enc(S3)}/datasets/${enc(RAW)}/versions`)).body.versions as { version: string }[];
    const failures: string[] = [];
    for (const call of calls({ job: String(job.currentVersion), dataset: versions[0]!.version })) {
      const { status, body } = await json(call.path, call.method, call.body);
      const label = `${call.method} ${call.path}`;
      if (status !== 200) {
        failures.push(`${label}: status ${status} ${JSON.stringify(body)}`);
        continue;
      }
      let validate: ValidateFunction | undefined;
      if (call.schema === undefined) validate = responseValidator(spec!, call.template, call.method);
      else validate = validatorOf(spec!, typeof call.schema === 'string' ? { $ref: `#/components/schemas/${call.schema}` } : call.schema);
      if (!validate) {
        failures.push(`${label}: the spec documents no JSON answer for ${call.method} ${call.template}`);
        continue;
      }
      if (!validate(body)) failures.push(`${label}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    }
    assert.deepEqual(failures, []);
  });

  it('serves every operation of the spec, or lists it as not served with the reason', () => {
    const driven = new Set(calls({ job: '', dataset: '' }).map((c) => `${c.method} ${c.template}`));
    const unaccounted: string[] = [];
    for (const [path, operations] of Object.entries(spec!.paths)) {
      for (const method of Object.keys(operations)) {
        if (!['get', 'put', 'post', 'delete'].includes(method)) continue;
        const key = `${method.toUpperCase()} ${path}`;
        if (path === '/lineage' && method === 'post') continue; // ingest: the other serve suites
        if (!driven.has(key) && !NOT_SERVED[key]) unaccounted.push(key);
      }
    }
    assert.deepEqual(unaccounted, []);
  });

  it('detects an answer the spec refuses (the validators can fail)', () => {
    const validate = responseValidator(spec!, '/namespaces/{namespace}/jobs/{job}', 'GET')!;
    assert.equal(validate({ name: 'x', inputs: 'not a list' }), false);
    assert.equal(validate({ name: 'x', description: null, latestRun: null }), true, 'README: null where Marquez answers null');
    const tags = responseValidator(spec!, '/tags', 'GET')!;
    assert.equal(tags({ tags: [{ name: 3 }] }), false);
    const node = validatorOf(spec!, { $ref: '#/components/schemas/GraphNode' });
    assert.equal(node({ id: 'x', type: 'DATASET_FIELD', data: {}, inEdges: [], outEdges: [] }), true, 'README: DATASET_FIELD nodes');
    assert.equal(node({ id: 'x', type: 'RUN', data: {}, inEdges: [], outEdges: [] }), false);
    assert.equal(node({ id: 'x', type: 'JOB', data: { inputs: 3 }, inEdges: [], outEdges: [] }), false);
  });
});
