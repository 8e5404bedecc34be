import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLanguageService } from '../../server/src/service';
import { expectedFiles } from '../../scripts/docs';
import { ENDPOINT_NAMESPACE_SETTING, ENDPOINT_URL_SETTING } from '../../extension/src/endpoint/config';
import { ENDPOINT_STATE_CONTEXT, TREE_VIEWS, VIEW_CONTAINER } from '../../extension/src/viewer/ids';
import { UNCONFIGURED_REASONS } from '../../extension/src/viewer/runs';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const extensionSource = (readdirSync(join(root, 'extension/src'), { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(join(root, 'extension/src', f), 'utf8'))
  .join('\n');
const ruleIds = createLanguageService().rules.map((r) => r.id);

describe('package.json contributions match the code', () => {
  it('lists every rule id, and only those, under lineageLens.rules', () => {
    const declared = Object.keys(pkg.contributes.configuration.properties['lineageLens.rules'].properties);
    assert.deepEqual([...declared].sort(), [...ruleIds].sort());
  });

  it('declares the four settings the server reads and the eight the extension reads (endpoint, local endpoint, runtime diagnostics)', () => {
    assert.deepEqual(Object.keys(pkg.contributes.configuration.properties).sort(), [
      'lineageLens.diagnostics.scope',
      'lineageLens.endpoint.namespace',
      'lineageLens.endpoint.url',
      'lineageLens.localEndpoint.dataDir',
      'lineageLens.localEndpoint.fsync',
      'lineageLens.localEndpoint.maxBodyMiB',
      'lineageLens.localEndpoint.port',
      'lineageLens.localEndpoint.strict',
      'lineageLens.rules',
      'lineageLens.runtimeDiagnostics.enable',
      'lineageLens.trace.server',
      'lineageLens.validation.enable',
    ]);
    // extension/src/endpoint/config.ts names them; settings.ts reads them through its normaliser.
    assert.equal(`lineageLens.${ENDPOINT_URL_SETTING}`, 'lineageLens.endpoint.url');
    assert.equal(`lineageLens.${ENDPOINT_NAMESPACE_SETTING}`, 'lineageLens.endpoint.namespace');
    for (const [name, setting] of Object.entries<{ description?: string; markdownDescription?: string; scope?: string }>(
      pkg.contributes.configuration.properties,
    )) {
      assert.ok(setting.description || setting.markdownDescription, `${name} needs a description`);
      assert.ok(setting.scope, `${name} needs a scope`);
    }
  });

  it('limits untrusted workspaces: their endpoint settings and where the local endpoint writes are restricted', () => {
    const untrusted = pkg.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.ok(untrusted.description);
    assert.deepEqual([...untrusted.restrictedConfigurations].sort(), [
      'lineageLens.endpoint.namespace',
      'lineageLens.endpoint.url',
      'lineageLens.localEndpoint.dataDir',
    ]);
  });

  it('declares every command the extension registers, and registers every declared command', () => {
    const registered = [...extensionSource.matchAll(/registerCommand\(\s*'([^']+)'/g)].map((m) => m[1]).sort();
    const declared = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(declared, registered);
    for (const c of pkg.contributes.commands) {
      assert.match(c.command, /^lineageLens\.[a-z][A-Za-z]+$/);
      assert.equal(c.category, 'Lineage Lens');
    }
  });

  it('declares the Lineage container with the tree views the viewer creates, and a welcome for each reason there is no endpoint', () => {
    const container = pkg.contributes.viewsContainers.activitybar.find((c: { id: string }) => c.id === VIEW_CONTAINER);
    assert.ok(container, `no activity bar container ${VIEW_CONTAINER}`);
    assert.ok(existsSync(join(root, container.icon)), `${container.icon} is missing`);
    // Webview views (the DAG side panel) may share the container; the tree views are the viewer's.
    const trees = pkg.contributes.views[VIEW_CONTAINER].filter((v: { type?: string }) => v.type === undefined || v.type === 'tree').map(
      (v: { id: string }) => v.id,
    );
    assert.deepEqual(trees, [...TREE_VIEWS]);
    for (const view of TREE_VIEWS) {
      const whens = pkg.contributes.viewsWelcome
        .filter((w: { view: string }) => w.view === view)
        .map((w: { when: string }) => w.when)
        .sort();
      assert.deepEqual(whens, UNCONFIGURED_REASONS.map((r) => `${ENDPOINT_STATE_CONTEXT} == ${r}`).sort(), `welcome content of ${view}`);
    }
  });

  it('puts only declared commands in menus and command links', () => {
    const declared = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
    for (const [menu, items] of Object.entries<{ command: string }[]>(pkg.contributes.menus)) {
      for (const item of items) assert.ok(declared.has(item.command), `${menu} names ${item.command}, which is not declared`);
    }
    for (const welcome of pkg.contributes.viewsWelcome as { contents: string }[]) {
      for (const [, command] of welcome.contents.matchAll(/\(command:(lineageLens\.[A-Za-z]+)/g))
        assert.ok(declared.has(command), `a welcome links ${command}, which is not declared`);
    }
  });

  it('walks a new user from install to a first graph, each step completing on an event the code really raises', () => {
    const declared = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
    const [walkthrough] = pkg.contributes.walkthroughs as {
      steps: { id: string; description: string; media: { markdown: string }; completionEvents: string[] }[];
    }[];
    assert.deepEqual(
      walkthrough!.steps.map((s) => s.id),
      ['endpoint', 'apiKey', 'integration', 'verify', 'graph'],
    );
    const walkthroughSource = readFileSync(join(root, 'extension/src/walkthrough.ts'), 'utf8');
    for (const step of walkthrough!.steps) {
      for (const [, command] of step.description.matchAll(/\(command:(lineageLens\.[A-Za-z]+)/g))
        assert.ok(declared.has(command), `step ${step.id} links ${command}, which is not declared`);
      assert.ok(existsSync(join(root, step.media.markdown)), `step ${step.id}: ${step.media.markdown} is missing`);
      assert.ok(step.completionEvents.length > 0, `step ${step.id} never completes`);
      for (const event of step.completionEvents) {
        // Not onCommand (a cancelled command would complete the step): a saved setting or a context key the code sets.
        assert.match(event, /^(onSettingChanged|onContext):/, `step ${step.id}: ${event}`);
        const key = /^onContext:(lineageLens\.walkthrough\.\w+)$/.exec(event)?.[1];
        if (key)
          assert.ok(
            walkthroughSource.includes(`'${key}'`),
            `step ${step.id} waits for ${key}, which extension/src/walkthrough.ts never sets`,
          );
      }
    }
  });

  it('declares every snippet file, each with a prefix, body and description', () => {
    const files = readdirSync(join(root, 'snippets'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => `./snippets/${f}`)
      .sort();
    assert.deepEqual(pkg.contributes.snippets.map((s: { path: string }) => s.path).sort(), files);
    for (const f of files) {
      const snippets = JSON.parse(readFileSync(join(root, f), 'utf8')) as Record<
        string,
        { prefix: string; body: string[]; description: string }
      >;
      for (const [name, s] of Object.entries(snippets)) {
        assert.ok(s.prefix && s.body?.length && s.description, `${f}: snippet "${name}" needs prefix, body and description`);
      }
    }
  });

  it('activates only on relevant events and targets VS Code 1.96', () => {
    assert.ok(!pkg.activationEvents.some((e: string) => e === '*' || e === 'onStartupFinished'));
    assert.equal(pkg.engines.vscode, '^1.96.0');
    assert.equal(pkg.devDependencies['@types/vscode'], '1.96.0');
  });
});

describe('generated documentation', () => {
  it('README tables and docs/rules.md are up to date (run `npx tsx scripts/docs.ts`)', () => {
    for (const [file, content] of Object.entries(expectedFiles())) {
      assert.equal(readFileSync(file, 'utf8'), content, `${file} is out of date: run npx tsx scripts/docs.ts`);
    }
  });

  it('README lists every rule id', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const id of ruleIds) assert.ok(readme.includes(`\`${id}\``), `README lacks ${id}`);
  });
});
