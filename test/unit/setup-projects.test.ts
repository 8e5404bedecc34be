/**
 * Set Up Integration per project folder (issue 15, item 2): which folders it offers and what each already says,
 * the endpoint URL a project already sends to, an Astro project's Dockerfile kept as the place of its options,
 * and every existing value a plan replaces or removes listed for the user's confirmation.
 */
import assert from 'node:assert/strict';
import type { SetupPlan } from '../../protocol/setup-plan';
import { filesToRead, planSetup, setupProjects } from '../../server/src/service/setup';
import { existingNamespace, existingUrl } from '../../server/src/service/setup/namespace';
import { candidateFolders, projectFolders } from '../../server/src/service/setup/projects';

/** The demo's layout (examples/): one Astro project with Spark conf inside, a dbt project and an airflow.cfg below it. */
const DOCKERFILE =
  'FROM quay.io/astronomer/astro-runtime:12.6.0\n' +
  'ENV AIRFLOW__OPENLINEAGE__NAMESPACE=acme\n' +
  `ENV AIRFLOW__OPENLINEAGE__TRANSPORT='{"type": "http", "url": "http://host.docker.internal:5000", "endpoint": "api/v1/lineage"}'\n`;
const REQUIREMENTS = 'apache-airflow-providers-openlineage==2.1.0\npyspark==3.5.4\n';
const DOTENV = 'OPENLINEAGE_URL=http://host.docker.internal:5000\nOPENLINEAGE_NAMESPACE=acme\nAIRFLOW__OPENLINEAGE__DEBUG_MODE=False\n';
const SPARK =
  'spark.master                     spark://spark-master:7077\n' +
  'spark.extraListeners             io.openlineage.spark.agent.OpenLineageSparkListener\n' +
  'spark.jars.packages              io.openlineage:openlineage-spark_2.12:1.52.0\n' +
  'spark.openlineage.transport.type http\n' +
  'spark.openlineage.transport.url  https://lineage.acme-analytics.com\n' +
  'spark.openlineage.transport.endpoint /api/v1/lineage\n' +
  'spark.openlineage.namespace      acme_spark\n';
const DEMO: Record<string, string> = {
  'astro-project/Dockerfile': DOCKERFILE,
  'astro-project/requirements.txt': REQUIREMENTS,
  'astro-project/.env': DOTENV,
  'astro-project/.astro/config.yaml': 'project:\n  name: acme\n',
  'astro-project/dags/orders_etl.py': 'from airflow import DAG\n',
  'astro-project/spark/conf/spark-defaults.conf': SPARK,
  'astro-project/dbt/acme_dbt/dbt_project.yml': 'name: acme_dbt\n',
  'astro-project/include/openmetadata/airflow.cfg': '[lineage]\nbackend = x\n',
  'demo-history/generate.mjs': '',
};
const PATHS = Object.keys(DEMO);

/** The files of one folder, relative to it. */
function inFolder(folder: string): Map<string, string> {
  const prefix = folder === '' ? '' : `${folder}/`;
  return new Map(Object.entries(DEMO).flatMap(([p, t]) => (p.startsWith(prefix) ? [[p.slice(prefix.length), t] as const] : [])));
}

function projectsFor(integration: 'airflow-provider' | 'spark', target: string) {
  const candidates = candidateFolders(PATHS, (inside) => filesToRead(integration, target, inside));
  return setupProjects('file:///demo/examples', candidates, (c) => {
    const all = inFolder(c.path);
    return new Map(c.files.map((f) => [f, all.get(f)!]));
  });
}

function plan(folder: string, integration: 'airflow-provider' | 'spark', target: string, url: string, namespace: string): SetupPlan {
  const all = inFolder(folder);
  const files = new Map(filesToRead(integration, target, [...all.keys()]).flatMap((p) => (all.has(p) ? [[p, all.get(p)!] as const] : [])));
  const result = planSetup({ integration, target, endpoint: { url, namespace }, apiKey: false, files });
  assert.ok(!('error' in result), JSON.stringify(result));
  return result;
}

describe('setup: per project folder', () => {
  it('finds the project folders (the folder holding .astro/, not .astro/ itself), never the workspace folder when it is none', () => {
    assert.deepEqual(projectFolders(PATHS), ['astro-project', 'astro-project/dbt/acme_dbt', 'astro-project/include/openmetadata']);
    assert.deepEqual(projectFolders(['spark-defaults.conf', 'dags/a.py']), []);
    assert.deepEqual(projectFolders(['.astro/config.yaml']), ['']);
  });

  it('offers each project with the files it has and the namespace and URL they already use, configured ones first', () => {
    assert.deepEqual(projectsFor('airflow-provider', 'astro'), [
      {
        folder: 'file:///demo/examples/astro-project',
        path: 'astro-project',
        files: ['requirements.txt', '.env', 'Dockerfile'],
        namespace: { namespace: 'acme', path: 'Dockerfile' },
        url: { url: 'http://host.docker.internal:5000', path: 'Dockerfile' },
      },
      { folder: 'file:///demo/examples/astro-project/dbt/acme_dbt', path: 'astro-project/dbt/acme_dbt', files: [] },
      { folder: 'file:///demo/examples/astro-project/include/openmetadata', path: 'astro-project/include/openmetadata', files: [] },
    ]);
    const spark = projectsFor('spark', 'spark-defaults')[0]!;
    assert.deepEqual(spark.files, ['spark/conf/spark-defaults.conf']);
    assert.deepEqual(spark.namespace, { namespace: 'acme_spark', path: 'spark/conf/spark-defaults.conf' });
    assert.deepEqual(spark.url, { url: 'https://lineage.acme-analytics.com', path: 'spark/conf/spark-defaults.conf' });
  });

  it('offers the workspace folder when it holds the integration’s files outside every project, or has no project', () => {
    const paths = ['spark-defaults.conf', 'airflow/airflow.cfg', 'dags/a.py'];
    const spark = candidateFolders(paths, (inside) => filesToRead('spark', 'spark-defaults', inside));
    assert.deepEqual(spark, [
      { path: 'airflow', files: [] },
      { path: '', files: ['spark-defaults.conf'] },
    ]);
    // dbt reads requirements.txt and .env: none outside the project, so only the project is offered.
    assert.deepEqual(
      candidateFolders(paths, (inside) => filesToRead('dbt', 'env', inside)).map((c) => c.path),
      ['airflow'],
    );
    assert.deepEqual(
      candidateFolders(['dags/a.py'], (inside) => filesToRead('dbt', 'env', inside)),
      [{ path: '', files: [] }],
    );
  });

  it('reads the URL a project already sends to where each integration writes it, not values resolved at run time', () => {
    const url = (files: Record<string, string>) => existingUrl(new Map(Object.entries(files)))?.url;
    assert.equal(url({ 'conf/spark-defaults.conf': SPARK }), 'https://lineage.acme-analytics.com');
    assert.equal(url({ Dockerfile: DOCKERFILE }), 'http://host.docker.internal:5000');
    assert.equal(url({ '.env': 'AIRFLOW__OPENLINEAGE__TRANSPORT={"type":"http","url":"http://m:5000/"}\n' }), 'http://m:5000');
    assert.equal(url({ '.env': 'OPENLINEAGE__TRANSPORT__URL=http://t:5000\n' }), 'http://t:5000');
    assert.equal(
      url({ 'airflow.cfg': '[openlineage]\ntransport = {"type": "http", "url": "https://cfg.example"}\n' }),
      'https://cfg.example',
    );
    assert.equal(url({ '.env': 'OPENLINEAGE_URL=${MARQUEZ}\n' }), undefined);
    assert.equal(url({ 'requirements.txt': 'pyspark\n' }), undefined);
  });

  it('prefers the integration’s own namespace option to the clients’ variable in another file', () => {
    const files = new Map([
      ['.env', 'OPENLINEAGE_NAMESPACE=clients\n'],
      ['Dockerfile', 'FROM x\nENV AIRFLOW__OPENLINEAGE__NAMESPACE=provider\n'],
    ]);
    assert.deepEqual(existingNamespace(files), { namespace: 'provider', path: 'Dockerfile' });
  });
});

describe('setup: existing values kept, and replaced only as listed changes', () => {
  it('the demo’s Astro project with its own URL and namespace: nothing to write, the Dockerfile and pinned provider recognised', () => {
    const p = plan('astro-project', 'airflow-provider', 'astro', 'http://host.docker.internal:5000', 'acme');
    assert.deepEqual(p.edits, []);
    assert.ok(
      p.alreadyConfigured.includes('Dockerfile: AIRFLOW__OPENLINEAGE__NAMESPACE is already set'),
      JSON.stringify(p.alreadyConfigured),
    );
    assert.ok(p.alreadyConfigured.includes('Dockerfile: AIRFLOW__OPENLINEAGE__TRANSPORT is already set'));
    assert.ok(p.alreadyConfigured.includes('requirements.txt: apache-airflow-providers-openlineage==2.1.0 is already listed'));
  });

  it('another endpoint for that project: the Dockerfile’s ENV changes in place, quotes kept, listed as old → new', () => {
    const p = plan('astro-project', 'airflow-provider', 'astro', 'http://127.0.0.1:5000', 'acme');
    assert.deepEqual(
      p.edits.map((e) => e.path),
      ['Dockerfile'],
    );
    const edit = p.edits[0]!;
    assert.equal(edit.after, DOCKERFILE.replace('http://host.docker.internal:5000', 'http://127.0.0.1:5000'));
    assert.deepEqual(edit.replaces, [
      {
        key: 'AIRFLOW__OPENLINEAGE__TRANSPORT',
        before: '{"type": "http", "url": "http://host.docker.internal:5000", "endpoint": "api/v1/lineage"}',
        after: '{"type": "http", "url": "http://127.0.0.1:5000", "endpoint": "api/v1/lineage"}',
      },
    ]);
  });

  it('Spark with the team’s URL kept: nothing replaced; with the local endpoint: transport.url listed as a replacement', () => {
    const kept = plan('astro-project', 'spark', 'spark-defaults', 'https://lineage.acme-analytics.com', 'acme_spark');
    assert.deepEqual(kept.edits, []);
    const local = plan('astro-project', 'spark', 'spark-defaults', 'http://127.0.0.1:5000', 'acme_spark');
    assert.deepEqual(
      local.edits.map((e) => [e.path, e.replaces]),
      [
        [
          'spark/conf/spark-defaults.conf',
          [{ key: 'spark.openlineage.transport.url', before: 'https://lineage.acme-analytics.com', after: 'http://127.0.0.1:5000' }],
        ],
      ],
    );
  });

  it('lists removals too, and nothing for a line only added', () => {
    const files = new Map([['spark-defaults.conf', 'spark.openlineage.host http://old:5000\n']]);
    const p = planSetup({
      integration: 'spark',
      target: 'spark-defaults',
      endpoint: { url: 'http://m:5000', namespace: 'n' },
      apiKey: false,
      files,
    });
    assert.ok(!('error' in p));
    assert.deepEqual(p.edits[0]!.replaces, [{ key: 'spark.openlineage.host', before: 'http://old:5000' }]);
    const fresh = planSetup({
      integration: 'spark',
      target: 'spark-defaults',
      endpoint: { url: 'http://m:5000', namespace: 'n' },
      apiKey: false,
      files: new Map(),
    });
    assert.ok(!('error' in fresh));
    assert.deepEqual(fresh.edits[0]!.replaces, []);
  });
});
