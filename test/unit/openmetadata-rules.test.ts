/**
 * The `openmetadata/*` rules on `[lineage]` settings: airflow.cfg, and AIRFLOW__LINEAGE__* in .env,
 * Dockerfile and docker-compose files. Each rule has bad cases (exact range, severity, quick-fix result) and
 * good cases; verdicts that rest on a version are checked with the version known, unknown and on both sides
 * of the boundary.
 */
import assert from 'node:assert/strict';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import { OPENMETADATA_RULES } from '../../server/src/service/openmetadata/rules';
import { applyFix, byRule, type Files, fixTitles, formatDiagnostics, msg, none, one, validate, ws } from '../support/harness';

/** The `openmetadata/*` diagnostics of `text` as the workspace file `path`, the project being `files` and this file. */
const check = (path: string, text: string, files: Files = {}, explicit = false) =>
  validate(ws(path), text, { project: { ...files, [path]: text }, explicit, family: 'openmetadata' });

const { Error: ERROR, Warning: WARNING, Information: INFORMATION } = DiagnosticSeverity;

const CURRENT = 'airflow_provider_openmetadata.lineage.backend.OpenMetadataLineageBackend';
const OLD = 'airflow_provider_openmetadata.lineage.openmetadata.OpenMetadataLineageBackend';
const DOCSTRING = 'airflow_provider_openmetadata.lineage.OpenMetadataLineageBackend';
const CFG = 'airflow.cfg';
const NEW_OM = { 'requirements.txt': 'openmetadata-ingestion==1.5.3\n' };
const OLD_OM = { 'requirements.txt': 'openmetadata-ingestion==0.12.1\n' };

/** A complete, correct `[lineage]` block (with extra lines inserted after the backend line). */
function cfg(extra = '', backend = CURRENT): string {
  return `[core]\ndags_folder = /opt/airflow/dags\n\n[lineage]\nbackend = ${backend}\nairflow_service_name = acme_airflow\nopenmetadata_api_endpoint = http://openmetadata:8585/api\n${extra}`;
}

describe('openmetadata rules', () => {
  it('have unique ids in the openmetadata/ area, with a summary each', () => {
    const ids = OPENMETADATA_RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of OPENMETADATA_RULES) {
      assert.match(r.id, /^openmetadata\/[a-z0-9-]+$/);
      assert.ok(r.summary.length > 20, r.id);
    }
  });

  it('report nothing on a correct configuration, in every syntax', () => {
    none(check(CFG, cfg('verify_ssl = validate\nonly_keep_dag_lineage = true\nmax_status = 5\njwt_token = ${OM_JWT}\n'), NEW_OM));
    none(
      check(
        '.env',
        `AIRFLOW__LINEAGE__BACKEND=${CURRENT}\nAIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME=acme\nAIRFLOW__LINEAGE__OPENMETADATA_API_ENDPOINT="http://om:8585/api"\nAIRFLOW__LINEAGE__ONLY_KEEP_DAG_LINEAGE=true\n`,
        NEW_OM,
      ),
    );
    none(
      check(
        'Dockerfile',
        `FROM apache/airflow:2.10.4\nENV AIRFLOW__LINEAGE__BACKEND=${CURRENT} \\\n    AIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME=acme\n`,
      ),
    );
    none(
      check(
        'docker-compose.yml',
        `services:\n  scheduler:\n    environment:\n      AIRFLOW__LINEAGE__BACKEND: ${CURRENT}\n      AIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME: acme\n      AIRFLOW__LINEAGE__ONLY_KEEP_DAG_LINEAGE: True\n`,
      ),
    );
  });

  it('stay silent on [lineage] sections of other backends (the Airflow family checks those)', () => {
    none(
      check(
        CFG,
        '[lineage]\nbackend = openlineage.lineage_backend.OpenLineageBackend\nopenmetadata_api_endpoint = http://om:8585\nonly_keep_dag_lineage = True\n',
      ),
    );
    // The other backend set elsewhere in the workspace.
    none(
      check(CFG, '[lineage]\nopenmetadata_api_endpoint = http://om:8585\n', {
        '.env': 'AIRFLOW__LINEAGE__BACKEND=openlineage.lineage_backend.OpenLineageBackend\n',
      }),
    );
    // No [lineage] options at all.
    none(check('.env', 'AIRFLOW__CORE__LOAD_EXAMPLES=False\n'));
  });

  describe('openmetadata/backend-class', () => {
    const id = 'openmetadata/backend-class';

    it('reports the pre-0.13.1 class path when openmetadata-ingestion is newer, with a fix to the current one', () => {
      const c = check(CFG, cfg('', OLD), NEW_OM);
      const d = one(c, id, OLD, ERROR);
      assert.match(msg(d), /openmetadata-ingestion==1\.5\.3 in requirements\.txt/);
      assert.equal(d.data && (d.data as { fixes: { preferred?: boolean }[] }).fixes[0]!.preferred, true);
      assert.equal(applyFix(d), cfg());
    });

    it('warns about the old path when the version is unknown, and says so', () => {
      const c = check(CFG, cfg('', OLD));
      const d = one(c, id, OLD, WARNING);
      assert.match(msg(d), /does not declare openmetadata-ingestion, so its version is unknown/);
      assert.equal(applyFix(d), cfg());
    });

    it('warns when the declared range spans 0.13.1', () => {
      const c = check(CFG, cfg('', OLD), { 'requirements.txt': 'openmetadata-ingestion>=0.12,<1.0\n' });
      const d = one(c, id, OLD, WARNING);
      assert.match(msg(d), /openmetadata-ingestion>=0\.12,<1\.0 in requirements\.txt allows both/);
    });

    it('accepts the old path with 0.13.0 and older, the current one from 0.13.1', () => {
      none(check(CFG, cfg('', OLD), OLD_OM), id);
      none(check(CFG, cfg('', OLD), { 'requirements.txt': 'openmetadata-ingestion<=0.13.0\n' }), id);
      none(check(CFG, cfg(), { 'requirements.txt': 'openmetadata-ingestion==0.13.1\n' }), id);
      none(check(CFG, cfg(), { 'pyproject.toml': '[project]\ndependencies = ["openmetadata-ingestion[airflow]>=1.2,<2"]\n' }), id);
      none(check(CFG, cfg()), id);
    });

    it('reports the current path with an old version, with a fix to the old one', () => {
      const c = check(CFG, cfg(), OLD_OM);
      const d = one(c, id, CURRENT, ERROR);
      assert.match(msg(d), /exists from openmetadata-ingestion 0\.13\.1.*openmetadata-ingestion==0\.12\.1/);
      assert.equal(applyFix(d), cfg('', OLD));
    });

    it('warns about the docstring form', () => {
      const c = check(CFG, cfg('', DOCSTRING), NEW_OM);
      const d = one(c, id, DOCSTRING, WARNING);
      assert.match(msg(d), /docstring/);
      assert.equal(applyFix(d), cfg());
    });

    it('reports a misspelled class with a fix (preferred only when the version is known)', () => {
      const typo = 'airflow_provider_openmetadata.lineage.backend.OpenMetadataLineageBacked';
      const unknown = check(CFG, cfg('', typo));
      const d = one(unknown, id, typo, ERROR);
      assert.equal(applyFix(d), cfg());
      assert.equal((d.data as { fixes: { preferred?: boolean }[] }).fixes[0]!.preferred, undefined);
      const known = one(check(CFG, cfg('', typo), NEW_OM), id, typo, ERROR);
      assert.equal((known.data as { fixes: { preferred?: boolean }[] }).fixes[0]!.preferred, true);
      // An old-version typo is corrected to the old path when the project pins an old version.
      const oldTypo = 'airflow_provider_openmetadata.lineage.openmetdata.OpenMetadataLineageBackend';
      const c = check(CFG, cfg('', oldTypo), OLD_OM);
      assert.equal(applyFix(one(c, id, oldTypo, ERROR)), cfg('', OLD));
    });

    it('reports quotes around the class path in airflow.cfg', () => {
      const c = check(CFG, cfg('', `"${CURRENT}"`));
      const d = one(c, id, `"${CURRENT}"`, ERROR);
      assert.match(msg(d), /quotes/);
      assert.equal(applyFix(d), cfg());
    });

    it('reports quotes kept by a docker-compose list item', () => {
      const text = `services:\n  s:\n    environment:\n      - AIRFLOW__LINEAGE__BACKEND="${CURRENT}"\n      - AIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME=acme\n`;
      const c = check('docker-compose.yml', text);
      const d = one(c, id, `"${CURRENT}"`, ERROR);
      assert.match(msg(d), /docker compose keeps the quotes/);
      assert.equal(applyFix(d), text.replace(`"${CURRENT}"`, CURRENT));
    });

    it('checks AIRFLOW__LINEAGE__BACKEND in .env files and Dockerfiles', () => {
      const env = `AIRFLOW__LINEAGE__BACKEND=${OLD}\nAIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME=acme\n`;
      const c = check('.env', env, NEW_OM);
      assert.equal(applyFix(one(c, id, OLD, ERROR)), env.replace(OLD, CURRENT));
      const docker = `FROM apache/airflow:2.9.3\nENV AIRFLOW__LINEAGE__BACKEND="${OLD}"\nENV AIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME=acme\n`;
      const dc = check('Dockerfile', docker, NEW_OM);
      assert.equal(applyFix(one(dc, id, OLD, ERROR)), docker.replace(OLD, CURRENT));
    });

    it('leaves custom subclasses and templated values alone', () => {
      none(check(CFG, cfg('', 'plugins.lineage.AcmeOpenMetadataBackend')), id);
      none(check(CFG, cfg('', '${OM_BACKEND}')), id);
    });
  });

  describe('openmetadata/airflow3', () => {
    const id = 'openmetadata/airflow3';

    it('reports the backend on Airflow 3 and says what replaces it', () => {
      const c = check(CFG, cfg(), { 'requirements.txt': 'apache-airflow==3.0.2\n' });
      const d = one(c, id, 'backend', ERROR);
      assert.match(msg(d), /Airflow 3\.0\.2 \(from apache-airflow==3\.0\.2 in requirements\.txt\)/);
      assert.match(msg(d), /apache-airflow-providers-openlineage/);
      assert.match(msg(d), /"url": "http:\/\/openmetadata:8585", "endpoint": "api\/v1\/openlineage\/lineage"/);
    });

    it('warns when the Airflow version rests on an unverified Astro Runtime mapping', () => {
      const d = one(check(CFG, cfg(), { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:3.0-2\n' }), id, 'backend', WARNING);
      assert.match(msg(d), /Astro Runtime 3\.0-2.*not verified/);
    });

    it('reports AIRFLOW__LINEAGE__BACKEND in a Dockerfile on an Airflow 3 image', () => {
      const text = `FROM apache/airflow:3.0.1\nENV AIRFLOW__LINEAGE__BACKEND=${CURRENT}\nENV AIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME=acme\n`;
      one(check('Dockerfile', text), id, 'AIRFLOW__LINEAGE__BACKEND', ERROR);
    });

    it('says nothing on Airflow 2 or when the Airflow version is unknown', () => {
      none(check(CFG, cfg(), { 'requirements.txt': 'apache-airflow==2.10.4\n' }), id);
      none(check(CFG, cfg()), id);
    });
  });

  describe('openmetadata/missing-backend', () => {
    const id = 'openmetadata/missing-backend';

    it('reports OpenMetadata options without any backend on the [lineage] header, with a fix adding it', () => {
      const text = '[lineage]\nairflow_service_name = acme\nopenmetadata_api_endpoint = http://om:8585/api\n';
      const c = check(CFG, text);
      const d = one(c, id, 'lineage', WARNING);
      assert.equal(
        applyFix(d),
        `[lineage]\nbackend = ${CURRENT}\nairflow_service_name = acme\nopenmetadata_api_endpoint = http://om:8585/api\n`,
      );
      const old = check(CFG, text, OLD_OM);
      assert.equal(
        applyFix(one(old, id, 'lineage', WARNING)),
        `[lineage]\nbackend = ${OLD}\nairflow_service_name = acme\nopenmetadata_api_endpoint = http://om:8585/api\n`,
      );
    });

    it('fills in an empty backend line instead of adding a second one', () => {
      const c = check(CFG, '[lineage]\nbackend =\nairflow_service_name = acme\n');
      assert.equal(applyFix(one(c, id, 'backend', WARNING)), `[lineage]\nbackend = ${CURRENT}\nairflow_service_name = acme\n`);
    });

    it('reports it in .env files on the first OpenMetadata option', () => {
      const text = 'AIRFLOW__CORE__LOAD_EXAMPLES=False\nAIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME=acme\n';
      const c = check('.env', text);
      const d = one(c, id, 'AIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME', WARNING);
      assert.equal(applyFix(d), `${text}AIRFLOW__LINEAGE__BACKEND=${CURRENT}\n`);
    });

    it('is quiet when another workspace file sets the backend', () => {
      none(check(CFG, '[lineage]\nairflow_service_name = acme\n', { '.env': `AIRFLOW__LINEAGE__BACKEND=${CURRENT}\n` }), id);
      none(check('.env', 'AIRFLOW__LINEAGE__JWT_TOKEN=${JWT}\n', { [CFG]: cfg() }), id);
    });
  });

  describe('openmetadata/service-name', () => {
    const id = 'openmetadata/service-name';
    const noName = `[lineage]\nbackend = ${CURRENT}\nopenmetadata_api_endpoint = http://om:8585/api\n`;

    it('warns on the backend when airflow_service_name is set nowhere in the workspace', () => {
      const d = one(check(CFG, noName), id, 'backend', WARNING);
      assert.match(msg(d), /airflow_service_name/);
      assert.match(msg(d), /Missing lineage backend configuration/);
    });

    it('reports an empty airflow_service_name as an error', () => {
      one(check(CFG, `${noName}airflow_service_name =\n`), id, 'airflow_service_name', ERROR);
      one(
        check('.env', `AIRFLOW__LINEAGE__BACKEND=${CURRENT}\nAIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME=\n`),
        id,
        'AIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME',
        ERROR,
      );
    });

    it('accepts the name or OPENMETADATA_LINEAGE_CONFIG set in another file', () => {
      none(check(CFG, noName, { '.env': 'AIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME=acme\n' }), id);
      none(
        check(CFG, noName, {
          'docker-compose.yml': 'services:\n  worker:\n    environment:\n      - OPENMETADATA_LINEAGE_CONFIG=/opt/om.json\n',
        }),
        id,
      );
      none(check(CFG, cfg()), id);
    });
  });

  describe('openmetadata/api-endpoint', () => {
    const id = 'openmetadata/api-endpoint';
    const at = (endpoint: string) =>
      `[lineage]\nbackend = ${CURRENT}\nairflow_service_name = acme\nopenmetadata_api_endpoint = ${endpoint}\n`;

    it('reports an endpoint without /api, with a preferred fix appending it', () => {
      const c = check(CFG, at('http://openmetadata.acme.internal:8585'));
      const d = one(c, id, 'http://openmetadata.acme.internal:8585', ERROR);
      assert.match(msg(d), /must include `\/api`/);
      assert.deepEqual(fixTitles(d), ['Append /api']);
      assert.equal(applyFix(d), at('http://openmetadata.acme.internal:8585/api'));
      const slash = check(CFG, at('https://om.acme.com/'));
      assert.equal(applyFix(one(slash, id, 'https://om.acme.com/', ERROR)), at('https://om.acme.com/api'));
    });

    it('warns about a path beyond /api', () => {
      const c = check(CFG, at('http://om:8585/api/v1'));
      assert.equal(applyFix(one(c, id, 'http://om:8585/api/v1', WARNING)), at('http://om:8585/api'));
    });

    it('reports a URL without scheme, with a fix', () => {
      const c = check(CFG, at('openmetadata:8585/api'));
      assert.equal(applyFix(one(c, id, 'openmetadata:8585/api', ERROR)), at('http://openmetadata:8585/api'));
    });

    it('checks the endpoint in docker-compose and Dockerfiles too', () => {
      const compose = `services:\n  scheduler:\n    environment:\n      AIRFLOW__LINEAGE__BACKEND: ${CURRENT}\n      AIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME: acme\n      AIRFLOW__LINEAGE__OPENMETADATA_API_ENDPOINT: "http://om:8585"\n`;
      const c = check('docker-compose.yml', compose);
      assert.equal(applyFix(one(c, id, 'http://om:8585', ERROR)), compose.replace('"http://om:8585"', '"http://om:8585/api"'));
      const docker = `FROM apache/airflow:2.10.4\nENV AIRFLOW__LINEAGE__BACKEND=${CURRENT} AIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME=acme\nENV AIRFLOW__LINEAGE__OPENMETADATA_API_ENDPOINT=http://om:8585\n`;
      const dc = check('Dockerfile', docker);
      assert.equal(applyFix(one(dc, id, 'http://om:8585', ERROR)), docker.replace('=http://om:8585', '=http://om:8585/api'));
    });

    it('accepts /api endpoints (also behind a path prefix) and never judges templates', () => {
      none(check(CFG, at('http://om:8585/api')), id);
      none(check(CFG, at('https://tools.acme.com/openmetadata/api/')), id);
      none(check(CFG, at('${OM_ENDPOINT}')), id);
      none(check(CFG, at('{{ var.value.om_endpoint }}')), id);
    });
  });

  describe('openmetadata/only-keep-dag-lineage', () => {
    const id = 'openmetadata/only-keep-dag-lineage';

    it('reports True, TRUE, 1 and yes as false, with a fix to true', () => {
      for (const v of ['True', 'TRUE', '1', 'yes']) {
        const c = check(CFG, cfg(`only_keep_dag_lineage = ${v}\n`));
        const d = one(c, id, v, ERROR);
        assert.match(msg(d), /exact string `true`/);
        assert.equal(applyFix(d), cfg('only_keep_dag_lineage = true\n'));
      }
    });

    it('reports TRUE in a .env file and in a compose list item', () => {
      const env = `AIRFLOW__LINEAGE__BACKEND=${CURRENT}\nAIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME=acme\nAIRFLOW__LINEAGE__ONLY_KEEP_DAG_LINEAGE=TRUE\n`;
      const c = check('.env', env);
      assert.equal(applyFix(one(c, id, 'TRUE', ERROR)), env.replace('=TRUE', '=true'));
      const compose = `services:\n  s:\n    environment:\n      - AIRFLOW__LINEAGE__BACKEND=${CURRENT}\n      - AIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME=acme\n      - AIRFLOW__LINEAGE__ONLY_KEEP_DAG_LINEAGE=True\n`;
      one(check('docker-compose.yml', compose), id, 'True', ERROR);
    });

    it('warns about a non-boolean, offering true and false', () => {
      const c = check(CFG, cfg('only_keep_dag_lineage = maybe\n'));
      const d = one(c, id, 'maybe', WARNING);
      assert.deepEqual(fixTitles(d), ['Use true', 'Use false']);
    });

    it('accepts true and any spelling of false', () => {
      for (const v of ['true', 'false', 'False', '0', '${KEEP}']) none(check(CFG, cfg(`only_keep_dag_lineage = ${v}\n`)), id);
    });
  });

  describe('openmetadata/verify-ssl', () => {
    const id = 'openmetadata/verify-ssl';

    it('reports a value outside no-ssl / validate / ignore, with the nearest as fix', () => {
      const c = check(CFG, cfg('verify_ssl = Validate\n'));
      const d = one(c, id, 'Validate', ERROR);
      assert.equal((d.data as { fixes: { preferred?: boolean }[] }).fixes[0]!.preferred, true);
      assert.equal(applyFix(d), cfg('verify_ssl = validate\n'));
      const b = check(CFG, cfg('verify_ssl = true\n'));
      assert.equal(applyFix(one(b, id, 'true', ERROR)), cfg('verify_ssl = validate\n'));
      const f = check(CFG, cfg('verify_ssl = false\n'));
      assert.equal(applyFix(one(f, id, 'false', ERROR)), cfg('verify_ssl = no-ssl\n'));
      const https = check(CFG, cfg('verify_ssl = false\n').replace('http://openmetadata', 'https://openmetadata'));
      assert.equal(
        applyFix(one(https, id, 'false', ERROR)),
        cfg('verify_ssl = ignore\n').replace('http://openmetadata', 'https://openmetadata'),
      );
      const n = check(CFG, cfg('verify_ssl = nossl\n'));
      assert.equal(applyFix(one(n, id, 'nossl', ERROR)), cfg('verify_ssl = no-ssl\n'));
    });

    it('accepts the three values and templates', () => {
      for (const v of ['no-ssl', 'validate', 'ignore', '${VERIFY}']) none(check(CFG, cfg(`verify_ssl = ${v}\n`)), id);
    });
  });

  describe('openmetadata/max-status', () => {
    const id = 'openmetadata/max-status';

    it('reports a non-integer', () => {
      const c = check(CFG, cfg('max_status = ten\n'));
      assert.deepEqual(one(c, id, 'ten', ERROR).data, { fixes: [] });
      const f = check(CFG, cfg('max_status = 10.0\n'));
      assert.equal(applyFix(one(f, id, '10.0', ERROR)), cfg('max_status = 10\n'));
    });

    it('warns about zero and negative counts', () => {
      assert.match(msg(one(check(CFG, cfg('max_status = 0\n')), id, '0', WARNING)), /0 sends none/);
      one(check(CFG, cfg('max_status = -3\n')), id, '-3', WARNING);
    });

    it('accepts integers as Python reads them', () => {
      for (const v of ['10', ' 25', '1_000', '${N}']) none(check(CFG, cfg(`max_status =${v.startsWith(' ') ? '' : ' '}${v}\n`)), id);
    });
  });

  describe('openmetadata/legacy-auth', () => {
    const id = 'openmetadata/legacy-auth';

    it('warns that no-auth is no longer read and no JWT is set, with a fix removing the line', () => {
      const c = check(CFG, cfg('auth_provider_type = no-auth\n'));
      const d = one(c, id, 'auth_provider_type', WARNING);
      assert.match(msg(d), /jwt_token/);
      assert.match(msg(d), /version is unknown/);
      assert.equal(applyFix(d), cfg());
    });

    it('marks leftovers as unnecessary information when a JWT is set', () => {
      const c = check(CFG, cfg('auth_provider_type = openmetadata\njwt_token = ${OM_JWT}\n'));
      const d = one(c, id, 'auth_provider_type', INFORMATION);
      assert.deepEqual(d.tags, [DiagnosticTag.Unnecessary]);
      one(
        check(CFG, cfg('auth_provider_type = no-auth\n'), { '.env': 'AIRFLOW__LINEAGE__JWT_TOKEN=abc\n' }),
        id,
        'auth_provider_type',
        INFORMATION,
      );
    });

    it('warns about SSO providers and marks their settings', () => {
      const c = check(CFG, cfg('auth_provider_type = google\nsecret_key = ${KEY}\n'), NEW_OM);
      const hits = byRule(c.diagnostics, id);
      assert.equal(hits.length, 2, formatDiagnostics(c.diagnostics));
      assert.match(msg(hits[0]!), /openmetadata-ingestion==1\.5\.3/);
      assert.equal(hits[0]!.severity, WARNING);
      assert.equal(hits[1]!.severity, INFORMATION);
    });

    it('reports SSO settings no version reads in this configuration', () => {
      const d = one(check(CFG, cfg('client_id = abc\n')), id, 'client_id', INFORMATION);
      assert.match(msg(d), /no version reads it/);
    });

    it('reports an unknown provider with the nearest as fix', () => {
      const c = check(CFG, cfg('auth_provider_type = okta2\n'));
      assert.equal(applyFix(one(c, id, 'okta2', WARNING)), cfg('auth_provider_type = okta\n'));
    });

    it('is quiet for versions before 0.13.1, which read these options', () => {
      none(check(CFG, cfg('auth_provider_type = google\nsecret_key = ${KEY}\n', OLD), OLD_OM), id);
    });
  });

  describe('openmetadata/literal-jwt', () => {
    const id = 'openmetadata/literal-jwt';
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJpbmdlc3Rpb24tYm90In0.c2lnbmF0dXJl';

    it('warns about a literal JWT in airflow.cfg and Dockerfiles', () => {
      one(check(CFG, cfg(`jwt_token = ${jwt}\n`)), id, jwt, WARNING);
      one(
        check(
          'Dockerfile',
          `FROM apache/airflow:2.10.4\nENV AIRFLOW__LINEAGE__BACKEND=${CURRENT} AIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME=a AIRFLOW__LINEAGE__JWT_TOKEN=${jwt}\n`,
        ),
        id,
        jwt,
        WARNING,
      );
    });

    it('leaves .env files, templates and placeholders alone', () => {
      none(
        check(
          '.env',
          `AIRFLOW__LINEAGE__BACKEND=${CURRENT}\nAIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME=a\nAIRFLOW__LINEAGE__JWT_TOKEN=${jwt}\n`,
        ),
        id,
      );
      none(check(CFG, cfg('jwt_token = ${OM_JWT}\n')), id);
      none(check(CFG, cfg('jwt_token = <your-token>\n')), id);
    });
  });

  describe('openmetadata/unknown-key', () => {
    const id = 'openmetadata/unknown-key';

    it('reports a misspelled option with a rename fix', () => {
      const c = check(CFG, cfg('only_keep_dag_linage = true\n'));
      const d = one(c, id, 'only_keep_dag_linage', WARNING);
      assert.equal(applyFix(d), cfg('only_keep_dag_lineage = true\n'));
      const env = `AIRFLOW__LINEAGE__BACKEND=${CURRENT}\nAIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME=a\nAIRFLOW__LINEAGE__OPENMETADATA_API_ENDPIONT=http://om:8585/api\n`;
      const e = check('.env', env);
      assert.equal(applyFix(one(e, id, 'AIRFLOW__LINEAGE__OPENMETADATA_API_ENDPIONT', WARNING)), env.replace('ENDPIONT', 'ENDPOINT'));
    });

    it('explains _cmd / _secret variants without offering a rename', () => {
      const c = check(CFG, cfg('jwt_token_cmd = cat /run/secrets/om\n'));
      const d = one(c, id, 'jwt_token_cmd', WARNING);
      assert.deepEqual(d.data, { fixes: [] });
      assert.match(msg(d), /_cmd/);
    });

    it('lists the options when nothing is close', () => {
      const d = one(check(CFG, cfg('colour = blue\n')), id, 'colour', WARNING);
      assert.match(msg(d), /airflow_service_name/);
    });

    it("knows Airflow's own [lineage] options and the legacy ones", () => {
      none(check(CFG, cfg('max_assets_per_collector = 100\nauth_provider_type = openmetadata\nopenmetadata_conn_id = om\n')), id);
    });
  });
});

describe('every openmetadata diagnostic', () => {
  const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib3QifQ.c2ln';
  const CB = 'airflow_provider_openmetadata.lineage.callback';
  /** Bad files that together exercise every rule. */
  const SAMPLES: { path: string; text: string; files?: Record<string, string> }[] = [
    {
      path: CFG,
      text: cfg(
        'only_keep_dag_lineage = True\nverify_ssl = yes\nmax_status = ten\nauth_provider_type = okta\nclient_id = x\norg_url = y\njwt_token_cmd = cat t\nonly_keep_dag_linage = 1\n',
        OLD,
      ),
      files: NEW_OM,
    },
    {
      path: CFG,
      text: `[lineage]\nbackend = ${CURRENT}\nopenmetadata_api_endpoint = om:8585\njwt_token = ${JWT}\nauth_provider_type = no-auth\ncolour = red\n`,
      files: { 'requirements.txt': 'apache-airflow==3.0.0\n' },
    },
    {
      path: CFG,
      text: `[lineage]\nbackend = ${DOCSTRING}\nairflow_service_name =\nopenmetadata_api_endpoint = http://om/api/v1\nverify_ssl = strict\nauth_provider_type = sso\nmax_status = 0\nonly_keep_dag_lineage = perhaps\n`,
    },
    { path: CFG, text: '[lineage]\nairflow_service_name = a\nopenmetadata_api_endpoint = http://om:8585\n' },
    { path: '.env', text: 'AIRFLOW__LINEAGE__AIRFLOW_SERVICE_NAME=a\nAIRFLOW__LINEAGE__OPENMETADATA_API_ENDPOINT=\n' },
    {
      path: 'dags/a.py',
      text: `from airflow_provider_openmetadata.lineage.callbacks import failure_callback\nfrom ${CB} import success_callback, status_callback\nfrom airflow_providers_openmetadata.lineage.callback import failure_callback as f2\nargs = {"on_failure_callback": success_callback}\n`,
      files: { 'requirements.txt': 'apache-airflow==2.10.4\n' },
    },
    { path: 'dags/b.py', text: `import airflow_provider_openmetadata.lineage.callbak as om\nfrom ${CB} import nothing_like_it\n` },
  ];
  const all = () =>
    SAMPLES.flatMap((s) => {
      const c = check(s.path, s.text, s.files ?? {});
      return c.diagnostics.map((d) => ({ c, d }));
    });
  const ADVICE = /\b(use|add|remove|rename|write|replace|pin|upgrade|did you mean|pass it|install)\b/i;
  const advises = (message: string) => ADVICE.test(message.replace(/\([^()]*(\([^()]*\)[^()]*)*\)/g, ''));

  it('the samples exercise every rule', () => {
    const seen = new Set(all().map(({ d }) => String(d.code)));
    assert.deepEqual(
      OPENMETADATA_RULES.map((r) => r.id).filter((id) => !seen.has(id)),
      [],
    );
  });

  it('says how to fix the problem, outside parentheses', () => {
    const missing = all()
      .filter(({ d }) => !advises(msg(d)))
      .map(({ d }) => `[${String(d.code)}] ${msg(d)}`);
    assert.deepEqual(missing, []);
  });

  it('offers only quick fixes that edit this document and change it', () => {
    for (const { c, d } of all()) {
      for (const title of fixTitles(d)) assert.notEqual(applyFix(d, title), c.text, `${String(d.code)}: ${title}`);
    }
  });

  it('links to its rule in docs/rules.md', () => {
    for (const { d } of all()) assert.match(d.codeDescription?.href ?? '', /docs\/rules\.md#openmetadata-/);
  });
});
