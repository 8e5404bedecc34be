/**
 * Set Up Integration per project folder, in a real VS Code (issue 15, item 2): a workspace with two projects
 * (an Astro project whose Dockerfile sets the namespace and transport and whose requirements pin the provider,
 * and a Spark project whose spark-defaults.conf sends to the team's endpoint). The questions are answered as a
 * user would through the prompts seam, which also shows what was asked: which projects were offered and with
 * what, the endpoint choices in order, the namespace proposed, and whether a replacement was put to the user.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { LineageLensApi } from '../../../extension/src/extension';
import type { SetUpResult } from '../../../extension/src/setup/command';
import type { SetupPrompts } from '../../../extension/src/setup/choices';
import { DEFAULT_TIMEOUT_MS, EXTENSION_ID, workspaceUri } from './helpers';

const TEAM_URL = 'https://lineage.team.example';
const CONFIGURED_URL = 'http://127.0.0.1:5998';
const FILES: Record<string, string> = {
  'two-projects/alpha/Dockerfile':
    'FROM quay.io/astronomer/astro-runtime:12.6.0\n' +
    'ENV AIRFLOW__OPENLINEAGE__NAMESPACE=acme\n' +
    `ENV AIRFLOW__OPENLINEAGE__TRANSPORT='{"type": "http", "url": "http://host.docker.internal:5000", "endpoint": "api/v1/lineage"}'\n`,
  'two-projects/alpha/requirements.txt': 'apache-airflow-providers-openlineage==2.1.0\n',
  'two-projects/alpha/.astro/config.yaml': 'project:\n  name: alpha\n',
  'two-projects/beta/requirements.txt': 'pyspark==3.5.4\n',
  'two-projects/beta/spark/conf/spark-defaults.conf':
    'spark.extraListeners                 io.openlineage.spark.agent.OpenLineageSparkListener\n' +
    'spark.jars.packages                  io.openlineage:openlineage-spark_2.12:1.52.0\n' +
    'spark.openlineage.transport.type     http\n' +
    `spark.openlineage.transport.url      ${TEAM_URL}\n` +
    'spark.openlineage.transport.endpoint /api/v1/lineage\n' +
    'spark.openlineage.namespace          team_spark\n',
};
const SPARK = 'two-projects/beta/spark/conf/spark-defaults.conf';

const read = (path: string) => readFileSync(workspaceUri(path).fsPath, 'utf8');

/** What the user was asked, and how they answer. */
class User implements SetupPrompts {
  readonly asked: { title: string; items?: vscode.QuickPickItem[]; value?: string; detail?: string }[] = [];
  constructor(
    private readonly answers: {
      project: string;
      endpoint: (items: vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined;
      confirm?: boolean;
    },
  ) {}
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined> {
    this.asked.push({ title: options.title ?? '', items: [...items] });
    if (/which project/.test(options.title ?? ''))
      return Promise.resolve(items.find((i) => i.label === `$(folder) ${this.answers.project}`));
    return Promise.resolve(this.answers.endpoint([...items]) as T | undefined);
  }
  input(options: vscode.InputBoxOptions): Thenable<string | undefined> {
    this.asked.push({ title: options.title ?? '', value: options.value });
    return Promise.resolve(options.value);
  }
  confirm(message: string, detail: string): Thenable<boolean> {
    this.asked.push({ title: message, detail });
    return Promise.resolve(this.answers.confirm ?? false);
  }
  question(title: RegExp) {
    return this.asked.find((a) => title.test(a.title));
  }
}

describe('Set Up Integration in a workspace with two projects', function () {
  this.timeout(DEFAULT_TIMEOUT_MS * 2);
  let api: LineageLensApi;
  const config = () => vscode.workspace.getConfiguration('lineageLens');
  const run = async (user: User, args: Record<string, unknown>) => {
    api.testing.setSetupPrompts(user);
    try {
      return await vscode.commands.executeCommand<SetUpResult>('lineageLens.setUpIntegration', { preview: false, ...args });
    } finally {
      api.testing.setSetupPrompts(undefined);
    }
  };

  before(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as LineageLensApi;
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(dirname(workspaceUri(path).fsPath), { recursive: true });
      writeFileSync(workspaceUri(path).fsPath, text);
    }
    await config().update('endpoint.url', CONFIGURED_URL, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await config().update('endpoint.url', undefined, vscode.ConfigurationTarget.Global);
    rmSync(workspaceUri('two-projects').fsPath, { recursive: true, force: true });
  });

  it('offers each project with what it has, and keeps the URL and namespace the Spark project uses: nothing to write', async () => {
    const user = new User({ project: 'two-projects/beta', endpoint: (items) => items[0] });
    const result = await run(user, { integration: 'spark', target: 'spark-defaults' });
    assert.ok(result.ok, JSON.stringify(result));
    const projects = user.question(/which project/)?.items ?? [];
    const beta = projects.find((i) => i.label === '$(folder) two-projects/beta');
    assert.ok(
      projects.some((i) => i.label === '$(folder) two-projects/alpha'),
      JSON.stringify(projects.map((i) => i.label)),
    );
    assert.equal(beta?.description, 'has spark/conf/spark-defaults.conf');
    assert.equal(
      beta?.detail,
      `namespace team_spark (spark/conf/spark-defaults.conf) · sends to ${TEAM_URL} (spark/conf/spark-defaults.conf)`,
    );
    // The endpoint choices: the project's own URL first, then the one set in Lineage Lens.
    const endpoints = user.question(/send lineage/)?.items?.map((i) => `${i.label} — ${i.description ?? ''}`) ?? [];
    assert.deepEqual(endpoints.slice(0, 2), [
      `$(check) ${TEAM_URL} — already in spark/conf/spark-defaults.conf: keep it`,
      `$(link) ${CONFIGURED_URL} — the endpoint set in Lineage Lens`,
    ]);
    assert.equal(user.question(/namespace/)?.value, 'team_spark');
    assert.deepEqual([result.project, result.url, result.namespace, result.written], ['two-projects/beta', TEAM_URL, 'team_spark', []]);
    assert.equal(user.question(/Write it\?/), undefined, 'nothing replaced, nothing to confirm');
    assert.equal(read(SPARK), FILES[SPARK]);
  });

  it('replacing the team’s URL asks first, listing old → new; declined, nothing is written', async () => {
    const user = new User({
      project: 'two-projects/beta',
      endpoint: (items) => items.find((i) => i.label.includes(CONFIGURED_URL)),
      confirm: false,
    });
    const result = await run(user, { integration: 'spark', target: 'spark-defaults' });
    assert.ok(!result.ok && result.cancelled, JSON.stringify(result));
    const asked = user.question(/Write it\?/);
    assert.ok(asked, JSON.stringify(user.asked.map((a) => a.title)));
    assert.match(
      asked.detail ?? '',
      new RegExp(
        `${SPARK}: spark\\.openlineage\\.transport\\.url: ${TEAM_URL.replace(/\./g, '\\.')} → ${CONFIGURED_URL.replace(/\./g, '\\.')}`,
      ),
    );
    // Listed once: not again among the file's changes.
    assert.equal((asked.detail ?? '').split(TEAM_URL).length - 1, 1, asked.detail);
    assert.equal(read(SPARK), FILES[SPARK]);
  });

  it('confirmed, the URL changes in the project’s own file, its namespace kept, and nothing lands at the workspace root', async () => {
    const user = new User({
      project: 'two-projects/beta',
      endpoint: (items) => items.find((i) => i.label.includes(CONFIGURED_URL)),
      confirm: true,
    });
    const result = await run(user, { integration: 'spark', target: 'spark-defaults' });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.written, [SPARK]);
    assert.deepEqual(result.replaced, [`${SPARK}: spark.openlineage.transport.url: ${TEAM_URL} → ${CONFIGURED_URL}`]);
    assert.equal(read(SPARK), FILES[SPARK]!.replace(TEAM_URL, CONFIGURED_URL));
    assert.ok(!existsSync(workspaceUri('two-projects/conf').fsPath) && !existsSync(workspaceUri('conf/spark-defaults.conf').fsPath));
  });

  it('the Astro project keeps its Dockerfile’s namespace and transport and its pinned provider: no .env or requirements at the root', async () => {
    const user = new User({ project: 'two-projects/alpha', endpoint: (items) => items[0] });
    const result = await run(user, { integration: 'airflow-provider', target: 'astro' });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(user.question(/send lineage/)?.items?.[0]?.label, '$(check) http://host.docker.internal:5000');
    assert.equal(user.question(/namespace/)?.value, 'acme');
    assert.deepEqual(result.written, []);
    assert.ok(
      result.alreadyConfigured.includes('Dockerfile: AIRFLOW__OPENLINEAGE__TRANSPORT is already set'),
      JSON.stringify(result.alreadyConfigured),
    );
    assert.ok(!existsSync(workspaceUri('.env').fsPath) && !existsSync(workspaceUri('requirements.txt').fsPath));
    assert.ok(!existsSync(workspaceUri('two-projects/alpha/.env').fsPath));
  });
});
