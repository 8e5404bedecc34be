import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLanguageService } from '../../server/src/service';
import { expectedFiles } from '../../scripts/docs';
import { ENDPOINT_NAMESPACE_SETTING, ENDPOINT_URL_SETTING } from '../../extension/src/endpoint/config';

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

  it('declares the three settings the server reads and the two endpoint settings the extension reads', () => {
    assert.deepEqual(Object.keys(pkg.contributes.configuration.properties).sort(), [
      'lineageLens.endpoint.namespace',
      'lineageLens.endpoint.url',
      'lineageLens.rules',
      'lineageLens.trace.server',
      'lineageLens.validation.enable',
    ]);
    // extension/src/endpoint/config.ts names them; settings.ts reads them through its normaliser.
    assert.equal(`lineageLens.${ENDPOINT_URL_SETTING}`, 'lineageLens.endpoint.url');
    assert.equal(`lineageLens.${ENDPOINT_NAMESPACE_SETTING}`, 'lineageLens.endpoint.namespace');
    for (const [name, setting] of Object.entries<{ description?: string; markdownDescription?: string; scope?: string }>(pkg.contributes.configuration.properties)) {
      assert.ok(setting.description || setting.markdownDescription, `${name} needs a description`);
      assert.ok(setting.scope, `${name} needs a scope`);
    }
  });

  it('limits untrusted workspaces: their endpoint settings are restricted', () => {
    const untrusted = pkg.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.ok(untrusted.description);
    assert.deepEqual([...untrusted.restrictedConfigurations].sort(), ['lineageLens.endpoint.namespace', 'lineageLens.endpoint.url']);
  });

  it('declares every command the extension registers, and registers every declared command', () => {
    const registered = [...extensionSource.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
    const declared = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(declared, registered);
    for (const c of pkg.contributes.commands) {
      assert.match(c.command, /^lineageLens\.[a-z][A-Za-z]+$/);
      assert.equal(c.category, 'Lineage Lens');
    }
  });

  it('declares every snippet file, each with a prefix, body and description', () => {
    const files = readdirSync(join(root, 'snippets')).filter((f) => f.endsWith('.json')).map((f) => `./snippets/${f}`).sort();
    assert.deepEqual(pkg.contributes.snippets.map((s: { path: string }) => s.path).sort(), files);
    for (const f of files) {
      const snippets = JSON.parse(readFileSync(join(root, f), 'utf8')) as Record<string, { prefix: string; body: string[]; description: string }>;
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
