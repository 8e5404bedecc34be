/** Hover, completion and go-to-definition of the OpenMetadata family. */
import assert from 'node:assert/strict';
import { InsertTextFormat, type CompletionItem } from 'vscode-languageserver-types';
import { OM_KEYS } from '../../server/src/service/openmetadata/catalog';
import { complete, doc, familyService, type Files, hover, projectOf, ws } from '../support/harness';

/** Hover and completion at the `|` cursor of the workspace file `path`, the project being `files` and this file. */
const omService = () => familyService('openmetadata');
const hoverAt = (path: string, text: string, files: Files = {}) =>
  hover(ws(path), text, { project: { ...files, [path]: text }, service: omService() });
const completeAt = (path: string, text: string, files: Files = {}) =>
  complete(ws(path), text, { project: { ...files, [path]: text }, service: omService() }).items;

const CURRENT = 'airflow_provider_openmetadata.lineage.backend.OpenMetadataLineageBackend';
const OLD = 'airflow_provider_openmetadata.lineage.openmetadata.OpenMetadataLineageBackend';
const DOCS = 'https://docs.open-metadata.org/latest/connectors/pipeline/airflow/lineage-backend';
const HEAD = `[lineage]\nbackend = ${CURRENT}\n`;

const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const newText = (item: CompletionItem | undefined) => (item?.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : undefined);

describe('openmetadata hover', () => {
  it('documents every known [lineage] key, with its env var and the docs link', () => {
    for (const spec of OM_KEYS) {
      const text = `[lineage]\nbackend = ${CURRENT}\n|${spec.key} = x\n`;
      const md = hoverAt('airflow.cfg', spec.key === 'backend' ? `[lineage]\n|backend = ${CURRENT}\n` : text).markdown;
      assert.ok(md.includes(`[lineage] ${spec.key}`), md);
      assert.ok(md.includes(`AIRFLOW__LINEAGE__${spec.key.toUpperCase()}`), md);
      assert.ok(md.includes(DOCS), md);
    }
  });

  it('gives the meaning and default of openmetadata_api_endpoint, and says the version is unknown', () => {
    const md = hoverAt('airflow.cfg', `${HEAD}openmetadata_api|_endpoint = http://om:8585\n`).markdown;
    assert.match(md, /including `\/api`/);
    assert.match(md, /Default: `http:\/\/localhost:8585\/api`/);
    assert.match(md, /openmetadata-ingestion is not declared, so its version is unknown/);
  });

  it('says which versions the backend verdict rests on', () => {
    const md = hoverAt('airflow.cfg', `[lineage]\nback|end = ${CURRENT}\n`, {
      'requirements.txt': 'openmetadata-ingestion==0.12.1\napache-airflow==2.9.3\n',
    }).markdown;
    assert.match(md, /openmetadata-ingestion==0\.12\.1 in requirements\.txt/);
    assert.ok(md.includes(`That version's class is \`${OLD}\``), md);
    assert.match(md, /Airflow 2\.9\.3 \(from apache-airflow==2\.9\.3 in requirements\.txt\): lineage backends still work/);
    const af3 = hoverAt('airflow.cfg', `[lineage]\nback|end = ${CURRENT}\n`, {
      Dockerfile: 'FROM quay.io/astronomer/astro-runtime:3.0-2\n',
    }).markdown;
    assert.match(af3, /Airflow 3\.0 \(from Astro Runtime 3\.0-2 in Dockerfile, mapping not verified\): Airflow 3 removed lineage backends/);
    const unknown = hoverAt('airflow.cfg', `[lineage]\nback|end = ${CURRENT}\n`).markdown;
    assert.match(unknown, /The Airflow version is unknown/);
  });

  it('explains the backend class path value', () => {
    assert.match(
      hoverAt('airflow.cfg', `[lineage]\nbackend = airflow_provider_openmetadata.lineage.openm|etadata.OpenMetadataLineageBackend\n`)
        .markdown,
      /0\.13\.0 and older/,
    );
  });

  it('works on AIRFLOW__LINEAGE__* names in .env files', () => {
    const md = hoverAt('.env', `AIRFLOW__LINEAGE__BACKEND=${CURRENT}\nAIRFLOW__LINEAGE__JWT_|TOKEN=\${JWT}\n`).markdown;
    assert.match(md, /JWT of the OpenMetadata ingestion bot/);
  });

  it('documents the callbacks in DAG files, with where the workspace configures them', () => {
    const text =
      'from airflow_provider_openmetadata.lineage.callback import failure_cal|lback\nargs = {"on_failure_callback": failure_callback}\n';
    const md = hoverAt('dags/etl.py', text, { 'airflow.cfg': `${HEAD}airflow_service_name = acme\n` }).markdown;
    assert.match(md, /Pass it as `on_failure_callback`/);
    assert.match(md, /Configured in airflow\.cfg line 3/);
  });

  it("has nothing to say on another backend's [lineage] section", () => {
    assert.equal(
      hoverAt('airflow.cfg', '[lineage]\nbackend = openlineage.lineage_backend.OpenLineageBackend\nopenmetadata_api_|endpoint = x\n').hover,
      null,
    );
  });
});

describe('openmetadata completion', () => {
  it('completes the current [lineage] keys not yet set, with value snippets', () => {
    const items = completeAt('airflow.cfg', `${HEAD}|\n`);
    assert.deepEqual(labels(items), [
      'airflow_service_name',
      'openmetadata_api_endpoint',
      'jwt_token',
      'verify_ssl',
      'only_keep_dag_lineage',
      'max_status',
    ]);
    const endpoint = items.find((i) => i.label === 'openmetadata_api_endpoint');
    assert.equal(newText(endpoint), 'openmetadata_api_endpoint = ${1:http://localhost:8585/api}');
    assert.equal(endpoint?.insertTextFormat, InsertTextFormat.Snippet);
    assert.equal(newText(items.find((i) => i.label === 'verify_ssl')), 'verify_ssl = ${1|no-ssl,validate,ignore|}');
  });

  it("offers the backend class for the workspace's version first", () => {
    const fresh = completeAt('airflow.cfg', '[lineage]\n|\n', { 'requirements.txt': 'openmetadata-ingestion==0.12.1\n' });
    assert.equal(newText(fresh.find((i) => i.label === 'backend')), `backend = \${1|${OLD},${CURRENT}|}`);
    assert.deepEqual(labels(completeAt('airflow.cfg', '[lineage]\nbackend = |\n')), [CURRENT, OLD]);
  });

  it('completes values of verify_ssl and only_keep_dag_lineage', () => {
    assert.deepEqual(labels(completeAt('airflow.cfg', `${HEAD}verify_ssl = v|\n`)), ['no-ssl', 'validate', 'ignore']);
    assert.deepEqual(labels(completeAt('airflow.cfg', `${HEAD}only_keep_dag_lineage = |\n`)), ['true', 'false']);
  });

  it('offers nothing outside [lineage] or under another backend', () => {
    assert.deepEqual(completeAt('airflow.cfg', `[core]\n|\n${HEAD}`), []);
    assert.deepEqual(completeAt('airflow.cfg', '[lineage]\nbackend = openlineage.lineage_backend.OpenLineageBackend\n|\n'), []);
  });

  it('completes AIRFLOW__LINEAGE__ names in .env files, Dockerfiles and compose files', () => {
    assert.ok(labels(completeAt('.env', 'AIRFLOW__LINEAGE__OPEN|\n')).includes('AIRFLOW__LINEAGE__OPENMETADATA_API_ENDPOINT'));
    assert.ok(
      labels(completeAt('Dockerfile', 'FROM apache/airflow:2.10.4\nENV AIRFLOW__LINEAGE__|\n')).includes(
        'AIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME',
      ),
    );
    assert.ok(
      labels(completeAt('docker-compose.yml', 'services:\n  s:\n    environment:\n      - AIRFLOW__LINEAGE__|\n')).includes(
        'AIRFLOW__LINEAGE__BACKEND',
      ),
    );
    assert.deepEqual(completeAt('.env', 'AIRFLOW__CORE__|\n'), []);
  });
});

describe('openmetadata go to definition', () => {
  it('goes from a callback to the [lineage] airflow_service_name it reads', () => {
    const text =
      'from airflow_provider_openmetadata.lineage.callback import failure_callback\nargs = {"on_failure_callback": failure_callback}\n';
    const project = projectOf({ 'airflow.cfg': `${HEAD}airflow_service_name = acme\n`, 'dags/etl.py': text });
    const locations = omService().definition(doc(ws('dags/etl.py'), text, 'python'), text.lastIndexOf('failure_callback') + 2, { project });
    assert.deepEqual(
      locations.map((l) => [l.uri, l.range.start.line]),
      [[ws('airflow.cfg'), 2]],
    );
  });
});
