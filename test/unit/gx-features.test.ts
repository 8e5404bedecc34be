/**
 * The gx family beyond its rules: which files it claims, hover, completion, go-to-definition, and runs over
 * real files (the OpenLineage corpus' great_expectations.yml and the demo Astro project).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DiagnosticSeverity, type CompletionItem, type Hover, type TextEdit } from 'vscode-languageserver-types';
import { ProjectIndex, projectFileKind } from '../../server/src/service';
import { applyEdits, doc, formatDiagnostics, projectOf, ROOT, rangeIn, rangeOf, service, withCursor } from '../support/harness';
import {
  checkpoint,
  CHECKPOINT_URI,
  CONFIG,
  CONFIG_URI,
  checkGx,
  GX_PROJECT,
  legacyCheckpoint,
  OL_CLASS,
  OL_MODULE,
  olEntry,
  REQUIREMENTS_URI,
} from '../support/gx-fixtures';
import { corpusPath, needsSharedCorpus } from '../support/shared-corpus';

/** The `gx/*` diagnostics of the YAML file at `uri` (in the example project unless told otherwise). */
const check = checkGx;

const CORPUS_GE = corpusPath('great-expectations/ol-airflow-it_great_expectations.yml');
const ASTRO = join(ROOT, 'examples/astro-project');

function kind(text: string, uri: string, explicit = false): string | undefined {
  return service().fileKind(doc(uri, text, 'yaml'), explicit ? { explicit } : undefined);
}

function hoverAt(text: string, context: string, needle: string, uri = CHECKPOINT_URI, model = GX_PROJECT): Hover | null {
  const r = rangeIn(text, context, needle);
  const d = doc(uri, text, 'yaml');
  return service().hover(d, d.offsetAt(r.start) + 1, { project: model });
}

const md = (h: Hover | null) => (h ? (h.contents as { value: string }).value : '');

function complete(textWithCursor: string, uri = CHECKPOINT_URI, model = GX_PROJECT): { items: CompletionItem[]; text: string } {
  const { doc: d, offset, text } = withCursor(uri, textWithCursor, 'yaml');
  return {
    items: service()
      .complete(d, offset, { project: model })
      .filter((i) => i.kind !== undefined),
    text,
  };
}

const labels = (items: readonly CompletionItem[]) => items.map((i) => i.label);

function accept(text: string, item: CompletionItem): string {
  return applyEdits(text, [item.textEdit as TextEdit]);
}

describe('gx family', () => {
  describe('kind', () => {
    it('claims great_expectations.yml with data context keys, and an empty one', () => {
      assert.equal(kind(CONFIG, CONFIG_URI), 'gx-config');
      assert.equal(kind('', 'file:///w/gx/great_expectations.yml'), 'gx-config');
      assert.equal(kind('foo: bar\n', CONFIG_URI), undefined);
    });
    it('claims YAML checkpoints by class and folder or checkpoint keys', () => {
      assert.equal(kind(checkpoint(), CHECKPOINT_URI), 'gx-checkpoint');
      assert.equal(kind(legacyCheckpoint('x'), 'file:///w/gx/checkpoints/legacy.yaml'), 'gx-checkpoint');
      assert.equal(kind(checkpoint(), 'file:///w/elsewhere/orders.yml'), 'gx-checkpoint');
      assert.equal(kind('class_name: Checkpoint\n', 'file:///w/elsewhere/orders.yml'), undefined);
      assert.equal(kind('name: x\nclass_name: Checkpoint,\n', CHECKPOINT_URI), 'gx-checkpoint');
    });
    it('leaves other YAML, JSON and unrelated files alone', () => {
      assert.equal(kind('services:\n  web:\n    image: x\n', 'file:///w/docker-compose.yml'), undefined);
      assert.equal(kind('{"name": "x", "actions": []}', 'file:///w/gx/checkpoints/x.json'), undefined);
      assert.equal(kind('model: resnet\nstep: 100\n', 'file:///w/checkpoints/ckpt.yml'), undefined);
      assert.equal(kind(CONFIG, 'file:///w/great_expectations/notes.txt'), undefined);
    });
    it('decides by content when the file is named explicitly', () => {
      assert.equal(kind(CONFIG, 'file:///w/ge-config.yml', true), 'gx-config');
      assert.equal(kind('foo: bar\n', 'file:///w/ge-config.yml', true), undefined);
    });
  });

  describe('hover', () => {
    const text = checkpoint(
      olEntry(
        '      openlineage_host: ${OPENLINEAGE_URL}\n      openlineage_apiKey: ${OPENLINEAGE_API_KEY}\n      do_publish: false\n      openlineage_apikey: x\n',
      ),
      'class_name: Checkpoint\nvalidation_operator_name: action_list_operator\n',
    );

    it('documents OpenLineageValidationAction with the version verdict and the pins it rests on', () => {
      const h = hoverAt(text, OL_CLASS, OL_CLASS);
      assert.deepEqual(h?.range, rangeOf(text, OL_CLASS));
      assert.match(md(h), /COMPLETE run event/);
      assert.match(md(h), /Versions\*\* ✔ Supported: great_expectations 0\.15\.34 \(great_expectations==0\.15\.34 in requirements\.txt\)/);
      assert.match(md(hoverAt(text, OL_CLASS, OL_CLASS, CHECKPOINT_URI, projectOf({}))), /Versions\*\* ℹ Versions unknown/);
    });

    it('documents every parameter key (meaning, type, default, docs link) and its value', () => {
      const key = hoverAt(text, 'openlineage_apiKey', 'openlineage_apiKey');
      assert.deepEqual(key?.range, rangeOf(text, 'openlineage_apiKey'));
      assert.match(md(key), /\*\*`openlineage_apiKey`\*\* — parameter of `OpenLineageValidationAction`/);
      assert.match(md(key), /Type: string \(a secret.*Default: none/);
      assert.match(md(key), /\[OpenLineage docs\]\(https:\/\/openlineage\.io\/docs\/integrations\/great-expectations\)/);
      const value = hoverAt(text, '${OPENLINEAGE_URL}', 'OPENLINEAGE');
      assert.deepEqual(value?.range, rangeOf(text, '${OPENLINEAGE_URL}'));
      assert.match(md(value), /substituted when the checkpoint runs/);
      assert.match(md(hoverAt(text, 'do_publish', 'do_publish')), /Default: `true`/);
      for (const p of [
        'openlineage_namespace',
        'openlineage_run_id',
        'openlineage_parent_run_id',
        'openlineage_root_parent_job_name',
        'job_name',
        'job_description',
        'code_location',
      ]) {
        const t = checkpoint(olEntry(`      ${p}: x\n`));
        assert.match(md(hoverAt(t, `${p}: x`, p)), new RegExp(`\\*\\*\`${p}\`\\*\\*.*Type: .*Default: `, 's'), p);
      }
      assert.match(
        md(hoverAt(checkpoint(olEntry('      openlineage_root_parent_run_id: x\n')), 'openlineage_root_parent_run_id', 'open')),
        /Since: openlineage-integration-common 1\.31\.0/,
      );
    });

    it('suggests the right spelling on a misspelled parameter', () => {
      assert.match(md(hoverAt(text, 'openlineage_apikey', 'openlineage_apikey')), /not a parameter.*did you mean `openlineage_apiKey`/);
    });

    it('documents class_name, module_name and both module forms', () => {
      assert.match(md(hoverAt(text, `class_name: ${OL_CLASS}`, 'class_name')), /the action class/);
      assert.match(md(hoverAt(text, `module_name: ${OL_MODULE}`, OL_MODULE)), /re-exports the action.*both/s);
      const t = checkpoint(olEntry('', `      class_name: ${OL_CLASS}\n      module_name: ${OL_MODULE}.action\n`));
      assert.match(md(hoverAt(t, `${OL_MODULE}.action`, 'action')), /the module defining the action/);
    });

    it('explains what validation_operator_name refers to and whether it emits lineage', () => {
      assert.match(
        md(hoverAt(text, 'action_list_operator', 'action_list_operator')),
        /defined in great_expectations\.yml line 4.*emits lineage.*ignores `validation_operator_name`/s,
      );
      assert.match(
        md(hoverAt(legacyCheckpoint('plain_operator'), 'plain_operator', 'plain')),
        /emits no lineage.*This LegacyCheckpoint runs/s,
      );
      assert.match(md(hoverAt(legacyCheckpoint('nope'), 'nope', 'nope')), /not defined in `great_expectations\/great_expectations.yml`/);
    });

    it('documents the validation operators of great_expectations.yml', () => {
      assert.match(
        md(hoverAt(CONFIG, '  action_list_operator:', 'action_list_operator', CONFIG_URI)),
        /has `OpenLineageValidationAction`: LegacyCheckpoints that name it/,
      );
      assert.match(md(hoverAt(CONFIG, '  plain_operator:', 'plain_operator', CONFIG_URI)), /has no `OpenLineageValidationAction`/);
    });

    it('documents the checkpoint class and has nothing to say elsewhere', () => {
      assert.match(md(hoverAt(legacyCheckpoint('x'), 'LegacyCheckpoint', 'Legacy')), /validation_operator_name/);
      assert.equal(hoverAt(text, 'orders.critical', 'orders'), null);
      assert.equal(hoverAt(text, 'StoreValidationResultAction', 'Store'), null);
    });
  });

  describe('completion', () => {
    it('completes parameter names inside an OpenLineage action, with a value snippet and docs', () => {
      const { items, text } = complete(checkpoint(olEntry('      openlineage_host: ${OPENLINEAGE_URL}\n      openl|\n')));
      assert.ok(!labels(items).includes('openlineage_host'), 'already set');
      assert.ok(!labels(items).includes('class_name'), 'already set');
      assert.ok(labels(items).includes('openlineage_apiKey'));
      assert.ok(!labels(items).includes('type'), 'GX 1.x only');
      const apiKey = items.find((i) => i.label === 'openlineage_apiKey')!;
      assert.equal(
        accept(text, apiKey),
        checkpoint(olEntry('      openlineage_host: ${OPENLINEAGE_URL}\n      openlineage_apiKey: ${1:\\${OPENLINEAGE_API_KEY\\}}\n')),
      );
      assert.match((apiKey.documentation as { value: string }).value, /capital K/);
      const publish = items.find((i) => i.label === 'do_publish')!;
      assert.match((publish.textEdit as TextEdit).newText, /^do_publish: \$\{1\|true,false\|\}$/);
    });

    it('offers class_name and module_name first in an empty action, and only the key when a value follows', () => {
      const { items } = complete(checkpoint('  - name: openlineage\n    action:\n      |\n'));
      assert.deepEqual(labels(items).slice(0, 3), ['class_name', 'module_name', 'openlineage_host']);
      const { items: keyOnly } = complete(checkpoint(olEntry('      openlineage_h| http://x\n')));
      assert.equal((keyOnly.find((i) => i.label === 'openlineage_host')!.textEdit as TextEdit).newText, 'openlineage_host');
    });

    it('does not offer OpenLineage parameters in Great Expectations’ own actions', () => {
      const { items } = complete(checkpoint('  - name: slack\n    action:\n      class_name: SlackNotificationAction\n      |\n'));
      assert.deepEqual(labels(items), ['module_name']);
    });

    it('completes class_name and module_name values of an action', () => {
      const cls = complete(checkpoint('  - name: openlineage\n    action:\n      class_name: OpenL|\n'));
      assert.equal(cls.items[0]!.label, OL_CLASS);
      assert.ok(labels(cls.items).includes('UpdateDataDocsAction'));
      assert.equal(accept(cls.text, cls.items[0]!), checkpoint(`  - name: openlineage\n    action:\n      class_name: ${OL_CLASS}\n`));
      const mod = complete(checkpoint(`  - name: openlineage\n    action:\n      class_name: ${OL_CLASS}\n      module_name: |\n`));
      assert.deepEqual(labels(mod.items), [OL_MODULE, `${OL_MODULE}.action`]);
    });

    it('completes checkpoint classes, operator classes, do_publish and validation_operator_name from the data context', () => {
      assert.deepEqual(labels(complete('name: x\nclass_name: |\n').items), ['Checkpoint', 'LegacyCheckpoint', 'SimpleCheckpoint']);
      const config = complete(
        CONFIG.replace('  plain_operator:\n    class_name: ActionListValidationOperator', '  plain_operator:\n    class_name: |'),
        CONFIG_URI,
      );
      assert.deepEqual(labels(config.items), ['ActionListValidationOperator', 'WarningAndFailureExpectationSuitesValidationOperator']);
      assert.deepEqual(labels(complete(checkpoint(olEntry('      do_publish: |\n'))).items), ['true', 'false']);
      const ops = complete(legacyCheckpoint('|'));
      assert.deepEqual(
        ops.items.map((i) => [i.label, i.detail]),
        [
          ['action_list_operator', `has ${OL_CLASS}`],
          ['plain_operator', `no ${OL_CLASS}`],
        ],
      );
    });

    it('completes a whole OpenLineage entry in an action_list', () => {
      const { items, text } = complete(checkpoint('  - |'));
      assert.deepEqual(labels(items), ['OpenLineage action']);
      assert.equal(accept(text, items[0]!), checkpoint(olEntry()).replace(/\n$/, ''));
      const bare = complete(checkpoint('  |'));
      assert.equal(accept(bare.text, bare.items[0]!), checkpoint(olEntry()).replace(/\n$/, ''));
    });

    it('offers nothing outside Great Expectations files or known places', () => {
      assert.deepEqual(complete('services:\n  web:\n    |\n', 'file:///w/docker-compose.yml').items, []);
      assert.deepEqual(complete(checkpoint().replace('expectation_suite_name: orders.critical', 'expectation_suite_name: |')).items, []);
    });
  });

  describe('definition', () => {
    it('goes from validation_operator_name to the operator in great_expectations.yml', () => {
      for (const cp of [
        legacyCheckpoint('plain_operator'),
        checkpoint(undefined, 'class_name: Checkpoint\nvalidation_operator_name: plain_operator\n'),
      ]) {
        const d = doc(CHECKPOINT_URI, cp, 'yaml');
        const at = d.offsetAt(rangeOf(cp, 'plain_operator').start) + 3;
        assert.deepEqual(service().definition(d, at, { project: GX_PROJECT }), [
          { uri: CONFIG_URI, range: rangeIn(CONFIG, '  plain_operator:', 'plain_operator') },
        ]);
      }
    });
    it('finds nothing for an undefined operator, without a data context, or elsewhere', () => {
      const cp = legacyCheckpoint('nope');
      const d = doc(CHECKPOINT_URI, cp, 'yaml');
      assert.deepEqual(service().definition(d, cp.indexOf('nope') + 1, { project: GX_PROJECT }), []);
      const ok = legacyCheckpoint('plain_operator');
      assert.deepEqual(
        service().definition(doc(CHECKPOINT_URI, ok, 'yaml'), ok.indexOf('plain_operator') + 1, {
          project: projectOf({ [REQUIREMENTS_URI]: '' }),
        }),
        [],
      );
      assert.deepEqual(
        service().definition(doc(CHECKPOINT_URI, ok, 'yaml'), ok.indexOf('LegacyCheckpoint') + 1, { project: GX_PROJECT }),
        [],
      );
    });
  });

  describe('on real files', () => {
    it('reports no error or warning on the OpenLineage integration test’s great_expectations.yml', function () {
      needsSharedCorpus(this, CORPUS_GE);
      const text = readFileSync(CORPUS_GE, 'utf8');
      const uri = 'file:///it/great_expectations/great_expectations.yml';
      for (const model of [
        projectOf({}),
        projectOf({ [uri]: text, 'file:///it/requirements.txt': 'great_expectations==0.15.34\nopenlineage-integration-common==1.39.0\n' }),
      ]) {
        const all = check(uri, text, model).diagnostics;
        assert.deepEqual(
          all.filter((d) => d.severity! <= DiagnosticSeverity.Warning),
          [],
          formatDiagnostics(all),
        );
      }
      // Without pins, it says that versions were not checked; nothing else.
      assert.deepEqual(
        check(uri, text, projectOf({})).diagnostics.map((d) => [d.code, d.severity]),
        [['gx/version-support', DiagnosticSeverity.Information]],
      );
      // Named explicitly (CLI) under its corpus name, it is recognised by content.
      assert.equal(kind(text, 'file:///corpus/ol-airflow-it_great_expectations.yml', true), 'gx-config');
    });

    it('reports exactly the demo project’s deliberate mistakes, and nothing on its correct files', () => {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
      const all = walk(ASTRO);
      const index = new ProjectIndex();
      const uri = (p: string) => `file://${p}`;
      for (const p of all) if (projectFileKind(p)) index.update(uri(p), readFileSync(p, 'utf8'));
      const found: string[] = [];
      for (const p of all.filter((f) => /\.ya?ml$/.test(f))) {
        const text = readFileSync(p, 'utf8');
        const ds = check(uri(p), text, index.model).diagnostics;
        for (const d of ds)
          found.push(
            `${relative(ASTRO, p)}:${d.range.start.line + 1}:${String(d.code)}:${['', 'Error', 'Warning', 'Information', 'Hint'][d.severity!]}`,
          );
      }
      assert.deepEqual(found, [
        'great_expectations/checkpoints/customers_checkpoint.yml:7:gx/unknown-validation-operator:Warning',
        'great_expectations/checkpoints/customers_checkpoint.yml:26:gx/trailing-comma:Error',
        'great_expectations/checkpoints/customers_checkpoint.yml:28:gx/unknown-parameter:Error',
      ]);
    });

    it('fixes the demo checkpoint with its quick fixes into a file without findings', () => {
      const p = join(ASTRO, 'great_expectations/checkpoints/customers_checkpoint.yml');
      const index = new ProjectIndex();
      for (const f of ['great_expectations/great_expectations.yml', 'requirements.txt'])
        index.update(`file://${join(ASTRO, f)}`, readFileSync(join(ASTRO, f), 'utf8'));
      let text = readFileSync(p, 'utf8');
      for (let round = 0; round < 5; round++) {
        const c = check(`file://${p}`, text, index.model);
        const action = service()
          .codeActions(c.doc, c.diagnostics)
          .find((a) => a.isPreferred);
        if (!action) break;
        text = applyEdits(text, action.edit!.changes![c.uri]!);
      }
      const final = check(`file://${p}`, text, index.model).diagnostics;
      assert.deepEqual(final, [], formatDiagnostics(final));
      assert.ok(!text.includes('validation_operator_name'));
      assert.match(text, /openlineage_host: http:\/\/localhost:5000\n/);
      assert.match(text, /openlineage_apiKey: \$\{OPENLINEAGE_API_KEY\}/);
    });
  });
});
