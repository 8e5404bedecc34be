/**
 * The `gx/*` rules through the language service, on in-memory Great Expectations files (checkpoints and
 * `great_expectations.yml`) with a project model built from in-memory workspace files. Each rule has bad
 * cases (code, severity, exact range, quick-fix result) and good cases (nothing reported).
 */
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { GX_RULES } from '../../server/src/service/gx/rules';
import {
  applyFix,
  byRule,
  fixTitles,
  formatDiagnostics,
  msg,
  none,
  one,
  PROBLEMS,
  projectOf,
  rangeIn,
  rangeOf,
  single,
} from '../support/harness';
import {
  checkpoint,
  CHECKPOINT_URI,
  CONFIG,
  CONFIG_URI,
  checkGx,
  legacyCheckpoint,
  OL_CLASS,
  OL_MODULE,
  olEntry,
  REQUIREMENTS_URI,
  SUPPORTED_REQUIREMENTS,
} from '../support/gx-fixtures';

/** The `gx/*` diagnostics of the YAML file at `uri` (in the example project unless told otherwise). */
const check = checkGx;

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
    none(check(CHECKPOINT_URI, checkpoint()), PROBLEMS);
    assert.deepEqual(check(CHECKPOINT_URI, checkpoint()).diagnostics, []);
    assert.deepEqual(check(CONFIG_URI, CONFIG).diagnostics, []);
    assert.deepEqual(check(CHECKPOINT_URI, legacyCheckpoint('action_list_operator')).diagnostics, []);
  });

  describe('gx/syntax', () => {
    const id = 'gx/syntax';
    it('reports a comma after a quoted value and removes it', () => {
      const text = checkpoint(olEntry('      openlineage_host: "http://localhost:5000",\n'));
      const d = single(check(CHECKPOINT_URI, text).diagnostics, id);
      assert.deepEqual([d.severity, d.range], [ERROR, rangeIn(text, '5000",', ',')]);
      assert.match(msg(d), /comma follows the quoted value/);
      assert.equal(applyFix(d, 'Remove the comma'), checkpoint(olEntry('      openlineage_host: "http://localhost:5000"\n')));
    });
    it('reports other YAML errors where the parser stopped, without a fix', () => {
      const text = 'name: x\nclass_name: Checkpoint\naction_list:\n  - name: a\n   bad: [\n';
      const all = check(CHECKPOINT_URI, text).diagnostics;
      const d = byRule(all, id);
      assert.equal(d.length, 1, formatDiagnostics(all));
      assert.equal(d[0]!.severity, ERROR);
      assert.match(msg(d[0]!), /not valid YAML/);
      assert.deepEqual(fixTitles(d[0]!), []);
    });
    it('reports nothing on valid YAML', () => none(check(CHECKPOINT_URI, checkpoint()), id));
  });

  describe('gx/action-shape', () => {
    const id = 'gx/action-shape';
    it('reports action keys written beside name: and nests them under action:', () => {
      const text = checkpoint(
        `  - name: openlineage\n    class_name: ${OL_CLASS}\n    module_name: ${OL_MODULE}\n    openlineage_host: \${OPENLINEAGE_URL}\n`,
      );
      const d = one(check(CHECKPOINT_URI, text), id, 'class_name', ERROR, { occurrence: 3 });
      assert.match(msg(d), /exactly `name` and `action`/);
      assert.equal(applyFix(d, 'Nest the OpenLineage action under action:'), checkpoint());
    });
    it('reports a parameter beside action: and moves it under action:', () => {
      const text = checkpoint(`${olEntry()}    openlineage_host: \${OPENLINEAGE_URL}\n`);
      const d = one(check(CHECKPOINT_URI, text), id, 'openlineage_host', ERROR);
      assert.match(msg(d), /Indent it under `action:`/);
      assert.equal(applyFix(d, 'Move openlineage_host under action:'), checkpoint());
      assert.equal(applyFix(d, 'Remove openlineage_host'), checkpoint(olEntry()));
    });
    it('reports an entry without name and adds one', () => {
      const text = checkpoint(
        `  - action:\n      class_name: ${OL_CLASS}\n      module_name: ${OL_MODULE}\n      openlineage_host: \${OPENLINEAGE_URL}\n`,
      );
      const d = one(check(CHECKPOINT_URI, text), id, 'action', ERROR, { in: '  - action:' });
      assert.equal(applyFix(d, 'Add name: openlineage'), `${text}    name: openlineage\n`);
    });
    it('reports an entry without action, an action that is not a mapping, and an action_list that is not a list', () => {
      one(check(CHECKPOINT_URI, checkpoint('  - name: openlineage\n')), id, 'name', ERROR, { in: '- name: openlineage' });
      one(
        check(CHECKPOINT_URI, checkpoint('  - name: openlineage\n    action: OpenLineageValidationAction\n')),
        id,
        'OpenLineageValidationAction',
        ERROR,
      );
      one(check(CHECKPOINT_URI, 'name: x\nclass_name: Checkpoint\naction_list: openlineage\n'), id, 'action_list', ERROR);
    });
    it('accepts well-formed entries, flow mappings and an empty action_list', () => {
      none(check(CHECKPOINT_URI, checkpoint()), id);
      none(
        check(CHECKPOINT_URI, checkpoint(`  - {name: openlineage, action: {class_name: ${OL_CLASS}, module_name: ${OL_MODULE}}}\n`)),
        id,
      );
      none(check(CHECKPOINT_URI, 'name: x\nclass_name: Checkpoint\naction_list:\n'), id);
      none(check(CHECKPOINT_URI, 'name: x\nclass_name: Checkpoint\naction_list: []\n'), id);
    });
  });

  describe('gx/action-class', () => {
    const id = 'gx/action-class';
    it('reports a misspelled OpenLineageValidationAction and corrects it', () => {
      const text = checkpoint(olEntry(HOST, `      class_name: OpenlineageValidationAction\n      module_name: ${OL_MODULE}\n`));
      const d = one(check(CHECKPOINT_URI, text), id, 'OpenlineageValidationAction', ERROR);
      assert.match(msg(d), /exact, case-sensitive name/);
      assert.equal(applyFix(d), checkpoint());
    });
    it('reports another class with the OpenLineage module', () => {
      const text = checkpoint(olEntry(HOST, `      class_name: OpenLineageAction\n      module_name: ${OL_MODULE}\n`));
      const d = one(check(CHECKPOINT_URI, text), id, 'OpenLineageAction', ERROR);
      assert.match(msg(d), /provides only `OpenLineageValidationAction`/);
    });
    it('reports an action without class_name and adds the OpenLineage one after module_name', () => {
      const text = checkpoint(olEntry(HOST, `      module_name: ${OL_MODULE}\n`));
      const d = one(check(CHECKPOINT_URI, text), id, 'action', ERROR, { in: 'openlineage\n    action:' });
      assert.equal(
        applyFix(d, `Add class_name: ${OL_CLASS}`),
        checkpoint(olEntry(HOST, `      module_name: ${OL_MODULE}\n      class_name: ${OL_CLASS}\n`)),
      );
    });
    it('does not judge Great Expectations’ own actions or templated class names', () => {
      none(check(CHECKPOINT_URI, checkpoint()), id);
      none(check(CHECKPOINT_URI, checkpoint(olEntry('', '      class_name: ${ACTION_CLASS}\n'))), id);
    });
  });

  describe('gx/action-module', () => {
    const id = 'gx/action-module';
    it('reports a missing module_name and inserts it after class_name', () => {
      const text = checkpoint(olEntry(HOST, `      class_name: ${OL_CLASS}\n`));
      const d = one(check(CHECKPOINT_URI, text), id, OL_CLASS, ERROR);
      assert.match(msg(d), /great_expectations\.validation_operators/);
      assert.equal(applyFix(d), checkpoint());
    });
    it('inserts module_name in a flow mapping too', () => {
      const text = checkpoint(`  - name: openlineage\n    action: {class_name: ${OL_CLASS}, openlineage_host: "\${OPENLINEAGE_URL}"}\n`);
      const d = one(check(CHECKPOINT_URI, text), id, OL_CLASS, ERROR);
      assert.equal(
        applyFix(d),
        checkpoint(
          `  - name: openlineage\n    action: {class_name: ${OL_CLASS}, module_name: ${OL_MODULE}, openlineage_host: "\${OPENLINEAGE_URL}"}\n`,
        ),
      );
    });
    it('fills an empty module_name', () => {
      const text = checkpoint(olEntry(HOST, `      class_name: ${OL_CLASS}\n      module_name:\n`));
      const d = one(check(CHECKPOINT_URI, text), id, 'module_name', ERROR, { occurrence: 2 });
      assert.equal(applyFix(d), checkpoint());
    });
    it('reports a wrong module and offers both valid forms, the nearest first', () => {
      const text = checkpoint(
        olEntry(HOST, `      class_name: ${OL_CLASS}\n      module_name: openlineage.common.provider.great_expectations.actions\n`),
      );
      const d = one(check(CHECKPOINT_URI, text), id, 'openlineage.common.provider.great_expectations.actions', ERROR);
      assert.deepEqual(fixTitles(d), [`Change to ${OL_MODULE}.action`, `Change to ${OL_MODULE}`]);
      assert.equal(applyFix(d, `Change to ${OL_MODULE}`), checkpoint());
    });
    it('explains a module path that ends with the class name, and a Great Expectations module', () => {
      const withClass = checkpoint(olEntry(HOST, `      class_name: ${OL_CLASS}\n      module_name: ${OL_MODULE}.action.${OL_CLASS}\n`));
      const d = one(check(CHECKPOINT_URI, withClass), id, `${OL_MODULE}.action.${OL_CLASS}`, ERROR);
      assert.match(msg(d), /names the module only/);
      assert.equal(
        applyFix(d, `Change to ${OL_MODULE}.action`),
        checkpoint(olEntry(HOST, `      class_name: ${OL_CLASS}\n      module_name: ${OL_MODULE}.action\n`)),
      );
      const ge = checkpoint(olEntry(HOST, `      class_name: ${OL_CLASS}\n      module_name: great_expectations.checkpoint\n`));
      assert.match(
        msg(one(check(CHECKPOINT_URI, ge), id, 'great_expectations.checkpoint', ERROR, { occurrence: 2 })),
        /not part of Great Expectations/,
      );
    });
    it('accepts both module forms', () => {
      none(check(CHECKPOINT_URI, checkpoint()), id);
      none(check(CHECKPOINT_URI, checkpoint(olEntry(HOST, `      class_name: ${OL_CLASS}\n      module_name: ${OL_MODULE}.action\n`))), id);
    });
  });

  describe('gx/unknown-parameter', () => {
    const id = 'gx/unknown-parameter';
    it('reports openlineage_apikey and renames it to openlineage_apiKey', () => {
      const text = checkpoint(olEntry(`${HOST}      openlineage_apikey: \${OPENLINEAGE_API_KEY}\n`));
      const d = one(check(CHECKPOINT_URI, text), id, 'openlineage_apikey', ERROR);
      assert.match(msg(d), /exact spelling is `openlineage_apiKey`/);
      assert.match(msg(d), /TypeError/);
      assert.equal(
        applyFix(d, 'Rename to openlineage_apiKey'),
        checkpoint(olEntry(`${HOST}      openlineage_apiKey: \${OPENLINEAGE_API_KEY}\n`)),
      );
      assert.equal(applyFix(d, 'Remove openlineage_apikey'), checkpoint(olEntry(HOST)));
    });
    it('maps known aliases (openlineage_url → openlineage_host) and typos (job_nmae → job_name)', () => {
      const url = checkpoint(olEntry('      openlineage_url: http://marquez:5000\n'));
      const d = one(check(CHECKPOINT_URI, url), id, 'openlineage_url', ERROR);
      assert.equal(applyFix(d, 'Rename to openlineage_host'), checkpoint(olEntry('      openlineage_host: http://marquez:5000\n')));
      const typo = checkpoint(olEntry(`${HOST}      job_nmae: orders\n`));
      assert.match(msg(one(check(CHECKPOINT_URI, typo), id, 'job_nmae', ERROR)), /`job_name`/);
    });
    it('does not prefer the rename when the right key is also set', () => {
      const text = checkpoint(olEntry(`${HOST}      openlineage_apiKey: \${K}\n      openlineage_api_key: \${K}\n`));
      const d = one(check(CHECKPOINT_URI, text), id, 'openlineage_api_key', ERROR);
      assert.match(msg(d), /also set/);
      const actions = check(CHECKPOINT_URI, text).diagnostics.find((x) => x.code === id)!.data as { fixes: { preferred?: boolean }[] };
      assert.ok(actions.fixes.every((f) => !f.preferred));
    });
    it('reports the GX 1.x `type` discriminator and unknown keys with the list of parameters', () => {
      const text = checkpoint(olEntry(`${HOST}      type: openlineage\n`));
      const d = one(check(CHECKPOINT_URI, text), id, 'type', ERROR);
      assert.match(msg(d), /GX 1\.x discriminator/);
      assert.equal(applyFix(d), checkpoint());
      const other = checkpoint(olEntry(`${HOST}      retries: 3\n`));
      assert.match(msg(one(check(CHECKPOINT_URI, other), id, 'retries', ERROR)), /Its parameters are `openlineage_host`/);
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
      assert.deepEqual(check(CHECKPOINT_URI, checkpoint(olEntry(`${all}\n`))).diagnostics, []);
      none(
        check(
          CHECKPOINT_URI,
          checkpoint('  - name: slack\n    action:\n      class_name: SlackNotificationAction\n      slack_webhook: ${SLACK}\n'),
        ),
        id,
      );
    });
  });

  describe('gx/trailing-comma', () => {
    const id = 'gx/trailing-comma';
    it('reports the comma of `openlineage_host: http://localhost:5000,` and removes it', () => {
      const text = checkpoint(olEntry('      openlineage_host: http://localhost:5000,\n'));
      const d = single(check(CHECKPOINT_URI, text).diagnostics, id);
      assert.deepEqual([d.severity, d.range], [ERROR, rangeIn(text, '5000,', ',')]);
      assert.match(msg(d), /"http:\/\/localhost:5000,"/);
      assert.equal(applyFix(d), checkpoint(olEntry('      openlineage_host: http://localhost:5000\n')));
      // The URL rule does not report the same comma again.
      assert.deepEqual(byRule(check(CHECKPOINT_URI, text).diagnostics, 'gx/url'), []);
    });
    it('reports `class_name: OpenLineageValidationAction,` (the Astronomer docs mistake) without other findings', () => {
      const text = checkpoint(olEntry(HOST, `      class_name: ${OL_CLASS},\n      module_name: ${OL_MODULE}\n`));
      const all = check(CHECKPOINT_URI, text).diagnostics;
      assert.deepEqual(
        all.map((d) => d.code),
        [id],
        formatDiagnostics(all),
      );
      assert.equal(applyFix(all[0]!), checkpoint());
    });
    it('reports checkpoint-level identifiers, and free text as a warning', () => {
      const text = checkpoint(olEntry(`${HOST}      job_description: Orders checks,\n`), 'class_name: Checkpoint,\n');
      const all = byRule(check(CHECKPOINT_URI, text).diagnostics, id);
      assert.deepEqual(
        all.map((d) => [d.range.start.line, d.severity]),
        [
          [2, ERROR],
          [18, WARNING],
        ],
      );
    });
    it('leaves commas inside values and quoted values alone', () => {
      none(check(CHECKPOINT_URI, checkpoint(olEntry(`${HOST}      job_description: "Orders, customers,"\n      job_name: a,b\n`))), id);
    });
  });

  describe('gx/url', () => {
    const id = 'gx/url';
    it('reports a host without scheme and adds http://', () => {
      const text = checkpoint(olEntry('      openlineage_host: marquez:5000\n'));
      const d = one(check(CHECKPOINT_URI, text), id, 'marquez:5000', ERROR);
      assert.equal(applyFix(d), checkpoint(olEntry('      openlineage_host: http://marquez:5000\n')));
    });
    it('reports whitespace and unsupported schemes on the offending part', () => {
      const spaced = checkpoint(olEntry('      openlineage_host: "http://marquez :5000"\n'));
      const d = single(check(CHECKPOINT_URI, spaced).diagnostics, id);
      assert.deepEqual([d.severity, d.range], [ERROR, rangeIn(spaced, 'marquez :5000', ' ')]);
      one(check(CHECKPOINT_URI, checkpoint(olEntry('      openlineage_host: ftp://marquez\n'))), id, 'ftp', ERROR);
    });
    it('warns about the endpoint in the host and offers the base URL', () => {
      const text = checkpoint(olEntry('      openlineage_host: http://marquez:5000/api/v1/lineage\n'));
      const d = one(check(CHECKPOINT_URI, text), id, '/api/v1/lineage', WARNING);
      assert.equal(applyFix(d), checkpoint(olEntry('      openlineage_host: http://marquez:5000\n')));
    });
    it('never judges templated values', () => {
      none(check(CHECKPOINT_URI, checkpoint(olEntry('      openlineage_host: ${OPENLINEAGE_URL}\n'))), id);
      none(check(CHECKPOINT_URI, checkpoint(olEntry('      openlineage_host: "{{ var.value.marquez }}"\n'))), id);
      none(check(CHECKPOINT_URI, checkpoint(olEntry('      openlineage_host: https://marquez.acme.io\n'))), id);
    });
  });

  describe('gx/value-type', () => {
    const id = 'gx/value-type';
    it('reports do_publish: no (a truthy string to ruamel) and fixes it to false', () => {
      const text = checkpoint(olEntry(`${HOST}      do_publish: no\n`));
      const d = single(check(CHECKPOINT_URI, text).diagnostics, id);
      assert.deepEqual([d.severity, d.range], [ERROR, rangeIn(text, 'do_publish: no', 'no')]);
      assert.match(msg(d), /still sent/);
      assert.equal(applyFix(d), checkpoint(olEntry(`${HOST}      do_publish: false\n`)));
    });
    it('reports a quoted "false" and replaces it with the boolean', () => {
      const text = checkpoint(olEntry(`${HOST}      do_publish: "false"\n`));
      const d = one(check(CHECKPOINT_URI, text), id, 'false', ERROR);
      assert.equal(applyFix(d), checkpoint(olEntry(`${HOST}      do_publish: false\n`)));
    });
    it('warns about a run id that is not a UUID, and reports a mapping where a string is expected', () => {
      one(check(CHECKPOINT_URI, checkpoint(olEntry(`${HOST}      openlineage_parent_run_id: run-42\n`))), id, 'run-42', WARNING);
      one(check(CHECKPOINT_URI, checkpoint(olEntry(`${HOST}      job_name:\n        name: x\n`))), id, 'name: x', ERROR);
    });
    it('accepts booleans, UUIDs, templates and nulls', () => {
      none(
        check(
          CHECKPOINT_URI,
          checkpoint(
            olEntry(
              `${HOST}      do_publish: True\n      openlineage_run_id: \${RUN_ID}\n      openlineage_parent_run_id: "{{ ti.run_id }}"\n      job_name: ~\n`,
            ),
          ),
        ),
        id,
      );
    });
  });

  describe('gx/literal-secret', () => {
    const id = 'gx/literal-secret';
    it('warns about a literal API key and references ${OPENLINEAGE_API_KEY} instead', () => {
      const text = checkpoint(olEntry(`${HOST}      openlineage_apiKey: 9f8e7d6c5b4a\n`));
      const d = one(check(CHECKPOINT_URI, text), id, '9f8e7d6c5b4a', WARNING);
      assert.equal(applyFix(d), checkpoint(olEntry(`${HOST}      openlineage_apiKey: \${OPENLINEAGE_API_KEY}\n`)));
    });
    it('accepts references and placeholders', () => {
      none(check(CHECKPOINT_URI, checkpoint(olEntry(`${HOST}      openlineage_apiKey: \${OPENLINEAGE_API_KEY}\n`))), id);
      none(check(CHECKPOINT_URI, checkpoint(olEntry(`${HOST}      openlineage_apiKey: <your-api-key>\n`))), id);
    });
  });

  describe('gx/parameter-version', () => {
    const id = 'gx/parameter-version';
    const ROOT = `${HOST}      openlineage_root_parent_run_id: \${ROOT_RUN_ID}\n`;
    it('reports root-parent parameters when the pinned integration is older than 1.31.0', () => {
      const model = projectOf({
        [CONFIG_URI]: CONFIG,
        [REQUIREMENTS_URI]: 'great_expectations==0.15.34\nopenlineage-integration-common==1.30.0\n',
      });
      const d = one(check(CHECKPOINT_URI, checkpoint(olEntry(ROOT)), model), id, 'openlineage_root_parent_run_id', ERROR);
      assert.match(msg(d), /1\.31\.0.*1\.30\.0 \(openlineage-integration-common==1\.30\.0 in requirements\.txt\)/);
    });
    it('says so when the integration version is unknown', () => {
      const model = projectOf({ [CONFIG_URI]: CONFIG });
      const d = one(check(CHECKPOINT_URI, checkpoint(olEntry(ROOT)), model), id, 'openlineage_root_parent_run_id', INFORMATION);
      assert.match(msg(d), /was not checked/);
    });
    it('accepts them from 1.31.0 on (also pinned through openlineage-airflow)', () => {
      none(check(CHECKPOINT_URI, checkpoint(olEntry(ROOT))), id);
      none(
        check(
          CHECKPOINT_URI,
          checkpoint(olEntry(ROOT)),
          projectOf({ [REQUIREMENTS_URI]: 'great_expectations==0.15.34\nopenlineage-airflow==1.31.0\n' }),
        ),
        id,
      );
    });
  });

  describe('gx/version-support', () => {
    const id = 'gx/version-support';
    const pins = (reqs: string) => projectOf({ [CONFIG_URI]: CONFIG, [REQUIREMENTS_URI]: reqs });
    it('accepts great_expectations 0.15.34 with openlineage-integration-common 1.39.0', () =>
      none(check(CHECKPOINT_URI, checkpoint()), id));
    it('warns about great_expectations 0.16–0.18 (not covered by the extra), naming the pin', () => {
      const d = one(
        check(CHECKPOINT_URI, checkpoint(), pins('great_expectations==0.17.23\nopenlineage-integration-common==1.39.0\n')),
        id,
        OL_CLASS,
        WARNING,
      );
      assert.match(msg(d), /great_expectations 0\.17\.23 \(great_expectations==0\.17\.23 in requirements\.txt\)/);
      assert.match(msg(d), /<0\.15\.35/);
    });
    it('reports openlineage-integration-common 1.40+ (GX 1.x only) and GX 1.x (no YAML actions) as errors', () => {
      assert.match(
        msg(
          one(
            check(CHECKPOINT_URI, checkpoint(), pins('great_expectations==0.15.34\nopenlineage-integration-common==1.40.0\n')),
            id,
            OL_CLASS,
            ERROR,
          ),
        ),
        /requires great_expectations>=1\.0\.0/,
      );
      assert.match(
        msg(
          one(
            check(CHECKPOINT_URI, checkpoint(), pins('great_expectations==1.3.0\nopenlineage-integration-common==1.45.0\n')),
            id,
            OL_CLASS,
            ERROR,
          ),
        ),
        /GX 1\.x, which has no YAML/,
      );
    });
    it('warns below 0.13.26', () => {
      one(
        check(CHECKPOINT_URI, checkpoint(), pins('great_expectations==0.13.10\nopenlineage-integration-common==1.39.0\n')),
        id,
        OL_CLASS,
        WARNING,
      );
    });
    it('says which version is unknown instead of guessing', () => {
      assert.match(
        msg(one(check(CHECKPOINT_URI, checkpoint(), pins('great_expectations==0.15.34\n')), id, OL_CLASS, INFORMATION)),
        /no openlineage-integration-common .* requirement was found/,
      );
      assert.match(
        msg(
          one(
            check(CHECKPOINT_URI, checkpoint(), pins('great_expectations>=0.15\nopenlineage-integration-common==1.39.0\n')),
            id,
            OL_CLASS,
            INFORMATION,
          ),
        ),
        /great_expectations is not pinned \(great_expectations>=0\.15 in requirements\.txt\)/,
      );
      assert.match(msg(one(check(CHECKPOINT_URI, checkpoint(), projectOf({})), id, OL_CLASS, INFORMATION)), /^Versions unknown/);
    });
    it('reports on every OpenLineage action of a data context', () => {
      const all = byRule(check(CONFIG_URI, CONFIG, projectOf({})).diagnostics, id);
      assert.deepEqual(
        all.map((d) => d.range),
        [rangeOf(CONFIG, OL_CLASS)],
      );
    });
  });

  describe('gx/unknown-validation-operator', () => {
    const id = 'gx/unknown-validation-operator';
    it('warns that a LegacyCheckpoint with an undefined operator runs the default actions, without lineage, and fixes the name', () => {
      const text = legacyCheckpoint('action_list_operatr');
      const d = one(check(CHECKPOINT_URI, text), id, 'action_list_operatr', WARNING);
      assert.match(
        msg(d),
        /defines no validation operator `action_list_operatr`: Great Expectations logs a warning and runs this LegacyCheckpoint with its default actions .*, which send no lineage\..*Did you mean `action_list_operator`/,
      );
      assert.deepEqual(fixTitles(d), ['Change to action_list_operator', 'Change to plain_operator']);
      assert.equal(applyFix(d, 'Change to action_list_operator'), legacyCheckpoint('action_list_operator'));
    });
    it('warns on a Checkpoint, which ignores the field, and offers to remove the line', () => {
      const text = checkpoint(undefined, 'class_name: Checkpoint\nvalidation_operator_name: openlineage_operator\n');
      const d = one(check(CHECKPOINT_URI, text), id, 'openlineage_operator', WARNING);
      assert.match(msg(d), /does not use `validation_operator_name` \(only LegacyCheckpoint does\)/);
      assert.equal(applyFix(d, 'Remove validation_operator_name'), checkpoint());
    });
    it('uses the data context whose folder holds the checkpoint', () => {
      const other = 'file:///w/other/great_expectations.yml';
      const model = projectOf({
        [CONFIG_URI]: CONFIG,
        [other]: 'validation_operators:\n  elsewhere:\n    class_name: ActionListValidationOperator\n    action_list: []\n',
      });
      one(check(CHECKPOINT_URI, legacyCheckpoint('elsewhere'), model), id, 'elsewhere', WARNING);
      none(check('file:///w/other/checkpoints/x.yml', legacyCheckpoint('elsewhere'), model), id);
    });
    it('only informs in a project that sends no GX lineage (the default actions run, as intended or not)', () => {
      const plain = 'file:///p/great_expectations/great_expectations.yml';
      const model = projectOf({
        [plain]:
          'config_version: 3.0\nvalidation_operators:\n  store_only:\n    class_name: ActionListValidationOperator\n    action_list: []\n',
      });
      const d = one(
        check('file:///p/great_expectations/checkpoints/c.yml', legacyCheckpoint('action_list_operator'), model),
        id,
        'action_list_operator',
        INFORMATION,
      );
      assert.doesNotMatch(msg(d), /send no lineage/);
    });
    it('says so when no data context is known', () => {
      const d = one(
        check(CHECKPOINT_URI, legacyCheckpoint('action_list_operator'), projectOf({})),
        id,
        'action_list_operator',
        INFORMATION,
      );
      assert.match(msg(d), /No `great_expectations.yml` was found/);
    });
    it('accepts defined operators and templated names', () => {
      none(check(CHECKPOINT_URI, legacyCheckpoint('action_list_operator')), id);
      none(check(CHECKPOINT_URI, legacyCheckpoint('${OPERATOR}')), id);
    });
  });

  describe('gx/no-lineage', () => {
    const id = 'gx/no-lineage';
    it('warns when a LegacyCheckpoint’s operator has no OpenLineage action', () => {
      const text = legacyCheckpoint('plain_operator');
      const d = one(check(CHECKPOINT_URI, text), id, 'plain_operator', WARNING);
      assert.match(msg(d), /`plain_operator` \(great_expectations.yml line 18\) has no `OpenLineageValidationAction`/);
      assert.equal(applyFix(d), legacyCheckpoint('action_list_operator'));
    });
    it('warns about a LegacyCheckpoint without operator and names one', () => {
      const text = legacyCheckpoint(undefined);
      const d = one(check(CHECKPOINT_URI, text), id, 'LegacyCheckpoint', WARNING);
      assert.equal(applyFix(d), text.replace('LegacyCheckpoint\n', 'LegacyCheckpoint\nvalidation_operator_name: action_list_operator\n'));
    });
    it('warns when a Checkpoint’s action_list has no OpenLineage action and appends one', () => {
      const text = checkpoint('');
      const d = one(check(CHECKPOINT_URI, text), id, 'action_list', WARNING);
      assert.equal(applyFix(d), checkpoint(olEntry()));
    });
    it('explains that a Checkpoint ignores an operator that has the action', () => {
      const text = checkpoint('', 'class_name: Checkpoint\nvalidation_operator_name: action_list_operator\n');
      assert.match(
        msg(one(check(CHECKPOINT_URI, text), id, 'action_list', WARNING, { in: '\naction_list:' })),
        /Checkpoint ignores `validation_operator_name`/,
      );
    });
    it('adds an action_list to a checkpoint without one', () => {
      const text = 'name: x\nconfig_version: 1.0\nclass_name: Checkpoint\n';
      const d = one(check(CHECKPOINT_URI, text), id, 'Checkpoint', WARNING, { occurrence: 1 });
      assert.equal(
        applyFix(d),
        `${text}action_list:\n  - name: openlineage\n    action:\n      class_name: ${OL_CLASS}\n      module_name: ${OL_MODULE}\n`,
      );
    });
    it('stays quiet in projects without OpenLineage, for templates and SimpleCheckpoints, and when lineage is emitted', () => {
      const noOl = projectOf({ [REQUIREMENTS_URI]: 'great_expectations==0.15.34\n' });
      none(check(CHECKPOINT_URI, checkpoint(''), noOl), id);
      none(check(CHECKPOINT_URI, checkpoint('', 'class_name: Checkpoint\ntemplate_name: base\n')), id);
      none(check(CHECKPOINT_URI, checkpoint('', 'class_name: SimpleCheckpoint\n')), id);
      none(check(CHECKPOINT_URI, checkpoint()), id);
      none(check(CHECKPOINT_URI, legacyCheckpoint('action_list_operator')), id);
    });
    it('is not set off by openlineage-airflow, which projects install for Airflow’s own lineage', () => {
      const airflowOnly = projectOf({ [REQUIREMENTS_URI]: 'great_expectations==0.15.50\nopenlineage-airflow==0.19.2\n' });
      none(check(CHECKPOINT_URI, checkpoint(''), airflowOnly), id);
      const forGx = projectOf({
        [REQUIREMENTS_URI]: 'great_expectations==0.15.34\nopenlineage-integration-common[great_expectations]==1.39.0\n',
      });
      one(check(CHECKPOINT_URI, checkpoint(''), forGx), id, 'action_list', WARNING);
    });
  });

  describe('gx/no-transport', () => {
    const id = 'gx/no-transport';
    it('informs when neither openlineage_host nor any OPENLINEAGE_URL/transport is configured, and adds the host', () => {
      const text = checkpoint(olEntry());
      const d = one(check(CHECKPOINT_URI, text), id, OL_CLASS, INFORMATION);
      assert.match(msg(d), /console transport/);
      assert.equal(applyFix(d), checkpoint());
    });
    it('is quiet when the workspace sets OPENLINEAGE_URL or has an openlineage.yml, or is unknown', () => {
      const withEnv = projectOf({
        [CONFIG_URI]: CONFIG,
        [REQUIREMENTS_URI]: SUPPORTED_REQUIREMENTS,
        'file:///w/.env': 'OPENLINEAGE_URL=http://marquez:5000\n',
      });
      none(check(CHECKPOINT_URI, checkpoint(olEntry()), withEnv), id);
      const withYml = projectOf({
        [REQUIREMENTS_URI]: SUPPORTED_REQUIREMENTS,
        'file:///w/openlineage.yml': 'transport:\n  type: console\n',
      });
      none(check(CHECKPOINT_URI, checkpoint(olEntry()), withYml), id);
      none(check(CHECKPOINT_URI, checkpoint(olEntry()), projectOf({})), id);
      none(check(CHECKPOINT_URI, checkpoint()), id);
    });
  });
});
