/**
 * Set Up Integration through the real server: `lineageLens/setupIntegrations` lists what the quick picks offer,
 * and `lineageLens/setupPlan` reads a small project on disk (an open document's unsaved text first), finds the
 * files where they are, and returns the same edits as the pure planner, or the namespace already in use.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setupIntegrationsRequest, setupPlanRequest, type SetupPlanParams } from '../../protocol/setup-plan';
import { integrations, planSetup } from '../../server/src/service/setup';
import { assertBuilt, LspTestClient } from './client';

const SPARK_DEFAULTS =
  'spark.master                     local[*]\nspark.openlineage.host           http://old:5000\nspark.openlineage.namespace      acme_spark\n';
const AIRFLOW_CFG = '[core]\ndags_folder = /opt/airflow/dags\n';
const REQUIREMENTS = 'apache-airflow==2.10.4\n';

describe('setup plan in the language server', () => {
  let dir: string;
  let client: LspTestClient;
  const params = (over: Partial<SetupPlanParams>): SetupPlanParams => ({
    folder: pathToFileURL(dir).href,
    integration: 'spark',
    target: 'spark-defaults',
    endpoint: { url: 'http://marquez:5000', namespace: 'walkthrough' },
    apiKey: false,
    ...over,
  });
  const plan = (p: SetupPlanParams) => client.connection.sendRequest(setupPlanRequest, p);

  before(async () => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'lineage-lens-setup-plan-'));
    mkdirSync(join(dir, 'conf'));
    writeFileSync(join(dir, 'conf', 'spark-defaults.conf'), SPARK_DEFAULTS);
    mkdirSync(join(dir, 'deploy'));
    writeFileSync(join(dir, 'deploy', 'airflow.cfg'), AIRFLOW_CFG);
    writeFileSync(join(dir, 'requirements.txt'), REQUIREMENTS);
    // Never listed: the folders the server does not search.
    mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'x', 'airflow.cfg'), '[openlineage]\nnamespace = not_this\n');
    ({ client } = await LspTestClient.start({ workspace: dir }));
  });

  after(async () => {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the integrations and their targets for the quick picks', async () => {
    const listed = await client.connection.sendRequest(setupIntegrationsRequest, {});
    assert.deepEqual(listed, integrations());
    assert.deepEqual(
      listed.find((i) => i.id === 'spark')?.targets.map((t) => t.id),
      ['spark-defaults'],
    );
  });

  it('fixes the spark-defaults.conf it finds in the folder, with the edits the planner makes', async () => {
    const answer = await plan(params({}));
    assert.equal(answer.kind, 'plan', JSON.stringify(answer));
    if (answer.kind !== 'plan') return;
    const expected = planSetup({
      integration: 'spark',
      target: 'spark-defaults',
      endpoint: { url: 'http://marquez:5000', namespace: 'walkthrough' },
      apiKey: false,
      files: new Map([['conf/spark-defaults.conf', SPARK_DEFAULTS]]),
    });
    assert.deepEqual(answer.plan, JSON.parse(JSON.stringify(expected)));
    assert.deepEqual(
      answer.plan.edits.map((e) => [e.path, e.before]),
      [['conf/spark-defaults.conf', SPARK_DEFAULTS]],
    );
    const after = answer.plan.edits[0]!.after;
    assert.match(after, /^spark\.openlineage\.transport\.url\s+http:\/\/marquez:5000$/m);
    assert.match(after, /^spark\.openlineage\.namespace\s+walkthrough$/m);
    assert.doesNotMatch(after, /spark\.openlineage\.host/);
    assert.ok(
      answer.plan.edits[0]!.changes.some((c) => /removes spark\.openlineage\.host/.test(c)),
      JSON.stringify(answer.plan.edits[0]!.changes),
    );
  });

  it('answers without a namespace with the one the files already use', async () => {
    assert.deepEqual(await plan(params({ endpoint: { url: 'http://marquez:5000' } })), {
      kind: 'namespace',
      existing: { namespace: 'acme_spark', path: 'conf/spark-defaults.conf' },
    });
    // No file says one (node_modules is not searched).
    assert.deepEqual(
      await plan(params({ integration: 'airflow-provider', target: 'airflow-cfg', endpoint: { url: 'http://marquez:5000' } })),
      { kind: 'namespace' },
    );
  });

  it('plans on an open document’s unsaved text, and on files where they are (deploy/airflow.cfg)', async () => {
    const uri = pathToFileURL(join(dir, 'deploy', 'airflow.cfg')).href;
    const unsaved = `${AIRFLOW_CFG}[openlineage]\nnamespace = edited\n`;
    await client.open(uri, 'ini', unsaved);
    const answer = await plan(
      params({ integration: 'airflow-provider', target: 'airflow-cfg', endpoint: { url: 'http://marquez:5000', namespace: 'edited' } }),
    );
    assert.equal(answer.kind, 'plan', JSON.stringify(answer));
    if (answer.kind !== 'plan') return;
    assert.deepEqual(
      answer.plan.edits.map((e) => [e.path, e.before === undefined ? 'new' : e.before === unsaved ? 'unsaved' : 'other']),
      [
        ['requirements.txt', 'other'],
        ['deploy/airflow.cfg', 'unsaved'],
      ],
    );
    assert.ok(
      answer.plan.alreadyConfigured.includes('deploy/airflow.cfg: [openlineage] namespace is already set'),
      JSON.stringify(answer.plan.alreadyConfigured),
    );
    await client.close(uri);
  });

  it('gives no edits once the plan is written, and says why it cannot plan', async () => {
    const first = await plan(params({}));
    assert.equal(first.kind, 'plan');
    if (first.kind !== 'plan') return;
    for (const e of first.plan.edits) writeFileSync(join(dir, ...e.path.split('/')), e.after);
    const second = await plan(params({}));
    assert.ok(second.kind === 'plan' && second.plan.edits.length === 0 && second.plan.alreadyConfigured.length > 0, JSON.stringify(second));
    assert.deepEqual(await plan(params({ target: 'yarn' })), {
      kind: 'error',
      message: 'spark has no target "yarn"; its targets are spark-defaults.',
    });
    assert.deepEqual(await plan(params({ integration: 'great-expectations', target: 'checkpoint:../outside.yml' })), {
      kind: 'error',
      message: `../outside.yml is not a file inside ${dir}.`,
    });
  });
});
