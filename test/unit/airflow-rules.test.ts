/**
 * The `airflow/*` rules through the language service, with a project model built from the test's files: each
 * rule's bad cases (exact range, severity, quick-fix result) and good cases (nothing reported).
 */
import assert from 'node:assert/strict';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import { AIRFLOW_RULES } from '../../server/src/service/airflow/rules';
import { applyFix, fixTitles, formatDiagnostics, msg, none, one, validate, ws, type Files } from '../support/harness';

const { Error: ERROR, Warning: WARNING, Information: INFORMATION, Hint: HINT } = DiagnosticSeverity;

const DOCKERFILE_ASTRO = 'FROM quay.io/astronomer/astro-runtime:12.6.0\n';
const HTTP = '{"type": "http", "url": "http://marquez:5000"}';
/** A project with the provider pinned at `version` and Airflow pinned at `airflow`. */
const reqs = (provider = '2.1.0', airflow = '2.10.4') => `apache-airflow==${airflow}\napache-airflow-providers-openlineage==${provider}\n`;

/** The `airflow/*` diagnostics of the workspace file `path`, with the whole of `files` as the project. */
const check = (path: string, files: Files) => validate(ws(path), files[path]!, { project: files, family: 'airflow' });

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
      one(check('airflow.cfg', files), 'airflow/syntax', 'this is not a setting', ERROR);
    });
    it('reports an unclosed quote in .env', () => {
      const files = { '.env': `AIRFLOW__OPENLINEAGE__NAMESPACE='acme\n` };
      one(check('.env', files), 'airflow/syntax', "'", ERROR);
    });
    it('reports invalid YAML in airflow_settings.yaml', () => {
      const files = { 'airflow_settings.yaml': 'airflow:\n  connections:\n    - conn_id: a\n   bad: [\n' };
      const all = check('airflow_settings.yaml', files).diagnostics;
      assert.equal(all.filter((d) => d.code === 'airflow/syntax').length, 1, formatDiagnostics(all));
    });
    it('reads a multi-line quoted JSON value in .env and an indented continuation in airflow.cfg', () => {
      none(
        check('.env', {
          '.env': `AIRFLOW__OPENLINEAGE__TRANSPORT='{\n  "type": "http",\n  "url": "http://marquez:5000"\n}'\nOPENLINEAGE_NAMESPACE=acme\n`,
        }),
      );
      none(
        check('airflow.cfg', {
          'airflow.cfg': `[openlineage]\ntransport = {\n    "type": "http",\n    "url": "http://marquez:5000"\n  }\nnamespace = acme\n`,
        }),
      );
    });
  });

  describe('airflow/section-name', () => {
    it('reports [OpenLineage] and renames it', () => {
      const files = { 'airflow.cfg': `[OpenLineage]\ntransport = ${HTTP}\n` };
      const d = one(check('airflow.cfg', files), 'airflow/section-name', 'OpenLineage', WARNING);
      assert.equal(applyFix(d), `[openlineage]\ntransport = ${HTTP}\n`);
    });
    it('reports [open_lineage]', () => {
      one(check('airflow.cfg', { 'airflow.cfg': '[open_lineage]\nnamespace = x\n' }), 'airflow/section-name', 'open_lineage', WARNING);
    });
    it('leaves other sections alone', () => {
      none(
        check('airflow.cfg', { 'airflow.cfg': '[core]\ndags_folder = /d\n[lineage]\nbackend =\n[openlineage]\nnamespace = x\n' }),
        'airflow/section-name',
      );
    });
  });

  describe('airflow/unknown-option', () => {
    it('suggests the nearest option in airflow.cfg and renames it', () => {
      const files = { 'airflow.cfg': '[openlineage]\nnamepsace = acme\n' };
      const d = one(check('airflow.cfg', files), 'airflow/unknown-option', 'namepsace', WARNING);
      assert.match(msg(d), /Did you mean `namespace`/);
      assert.equal(applyFix(d), '[openlineage]\nnamespace = acme\n');
    });
    it('suggests the env form in .env', () => {
      const files = { '.env': 'AIRFLOW__OPENLINEAGE__TRANSPOT={}\n' };
      const d = one(check('.env', files), 'airflow/unknown-option', 'AIRFLOW__OPENLINEAGE__TRANSPOT', WARNING);
      assert.equal(applyFix(d), 'AIRFLOW__OPENLINEAGE__TRANSPORT={}\n');
    });
    it('reports env names Airflow never reads (one underscore, lower case)', () => {
      const files = { '.env': 'AIRFLOW__OPENLINEAGE_NAMESPACE=acme\nairflow__openlineage__disabled=False\n' };
      const all = check('.env', files).diagnostics.filter((d) => d.code === 'airflow/unknown-option');
      assert.equal(all.length, 2, formatDiagnostics(all));
      assert.equal(applyFix(all[0]!), 'AIRFLOW__OPENLINEAGE__NAMESPACE=acme\nairflow__openlineage__disabled=False\n');
      assert.equal(applyFix(all[1]!), 'AIRFLOW__OPENLINEAGE_NAMESPACE=acme\nAIRFLOW__OPENLINEAGE__DISABLED=False\n');
    });
    it('gives only a hint for execute_in_thread (unverified)', () => {
      one(
        check('airflow.cfg', { 'airflow.cfg': '[openlineage]\nexecute_in_thread = True\n' }),
        'airflow/unknown-option',
        'execute_in_thread',
        HINT,
      );
    });
    it('accepts every known option in both forms', () => {
      none(
        check('airflow.cfg', {
          'airflow.cfg': '[openlineage]\nnamespace = a\nconfig_path = /o.yml\ndebug_mode = False\nexecution_timeout = 10\n',
        }),
        'airflow/unknown-option',
      );
      none(
        check('.env', {
          '.env': 'AIRFLOW__OPENLINEAGE__CONFIG_CONN_ID=openlineage_default\nAIRFLOW__OPENLINEAGE__SPARK_INJECT_PARENT_JOB_INFO=true\n',
        }),
        'airflow/unknown-option',
      );
    });
  });

  describe('airflow/option-type', () => {
    it('reports a boolean Airflow rejects, with a fix', () => {
      const files = { 'airflow.cfg': '[openlineage]\ndisabled = yes\n' };
      const d = one(check('airflow.cfg', files), 'airflow/option-type', 'yes', ERROR);
      assert.equal(applyFix(d), '[openlineage]\ndisabled = True\n');
    });
    it('reports an integer with units, with a fix', () => {
      const files = { '.env': 'AIRFLOW__OPENLINEAGE__EXECUTION_TIMEOUT=15s\n' };
      const d = one(check('.env', files), 'airflow/option-type', '15s', ERROR);
      assert.equal(applyFix(d), 'AIRFLOW__OPENLINEAGE__EXECUTION_TIMEOUT=15\n');
    });
    it('accepts Airflow booleans in any case, integers and templates', () => {
      none(
        check('.env', {
          '.env':
            'AIRFLOW__OPENLINEAGE__DEBUG_MODE=False\nAIRFLOW__OPENLINEAGE__SELECTIVE_ENABLE=t\nAIRFLOW__OPENLINEAGE__EXECUTION_TIMEOUT=15\nAIRFLOW__OPENLINEAGE__DISABLED=${OL_OFF}\n',
        }),
        'airflow/option-type',
      );
    });
  });

  describe('airflow/list-separator', () => {
    it('reports commas and fixes them to semicolons', () => {
      const files = { '.env': 'OPENLINEAGE_EXTRACTORS=a.b.C,d.e.F\n' };
      const d = one(check('.env', files), 'airflow/list-separator', 'a.b.C,d.e.F', WARNING);
      assert.equal(applyFix(d), 'OPENLINEAGE_EXTRACTORS=a.b.C;d.e.F\n');
    });
    it('reports an entry that is not an import path', () => {
      one(
        check('airflow.cfg', { 'airflow.cfg': '[openlineage]\ncustom_run_facets = a.b.fn;not a path\n' }),
        'airflow/list-separator',
        'not a path',
        WARNING,
      );
    });
    it('accepts ;-separated import paths', () => {
      none(
        check('airflow.cfg', {
          'airflow.cfg': '[openlineage]\nextractors = full.path.to.ExtractorClass;full.path.to.AnotherExtractorClass\n',
        }),
        'airflow/list-separator',
      );
    });
  });

  describe('airflow/transport-json', () => {
    it('reports the extra quotes in airflow.cfg and removes them', () => {
      const files = { 'airflow.cfg': `[openlineage]\ntransport = '${HTTP}'\n` };
      const d = one(check('airflow.cfg', files), 'airflow/transport-json', `'${HTTP}'`, ERROR);
      assert.match(msg(d), /airflow\.cfg keeps quotes/);
      assert.equal(applyFix(d), `[openlineage]\ntransport = ${HTTP}\n`);
    });
    it('reports the extra quotes in a compose list item', () => {
      const text = `services:\n  scheduler:\n    environment:\n      - AIRFLOW__OPENLINEAGE__TRANSPORT='{"type":"console"}'\n`;
      const files = { 'docker-compose.yml': text };
      const d = one(check('docker-compose.yml', files), 'airflow/transport-json', `'{"type":"console"}'`, ERROR);
      assert.match(msg(d), /list form/);
      assert.equal(applyFix(d), text.replace(`'{"type":"console"}'`, '{"type":"console"}'));
    });
    it('accepts the same quotes in a Dockerfile ENV, .env and a compose map (they are removed there)', () => {
      none(check('Dockerfile', { Dockerfile: `${DOCKERFILE_ASTRO}ENV AIRFLOW__OPENLINEAGE__TRANSPORT='${HTTP}'\n` }));
      none(check('.env', { '.env': `AIRFLOW__OPENLINEAGE__TRANSPORT='${HTTP}'\n` }));
      none(
        check('docker-compose.yml', {
          'docker-compose.yml': `services:\n  s:\n    environment:\n      AIRFLOW__OPENLINEAGE__TRANSPORT: '${HTTP}'\n`,
        }),
      );
    });
    it('points at the exact position of a JSON error', () => {
      const files = { 'airflow.cfg': '[openlineage]\ntransport = {"type": "http" "url": "http://m:5000"}\n' };
      const d = one(check('airflow.cfg', files), 'airflow/transport-json', '"url"', ERROR);
      assert.match(msg(d), /Expecting ',' delimiter/);
    });
    it('points inside a Dockerfile value with escapes', () => {
      const text = `ENV AIRFLOW__OPENLINEAGE__TRANSPORT="{\\"type\\": \\"http\\", \\"url\\": \\"http://m\\",}"\n`;
      const all = check('Dockerfile', { Dockerfile: text }).diagnostics.filter((d) => d.code === 'airflow/transport-json');
      assert.equal(all.length, 1, formatDiagnostics(all));
      assert.match(msg(all[0]!), /Illegal trailing comma/);
      assert.equal(text.slice(all[0]!.range.start.character, all[0]!.range.end.character), ',');
    });
    it('turns a bare transport type into JSON', () => {
      const files = { 'airflow.cfg': '[openlineage]\ntransport = console\n' };
      const d = one(check('airflow.cfg', files), 'airflow/transport-json', 'console', ERROR);
      assert.equal(applyFix(d), '[openlineage]\ntransport = {"type": "console"}\n');
    });
    it('reports a JSON value that is not an object', () => {
      one(check('.env', { '.env': 'AIRFLOW__OPENLINEAGE__TRANSPORT=["http"]\n' }), 'airflow/transport-json', '["http"]', ERROR);
    });
    it('checks OPENLINEAGE__TRANSPORT too', () => {
      one(check('.env', { '.env': `OPENLINEAGE__TRANSPORT='{"type": "console",}'\n` }), 'airflow/transport-json', ',', ERROR);
    });
  });

  describe('airflow/transport-type', () => {
    it('reports a case mismatch and fixes it', () => {
      const files = { 'airflow.cfg': '[openlineage]\ntransport = {"type": "HTTP", "url": "http://m:5000"}\n' };
      const d = one(check('airflow.cfg', files), 'airflow/transport-type', 'HTTP', ERROR);
      assert.equal(applyFix(d), '[openlineage]\ntransport = {"type": "http", "url": "http://m:5000"}\n');
    });
    it('reports a missing type and adds http when there is a url', () => {
      const files = { 'airflow.cfg': '[openlineage]\ntransport = {"url": "http://m:5000"}\n' };
      const d = one(check('airflow.cfg', files), 'airflow/transport-type', '{', ERROR);
      assert.equal(applyFix(d), '[openlineage]\ntransport = {"type": "http", "url": "http://m:5000"}\n');
    });
    it('reports a Java-only type', () => {
      const d = one(
        check('.env', { '.env': `AIRFLOW__OPENLINEAGE__TRANSPORT='{"type": "kinesis"}'\n` }),
        'airflow/transport-type',
        'kinesis',
        ERROR,
      );
      assert.match(msg(d), /Java client/);
    });
    it('reports OPENLINEAGE__TRANSPORT__TYPE values', () => {
      const files = { '.env': 'OPENLINEAGE__TRANSPORT__TYPE=Console\n' };
      const d = one(check('.env', files), 'airflow/transport-type', 'Console', ERROR);
      assert.equal(applyFix(d), 'OPENLINEAGE__TRANSPORT__TYPE=console\n');
    });
    it('accepts built-in types and custom class paths', () => {
      none(
        check('.env', {
          '.env': `AIRFLOW__OPENLINEAGE__TRANSPORT='{"type": "my.pkg.MyTransport", "anything": 1}'\nOPENLINEAGE__TRANSPORT__TYPE=http\n`,
        }),
      );
    });
  });

  describe('airflow/transport-required', () => {
    it('reports an http transport without url and offers a placeholder', () => {
      const files = { 'airflow.cfg': '[openlineage]\ntransport = {"type": "http"}\n' };
      const d = one(check('airflow.cfg', files), 'airflow/transport-required', 'http', ERROR);
      assert.match(msg(d), /url key not passed to HttpConfig/);
      assert.equal(applyFix(d), '[openlineage]\ntransport = {"type": "http", "url": "http://localhost:5000"}\n');
    });
    it('reports kafka without topic/config, and the children of a composite', () => {
      const all = check('.env', {
        '.env': `AIRFLOW__OPENLINEAGE__TRANSPORT='{"type": "composite", "transports": [{"type": "kafka", "config": {}}, {"type": "file"}]}'\n`,
      }).diagnostics.filter((d) => d.code === 'airflow/transport-required');
      assert.deepEqual(
        all.map(msg).map((m) => /needs `(\w+)`/.exec(m)?.[1]),
        ['topic', 'log_file_path'],
      );
    });
  });

  describe('airflow/transport-key', () => {
    it('reports Java spellings and renames them', () => {
      const files = { 'airflow.cfg': '[openlineage]\ntransport = {"type": "http", "url": "http://m:5000", "headers": {}}\n' };
      const d = one(check('airflow.cfg', files), 'airflow/transport-key', 'headers', WARNING);
      assert.equal(applyFix(d), '[openlineage]\ntransport = {"type": "http", "url": "http://m:5000", "custom_headers": {}}\n');
    });
    it('converts timeoutInMillis to timeout in seconds', () => {
      const files = { 'airflow.cfg': '[openlineage]\ntransport = {"type": "http", "url": "http://m:5000", "timeoutInMillis": 5000}\n' };
      const d = one(check('airflow.cfg', files), 'airflow/transport-key', 'timeoutInMillis', WARNING);
      assert.equal(applyFix(d), '[openlineage]\ntransport = {"type": "http", "url": "http://m:5000", "timeout": 5}\n');
    });
    it('accepts every documented http key', () => {
      none(
        check('airflow.cfg', {
          'airflow.cfg':
            '[openlineage]\ntransport = {"type": "http", "url": "http://m:5000", "endpoint": "api/v1/lineage", "timeout": 5.0, "verify": false, "compression": "gzip", "custom_headers": {"a": "b"}, "retry": {"total": 3}, "auth": {"type": "api_key", "apiKey": "${OL_KEY}"}}\n',
        }),
      );
    });
  });

  describe('airflow/transport-value', () => {
    it('reports a URL without scheme and fixes it', () => {
      const files = { 'airflow.cfg': '[openlineage]\ntransport = {"type": "http", "url": "marquez:5000"}\n' };
      const d = one(check('airflow.cfg', files), 'airflow/transport-value', 'marquez:5000', ERROR);
      assert.equal(applyFix(d), '[openlineage]\ntransport = {"type": "http", "url": "http://marquez:5000"}\n');
    });
    it('reports a timeout given as a string and an unknown auth type', () => {
      const files = {
        'airflow.cfg':
          '[openlineage]\ntransport = {"type": "http", "url": "http://m:5000", "timeout": "5", "auth": {"type": "apiKey", "apiKey": "${K}"}}\n',
      };
      const all = check('airflow.cfg', files).diagnostics.filter((d) => d.code === 'airflow/transport-value');
      assert.equal(all.length, 2, formatDiagnostics(all));
      assert.equal(applyFix(all[0]!), files['airflow.cfg'].replace('"timeout": "5"', '"timeout": 5'));
      assert.equal(applyFix(all[1]!), files['airflow.cfg'].replace('"type": "apiKey"', '"type": "api_key"'));
    });
    it('never judges templated values', () => {
      none(
        check('.env', {
          '.env': `AIRFLOW__OPENLINEAGE__TRANSPORT='{"type": "http", "url": "\${MARQUEZ}"}'\nOPENLINEAGE_URL={{ var.value.ol }}\n`,
        }),
      );
    });
  });

  describe('airflow/emission-policy', () => {
    const files = (v: string) => ({ 'requirements.txt': reqs('2.19.0'), '.env': `AIRFLOW__OPENLINEAGE__EMISSION_POLICY='${v}'\n` });
    it('reports invalid JSON as an error', () => {
      const f = files('[{"scope": {}, "controls": {"emit": false}}');
      const [d, ...more] = check('.env', f).diagnostics.filter((x) => x.code === 'airflow/emission-policy');
      assert.equal(more.length, 0);
      // The unclosed array: the error points at the last character of the value.
      const at = f['.env'].lastIndexOf('}');
      assert.deepEqual([d!.range, d!.severity], [{ start: { line: 0, character: at }, end: { line: 0, character: at + 1 } }, ERROR]);
      assert.match(msg(d!), /Expecting ',' delimiter/);
    });
    it('reports a rule the provider skips', () => {
      const f = files('[{"scope": {"task_id": "t"}, "controls": {"emitt": false}}]');
      const all = check('.env', f).diagnostics.filter((d) => d.code === 'airflow/emission-policy');
      assert.deepEqual(
        all.map((d) => d.severity),
        [WARNING, WARNING],
        formatDiagnostics(all),
      );
      assert.match(msg(all[0]!), /`task_id` needs `dag_id`/);
      assert.match(msg(all[1]!), /Did you mean `emit`/);
    });
    it('reports an object instead of an array', () => {
      one(check('.env', files('{"scope": {}}')), 'airflow/emission-policy', '{"scope": {}}', ERROR);
    });
    it('accepts a valid policy', () => {
      none(
        check(
          '.env',
          files(
            '[{"scope": {"dag_id": "d", "task_id": "t"}, "match_mode": "regex", "controls": {"emit": false, "exclude_hook_lineage_hooks": ["S3.*"]}, "locked": true}]',
          ),
        ),
      );
    });
  });

  describe('airflow/option-version', () => {
    it('reports emission_policy on a provider older than 2.19.0', () => {
      const d = one(
        check('airflow.cfg', { 'requirements.txt': reqs('2.1.0'), 'airflow.cfg': '[openlineage]\nemission_policy = []\n' }),
        'airflow/option-version',
        'emission_policy',
        WARNING,
      );
      assert.match(
        msg(d),
        /2\.19\.0.*apache-airflow-providers-openlineage 2\.1\.0 \(from apache-airflow-providers-openlineage==2\.1\.0 in requirements\.txt\)/,
      );
      assert.deepEqual(d.tags, [DiagnosticTag.Unnecessary]);
    });
    it('gives a hint when the provider version is unknown', () => {
      one(
        check('airflow.cfg', { Dockerfile: DOCKERFILE_ASTRO, 'airflow.cfg': '[openlineage]\nemission_policy = []\n' }),
        'airflow/option-version',
        'emission_policy',
        HINT,
      );
    });
    it('accepts options the pinned provider has', () => {
      none(
        check('.env', { 'requirements.txt': reqs('2.1.0'), '.env': 'AIRFLOW__OPENLINEAGE__SPARK_INJECT_TRANSPORT_INFO=true\n' }),
        'airflow/option-version',
      );
    });
  });

  describe('airflow/deprecated-option', () => {
    it('translates disabled_for_operators on provider 2.19.0+', () => {
      const files = { 'requirements.txt': reqs('2.19.0'), 'airflow.cfg': '[openlineage]\ndisabled_for_operators = a.B;c.D\n' };
      const d = one(check('airflow.cfg', files), 'airflow/deprecated-option', 'disabled_for_operators', WARNING);
      assert.deepEqual(d.tags, [DiagnosticTag.Deprecated]);
      assert.equal(
        applyFix(d),
        '[openlineage]\nemission_policy = [{"scope": {"operator": "a.B"}, "controls": {"emit": false}}, {"scope": {"operator": "c.D"}, "controls": {"emit": false}}]\n',
      );
    });
    it('translates disable_source_code in a Dockerfile with quotes', () => {
      const files = { 'requirements.txt': reqs('2.20.0'), Dockerfile: 'ENV AIRFLOW__OPENLINEAGE__DISABLE_SOURCE_CODE=true\n' };
      const d = one(check('Dockerfile', files), 'airflow/deprecated-option', 'AIRFLOW__OPENLINEAGE__DISABLE_SOURCE_CODE', WARNING);
      assert.equal(
        applyFix(d),
        `ENV AIRFLOW__OPENLINEAGE__EMISSION_POLICY='[{"scope": {}, "controls": {"include_source_code": false}}]'\n`,
      );
    });
    it('says the verdict depends on the version when it is unknown', () => {
      const d = one(
        check('airflow.cfg', { 'airflow.cfg': '[openlineage]\nselective_enable = True\n' }),
        'airflow/deprecated-option',
        'selective_enable',
        INFORMATION,
      );
      assert.match(msg(d), /depends on the provider version/);
      assert.deepEqual(fixTitles(d), []);
    });
    it('says nothing before provider 2.19.0', () => {
      none(
        check('airflow.cfg', { 'requirements.txt': reqs('2.18.0'), 'airflow.cfg': '[openlineage]\ndisable_source_code = True\n' }),
        'airflow/deprecated-option',
      );
    });
  });

  describe('airflow/disabled', () => {
    it('says where lineage is switched off', () => {
      const d = one(
        check('.env', { '.env': 'AIRFLOW__OPENLINEAGE__DISABLED=True\n' }),
        'airflow/disabled',
        'AIRFLOW__OPENLINEAGE__DISABLED=True',
        INFORMATION,
      );
      assert.match(msg(d), /plugin is not loaded/);
      one(check('.env', { '.env': 'OPENLINEAGE_DISABLED=TRUE\n' }), 'airflow/disabled', 'OPENLINEAGE_DISABLED=TRUE', INFORMATION);
    });
    it('says on the provider line where the project switches it off', () => {
      const d = one(
        check('requirements.txt', {
          'requirements.txt': 'apache-airflow-providers-openlineage\n',
          'airflow.cfg': '[openlineage]\ndisabled = true\n',
        }),
        'airflow/disabled',
        'apache-airflow-providers-openlineage',
        INFORMATION,
      );
      assert.match(msg(d), /switched off in airflow\.cfg line 2 \(`disabled`\)/);
    });
    it('says nothing when it is False', () => {
      none(check('airflow.cfg', { 'airflow.cfg': '[openlineage]\ndisabled = False\n' }), 'airflow/disabled');
    });
  });

  describe('airflow/nothing-configured', () => {
    it('reports on the provider line when no transport is set anywhere, naming the files searched', () => {
      const files = {
        'requirements.txt': 'apache-airflow-providers-openlineage==2.1.0\n',
        '.env': 'AIRFLOW__OPENLINEAGE__NAMESPACE=acme\n',
        Dockerfile: DOCKERFILE_ASTRO,
      };
      const d = one(check('requirements.txt', files), 'airflow/nothing-configured', 'apache-airflow-providers-openlineage==2.1.0', WARNING);
      assert.match(msg(d), /Searched `\.env`, `Dockerfile`/);
    });
    it('is satisfied by a transport, config_path, OPENLINEAGE_URL or OPENLINEAGE__TRANSPORT* in any file', () => {
      const base = { 'requirements.txt': 'apache-airflow-providers-openlineage\n' };
      none(check('requirements.txt', { ...base, Dockerfile: `${DOCKERFILE_ASTRO}ENV AIRFLOW__OPENLINEAGE__TRANSPORT='${HTTP}'\n` }));
      none(check('requirements.txt', { ...base, '.env': 'OPENLINEAGE_URL=http://m:5000\n' }));
      none(check('requirements.txt', { ...base, '.env': 'OPENLINEAGE__TRANSPORT__TYPE=console\n' }));
      none(check('requirements.txt', { ...base, 'airflow.cfg': '[openlineage]\nconfig_path = /ol.yml\n' }));
    });
  });

  describe('airflow/lineage-backend', () => {
    const cfg = '[lineage]\nbackend = openlineage.lineage_backend.OpenLineageBackend\n';
    it('is dead on Airflow 3', () => {
      const files = { 'requirements.txt': 'apache-airflow==3.0.2\n', 'airflow.cfg': cfg };
      const d = one(check('airflow.cfg', files), 'airflow/lineage-backend', 'openlineage.lineage_backend.OpenLineageBackend', ERROR);
      assert.match(msg(d), /does nothing on Airflow 3\.0\.2 \(from apache-airflow==3\.0\.2 in requirements\.txt\)/);
      assert.equal(applyFix(d), '[lineage]\n');
    });
    it('is a warning on Airflow 3 from an Astro Runtime image (mapping not verified)', () => {
      const d = one(
        check('airflow.cfg', {
          Dockerfile: 'FROM quay.io/astronomer/astro-runtime:3.0-2\n',
          'airflow.cfg': '[lineage]\nbackend = my.Backend\n',
        }),
        'airflow/lineage-backend',
        'my.Backend',
        WARNING,
      );
      assert.match(msg(d), /mapping not verified/);
    });
    it('says what to use on Airflow 2.10', () => {
      const d = one(
        check('.env', {
          'requirements.txt': 'apache-airflow==2.10.4\nopenlineage-airflow==1.14.0\n',
          '.env': 'AIRFLOW__LINEAGE__BACKEND=openlineage.lineage_backend.OpenLineageBackend\n',
        }),
        'airflow/lineage-backend',
        'openlineage.lineage_backend.OpenLineageBackend',
        WARNING,
      );
      assert.match(msg(d), /use apache-airflow-providers-openlineage/);
    });
    it('is fine on Airflow 2.2, and says the version is unknown when it is', () => {
      none(
        check('airflow.cfg', { 'requirements.txt': 'apache-airflow==2.2.5\nopenlineage-airflow==1.14.0\n', 'airflow.cfg': cfg }),
        'airflow/lineage-backend',
      );
      const d = one(
        check('airflow.cfg', { 'airflow.cfg': cfg }),
        'airflow/lineage-backend',
        'openlineage.lineage_backend.OpenLineageBackend',
        INFORMATION,
      );
      assert.match(msg(d), /Airflow version is unknown/);
    });
    it('leaves the OpenMetadata backend to the OpenMetadata rules', () => {
      none(
        check('airflow.cfg', {
          'requirements.txt': 'apache-airflow==3.0.2\n',
          'airflow.cfg': '[lineage]\nbackend = airflow_provider_openmetadata.lineage.backend.OpenMetadataLineageBackend\n',
        }),
      );
    });
  });

  describe('airflow/legacy-package', () => {
    it('reports openlineage-airflow on Airflow 2.10 and replaces it', () => {
      const files = { 'requirements.txt': 'apache-airflow==2.10.4\nopenlineage-airflow==1.20.0\n' };
      const d = one(check('requirements.txt', files), 'airflow/legacy-package', 'openlineage-airflow==1.20.0', ERROR);
      assert.equal(applyFix(d), 'apache-airflow==2.10.4\napache-airflow-providers-openlineage\n');
    });
    it('is a warning when Airflow comes from an Astro Runtime image', () => {
      const d = one(
        check('requirements.txt', { Dockerfile: DOCKERFILE_ASTRO, 'requirements.txt': 'openlineage-airflow\n' }),
        'airflow/legacy-package',
        'openlineage-airflow',
        WARNING,
      );
      assert.match(msg(d), /Airflow 2\.10 \(from Astro Runtime 12\.6\.0 in Dockerfile, mapping not verified\)/);
    });
    it('only informs when the Airflow version is unknown, and warns when the provider is listed too', () => {
      const alone = one(
        check('requirements.txt', { 'requirements.txt': 'openlineage-airflow==1.14.0\n' }),
        'airflow/legacy-package',
        'openlineage-airflow==1.14.0',
        'information',
      );
      assert.match(msg(alone), /Airflow version is unknown/);
      const both = { 'requirements.txt': 'openlineage-airflow==1.14.0\napache-airflow-providers-openlineage==1.8.0\n' };
      const d = one(check('requirements.txt', both), 'airflow/legacy-package', 'openlineage-airflow==1.14.0', WARNING);
      assert.match(msg(d), /keep only one/);
    });
    it('names the last version for Airflow 2.2', () => {
      const files = { 'requirements.txt': 'apache-airflow==2.2.5\nopenlineage-airflow==1.20.0\n' };
      const d = one(check('requirements.txt', files), 'airflow/legacy-package', '==1.20.0', WARNING);
      assert.equal(applyFix(d), 'apache-airflow==2.2.5\nopenlineage-airflow==1.14.0\n');
    });
  });

  describe('airflow/missing-package', () => {
    it('reports [openlineage] settings without the provider', () => {
      one(
        check('.env', {
          'requirements.txt': 'pandas\n',
          '.env': 'AIRFLOW__OPENLINEAGE__NAMESPACE=a\nAIRFLOW__OPENLINEAGE__DISABLED=False\n',
        }),
        'airflow/missing-package',
        'AIRFLOW__OPENLINEAGE__NAMESPACE',
        WARNING,
      );
    });
    it('does not require the provider on Astro Runtime', () => {
      none(
        check('Dockerfile', { 'requirements.txt': 'pandas\n', Dockerfile: `${DOCKERFILE_ASTRO}ENV AIRFLOW__OPENLINEAGE__NAMESPACE=a\n` }),
        'airflow/missing-package',
      );
    });
    it('does not require the provider on Astro Runtime from Astro’s current registry, nor for an empty option', () => {
      const cfg = '[openlineage]\nconfig_path =\nnamespace = a\n';
      none(
        check('airflow.cfg', {
          'requirements.txt': 'pandas\n',
          Dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.1-13\n',
          'airflow.cfg': cfg,
        }),
        'airflow/missing-package',
      );
      one(check('airflow.cfg', { 'requirements.txt': 'pandas\n', 'airflow.cfg': cfg }), 'airflow/missing-package', 'namespace', WARNING);
    });
    it('reports the legacy backend without openlineage-airflow', () => {
      one(
        check('airflow.cfg', {
          'requirements.txt': 'pandas\n',
          'airflow.cfg': '[lineage]\nbackend = openlineage.lineage_backend.OpenLineageBackend\n',
        }),
        'airflow/missing-package',
        'openlineage.lineage_backend.OpenLineageBackend',
        WARNING,
      );
    });
  });

  describe('airflow/packages-txt', () => {
    it('reports a Python package in packages.txt and removes the line', () => {
      const files = { 'packages.txt': 'procps\napache-airflow-providers-openlineage\n' };
      const d = one(check('packages.txt', files), 'airflow/packages-txt', 'apache-airflow-providers-openlineage', ERROR);
      assert.equal(applyFix(d), 'procps\n');
    });
  });

  describe('airflow/openlineage-connection', () => {
    const yaml = (extra: string) => `airflow:\n  connections:\n    - conn_id: openlineage_default\n      conn_type: generic\n${extra}`;
    it('says config_conn_id must name the connection', () => {
      one(
        check('airflow_settings.yaml', {
          'airflow_settings.yaml': yaml('      conn_extra:\n        transport:\n          type: console\n'),
        }),
        'airflow/openlineage-connection',
        'openlineage_default',
        INFORMATION,
      );
    });
    it('checks the transport in the extra, as warnings', () => {
      const files = {
        '.env': 'AIRFLOW__OPENLINEAGE__CONFIG_CONN_ID=openlineage_default\n',
        'airflow_settings.yaml': yaml('      conn_extra:\n        transport:\n          type: htp\n        facet: {}\n'),
      };
      const all = check('airflow_settings.yaml', files).diagnostics;
      assert.deepEqual(
        all.map((d) => [d.code, d.severity]),
        [
          ['airflow/transport-type', WARNING],
          ['airflow/openlineage-connection', WARNING],
        ],
        formatDiagnostics(all),
      );
    });
    it('accepts a linked connection with a valid transport', () => {
      none(
        check('airflow_settings.yaml', {
          '.env': 'AIRFLOW__OPENLINEAGE__CONFIG_CONN_ID=openlineage_default\n',
          'airflow_settings.yaml': yaml(
            '      conn_extra:\n        transport:\n          type: http\n          url: http://marquez:5000\n',
          ),
        }),
      );
    });
  });

  describe('airflow/url', () => {
    it('reports OPENLINEAGE_URL without scheme and fixes it', () => {
      const files = { '.env': 'OPENLINEAGE_URL=marquez:5000\n' };
      const d = one(check('.env', files), 'airflow/url', 'marquez:5000', ERROR);
      assert.equal(applyFix(d), 'OPENLINEAGE_URL=http://marquez:5000\n');
    });
    it('warns when the URL already holds the endpoint', () => {
      const files = { '.env': 'OPENLINEAGE_URL=http://marquez:5000/api/v1/lineage\n' };
      const d = one(check('.env', files), 'airflow/url', 'http://marquez:5000/api/v1/lineage', WARNING);
      assert.equal(applyFix(d), 'OPENLINEAGE_URL=http://marquez:5000\n');
    });
  });

  describe('airflow/env-value', () => {
    it('reports a boolean that is read as false', () => {
      const files = { '.env': 'OPENLINEAGE_DISABLED=yes\n' };
      const d = one(check('.env', files), 'airflow/env-value', 'yes', WARNING);
      assert.equal(applyFix(d), 'OPENLINEAGE_DISABLED=true\n');
      one(check('.env', { '.env': 'OPENLINEAGE_AIRFLOW_DISABLE_SOURCE_CODE=maybe\n' }), 'airflow/env-value', 'maybe', WARNING);
    });
    it('reports an unknown log level', () => {
      one(check('.env', { '.env': 'OPENLINEAGE_CLIENT_LOGGING=verbose\n' }), 'airflow/env-value', 'verbose', WARNING);
    });
    it('accepts true/1/t for the source-code switch', () => {
      none(check('.env', { '.env': 'OPENLINEAGE_AIRFLOW_DISABLE_SOURCE_CODE=t\nOPENLINEAGE_CLIENT_LOGGING=INFO\n' }), 'airflow/env-value');
    });
    it('reports an auth type the client does not know, fixing the camelCase spelling', () => {
      const files = { '.env': 'OPENLINEAGE__TRANSPORT__TYPE=http\nOPENLINEAGE__TRANSPORT__AUTH__TYPE=apiKey\n' };
      const d = one(check('.env', files), 'airflow/env-value', 'apiKey', WARNING);
      assert.match(d.message as string, /takes `api_key`, `jwt` or the import path of a token provider class/);
      assert.equal(applyFix(d), 'OPENLINEAGE__TRANSPORT__TYPE=http\nOPENLINEAGE__TRANSPORT__AUTH__TYPE=api_key\n');
    });
    it('accepts api_key, jwt, a token provider class and templated values as the auth type', () => {
      for (const value of ['api_key', 'jwt', 'acme.auth.TokenProvider', '${AUTH_TYPE}'])
        none(check('.env', { '.env': `OPENLINEAGE__TRANSPORT__AUTH__TYPE=${value}\n` }), 'airflow/env-value');
    });
  });

  describe('airflow/env-name', () => {
    it('warns about a name close to a known one and renames it', () => {
      const files = { '.env': 'OPENLINEAGE_NAMESPCE=acme\n' };
      const d = one(check('.env', files), 'airflow/env-name', 'OPENLINEAGE_NAMESPCE', WARNING);
      assert.match(msg(d), /Did you mean `OPENLINEAGE_NAMESPACE`\?/);
      assert.equal(applyFix(d), 'OPENLINEAGE_NAMESPACE=acme\n');
    });
    it('only informs about unknown names far from known ones (the project may read them itself)', () => {
      const text = 'OPENLINEAGE_DBTRUNNER_TRACER=1\n';
      const d = one(check('.env', { '.env': text }), 'airflow/env-name', 'OPENLINEAGE_DBTRUNNER_TRACER', INFORMATION);
      assert.match(msg(d), /configures nothing/);
      assert.match(msg(d), /If your own code reads it, ignore this/);
    });
    it('reads compose environment and Dockerfile ENV too', () => {
      const compose = 'services:\n  scheduler:\n    environment:\n      OPENLINEAGE_URLL: http://marquez:5000\n';
      const d = one(check('docker-compose.yml', { 'docker-compose.yml': compose }), 'airflow/env-name', 'OPENLINEAGE_URLL', WARNING);
      assert.equal(applyFix(d), compose.replace('OPENLINEAGE_URLL', 'OPENLINEAGE_URL'));
      const dockerfile = 'FROM apache/airflow:2.10.4\nENV OPENLINEAGE_TRACER=on\n';
      one(check('Dockerfile', { Dockerfile: dockerfile }), 'airflow/env-name', 'OPENLINEAGE_TRACER', INFORMATION);
    });
    it('says nothing about dbt-ol variables, extractor variables or nested client settings', () => {
      none(
        check('.env', {
          '.env':
            'OPENLINEAGE_DBT_JOB_NAME=x\nOPENLINEAGE_PARENT_ID=a/b/c\nOPENLINEAGE_EXTRACTOR_BashOperator=a.B\nOPENLINEAGE_CLIENT_LOGGING=DEBUG\nOPENLINEAGE__TRANSPORT__TYPE=console\n',
        }),
      );
    });
    it('warns about MARQUEZ_* in an Airflow project without openlineage-airflow', () => {
      const files = { '.env': 'MARQUEZ_URL=http://m:5000\n', 'requirements.txt': 'apache-airflow-providers-openlineage==2.3.0\n' };
      const d = one(check('.env', files), 'airflow/env-name', 'MARQUEZ_URL', WARNING);
      assert.equal(applyFix(d), 'OPENLINEAGE_URL=http://m:5000\n');
    });
    it('leaves MARQUEZ_URL alone in a project that does not run Airflow (Marquez and its client read it too)', () => {
      none(check('.env', { '.env': 'MARQUEZ_URL=http://m:5000\n', 'requirements.txt': 'fastapi==0.110.0\n' }), 'airflow/env-name');
    });
  });

  describe('airflow/dynamic-env-key', () => {
    it('reports a camelCase key that env names cannot set', () => {
      const d = one(
        check('.env', { '.env': 'OPENLINEAGE__TRANSPORT__TYPE=amazon_datazone_api\nOPENLINEAGE__TRANSPORT__DOMAIN_ID=dzd\n' }),
        'airflow/dynamic-env-key',
        'DOMAIN_ID',
        WARNING,
      );
      assert.match(msg(d), /lower-cases env names/);
    });
    it('reports a Java spelling and an unknown top-level section', () => {
      const files = { '.env': 'OPENLINEAGE__TRANSPORT__TYPE=kafka\nOPENLINEAGE__TRANSPORT__TOPIC_NAME=t\nOPENLINEAGE__FACET__X=1\n' };
      const all = check('.env', files).diagnostics.filter((d) => d.code === 'airflow/dynamic-env-key');
      assert.equal(all.length, 2, formatDiagnostics(all));
      assert.equal(applyFix(all[0]!), files['.env'].replace('TOPIC_NAME', 'TOPIC'));
      assert.equal(applyFix(all[1]!), files['.env'].replace('__FACET__', '__FACETS__'));
    });
    it('accepts client keys', () => {
      none(
        check('.env', {
          '.env':
            'OPENLINEAGE__TRANSPORT__TYPE=http\nOPENLINEAGE__TRANSPORT__URL=http://m:5000\nOPENLINEAGE__TRANSPORT__AUTH__API_KEY=${K}\nOPENLINEAGE__TRANSPORT__TRANSPORTS__DEFAULT_HTTP={}\n',
        }),
      );
    });
  });

  describe('airflow/literal-secret', () => {
    it('warns about a literal key in docker-compose and references the variable', () => {
      const text = 'services:\n  s:\n    environment:\n      OPENLINEAGE_API_KEY: "sk-123456"\n';
      const files = { 'docker-compose.yml': text };
      const d = one(check('docker-compose.yml', files), 'airflow/literal-secret', 'sk-123456', WARNING);
      assert.equal(applyFix(d), text.replace('"sk-123456"', '"${OPENLINEAGE_API_KEY}"'));
    });
    it('warns about an apiKey inside the transport JSON', () => {
      one(
        check('Dockerfile', {
          Dockerfile: `ENV AIRFLOW__OPENLINEAGE__TRANSPORT='{"type": "http", "url": "http://m:5000", "auth": {"type": "api_key", "apiKey": "abc123def"}}'\n`,
        }),
        'airflow/literal-secret',
        'abc123def',
        WARNING,
      );
    });
    it('is information in .env, and quiet for placeholders', () => {
      one(check('.env', { '.env': 'OPENLINEAGE_API_KEY=abc123def\n' }), 'airflow/literal-secret', 'abc123def', INFORMATION);
      none(check('.env', { '.env': 'OPENLINEAGE_API_KEY=local-dev-unused\n' }), 'airflow/literal-secret');
    });
  });

  describe('airflow/duplicate-option', () => {
    it('reports an option set twice in airflow.cfg and removes the first', () => {
      const files = { 'airflow.cfg': '[openlineage]\nnamespace = a\nnamespace = b\n' };
      const d = one(check('airflow.cfg', files), 'airflow/duplicate-option', 'namespace', WARNING, { occurrence: 2 });
      assert.equal(applyFix(d), '[openlineage]\nnamespace = b\n');
    });
  });
});
