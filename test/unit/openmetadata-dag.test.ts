/**
 * The `openmetadata/callback-*` rules on DAG files (tree-sitter trees): where the callbacks are imported
 * from, which slot they are passed in, and whether the workspace configures the `[lineage]` options they read.
 */
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { EMPTY_PROJECT } from '../../server/src/service';
import {
  applyFix,
  doc,
  familyService,
  type Files,
  fixTitles,
  formatDiagnostics,
  msg,
  none,
  one,
  projectOf,
  validate,
  ws,
} from '../support/harness';

/** The `openmetadata/*` diagnostics of `text` as the workspace file `path`, the project being `files` and this file. */
const check = (path: string, text: string, files: Files = {}, explicit = false) =>
  validate(ws(path), text, { project: { ...files, [path]: text }, explicit, family: 'openmetadata' });

const { Error: ERROR, Warning: WARNING } = DiagnosticSeverity;
const DAG = 'dags/etl.py';
const MODULE = 'airflow_provider_openmetadata.lineage.callback';
/** A workspace that configures OpenMetadata's [lineage] options. */
const CONFIGURED = {
  'airflow.cfg':
    '[lineage]\nbackend = airflow_provider_openmetadata.lineage.backend.OpenMetadataLineageBackend\nairflow_service_name = acme\nopenmetadata_api_endpoint = http://om:8585/api\n',
};

const dag = (imports: string, body: string) =>
  `from datetime import datetime\n\nfrom airflow import DAG\nfrom airflow.operators.bash import BashOperator\n${imports}\n\n${body}`;
const GOOD = dag(
  `from ${MODULE} import failure_callback, success_callback`,
  'default_args = {\n    "owner": "data",\n    "on_failure_callback": failure_callback,\n    "on_success_callback": success_callback,\n}\n\nwith DAG("etl", default_args=default_args, start_date=datetime(2024, 1, 1)) as d:\n    BashOperator(task_id="t", bash_command="true", on_failure_callback=[failure_callback])\n',
);

describe('openmetadata DAG callbacks', () => {
  it('report nothing for a correct DAG in a configured workspace', () => {
    none(check(DAG, GOOD, CONFIGURED));
  });

  describe('openmetadata/callback-import', () => {
    const id = 'openmetadata/callback-import';

    it('reports callbacks imported from another module, with a fix to the callback module', () => {
      const text = GOOD.replace(MODULE, 'airflow_provider_openmetadata.lineage.callbacks');
      const c = check(DAG, text, CONFIGURED);
      const d = one(c, id, 'airflow_provider_openmetadata.lineage.callbacks', ERROR);
      assert.match(msg(d), /`failure_callback` and `success_callback` are defined in `airflow_provider_openmetadata\.lineage\.callback`/);
      assert.equal(applyFix(d), GOOD);
    });

    it('offers no fix when the statement also imports names that do live there', () => {
      const text = GOOD.replace(
        `from ${MODULE} import failure_callback, success_callback`,
        'from airflow_provider_openmetadata.lineage.backend import OpenMetadataLineageBackend, failure_callback, success_callback',
      );
      const c = check(DAG, text, CONFIGURED);
      const d = one(c, id, 'airflow_provider_openmetadata.lineage.backend', ERROR);
      assert.deepEqual(fixTitles(d), []);
    });

    it('reports a name the callback module does not define', () => {
      const text = GOOD.replace(
        'import failure_callback, success_callback',
        'import on_failure_callback as failure_callback, success_callback',
      );
      const c = check(DAG, text, CONFIGURED);
      const d = one(c, id, 'on_failure_callback', ERROR);
      assert.match(msg(d), /has no `on_failure_callback`/);
      assert.equal(
        applyFix(d),
        GOOD.replace('import failure_callback, success_callback', 'import failure_callback as failure_callback, success_callback'),
      );
    });

    it('reports a misspelled package', () => {
      const text = GOOD.replace(MODULE, 'airflow_providers_openmetadata.lineage.callback');
      const c = check(DAG, text, CONFIGURED);
      assert.equal(applyFix(one(c, id, 'airflow_providers_openmetadata', ERROR)), GOOD);
    });

    it('finds a package misspelled beyond recognition of the usual spelling', () => {
      const text = GOOD.replace(MODULE, 'airflow_provider_openmetdata.lineage.callback');
      const c = check(DAG, text, CONFIGURED);
      assert.equal(applyFix(one(c, id, 'airflow_provider_openmetdata', ERROR)), GOOD);
    });

    it('reports `import ... as` of a misspelled callback module', () => {
      const text = dag(
        'import airflow_provider_openmetadata.lineage.callbacks as om',
        'args = {"on_failure_callback": om.failure_callback}\n',
      );
      const c = check(DAG, text, CONFIGURED);
      assert.equal(
        applyFix(one(c, id, 'airflow_provider_openmetadata.lineage.callbacks', ERROR)),
        text.replace('callbacks as', 'callback as'),
      );
    });

    it('leaves other OpenMetadata imports alone', () => {
      none(
        check(DAG, dag('from airflow_provider_openmetadata.lineage.operator import OpenMetadataLineageOperator', 'x = 1\n'), CONFIGURED),
        id,
      );
    });
  });

  describe('openmetadata/callback-slot', () => {
    const id = 'openmetadata/callback-slot';

    it('warns about failure_callback passed as on_success_callback, with a fix renaming the keyword', () => {
      const text = dag(
        `from ${MODULE} import failure_callback`,
        'BashOperator(task_id="t", bash_command="true", on_success_callback=failure_callback)\n',
      );
      const c = check(DAG, text, CONFIGURED);
      const d = one(c, id, 'failure_callback', WARNING, { occurrence: 2 });
      assert.match(msg(d), /runs when the task succeeds/);
      assert.equal(applyFix(d), text.replace('on_success_callback=', 'on_failure_callback='));
    });

    it('checks default_args entries and module-qualified references', () => {
      const text = dag(`import ${MODULE} as om`, 'default_args = {"on_failure_callback": [om.success_callback]}\n');
      const c = check(DAG, text, CONFIGURED);
      const d = one(c, id, 'om.success_callback', WARNING);
      assert.equal(applyFix(d), text.replace('"on_failure_callback"', '"on_success_callback"'));
    });

    it('offers no fix when the right slot is already taken', () => {
      const text = dag(
        `from ${MODULE} import failure_callback, success_callback`,
        'args = {"on_failure_callback": success_callback, "on_success_callback": success_callback}\n',
      );
      const c = check(DAG, text, CONFIGURED);
      assert.deepEqual(fixTitles(one(c, id, 'success_callback', WARNING, { occurrence: 2 })), []);
    });
  });

  describe('openmetadata/callback-config', () => {
    const id = 'openmetadata/callback-config';

    it('warns on the import when no workspace file configures [lineage]', () => {
      const c = check(DAG, GOOD, { 'requirements.txt': 'openmetadata-ingestion==1.5.3\n' });
      const hits = c.diagnostics.filter((d) => d.code === id);
      assert.equal(hits.length, 2, formatDiagnostics(c.diagnostics));
      assert.equal(hits[0]!.severity, WARNING);
      assert.match(msg(hits[0]!), /no file in this workspace sets airflow_service_name/);
    });

    it('accepts configuration from any settings file, or OPENMETADATA_LINEAGE_CONFIG', () => {
      none(check(DAG, GOOD, { '.env': 'AIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME=acme\n' }), id);
      none(check(DAG, GOOD, { Dockerfile: 'FROM apache/airflow:2.10.4\nENV OPENMETADATA_LINEAGE_CONFIG=/opt/om.json\n' }), id);
    });

    it('says nothing about a file checked without a workspace', () => {
      const all = validate(ws(DAG), GOOD, { project: EMPTY_PROJECT, family: 'openmetadata' }).diagnostics;
      assert.deepEqual(all, []);
    });
  });

  it('skips DAG files without a Python parser, and files that do not mention OpenMetadata', () => {
    const bare = familyService('openmetadata', false);
    const project = projectOf({ [DAG]: GOOD });
    assert.deepEqual(
      validate(ws(DAG), GOOD.replace(MODULE, 'airflow_provider_openmetadata.lineage.callbacks'), {
        project,
        family: 'openmetadata',
        service: bare,
      }).diagnostics,
      [],
    );
    assert.equal(familyService('openmetadata').fileKind(doc(ws(DAG), 'import airflow\n', 'python'), { project }), undefined);
    assert.equal(familyService('openmetadata').fileKind(doc(ws(DAG), GOOD, 'python'), { project }), 'openmetadata-dag');
  });

  it('keeps working on a DAG being typed (syntax errors)', () => {
    const text = `from airflow_provider_openmetadata.lineage.callbacks import failure_callback\nwith DAG("x", default_args={"on_success_callback": failure_callback,\n`;
    const c = check(DAG, text, CONFIGURED);
    one(c, 'openmetadata/callback-import', 'airflow_provider_openmetadata.lineage.callbacks', ERROR);
  });
});
