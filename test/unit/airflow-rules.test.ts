/**
 * The `airflow/*` rules through the language service, with a project model built from the test's files: each
 * rule's bad cases (exact range, severity, quick-fix result) and good cases (nothing reported).
 */
import assert from 'node:assert/strict';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import { AIRFLOW_RULES } from '../../server/src/service/airflow/rules';
import { check, fixed, fixTitles, msg, none, one } from './airflow-helpers';
import { formatDiagnostics } from './helpers';

const { Error: ERROR, Warning: WARNING, Information: INFORMATION, Hint: HINT } = DiagnosticSeverity;

const DOCKERFILE_ASTRO = 'FROM quay.io/astronomer/astro-runtime:12.6.0\n';
const HTTP = '{"type": "http", "url": "http://marquez:5000"}';
/** A project with the provider pinned at `version` and Airflow pinned at `airflow`. */
const reqs = (provider = '2.1.0', airflow = '2.10.4') => `apache-airflow==${airflow}\napache-airflow-providers-openlineage==${provider}\n`;

describe('airflow rules', () => {
  it('has kebab-case ids under airflow/ and a summary each', () => {
    for (const r of AIRFLOW_RULES) {
      assert.match(r.id, /^airflow\/[a-z]+(-[a-z]+)*$/);
      assert.ok(r.summary.length > 20, r.id);
    }
    assert.equal(new Set(AIRFLOW_RULES.map((r) => r.id)).size, AIRFLOW_RULES.length);
  });

  describe('airflow/syntax', () => {
    it('reports a line of airflow.cfg that is not a setting', () => {
      const files = { 'airflow.cfg': '[openlineage]\nthis is not a setting\n' };
      one(files, 'airflow.cfg', 'airflow/syntax', 'this is not a setting', ERROR);
    });
    it('reports an unclosed quote in .env', () => {
      const files = { '.env': `AIRFLOW__OPENLINEAGE__NAMESPACE='acme\n` };
      one(files, '.env', 'airflow/syntax', "'", ERROR);
    });
    it('reports invalid YAML in airflow_settings.yaml', () => {
      const files = { 'airflow_settings.yaml': 'airflow:\n  connections:\n    - conn_id: a\n   bad: [\n' };
      const all = check(files, 'airflow_settings.yaml');
      assert.equal(all.filter((d) => d.code === 'airflow/syntax').length, 1, formatDiagnostics(all));
    });
    it('reads a multi-line quoted JSON value in .env and an indented continuation in airflow.cfg', () => {
      none({ '.env': `AIRFLOW__OPENLINEAGE__TRANSPORT='{\n  "type": "http",\n  "url": "http://marquez:5000"\n}'\nOPENLINEAGE_NAMESPACE=acme\n` }, '.env');
      none({ 'airflow.cfg': `[openlineage]\ntransport = {\n    "type": "http",\n    "url": "http://marquez:5000"\n  }\nnamespace = acme\n` }, 'airflow.cfg');
    });
  });

  describe('airflow/section-name', () => {
    it('reports [OpenLineage] and renames it', () => {
      const files = { 'airflow.cfg': `[OpenLineage]\ntransport = ${HTTP}\n` };
      const d = one(files, 'airflow.cfg', 'airflow/section-name', 'OpenLineage', WARNING);
      assert.equal(fixed(files, 'airflow.cfg', d), `[openlineage]\ntransport = ${HTTP}\n`);
    });
    it('reports [open_lineage]', () => {
      one({ 'airflow.cfg': '[open_lineage]\nnamespace = x\n' }, 'airflow.cfg', 'airflow/section-name', 'open_lineage', WARNING);
    });
    it('leaves other sections alone', () => {
      none({ 'airflow.cfg': '[core]\ndags_folder = /d\n[lineage]\nbackend =\n[openlineage]\nnamespace = x\n' }, 'airflow.cfg', 'airflow/section-name');
    });
  });

  describe('airflow/unknown-option', () => {
    it('suggests the nearest option in airflow.cfg and renames it', () => {
      const files = { 'airflow.cfg': '[openlineage]\nnamepsace = acme\n' };
      const d = one(files, 'airflow.cfg', 'airflow/unknown-option', 'namepsace', WARNING);
      assert.match(msg(d), /Did you mean `namespace`/);
      assert.equal(fixed(files, 'airflow.cfg', d), '[openlineage]\nnamespace = acme\n');
    });
    it('suggests the env form in .env', () => {
      const files = { '.env': 'AIRFLOW__OPENLINEAGE__TRANSPOT={}\n' };
      const d = one(files, '.env', 'airflow/unknown-option', 'AIRFLOW__OPENLINEAGE__TRANSPOT', WARNING);
      assert.equal(fixed(files, '.env', d), 'AIRFLOW__OPENLINEAGE__TRANSPORT={}\n');
    });
    it('reports env names Airflow never reads (one underscore, lower case)', () => {
      const files = { '.env': 'AIRFLOW__OPENLINEAGE_NAMESPACE=acme\nairflow__openlineage__disabled=False\n' };
      const all = check(files, '.env').filter((d) => d.code === 'airflow/unknown-option');
      assert.equal(all.length, 2, formatDiagnostics(all));
      assert.equal(fixed(files, '.env', all[0]!), 'AIRFLOW__OPENLINEAGE__NAMESPACE=acme\nairflow__openlineage__disabled=False\n');
      assert.equal(fixed(files, '.env', all[1]!), 'AIRFLOW__OPENLINEAGE_NAMESPACE=acme\nAIRFLOW__OPENLINEAGE__DISABLED=False\n');
    });
    it('gives only a hint for execute_in_thread (unverified)', () => {
      one({ 'airflow.cfg': '[openlineage]\nexecute_in_thread = True\n' }, 'airflow.cfg', 'airflow/unknown-option', 'execute_in_thread', HINT);
    });
    it('accepts every known option in both forms', () => {
      none({ 'airflow.cfg': '[openlineage]\nnamespace = a\nconfig_path = /o.yml\ndebug_mode = False\nexecution_timeout = 10\n' }, 'airflow.cfg', 'airflow/unknown-option');
      none({ '.env': 'AIRFLOW__OPENLINEAGE__CONFIG_CONN_ID=openlineage_default\nAIRFLOW__OPENLINEAGE__SPARK_INJECT_PARENT_JOB_INFO=true\n' }, '.env', 'airflow/unknown-option');
    });
  });

  describe('airflow/option-type', () => {
    it('reports a boolean Airflow rejects, with a fix', () => {
      const files = { 'airflow.cfg': '[openlineage]\ndisabled = yes\n' };
      const d = one(files, 'airflow.cfg', 'airflow/option-type', 'yes', ERROR);
      assert.equal(fixed(files, 'airflow.cfg', d), '[openlineage]\ndisabled = True\n');
    });
    it('reports an integer with units, with a fix', () => {
      const files = { '.env': 'AIRFLOW__OPENLINEAGE__EXECUTION_TIMEOUT=15s\n' };
      const d = one(files, '.env', 'airflow/option-type', '15s', ERROR);
      assert.equal(fixed(files, '.env', d), 'AIRFLOW__OPENLINEAGE__EXECUTION_TIMEOUT=15\n');
    });
    it('accepts Airflow booleans in any case, integers and templates', () => {
      none({ '.env': 'AIRFLOW__OPENLINEAGE__DEBUG_MODE=False\nAIRFLOW__OPENLINEAGE__SELECTIVE_ENABLE=t\nAIRFLOW__OPENLINEAGE__EXECUTION_TIMEOUT=15\nAIRFLOW__OPENLINEAGE__DISABLED=${OL_OFF}\n' }, '.env', 'airflow/option-type');
    });
  });

  describe('airflow/list-separator', () => {
    it('reports commas and fixes them to semicolons', () => {
      const files = { '.env': 'OPENLINEAGE_EXTRACTORS=a.b.C,d.e.F\n' };
      const d = one(files, '.env', 'airflow/list-separator', 'a.b.C,d.e.F', WARNING);
      assert.equal(fixed(files, '.env', d), 'OPENLINEAGE_EXTRACTORS=a.b.C;d.e.F\n');
    });
    it('reports an entry that is not an import path', () => {
      one({ 'airflow.cfg': '[openlineage]\ncustom_run_facets = a.b.fn;not a path\n' }, 'airflow.cfg', 'airflow/list-separator', 'not a path', WARNING);
    });
    it('accepts ;-separated import paths', () => {
      none({ 'airflow.cfg': '[openlineage]\nextractors = full.path.to.ExtractorClass;full.path.to.AnotherExtractorClass\n' }, 'airflow.cfg', 'airflow/list-separator');
    });
  });

  describe('airflow/transport-json', () => {
    it('reports the extra quotes in airflow.cfg and removes them', () => {
      const files = { 'airflow.cfg': `[openlineage]\ntransport = '${HTTP}'\n` };
      const d = one(files, 'airflow.cfg', 'airflow/transport-json', `'${HTTP}'`, ERROR);
      assert.match(msg(d), /airflow\.cfg keeps quotes/);
      assert.equal(fixed(files, 'airflow.cfg', d), `[openlineage]\ntransport = ${HTTP}\n`);
    });
    it('reports the extra quotes in a compose list item', () => {
      const text = `services:\n  scheduler:\n    environment:\n      - AIRFLOW__OPENLINEAGE__TRANSPORT='{"type":"console"}'\n`;
      const files = { 'docker-compose.yml': text };
      const d = one(files, 'docker-compose.yml', 'airflow/transport-json', `'{"type":"console"}'`, ERROR);
      assert.match(msg(d), /list form/);
      assert.equal(fixed(files, 'docker-compose.yml', d), text.replace(`'{"type":"console"}'`, '{"type":"console"}'));
    });
    it('accepts the same quotes in a Dockerfile ENV, .env and a compose map (they are removed there)', () => {
      none({ Dockerfile: `${DOCKERFILE_ASTRO}ENV AIRFLOW__OPENLINEAGE__TRANSPORT='${HTTP}'\n` }, 'Dockerfile');
      none({ '.env': `AIRFLOW__OPENLINEAGE__TRANSPORT='${HTTP}'\n` }, '.env');
      none({ 'docker-compose.yml': `services:\n  s:\n    environment:\n      AIRFLOW__OPENLINEAGE__TRANSPORT: '${HTTP}'\n` }, 'docker-compose.yml');
    });
    it('points at the exact position of a JSON error', () => {
      const files = { 'airflow.cfg': '[openlineage]\ntransport = {"type": "http" "url": "http://m:5000"}\n' };
      const d = one(files, 'airflow.cfg', 'airflow/transport-json', '"url"', ERROR);
      assert.match(msg(d), /Expecting ',' delimiter/);
    });
    it('points inside a Dockerfile value with escapes', () => {
      const text = `ENV AIRFLOW__OPENLINEAGE__TRANSPORT="{\\"type\\": \\"http\\", \\"url\\": \\"http://m\\",}"\n`;
      const all = check({ Dockerfile: text }, 'Dockerfile').filter((d) => d.code === 'airflow/transport-json');
      assert.equal(all.length, 1, formatDiagnostics(all));
      assert.match(msg(all[0]!), /Illegal trailing comma/);
      assert.equal(text.slice(all[0]!.range.start.character, all[0]!.range.end.character), ',');
    });
    it('turns a bare transport type into JSON', () => {
      const files = { 'airflow.cfg': '[openlineage]\ntransport = console\n' };
      const d = one(files, 'airflow.cfg', 'airflow/transport-json', 'console', ERROR);
      assert.equal(fixed(files, 'airflow.cfg', d), '[openlineage]\ntransport = {"type": "console"}\n');
    });
    it('reports a JSON value that is not an object', () => {
      one({ '.env': 'AIRFLOW__OPENLINEAGE__TRANSPORT=["http"]\n' }, '.env', 'airflow/transport-json', '["http"]', ERROR);
    });
    it('checks OPENLINEAGE__TRANSPORT too', () => {
      one({ '.env': `OPENLINEAGE__TRANSPORT='{"type": "console",}'\n` }, '.env', 'airflow/transport-json', ',', ERROR);
    });
  });

  describe('airflow/transport-type', () => {
    it('reports a case mismatch and fixes it', () => {
      const files = { 'airflow.cfg': '[openlineage]\ntransport = {"type": "HTTP", "url": "http://m:5000"}\n' };
      const d = one(files, 'airflow.cfg', 'airflow/transport-type', 'HTTP', ERROR);
      assert.equal(fixed(files, 'airflow.cfg', d), '[openlineage]\ntransport = {"type": "http", "url": "http://m:5000"}\n');
    });
    it('reports a missing type and adds http when there is a url', () => {
      const files = { 'airflow.cfg': '[openlineage]\ntransport = {"url": "http://m:5000"}\n' };
      const d = one(files, 'airflow.cfg', 'airflow/transport-type', '{', ERROR);
      assert.equal(fixed(files, 'airflow.cfg', d), '[openlineage]\ntransport = {"type": "http", "url": "http://m:5000"}\n');
    });
    it('reports a Java-only type', () => {
      const d = one({ '.env': `AIRFLOW__OPENLINEAGE__TRANSPORT='{"type": "kinesis"}'\n` }, '.env', 'airflow/transport-type', 'kinesis', ERROR);
      assert.match(msg(d), /Java client/);
    });
    it('reports OPENLINEAGE__TRANSPORT__TYPE values', () => {
      const files = { '.env': 'OPENLINEAGE__TRANSPORT__TYPE=Console\n' };
      const d = one(files, '.env', 'airflow/transport-type', 'Console', ERROR);
      assert.equal(fixed(files, '.env', d), 'OPENLINEAGE__TRANSPORT__TYPE=console\n');
    });
    it('accepts built-in types and custom class paths', () => {
      none({ '.env': `AIRFLOW__OPENLINEAGE__TRANSPORT='{"type": "my.pkg.MyTransport", "anything": 1}'\nOPENLINEAGE__TRANSPORT__TYPE=http\n` }, '.env');
    });
  });

  describe('airflow/transport-required', () => {
    it('reports an http transport without url and offers a placeholder', () => {
      const files = { 'airflow.cfg': '[openlineage]\ntransport = {"type": "http"}\n' };
      const d = one(files, 'airflow.cfg', 'airflow/transport-required', 'http', ERROR);
      assert.match(msg(d), /url key not passed to HttpConfig/);
      assert.equal(fixed(files, 'airflow.cfg', d), '[openlineage]\ntransport = {"type": "http", "url": "http://localhost:5000"}\n');
    });
    it('reports kafka without topic/config, and the children of a composite', () => {
      const all = check({ '.env': `AIRFLOW__OPENLINEAGE__TRANSPORT='{"type": "composite", "transports": [{"type": "kafka", "config": {}}, {"type": "file"}]}'\n` }, '.env').filter((d) => d.code === 'airflow/transport-required');
      assert.deepEqual(all.map(msg).map((m) => /needs `(\w+)`/.exec(m)?.[1]), ['topic', 'log_file_path']);
    });
  });

  describe('airflow/transport-key', () => {
    it('reports Java spellings and renames them', () => {
      const files = { 'airflow.cfg': '[openlineage]\ntransport = {"type": "http", "url": "http://m:5000", "headers": {}}\n' };
      const d = one(files, 'airflow.cfg', 'airflow/transport-key', 'headers', WARNING);
      assert.equal(fixed(files, 'airflow.cfg', d), '[openlineage]\ntransport = {"type": "http", "url": "http://m:5000", "custom_headers": {}}\n');
    });
    it('converts timeoutInMillis to timeout in seconds', () => {
      const files = { 'airflow.cfg': '[openlineage]\ntransport = {"type": "http", "url": "http://m:5000", "timeoutInMillis": 5000}\n' };
      const d = one(files, 'airflow.cfg', 'airflow/transport-key', 'timeoutInMillis', WARNING);
      assert.equal(fixed(files, 'airflow.cfg', d), '[openlineage]\ntransport = {"type": "http", "url": "http://m:5000", "timeout": 5}\n');
    });
    it('accepts every documented http key', () => {
      none({ 'airflow.cfg': '[openlineage]\ntransport = {"type": "http", "url": "http://m:5000", "endpoint": "api/v1/lineage", "timeout": 5.0, "verify": false, "compression": "gzip", "custom_headers": {"a": "b"}, "retry": {"total": 3}, "auth": {"type": "api_key", "apiKey": "${OL_KEY}"}}\n' }, 'airflow.cfg');
    });
  });

  describe('airflow/transport-value', () => {
    it('reports a URL without scheme and fixes it', () => {
      const files = { 'airflow.cfg': '[openlineage]\ntransport = {"type": "http", "url": "marquez:5000"}\n' };
      const d = one(files, 'airflow.cfg', 'airflow/transport-value', 'marquez:5000', ERROR);
      assert.equal(fixed(files, 'airflow.cfg', d), '[openlineage]\ntransport = {"type": "http", "url": "http://marquez:5000"}\n');
    });
    it('reports a timeout given as a string and an unknown auth type', () => {
      const files = { 'airflow.cfg': '[openlineage]\ntransport = {"type": "http", "url": "http://m:5000", "timeout": "5", "auth": {"type": "apiKey", "apiKey": "${K}"}}\n' };
      const all = check(files, 'airflow.cfg').filter((d) => d.code === 'airflow/transport-value');
      assert.equal(all.length, 2, formatDiagnostics(all));
      assert.equal(fixed(files, 'airflow.cfg', all[0]!), files['airflow.cfg'].replace('"timeout": "5"', '"timeout": 5'));
      assert.equal(fixed(files, 'airflow.cfg', all[1]!), files['airflow.cfg'].replace('"type": "apiKey"', '"type": "api_key"'));
    });
    it('never judges templated values', () => {
      none({ '.env': `AIRFLOW__OPENLINEAGE__TRANSPORT='{"type": "http", "url": "\${MARQUEZ}"}'\nOPENLINEAGE_URL={{ var.value.ol }}\n` }, '.env');
    });
  });

  describe('airflow/emission-policy', () => {
    const files = (v: string) => ({ 'requirements.txt': reqs('2.19.0'), '.env': `AIRFLOW__OPENLINEAGE__EMISSION_POLICY='${v}'\n` });
    it('reports invalid JSON as an error', () => {
      const f = files('[{"scope": {}, "controls": {"emit": false}}');
      const [d, ...more] = check(f, '.env').filter((x) => x.code === 'airflow/emission-policy');
      assert.equal(more.length, 0);
      // The unclosed array: the error points at the last character of the value.
      const at = f['.env'].lastIndexOf('}');
      assert.deepEqual([d!.range, d!.severity], [{ start: { line: 0, character: at }, end: { line: 0, character: at + 1 } }, ERROR]);
      assert.match(msg(d!), /Expecting ',' delimiter/);
    });
    it('reports a rule the provider skips', () => {
      const f = files('[{"scope": {"task_id": "t"}, "controls": {"emitt": false}}]');
      const all = check(f, '.env').filter((d) => d.code === 'airflow/emission-policy');
      assert.deepEqual(all.map((d) => d.severity), [WARNING, WARNING], formatDiagnostics(all));
      assert.match(msg(all[0]!), /`task_id` needs `dag_id`/);
      assert.match(msg(all[1]!), /Did you mean `emit`/);
    });
    it('reports an object instead of an array', () => {
      one(files('{"scope": {}}'), '.env', 'airflow/emission-policy', '{"scope": {}}', ERROR);
    });
    it('accepts a valid policy', () => {
      none(files('[{"scope": {"dag_id": "d", "task_id": "t"}, "match_mode": "regex", "controls": {"emit": false, "exclude_hook_lineage_hooks": ["S3.*"]}, "locked": true}]'), '.env');
    });
  });

  describe('airflow/option-version', () => {
    it('reports emission_policy on a provider older than 2.19.0', () => {
      const d = one({ 'requirements.txt': reqs('2.1.0'), 'airflow.cfg': '[openlineage]\nemission_policy = []\n' }, 'airflow.cfg', 'airflow/option-version', 'emission_policy', WARNING);
      assert.match(msg(d), /2\.19\.0.*apache-airflow-providers-openlineage 2\.1\.0 \(from apache-airflow-providers-openlineage==2\.1\.0 in requirements\.txt\)/);
      assert.deepEqual(d.tags, [DiagnosticTag.Unnecessary]);
    });
    it('gives a hint when the provider version is unknown', () => {
      one({ Dockerfile: DOCKERFILE_ASTRO, 'airflow.cfg': '[openlineage]\nemission_policy = []\n' }, 'airflow.cfg', 'airflow/option-version', 'emission_policy', HINT);
    });
    it('accepts options the pinned provider has', () => {
      none({ 'requirements.txt': reqs('2.1.0'), '.env': 'AIRFLOW__OPENLINEAGE__SPARK_INJECT_TRANSPORT_INFO=true\n' }, '.env', 'airflow/option-version');
    });
  });

  describe('airflow/deprecated-option', () => {
    it('translates disabled_for_operators on provider 2.19.0+', () => {
      const files = { 'requirements.txt': reqs('2.19.0'), 'airflow.cfg': '[openlineage]\ndisabled_for_operators = a.B;c.D\n' };
      const d = one(files, 'airflow.cfg', 'airflow/deprecated-option', 'disabled_for_operators', WARNING);
      assert.deepEqual(d.tags, [DiagnosticTag.Deprecated]);
      assert.equal(
        fixed(files, 'airflow.cfg', d),
        '[openlineage]\nemission_policy = [{"scope": {"operator": "a.B"}, "controls": {"emit": false}}, {"scope": {"operator": "c.D"}, "controls": {"emit": false}}]\n',
      );
    });
    it('translates disable_source_code in a Dockerfile with quotes', () => {
      const files = { 'requirements.txt': reqs('2.20.0'), Dockerfile: 'ENV AIRFLOW__OPENLINEAGE__DISABLE_SOURCE_CODE=true\n' };
      const d = one(files, 'Dockerfile', 'airflow/deprecated-option', 'AIRFLOW__OPENLINEAGE__DISABLE_SOURCE_CODE', WARNING);
      assert.equal(fixed(files, 'Dockerfile', d), `ENV AIRFLOW__OPENLINEAGE__EMISSION_POLICY='[{"scope": {}, "controls": {"include_source_code": false}}]'\n`);
    });
    it('says the verdict depends on the version when it is unknown', () => {
      const d = one({ 'airflow.cfg': '[openlineage]\nselective_enable = True\n' }, 'airflow.cfg', 'airflow/deprecated-option', 'selective_enable', INFORMATION);
      assert.match(msg(d), /depends on the provider version/);
      assert.deepEqual(fixTitles({ 'airflow.cfg': '[openlineage]\nselective_enable = True\n' }, 'airflow.cfg', d), []);
    });
    it('says nothing before provider 2.19.0', () => {
      none({ 'requirements.txt': reqs('2.18.0'), 'airflow.cfg': '[openlineage]\ndisable_source_code = True\n' }, 'airflow.cfg', 'airflow/deprecated-option');
    });
  });

  describe('airflow/disabled', () => {
    it('says where lineage is switched off', () => {
      const d = one({ '.env': 'AIRFLOW__OPENLINEAGE__DISABLED=True\n' }, '.env', 'airflow/disabled', 'AIRFLOW__OPENLINEAGE__DISABLED=True', INFORMATION);
      assert.match(msg(d), /plugin is not loaded/);
      one({ '.env': 'OPENLINEAGE_DISABLED=TRUE\n' }, '.env', 'airflow/disabled', 'OPENLINEAGE_DISABLED=TRUE', INFORMATION);
    });
    it('says on the provider line where the project switches it off', () => {
      const d = one({ 'requirements.txt': 'apache-airflow-providers-openlineage\n', 'airflow.cfg': '[openlineage]\ndisabled = true\n' }, 'requirements.txt', 'airflow/disabled', 'apache-airflow-providers-openlineage', INFORMATION);
      assert.match(msg(d), /switched off in airflow\.cfg line 2 \(`disabled`\)/);
    });
    it('says nothing when it is False', () => {
      none({ 'airflow.cfg': '[openlineage]\ndisabled = False\n' }, 'airflow.cfg', 'airflow/disabled');
    });
  });

  describe('airflow/nothing-configured', () => {
    it('reports on the provider line when no transport is set anywhere, naming the files searched', () => {
      const files = { 'requirements.txt': 'apache-airflow-providers-openlineage==2.1.0\n', '.env': 'AIRFLOW__OPENLINEAGE__NAMESPACE=acme\n', Dockerfile: DOCKERFILE_ASTRO };
      const d = one(files, 'requirements.txt', 'airflow/nothing-configured', 'apache-airflow-providers-openlineage==2.1.0', WARNING);
      assert.match(msg(d), /Searched `\.env`, `Dockerfile`/);
    });
    it('is satisfied by a transport, config_path, OPENLINEAGE_URL or OPENLINEAGE__TRANSPORT* in any file', () => {
      const base = { 'requirements.txt': 'apache-airflow-providers-openlineage\n' };
      none({ ...base, Dockerfile: `${DOCKERFILE_ASTRO}ENV AIRFLOW__OPENLINEAGE__TRANSPORT='${HTTP}'\n` }, 'requirements.txt');
      none({ ...base, '.env': 'OPENLINEAGE_URL=http://m:5000\n' }, 'requirements.txt');
      none({ ...base, '.env': 'OPENLINEAGE__TRANSPORT__TYPE=console\n' }, 'requirements.txt');
      none({ ...base, 'airflow.cfg': '[openlineage]\nconfig_path = /ol.yml\n' }, 'requirements.txt');
    });
  });

  describe('airflow/lineage-backend', () => {
    const cfg = '[lineage]\nbackend = openlineage.lineage_backend.OpenLineageBackend\n';
    it('is dead on Airflow 3', () => {
      const files = { 'requirements.txt': 'apache-airflow==3.0.2\n', 'airflow.cfg': cfg };
      const d = one(files, 'airflow.cfg', 'airflow/lineage-backend', 'openlineage.lineage_backend.OpenLineageBackend', ERROR);
      assert.match(msg(d), /does nothing on Airflow 3\.0\.2 \(from apache-airflow==3\.0\.2 in requirements\.txt\)/);
      assert.equal(fixed(files, 'airflow.cfg', d), '[lineage]\n');
    });
    it('is a warning on Airflow 3 from an Astro Runtime image (mapping not verified)', () => {
      const d = one({ Dockerfile: 'FROM quay.io/astronomer/astro-runtime:3.0-2\n', 'airflow.cfg': '[lineage]\nbackend = my.Backend\n' }, 'airflow.cfg', 'airflow/lineage-backend', 'my.Backend', WARNING);
      assert.match(msg(d), /mapping not verified/);
    });
    it('says what to use on Airflow 2.10', () => {
      const d = one({ 'requirements.txt': 'apache-airflow==2.10.4\nopenlineage-airflow==1.14.0\n', '.env': 'AIRFLOW__LINEAGE__BACKEND=openlineage.lineage_backend.OpenLineageBackend\n' }, '.env', 'airflow/lineage-backend', 'openlineage.lineage_backend.OpenLineageBackend', WARNING);
      assert.match(msg(d), /use apache-airflow-providers-openlineage/);
    });
    it('is fine on Airflow 2.2, and says the version is unknown when it is', () => {
      none({ 'requirements.txt': 'apache-airflow==2.2.5\nopenlineage-airflow==1.14.0\n', 'airflow.cfg': cfg }, 'airflow.cfg', 'airflow/lineage-backend');
      const d = one({ 'airflow.cfg': cfg }, 'airflow.cfg', 'airflow/lineage-backend', 'openlineage.lineage_backend.OpenLineageBackend', INFORMATION);
      assert.match(msg(d), /Airflow version is unknown/);
    });
    it('leaves the OpenMetadata backend to the OpenMetadata rules', () => {
      none({ 'requirements.txt': 'apache-airflow==3.0.2\n', 'airflow.cfg': '[lineage]\nbackend = airflow_provider_openmetadata.lineage.backend.OpenMetadataLineageBackend\n' }, 'airflow.cfg');
    });
  });

  describe('airflow/legacy-package', () => {
    it('reports openlineage-airflow on Airflow 2.10 and replaces it', () => {
      const files = { 'requirements.txt': 'apache-airflow==2.10.4\nopenlineage-airflow==1.20.0\n' };
      const d = one(files, 'requirements.txt', 'airflow/legacy-package', 'openlineage-airflow==1.20.0', ERROR);
      assert.equal(fixed(files, 'requirements.txt', d), 'apache-airflow==2.10.4\napache-airflow-providers-openlineage\n');
    });
    it('is a warning when Airflow comes from an Astro Runtime image', () => {
      const d = one({ Dockerfile: DOCKERFILE_ASTRO, 'requirements.txt': 'openlineage-airflow\n' }, 'requirements.txt', 'airflow/legacy-package', 'openlineage-airflow', WARNING);
      assert.match(msg(d), /Airflow 2\.10 \(from Astro Runtime 12\.6\.0, mapping not verified\)/);
    });
    it('names the last version for Airflow 2.2', () => {
      const files = { 'requirements.txt': 'apache-airflow==2.2.5\nopenlineage-airflow==1.20.0\n' };
      const d = one(files, 'requirements.txt', 'airflow/legacy-package', '==1.20.0', WARNING);
      assert.equal(fixed(files, 'requirements.txt', d), 'apache-airflow==2.2.5\nopenlineage-airflow==1.14.0\n');
    });
  });

  describe('airflow/missing-package', () => {
    it('reports [openlineage] settings without the provider', () => {
      one({ 'requirements.txt': 'pandas\n', '.env': 'AIRFLOW__OPENLINEAGE__NAMESPACE=a\nAIRFLOW__OPENLINEAGE__DISABLED=False\n' }, '.env', 'airflow/missing-package', 'AIRFLOW__OPENLINEAGE__NAMESPACE', WARNING);
    });
    it('does not require the provider on Astro Runtime', () => {
      none({ 'requirements.txt': 'pandas\n', Dockerfile: `${DOCKERFILE_ASTRO}ENV AIRFLOW__OPENLINEAGE__NAMESPACE=a\n` }, 'Dockerfile', 'airflow/missing-package');
    });
    it('reports the legacy backend without openlineage-airflow', () => {
      one({ 'requirements.txt': 'pandas\n', 'airflow.cfg': '[lineage]\nbackend = openlineage.lineage_backend.OpenLineageBackend\n' }, 'airflow.cfg', 'airflow/missing-package', 'openlineage.lineage_backend.OpenLineageBackend', WARNING);
    });
  });

  describe('airflow/packages-txt', () => {
    it('reports a Python package in packages.txt and removes the line', () => {
      const files = { 'packages.txt': 'procps\napache-airflow-providers-openlineage\n' };
      const d = one(files, 'packages.txt', 'airflow/packages-txt', 'apache-airflow-providers-openlineage', ERROR);
      assert.equal(fixed(files, 'packages.txt', d), 'procps\n');
    });
  });

  describe('airflow/openlineage-connection', () => {
    const yaml = (extra: string) => `airflow:\n  connections:\n    - conn_id: openlineage_default\n      conn_type: generic\n${extra}`;
    it('says config_conn_id must name the connection', () => {
      one({ 'airflow_settings.yaml': yaml('      conn_extra:\n        transport:\n          type: console\n') }, 'airflow_settings.yaml', 'airflow/openlineage-connection', 'openlineage_default', INFORMATION);
    });
    it('checks the transport in the extra, as warnings', () => {
      const files = { '.env': 'AIRFLOW__OPENLINEAGE__CONFIG_CONN_ID=openlineage_default\n', 'airflow_settings.yaml': yaml('      conn_extra:\n        transport:\n          type: htp\n        facet: {}\n') };
      const all = check(files, 'airflow_settings.yaml');
      assert.deepEqual(all.map((d) => [d.code, d.severity]), [['airflow/transport-type', WARNING], ['airflow/openlineage-connection', WARNING]], formatDiagnostics(all));
    });
    it('accepts a linked connection with a valid transport', () => {
      none({ '.env': 'AIRFLOW__OPENLINEAGE__CONFIG_CONN_ID=openlineage_default\n', 'airflow_settings.yaml': yaml('      conn_extra:\n        transport:\n          type: http\n          url: http://marquez:5000\n') }, 'airflow_settings.yaml');
    });
  });

  describe('airflow/url', () => {
    it('reports OPENLINEAGE_URL without scheme and fixes it', () => {
      const files = { '.env': 'OPENLINEAGE_URL=marquez:5000\n' };
      const d = one(files, '.env', 'airflow/url', 'marquez:5000', ERROR);
      assert.equal(fixed(files, '.env', d), 'OPENLINEAGE_URL=http://marquez:5000\n');
    });
    it('warns when the URL already holds the endpoint', () => {
      const files = { '.env': 'OPENLINEAGE_URL=http://marquez:5000/api/v1/lineage\n' };
      const d = one(files, '.env', 'airflow/url', 'http://marquez:5000/api/v1/lineage', WARNING);
      assert.equal(fixed(files, '.env', d), 'OPENLINEAGE_URL=http://marquez:5000\n');
    });
  });

  describe('airflow/env-value', () => {
    it('reports a boolean that is read as false', () => {
      const files = { '.env': 'OPENLINEAGE_DISABLED=yes\n' };
      const d = one(files, '.env', 'airflow/env-value', 'yes', WARNING);
      assert.equal(fixed(files, '.env', d), 'OPENLINEAGE_DISABLED=true\n');
      one({ '.env': 'OPENLINEAGE_AIRFLOW_DISABLE_SOURCE_CODE=maybe\n' }, '.env', 'airflow/env-value', 'maybe', WARNING);
    });
    it('reports an unknown log level', () => {
      one({ '.env': 'OPENLINEAGE_CLIENT_LOGGING=verbose\n' }, '.env', 'airflow/env-value', 'verbose', WARNING);
    });
    it('accepts true/1/t for the source-code switch', () => {
      none({ '.env': 'OPENLINEAGE_AIRFLOW_DISABLE_SOURCE_CODE=t\nOPENLINEAGE_CLIENT_LOGGING=INFO\n' }, '.env', 'airflow/env-value');
    });
    it('reports an auth type the client does not know, fixing the camelCase spelling', () => {
      const files = { '.env': 'OPENLINEAGE__TRANSPORT__TYPE=http\nOPENLINEAGE__TRANSPORT__AUTH__TYPE=apiKey\n' };
      const d = one(files, '.env', 'airflow/env-value', 'apiKey', WARNING);
      assert.match(d.message as string, /takes `api_key`, `jwt` or the import path of a token provider class/);
      assert.equal(fixed(files, '.env', d), 'OPENLINEAGE__TRANSPORT__TYPE=http\nOPENLINEAGE__TRANSPORT__AUTH__TYPE=api_key\n');
    });
    it('accepts api_key, jwt, a token provider class and templated values as the auth type', () => {
      for (const value of ['api_key', 'jwt', 'acme.auth.TokenProvider', '${AUTH_TYPE}']) none({ '.env': `OPENLINEAGE__TRANSPORT__AUTH__TYPE=${value}\n` }, '.env', 'airflow/env-value');
    });
  });

  describe('airflow/env-name', () => {
    it('hints at a near known name', () => {
      const files = { '.env': 'OPENLINEAGE_NAMESPCE=acme\n' };
      const d = one(files, '.env', 'airflow/env-name', 'OPENLINEAGE_NAMESPCE', HINT);
      assert.equal(fixed(files, '.env', d), 'OPENLINEAGE_NAMESPACE=acme\n');
    });
    it('says nothing about unknown names far from known ones, or about dbt-ol variables', () => {
      none({ '.env': 'OPENLINEAGE_SOMETHING_ELSE=1\nOPENLINEAGE_DBT_JOB_NAME=x\nOPENLINEAGE_PARENT_ID=a/b/c\nOPENLINEAGE_EXTRACTOR_BashOperator=a.B\n' }, '.env');
    });
    it('warns about MARQUEZ_* without openlineage-airflow', () => {
      const files = { '.env': 'MARQUEZ_URL=http://m:5000\n' };
      const d = one(files, '.env', 'airflow/env-name', 'MARQUEZ_URL', WARNING);
      assert.equal(fixed(files, '.env', d), 'OPENLINEAGE_URL=http://m:5000\n');
    });
  });

  describe('airflow/dynamic-env-key', () => {
    it('reports a camelCase key that env names cannot set', () => {
      const d = one({ '.env': 'OPENLINEAGE__TRANSPORT__TYPE=amazon_datazone_api\nOPENLINEAGE__TRANSPORT__DOMAIN_ID=dzd\n' }, '.env', 'airflow/dynamic-env-key', 'DOMAIN_ID', WARNING);
      assert.match(msg(d), /lower-cases env names/);
    });
    it('reports a Java spelling and an unknown top-level section', () => {
      const files = { '.env': 'OPENLINEAGE__TRANSPORT__TYPE=kafka\nOPENLINEAGE__TRANSPORT__TOPIC_NAME=t\nOPENLINEAGE__FACET__X=1\n' };
      const all = check(files, '.env').filter((d) => d.code === 'airflow/dynamic-env-key');
      assert.equal(all.length, 2, formatDiagnostics(all));
      assert.equal(fixed(files, '.env', all[0]!), files['.env'].replace('TOPIC_NAME', 'TOPIC'));
      assert.equal(fixed(files, '.env', all[1]!), files['.env'].replace('__FACET__', '__FACETS__'));
    });
    it('accepts client keys', () => {
      none({ '.env': 'OPENLINEAGE__TRANSPORT__TYPE=http\nOPENLINEAGE__TRANSPORT__URL=http://m:5000\nOPENLINEAGE__TRANSPORT__AUTH__API_KEY=${K}\nOPENLINEAGE__TRANSPORT__TRANSPORTS__DEFAULT_HTTP={}\n' }, '.env');
    });
  });

  describe('airflow/literal-secret', () => {
    it('warns about a literal key in docker-compose and references the variable', () => {
      const text = 'services:\n  s:\n    environment:\n      OPENLINEAGE_API_KEY: "sk-123456"\n';
      const files = { 'docker-compose.yml': text };
      const d = one(files, 'docker-compose.yml', 'airflow/literal-secret', 'sk-123456', WARNING);
      assert.equal(fixed(files, 'docker-compose.yml', d), text.replace('"sk-123456"', '"${OPENLINEAGE_API_KEY}"'));
    });
    it('warns about an apiKey inside the transport JSON', () => {
      one({ Dockerfile: `ENV AIRFLOW__OPENLINEAGE__TRANSPORT='{"type": "http", "url": "http://m:5000", "auth": {"type": "api_key", "apiKey": "abc123def"}}'\n` }, 'Dockerfile', 'airflow/literal-secret', 'abc123def', WARNING);
    });
    it('is information in .env, and quiet for placeholders', () => {
      one({ '.env': 'OPENLINEAGE_API_KEY=abc123def\n' }, '.env', 'airflow/literal-secret', 'abc123def', INFORMATION);
      none({ '.env': 'OPENLINEAGE_API_KEY=local-dev-unused\n' }, '.env', 'airflow/literal-secret');
    });
  });

  describe('airflow/duplicate-option', () => {
    it('reports an option set twice in airflow.cfg and removes the first', () => {
      const files = { 'airflow.cfg': '[openlineage]\nnamespace = a\nnamespace = b\n' };
      const d = one(files, 'airflow.cfg', 'airflow/duplicate-option', 'namespace', WARNING, 2);
      assert.equal(fixed(files, 'airflow.cfg', d), '[openlineage]\nnamespace = b\n');
    });
  });
});
