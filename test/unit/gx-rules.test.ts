/**
 * The `gx/*` rules through the language service, on in-memory Great Expectations files (checkpoints and
 * `great_expectations.yml`) with a project model built from in-memory workspace files. Each rule has bad
 * cases (code, severity, exact range, quick-fix result) and good cases (nothing reported).
 */
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { GX_RULES } from '../../server/src/service/gx/rules';
import { applyFix, byRule, fixTitles, formatDiagnostics, msg, rangeIn, rangeOf, single } from './helpers';
import {
  checkpoint, CHECKPOINT_URI, CONFIG, CONFIG_URI, diagnoseGx, expectIn, expectNone, expectOne, legacyCheckpoint, OL_CLASS, OL_MODULE, olEntry, project, REQUIREMENTS_URI, SUPPORTED_REQUIREMENTS,
} from './gx-helpers';

const { Error: ERROR, Warning: WARNING, Information: INFORMATION } = DiagnosticSeverity;
const HOST = '      openlineage_host: ${OPENLINEAGE_URL}\n';

describe('gx rules', () => {
  it('declares stable kebab-case ids under gx/, unique, each with a summary', () => {
    const ids = GX_RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of GX_RULES) {
      assert.match(r.id, /^gx\/[a-z]+(-[a-z]+)*$/);
      assert.ok(r.summary.length > 20, r.id);
    }
  });

  it('reports nothing on a correct checkpoint, data context and LegacyCheckpoint', () => {
    expectNone(checkpoint(), undefined);
    assert.deepEqual(diagnoseGx(checkpoint()), []);
    assert.deepEqual(diagnoseGx(CONFIG, CONFIG_URI), []);
    assert.deepEqual(diagnoseGx(legacyCheckpoint('action_list_operator')), []);
  });

  describe('gx/syntax', () => {
    const id = 'gx/syntax';
    it('reports a comma after a quoted value and removes it', () => {
      const text = checkpoint(olEntry('      openlineage_host: "http://localhost:5000",\n'));
      const d = single(diagnoseGx(text), id);
      assert.deepEqual([d.severity, d.range], [ERROR, rangeIn(text, '5000",', ',')]);
      assert.match(msg(d), /comma follows the quoted value/);
      assert.equal(applyFix(text, d, 'Remove the comma', CHECKPOINT_URI), checkpoint(olEntry('      openlineage_host: "http://localhost:5000"\n')));
    });
    it('reports other YAML errors where the parser stopped, without a fix', () => {
      const text = 'name: x\nclass_name: Checkpoint\naction_list:\n  - name: a\n   bad: [\n';
      const all = diagnoseGx(text);
      const d = byRule(all, id);
      assert.equal(d.length, 1, formatDiagnostics(all));
      assert.equal(d[0]!.severity, ERROR);
      assert.match(msg(d[0]!), /not valid YAML/);
      assert.deepEqual(fixTitles(text, d[0]!, CHECKPOINT_URI), []);
    });
    it('reports nothing on valid YAML', () => expectNone(checkpoint(), id));
  });

  describe('gx/action-shape', () => {
    const id = 'gx/action-shape';
    it('reports action keys written beside name: and nests them under action:', () => {
      const text = checkpoint(`  - name: openlineage\n    class_name: ${OL_CLASS}\n    module_name: ${OL_MODULE}\n    openlineage_host: \${OPENLINEAGE_URL}\n`);
      const d = expectOne(text, id, 'class_name', { severity: ERROR, occurrence: 3 });
      assert.match(msg(d), /exactly `name` and `action`/);
      assert.equal(applyFix(text, d, 'Nest the OpenLineage action under action:', CHECKPOINT_URI), checkpoint());
    });
    it('reports a parameter beside action: and moves it under action:', () => {
      const text = checkpoint(`${olEntry()}    openlineage_host: \${OPENLINEAGE_URL}\n`);
      const d = expectOne(text, id, 'openlineage_host', { severity: ERROR });
      assert.match(msg(d), /Indent it under `action:`/);
      assert.equal(applyFix(text, d, 'Move openlineage_host under action:', CHECKPOINT_URI), checkpoint());
      assert.equal(applyFix(text, d, 'Remove openlineage_host', CHECKPOINT_URI), checkpoint(olEntry()));
    });
    it('reports an entry without name and adds one', () => {
      const text = checkpoint(`  - action:\n      class_name: ${OL_CLASS}\n      module_name: ${OL_MODULE}\n      openlineage_host: \${OPENLINEAGE_URL}\n`);
      const d = expectIn(text, id, '  - action:', 'action', { severity: ERROR });
      assert.equal(applyFix(text, d, 'Add name: openlineage', CHECKPOINT_URI), `${text}    name: openlineage\n`);
    });
    it('reports an entry without action, an action that is not a mapping, and an action_list that is not a list', () => {
      expectIn(checkpoint('  - name: openlineage\n'), id, '- name: openlineage', 'name', { severity: ERROR });
      expectOne(checkpoint('  - name: openlineage\n    action: OpenLineageValidationAction\n'), id, 'OpenLineageValidationAction', { severity: ERROR });
      expectOne('name: x\nclass_name: Checkpoint\naction_list: openlineage\n', id, 'action_list', { severity: ERROR });
    });
    it('accepts well-formed entries, flow mappings and an empty action_list', () => {
      expectNone(checkpoint(), id);
      expectNone(checkpoint(`  - {name: openlineage, action: {class_name: ${OL_CLASS}, module_name: ${OL_MODULE}}}\n`), id);
      expectNone('name: x\nclass_name: Checkpoint\naction_list:\n', id);
      expectNone('name: x\nclass_name: Checkpoint\naction_list: []\n', id);
    });
  });

  describe('gx/action-class', () => {
    const id = 'gx/action-class';
    it('reports a misspelled OpenLineageValidationAction and corrects it', () => {
      const text = checkpoint(olEntry(HOST, `      class_name: OpenlineageValidationAction\n      module_name: ${OL_MODULE}\n`));
      const d = expectOne(text, id, 'OpenlineageValidationAction', { severity: ERROR });
      assert.match(msg(d), /exact, case-sensitive name/);
      assert.equal(applyFix(text, d, undefined, CHECKPOINT_URI), checkpoint());
    });
    it('reports another class with the OpenLineage module', () => {
      const text = checkpoint(olEntry(HOST, `      class_name: OpenLineageAction\n      module_name: ${OL_MODULE}\n`));
      const d = expectOne(text, id, 'OpenLineageAction', { severity: ERROR });
      assert.match(msg(d), /provides only `OpenLineageValidationAction`/);
    });
    it('reports an action without class_name and adds the OpenLineage one after module_name', () => {
      const text = checkpoint(olEntry(HOST, `      module_name: ${OL_MODULE}\n`));
      const d = expectIn(text, id, 'openlineage\n    action:', 'action', { severity: ERROR });
      assert.equal(
        applyFix(text, d, `Add class_name: ${OL_CLASS}`, CHECKPOINT_URI),
        checkpoint(olEntry(HOST, `      module_name: ${OL_MODULE}\n      class_name: ${OL_CLASS}\n`)),
      );
    });
    it('does not judge Great Expectations’ own actions or templated class names', () => {
      expectNone(checkpoint(), id);
      expectNone(checkpoint(olEntry('', '      class_name: ${ACTION_CLASS}\n')), id);
    });
  });

  describe('gx/action-module', () => {
    const id = 'gx/action-module';
    it('reports a missing module_name and inserts it after class_name', () => {
      const text = checkpoint(olEntry(HOST, `      class_name: ${OL_CLASS}\n`));
      const d = expectOne(text, id, OL_CLASS, { severity: ERROR });
      assert.match(msg(d), /great_expectations\.validation_operators/);
      assert.equal(applyFix(text, d, undefined, CHECKPOINT_URI), checkpoint());
    });
    it('inserts module_name in a flow mapping too', () => {
      const text = checkpoint(`  - name: openlineage\n    action: {class_name: ${OL_CLASS}, openlineage_host: "\${OPENLINEAGE_URL}"}\n`);
      const d = expectOne(text, id, OL_CLASS, { severity: ERROR });
      assert.equal(applyFix(text, d, undefined, CHECKPOINT_URI), checkpoint(`  - name: openlineage\n    action: {class_name: ${OL_CLASS}, module_name: ${OL_MODULE}, openlineage_host: "\${OPENLINEAGE_URL}"}\n`));
    });
    it('fills an empty module_name', () => {
      const text = checkpoint(olEntry(HOST, `      class_name: ${OL_CLASS}\n      module_name:\n`));
      const d = expectOne(text, id, 'module_name', { severity: ERROR, occurrence: 2 });
      assert.equal(applyFix(text, d, undefined, CHECKPOINT_URI), checkpoint());
    });
    it('reports a wrong module and offers both valid forms, the nearest first', () => {
      const text = checkpoint(olEntry(HOST, `      class_name: ${OL_CLASS}\n      module_name: openlineage.common.provider.great_expectations.actions\n`));
      const d = expectOne(text, id, 'openlineage.common.provider.great_expectations.actions', { severity: ERROR });
      assert.deepEqual(fixTitles(text, d, CHECKPOINT_URI), [`Change to ${OL_MODULE}.action`, `Change to ${OL_MODULE}`]);
      assert.equal(applyFix(text, d, `Change to ${OL_MODULE}`, CHECKPOINT_URI), checkpoint());
    });
    it('explains a module path that ends with the class name, and a Great Expectations module', () => {
      const withClass = checkpoint(olEntry(HOST, `      class_name: ${OL_CLASS}\n      module_name: ${OL_MODULE}.action.${OL_CLASS}\n`));
      const d = expectOne(withClass, id, `${OL_MODULE}.action.${OL_CLASS}`, { severity: ERROR });
      assert.match(msg(d), /names the module only/);
      assert.equal(applyFix(withClass, d, `Change to ${OL_MODULE}.action`, CHECKPOINT_URI), checkpoint(olEntry(HOST, `      class_name: ${OL_CLASS}\n      module_name: ${OL_MODULE}.action\n`)));
      const ge = checkpoint(olEntry(HOST, `      class_name: ${OL_CLASS}\n      module_name: great_expectations.checkpoint\n`));
      assert.match(msg(expectOne(ge, id, 'great_expectations.checkpoint', { severity: ERROR, occurrence: 2 })), /not part of Great Expectations/);
    });
    it('accepts both module forms', () => {
      expectNone(checkpoint(), id);
      expectNone(checkpoint(olEntry(HOST, `      class_name: ${OL_CLASS}\n      module_name: ${OL_MODULE}.action\n`)), id);
    });
  });

  describe('gx/unknown-parameter', () => {
    const id = 'gx/unknown-parameter';
    it('reports openlineage_apikey and renames it to openlineage_apiKey', () => {
      const text = checkpoint(olEntry(`${HOST}      openlineage_apikey: \${OPENLINEAGE_API_KEY}\n`));
      const d = expectOne(text, id, 'openlineage_apikey', { severity: ERROR });
      assert.match(msg(d), /exact spelling is `openlineage_apiKey`/);
      assert.match(msg(d), /TypeError/);
      assert.equal(applyFix(text, d, 'Rename to openlineage_apiKey', CHECKPOINT_URI), checkpoint(olEntry(`${HOST}      openlineage_apiKey: \${OPENLINEAGE_API_KEY}\n`)));
      assert.equal(applyFix(text, d, 'Remove openlineage_apikey', CHECKPOINT_URI), checkpoint(olEntry(HOST)));
    });
    it('maps known aliases (openlineage_url → openlineage_host) and typos (job_nmae → job_name)', () => {
      const url = checkpoint(olEntry('      openlineage_url: http://marquez:5000\n'));
      const d = expectOne(url, id, 'openlineage_url', { severity: ERROR });
      assert.equal(applyFix(url, d, 'Rename to openlineage_host', CHECKPOINT_URI), checkpoint(olEntry('      openlineage_host: http://marquez:5000\n')));
      const typo = checkpoint(olEntry(`${HOST}      job_nmae: orders\n`));
      assert.match(msg(expectOne(typo, id, 'job_nmae', { severity: ERROR })), /`job_name`/);
    });
    it('does not prefer the rename when the right key is also set', () => {
      const text = checkpoint(olEntry(`${HOST}      openlineage_apiKey: \${K}\n      openlineage_api_key: \${K}\n`));
      const d = expectOne(text, id, 'openlineage_api_key', { severity: ERROR });
      assert.match(msg(d), /also set/);
      const actions = diagnoseGx(text).find((x) => x.code === id)!.data as { fixes: { preferred?: boolean }[] };
      assert.ok(actions.fixes.every((f) => !f.preferred));
    });
    it('reports the GX 1.x `type` discriminator and unknown keys with the list of parameters', () => {
      const text = checkpoint(olEntry(`${HOST}      type: openlineage\n`));
      const d = expectOne(text, id, 'type', { severity: ERROR });
      assert.match(msg(d), /GX 1\.x discriminator/);
      assert.equal(applyFix(text, d, undefined, CHECKPOINT_URI), checkpoint());
      const other = checkpoint(olEntry(`${HOST}      retries: 3\n`));
      assert.match(msg(expectOne(other, id, 'retries', { severity: ERROR })), /Its parameters are `openlineage_host`/);
    });
    it('accepts every documented parameter, and ignores other actions’ parameters', () => {
      const all = [
        '      openlineage_host: http://marquez:5000',
        '      openlineage_apiKey: ${OPENLINEAGE_API_KEY}',
        '      openlineage_namespace: acme',
        '      openlineage_run_id: 01890f4e-2b1a-7c3d-8e4f-5a6b7c8d9e0f',
        '      openlineage_parent_run_id: ${PARENT_RUN_ID}',
        '      openlineage_parent_job_namespace: airflow',
        '      openlineage_parent_job_name: dag.task',
        '      openlineage_root_parent_run_id: ${ROOT_RUN_ID}',
        '      openlineage_root_parent_job_namespace: airflow',
        '      openlineage_root_parent_job_name: dag',
        '      job_name: orders_quality',
        '      job_description: Checks',
        '      code_location: https://github.com/acme/repo',
        '      do_publish: false',
      ].join('\n');
      assert.deepEqual(diagnoseGx(checkpoint(olEntry(`${all}\n`))), []);
      expectNone(checkpoint('  - name: slack\n    action:\n      class_name: SlackNotificationAction\n      slack_webhook: ${SLACK}\n'), id);
    });
  });

  describe('gx/trailing-comma', () => {
    const id = 'gx/trailing-comma';
    it('reports the comma of `openlineage_host: http://localhost:5000,` and removes it', () => {
      const text = checkpoint(olEntry('      openlineage_host: http://localhost:5000,\n'));
      const d = single(diagnoseGx(text), id);
      assert.deepEqual([d.severity, d.range], [ERROR, rangeIn(text, '5000,', ',')]);
      assert.match(msg(d), /"http:\/\/localhost:5000,"/);
      assert.equal(applyFix(text, d, undefined, CHECKPOINT_URI), checkpoint(olEntry('      openlineage_host: http://localhost:5000\n')));
      // The URL rule does not report the same comma again.
      assert.deepEqual(byRule(diagnoseGx(text), 'gx/url'), []);
    });
    it('reports `class_name: OpenLineageValidationAction,` (the Astronomer docs mistake) without other findings', () => {
      const text = checkpoint(olEntry(HOST, `      class_name: ${OL_CLASS},\n      module_name: ${OL_MODULE}\n`));
      const all = diagnoseGx(text);
      assert.deepEqual(all.map((d) => d.code), [id], formatDiagnostics(all));
      assert.equal(applyFix(text, all[0]!, undefined, CHECKPOINT_URI), checkpoint());
    });
    it('reports checkpoint-level identifiers, and free text as a warning', () => {
      const text = checkpoint(olEntry(`${HOST}      job_description: Orders checks,\n`), 'class_name: Checkpoint,\n');
      const all = byRule(diagnoseGx(text), id);
      assert.deepEqual(all.map((d) => [d.range.start.line, d.severity]), [[2, ERROR], [18, WARNING]]);
    });
    it('leaves commas inside values and quoted values alone', () => {
      expectNone(checkpoint(olEntry(`${HOST}      job_description: "Orders, customers,"\n      job_name: a,b\n`)), id);
    });
  });

  describe('gx/url', () => {
    const id = 'gx/url';
    it('reports a host without scheme and adds http://', () => {
      const text = checkpoint(olEntry('      openlineage_host: marquez:5000\n'));
      const d = expectOne(text, id, 'marquez:5000', { severity: ERROR });
      assert.equal(applyFix(text, d, undefined, CHECKPOINT_URI), checkpoint(olEntry('      openlineage_host: http://marquez:5000\n')));
    });
    it('reports whitespace and unsupported schemes on the offending part', () => {
      const spaced = checkpoint(olEntry('      openlineage_host: "http://marquez :5000"\n'));
      const d = single(diagnoseGx(spaced), id);
      assert.deepEqual([d.severity, d.range], [ERROR, rangeIn(spaced, 'marquez :5000', ' ')]);
      expectOne(checkpoint(olEntry('      openlineage_host: ftp://marquez\n')), id, 'ftp', { severity: ERROR });
    });
    it('warns about the endpoint in the host and offers the base URL', () => {
      const text = checkpoint(olEntry('      openlineage_host: http://marquez:5000/api/v1/lineage\n'));
      const d = expectOne(text, id, '/api/v1/lineage', { severity: WARNING });
      assert.equal(applyFix(text, d, undefined, CHECKPOINT_URI), checkpoint(olEntry('      openlineage_host: http://marquez:5000\n')));
    });
    it('never judges templated values', () => {
      expectNone(checkpoint(olEntry('      openlineage_host: ${OPENLINEAGE_URL}\n')), id);
      expectNone(checkpoint(olEntry('      openlineage_host: "{{ var.value.marquez }}"\n')), id);
      expectNone(checkpoint(olEntry('      openlineage_host: https://marquez.acme.io\n')), id);
    });
  });

  describe('gx/value-type', () => {
    const id = 'gx/value-type';
    it('reports do_publish: no (a truthy string to ruamel) and fixes it to false', () => {
      const text = checkpoint(olEntry(`${HOST}      do_publish: no\n`));
      const d = single(diagnoseGx(text), id);
      assert.deepEqual([d.severity, d.range], [ERROR, rangeIn(text, 'do_publish: no', 'no')]);
      assert.match(msg(d), /still sent/);
      assert.equal(applyFix(text, d, undefined, CHECKPOINT_URI), checkpoint(olEntry(`${HOST}      do_publish: false\n`)));
    });
    it('reports a quoted "false" and replaces it with the boolean', () => {
      const text = checkpoint(olEntry(`${HOST}      do_publish: "false"\n`));
      const d = expectOne(text, id, 'false', { severity: ERROR });
      assert.equal(applyFix(text, d, undefined, CHECKPOINT_URI), checkpoint(olEntry(`${HOST}      do_publish: false\n`)));
    });
    it('warns about a run id that is not a UUID, and reports a mapping where a string is expected', () => {
      expectOne(checkpoint(olEntry(`${HOST}      openlineage_parent_run_id: run-42\n`)), id, 'run-42', { severity: WARNING });
      expectOne(checkpoint(olEntry(`${HOST}      job_name:\n        name: x\n`)), id, 'name: x', { severity: ERROR });
    });
    it('accepts booleans, UUIDs, templates and nulls', () => {
      expectNone(checkpoint(olEntry(`${HOST}      do_publish: True\n      openlineage_run_id: \${RUN_ID}\n      openlineage_parent_run_id: "{{ ti.run_id }}"\n      job_name: ~\n`)), id);
    });
  });

  describe('gx/literal-secret', () => {
    const id = 'gx/literal-secret';
    it('warns about a literal API key and references ${OPENLINEAGE_API_KEY} instead', () => {
      const text = checkpoint(olEntry(`${HOST}      openlineage_apiKey: 9f8e7d6c5b4a\n`));
      const d = expectOne(text, id, '9f8e7d6c5b4a', { severity: WARNING });
      assert.equal(applyFix(text, d, undefined, CHECKPOINT_URI), checkpoint(olEntry(`${HOST}      openlineage_apiKey: \${OPENLINEAGE_API_KEY}\n`)));
    });
    it('accepts references and placeholders', () => {
      expectNone(checkpoint(olEntry(`${HOST}      openlineage_apiKey: \${OPENLINEAGE_API_KEY}\n`)), id);
      expectNone(checkpoint(olEntry(`${HOST}      openlineage_apiKey: <your-api-key>\n`)), id);
    });
  });

  describe('gx/parameter-version', () => {
    const id = 'gx/parameter-version';
    const ROOT = `${HOST}      openlineage_root_parent_run_id: \${ROOT_RUN_ID}\n`;
    it('reports root-parent parameters when the pinned integration is older than 1.31.0', () => {
      const model = project({ [CONFIG_URI]: CONFIG, [REQUIREMENTS_URI]: 'great_expectations==0.15.34\nopenlineage-integration-common==1.30.0\n' });
      const d = expectOne(checkpoint(olEntry(ROOT)), id, 'openlineage_root_parent_run_id', { severity: ERROR, model });
      assert.match(msg(d), /1\.31\.0.*1\.30\.0 \(openlineage-integration-common==1\.30\.0 in requirements\.txt line 2\)/);
    });
    it('says so when the integration version is unknown', () => {
      const model = project({ [CONFIG_URI]: CONFIG });
      const d = expectOne(checkpoint(olEntry(ROOT)), id, 'openlineage_root_parent_run_id', { severity: INFORMATION, model });
      assert.match(msg(d), /was not checked/);
    });
    it('accepts them from 1.31.0 on (also pinned through openlineage-airflow)', () => {
      expectNone(checkpoint(olEntry(ROOT)), id);
      expectNone(checkpoint(olEntry(ROOT)), id, CHECKPOINT_URI, project({ [REQUIREMENTS_URI]: 'great_expectations==0.15.34\nopenlineage-airflow==1.31.0\n' }));
    });
  });

  describe('gx/version-support', () => {
    const id = 'gx/version-support';
    const pins = (reqs: string) => project({ [CONFIG_URI]: CONFIG, [REQUIREMENTS_URI]: reqs });
    it('accepts great_expectations 0.15.34 with openlineage-integration-common 1.39.0', () => expectNone(checkpoint(), id));
    it('warns about great_expectations 0.16–0.18 (not covered by the extra), naming the pin', () => {
      const d = expectOne(checkpoint(), id, OL_CLASS, { severity: WARNING, model: pins('great_expectations==0.17.23\nopenlineage-integration-common==1.39.0\n') });
      assert.match(msg(d), /great_expectations 0\.17\.23 \(great_expectations==0\.17\.23 in requirements\.txt line 1\)/);
      assert.match(msg(d), /<0\.15\.35/);
    });
    it('reports openlineage-integration-common 1.40+ (GX 1.x only) and GX 1.x (no YAML actions) as errors', () => {
      assert.match(msg(expectOne(checkpoint(), id, OL_CLASS, { severity: ERROR, model: pins('great_expectations==0.15.34\nopenlineage-integration-common==1.40.0\n') })), /requires great_expectations>=1\.0\.0/);
      assert.match(msg(expectOne(checkpoint(), id, OL_CLASS, { severity: ERROR, model: pins('great_expectations==1.3.0\nopenlineage-integration-common==1.45.0\n') })), /GX 1\.x, which has no YAML/);
    });
    it('warns below 0.13.26', () => {
      expectOne(checkpoint(), id, OL_CLASS, { severity: WARNING, model: pins('great_expectations==0.13.10\nopenlineage-integration-common==1.39.0\n') });
    });
    it('says which version is unknown instead of guessing', () => {
      assert.match(msg(expectOne(checkpoint(), id, OL_CLASS, { severity: INFORMATION, model: pins('great_expectations==0.15.34\n') })), /no openlineage-integration-common .* requirement was found/);
      assert.match(msg(expectOne(checkpoint(), id, OL_CLASS, { severity: INFORMATION, model: pins('great_expectations>=0.15\nopenlineage-integration-common==1.39.0\n') })), /great_expectations is not pinned \(great_expectations>=0\.15 in requirements\.txt line 1\)/);
      assert.match(msg(expectOne(checkpoint(), id, OL_CLASS, { severity: INFORMATION, model: project({}) })), /^Versions unknown/);
    });
    it('reports on every OpenLineage action of a data context', () => {
      const all = byRule(diagnoseGx(CONFIG, CONFIG_URI, project({})), id);
      assert.deepEqual(all.map((d) => d.range), [rangeOf(CONFIG, OL_CLASS)]);
    });
  });

  describe('gx/unknown-validation-operator', () => {
    const id = 'gx/unknown-validation-operator';
    it('reports an undefined operator of a LegacyCheckpoint as an error, with the nearest operator as fix', () => {
      const text = legacyCheckpoint('action_list_operatr');
      const d = expectOne(text, id, 'action_list_operatr', { severity: ERROR });
      assert.match(msg(d), /defines no validation operator `action_list_operatr`.*fails.*Did you mean `action_list_operator`/);
      assert.deepEqual(fixTitles(text, d, CHECKPOINT_URI), ['Change to action_list_operator', 'Change to plain_operator']);
      assert.equal(applyFix(text, d, 'Change to action_list_operator', CHECKPOINT_URI), legacyCheckpoint('action_list_operator'));
    });
    it('warns on a Checkpoint, which ignores the field, and offers to remove the line', () => {
      const text = checkpoint(undefined, 'class_name: Checkpoint\nvalidation_operator_name: openlineage_operator\n');
      const d = expectOne(text, id, 'openlineage_operator', { severity: WARNING });
      assert.match(msg(d), /does not use `validation_operator_name` \(only LegacyCheckpoint does\)/);
      assert.equal(applyFix(text, d, 'Remove validation_operator_name', CHECKPOINT_URI), checkpoint());
    });
    it('uses the data context whose folder holds the checkpoint', () => {
      const other = 'file:///w/other/great_expectations.yml';
      const model = project({ [CONFIG_URI]: CONFIG, [other]: 'validation_operators:\n  elsewhere:\n    class_name: ActionListValidationOperator\n    action_list: []\n' });
      expectOne(legacyCheckpoint('elsewhere'), id, 'elsewhere', { severity: ERROR, model });
      expectNone(legacyCheckpoint('elsewhere'), id, 'file:///w/other/checkpoints/x.yml', model);
    });
    it('says so when no data context is known', () => {
      const d = expectOne(legacyCheckpoint('action_list_operator'), id, 'action_list_operator', { severity: INFORMATION, model: project({}) });
      assert.match(msg(d), /No `great_expectations.yml` was found/);
    });
    it('accepts defined operators and templated names', () => {
      expectNone(legacyCheckpoint('action_list_operator'), id);
      expectNone(legacyCheckpoint('${OPERATOR}'), id);
    });
  });

  describe('gx/no-lineage', () => {
    const id = 'gx/no-lineage';
    it('warns when a LegacyCheckpoint’s operator has no OpenLineage action', () => {
      const text = legacyCheckpoint('plain_operator');
      const d = expectOne(text, id, 'plain_operator', { severity: WARNING });
      assert.match(msg(d), /`plain_operator` \(great_expectations.yml line 18\) has no `OpenLineageValidationAction`/);
      assert.equal(applyFix(text, d, undefined, CHECKPOINT_URI), legacyCheckpoint('action_list_operator'));
    });
    it('warns about a LegacyCheckpoint without operator and names one', () => {
      const text = legacyCheckpoint(undefined);
      const d = expectOne(text, id, 'LegacyCheckpoint', { severity: WARNING });
      assert.equal(applyFix(text, d, undefined, CHECKPOINT_URI), text.replace('LegacyCheckpoint\n', 'LegacyCheckpoint\nvalidation_operator_name: action_list_operator\n'));
    });
    it('warns when a Checkpoint’s action_list has no OpenLineage action and appends one', () => {
      const text = checkpoint('');
      const d = expectOne(text, id, 'action_list', { severity: WARNING });
      assert.equal(applyFix(text, d, undefined, CHECKPOINT_URI), checkpoint(olEntry()));
    });
    it('explains that a Checkpoint ignores an operator that has the action', () => {
      const text = checkpoint('', 'class_name: Checkpoint\nvalidation_operator_name: action_list_operator\n');
      assert.match(msg(expectIn(text, id, '\naction_list:', 'action_list', { severity: WARNING })), /Checkpoint ignores `validation_operator_name`/);
    });
    it('adds an action_list to a checkpoint without one', () => {
      const text = 'name: x\nconfig_version: 1.0\nclass_name: Checkpoint\n';
      const d = expectOne(text, id, 'Checkpoint', { severity: WARNING, occurrence: 1 });
      assert.equal(applyFix(text, d, undefined, CHECKPOINT_URI), `${text}action_list:\n  - name: openlineage\n    action:\n      class_name: ${OL_CLASS}\n      module_name: ${OL_MODULE}\n`);
    });
    it('stays quiet in projects without OpenLineage, for templates and SimpleCheckpoints, and when lineage is emitted', () => {
      const noOl = project({ [REQUIREMENTS_URI]: 'great_expectations==0.15.34\n' });
      expectNone(checkpoint(''), id, CHECKPOINT_URI, noOl);
      expectNone(checkpoint('', 'class_name: Checkpoint\ntemplate_name: base\n'), id);
      expectNone(checkpoint('', 'class_name: SimpleCheckpoint\n'), id);
      expectNone(checkpoint(), id);
      expectNone(legacyCheckpoint('action_list_operator'), id);
    });
  });

  describe('gx/no-transport', () => {
    const id = 'gx/no-transport';
    it('informs when neither openlineage_host nor any OPENLINEAGE_URL/transport is configured, and adds the host', () => {
      const text = checkpoint(olEntry());
      const d = expectOne(text, id, OL_CLASS, { severity: INFORMATION });
      assert.match(msg(d), /console transport/);
      assert.equal(applyFix(text, d, undefined, CHECKPOINT_URI), checkpoint());
    });
    it('is quiet when the workspace sets OPENLINEAGE_URL or has an openlineage.yml, or is unknown', () => {
      const withEnv = project({ [CONFIG_URI]: CONFIG, [REQUIREMENTS_URI]: SUPPORTED_REQUIREMENTS, 'file:///w/.env': 'OPENLINEAGE_URL=http://marquez:5000\n' });
      expectNone(checkpoint(olEntry()), id, CHECKPOINT_URI, withEnv);
      const withYml = project({ [REQUIREMENTS_URI]: SUPPORTED_REQUIREMENTS, 'file:///w/openlineage.yml': 'transport:\n  type: console\n' });
      expectNone(checkpoint(olEntry()), id, CHECKPOINT_URI, withYml);
      expectNone(checkpoint(olEntry()), id, CHECKPOINT_URI, project({}));
      expectNone(checkpoint(), id);
    });
  });
});
