/**
 * The `ol-config/*` rules on `openlineage.yml`: how the file's client (dialect) is decided, and per rule a bad
 * case (exact range, severity, quick-fix result) and a good case.
 */
import assert from 'node:assert/strict';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import { EMPTY_PROJECT, type ProjectModel } from '../../server/src/service';
import { parseYaml } from '../../server/src/service/yaml/ast';
import { analyze } from '../../server/src/service/ol-config/analysis';
import { decideDialect } from '../../server/src/service/ol-config/dialect';
import { olConfigFamily } from '../../server/src/service/ol-config/family';
import { OL_CONFIG_RULES } from '../../server/src/service/ol-config/rules';
import { applyFix, doc, fixTitles, formatDiagnostics, msg, none, one, projectOf, rangeOf, service, validate } from '../support/harness';
import { DBT_OL_URI, DBT_PROJECT, OL_URI, SPARK_OL_URI } from '../support/ol-config-fixtures';

const { Error: ERROR, Warning: WARNING } = DiagnosticSeverity;

/** The `ol-config/*` diagnostics of `text` as the file at `uri`. */
const checkOl = (uri: string, text: string, project: ProjectModel = EMPTY_PROJECT, explicit = false) =>
  validate(uri, text, { project, explicit, family: 'ol-config' });
const dialectOf = (text: string, uri: string, model = EMPTY_PROJECT) => decideDialect(uri, model, analyze(parseYaml(text)));

describe('ol-config family', () => {
  it('recognises openlineage.yml/.yaml by name, and explicit YAML files with a top-level transport', () => {
    const kind = (uri: string, text: string, explicit = false) => service().fileKind(doc(uri, text), explicit ? { explicit } : undefined);
    assert.equal(kind('file:///w/openlineage.yml', ''), 'openlineage-yml');
    assert.equal(kind('file:///w/conf/OpenLineage.yaml', 'transport:\n  type: console\n'), 'openlineage-yml');
    assert.equal(kind('file:///w/ol.yml', 'transport:\n  type: console\n'), undefined);
    assert.equal(kind('file:///w/ol.yml', 'transport:\n  type: console\n', true), 'openlineage-yml');
    assert.equal(kind('file:///w/ol.yml', 'other:\n  transport: x\n', true), undefined);
  });

  it('leaves an OpenMetadata ingestion workflow named openlineage.yml alone: the content decides', () => {
    const workflow = [
      'source:',
      '  type: openlineage',
      '  serviceName: local_openlineage',
      '  serviceConnection:',
      '    config:',
      '      type: OpenLineage',
      '      brokersUrl: broker:9092',
      'sink:',
      '  type: metadata-rest',
      '  config: {}',
      'workflowConfig:',
      '  openMetadataServerConfig:',
      '    hostPort: http://localhost:8585/api',
      '',
    ].join('\n');
    assert.equal(service().fileKind(doc('file:///w/openlineage.yml', workflow)), undefined);
    none(checkOl('file:///w/openlineage.yml', workflow));
    // With a client transport as well, it is checked as a client configuration.
    const both = `transport:\n  type: htp\n${workflow}`;
    assert.equal(service().fileKind(doc('file:///w/openlineage.yml', both)), 'openlineage-yml');
    assert.ok(checkOl('file:///w/openlineage.yml', both).diagnostics.length > 0);
  });

  it('leaves a scratch file named openlineage.yaml alone when it is not YAML and has no transport', () => {
    const notes =
      '#OPENLINEAGE_URL=http://localhost:5000\nAIRFLOW__LINEAGE__BACKEND=x.Backend\n\nproject:\n  name: demo\ncreate database demo;\n';
    assert.equal(service().fileKind(doc('file:///w/openlineage.yaml', notes)), undefined);
    none(checkOl('file:///w/openlineage.yaml', notes));
    // A broken client config keeps its transport, so it is still checked, syntax error included.
    const broken = 'transport:\n  type: http\n   url: http://x\n';
    assert.equal(service().fileKind(doc('file:///w/openlineage.yml', broken)), 'openlineage-yml');
    one(checkOl('file:///w/openlineage.yml', broken), 'ol-config/syntax', ': http://x', 'error');
  });

  it('declares every rule with a stable ol-config/ id, a default severity and a summary', () => {
    const ids = olConfigFamily().rules.map((r) => r.id);
    assert.deepEqual(
      ids,
      OL_CONFIG_RULES.map((r) => r.id),
    );
    for (const r of olConfigFamily().rules) {
      assert.match(r.id, /^ol-config\/[a-z]+(-[a-z]+)*$/);
      assert.ok(r.summary.length > 20);
    }
  });

  it('checks nothing in other YAML files', () => {
    assert.deepEqual(checkOl('file:///w/config.yml', 'transport:\n  type: htp\n').diagnostics, []);
  });
});

describe('ol-config dialect', () => {
  const JAVA_HTTP = 'transport:\n  type: http\n  url: http://m:5000\n  timeoutInMillis: 5000\n';
  it('is Python inside a dbt project, whatever the keys say', () => {
    const d = dialectOf(JAVA_HTTP, DBT_OL_URI, DBT_PROJECT);
    assert.equal(d.dialect, 'python');
    assert.equal(d.from, 'dbt-project');
    assert.match(d.reason, /dbt project `acme`/);
  });

  it('is Java next to Spark/Flink jobs or on a Java classpath', () => {
    assert.equal(dialectOf('transport:\n  type: console\n', SPARK_OL_URI).dialect, 'java');
    assert.equal(dialectOf('transport:\n  type: console\n', 'file:///w/flink-jobs/openlineage.yml').dialect, 'java');
    assert.equal(dialectOf('transport:\n  type: console\n', 'file:///w/app/src/main/resources/openlineage.yml').dialect, 'java');
  });

  it('prefers a Spark folder below a dbt project that is the repository root', () => {
    const model = projectOf({ 'dbt_project.yml': 'name: root\n' });
    assert.equal(dialectOf('transport:\n  type: console\n', SPARK_OL_URI, model).dialect, 'java');
    assert.equal(dialectOf('transport:\n  type: console\n', OL_URI, model).dialect, 'python');
  });

  it('is Python in a workspace with Airflow DAGs or OpenLineage Python packages', () => {
    assert.equal(dialectOf(JAVA_HTTP, OL_URI, projectOf({ 'dags/a.py': 'from airflow import DAG\n' })).from, 'project');
    assert.equal(dialectOf(JAVA_HTTP, OL_URI, projectOf({ 'requirements.txt': 'openlineage-python==1.40.0\n' })).dialect, 'python');
  });

  it('follows the file’s own keys otherwise, and is undecided when they say nothing or tie', () => {
    assert.equal(dialectOf(JAVA_HTTP, OL_URI).dialect, 'java');
    assert.equal(dialectOf('transport:\n  type: file\n  log_file_path: /tmp/e\n', OL_URI).dialect, 'python');
    assert.equal(dialectOf('transport:\n  type: http\n  url: http://m\n', OL_URI).dialect, undefined);
    const tie = dialectOf('transport:\n  type: http\n  url: http://m\n  timeout: 5\n  timeoutInMillis: 5000\n', OL_URI);
    assert.equal(tie.dialect, undefined);
    assert.equal(tie.mixed, true);
  });
});

describe('ol-config rules', () => {
  describe('ol-config/syntax', () => {
    const id = 'ol-config/syntax';
    it('reports invalid YAML at the error', () => {
      const text = 'transport:\n  type: http\n url: [oops\n';
      const all = checkOl(OL_URI, text).diagnostics;
      const hits = all.filter((d) => d.code === id);
      assert.equal(hits.length, 1, formatDiagnostics(all));
      assert.equal(hits[0]!.severity, ERROR);
      assert.match(msg(hits[0]!), /not valid YAML/);
    });

    it('reports a root that is not a mapping, and several documents for the Python client', () => {
      const list = '- transport: x\n';
      one(checkOl(OL_URI, list), id, '- transport: x', ERROR);
      const two = 'transport:\n  type: console\n---\nfacets: {}\n';
      const d = one(checkOl(DBT_OL_URI, two, DBT_PROJECT), id, 'facets: {}', ERROR);
      assert.match(msg(d), /yaml\.safe_load/);
    });

    it('accepts a well-formed file and an empty one', () => {
      none(checkOl(OL_URI, 'transport:\n  type: console\n'), id);
      none(checkOl(OL_URI, ''), id);
      none(checkOl(OL_URI, '# nothing yet\n'), id);
    });
  });

  describe('ol-config/wrong-dialect-key', () => {
    const id = 'ol-config/wrong-dialect-key';
    it('reports the Java timeoutInMillis where the Python client reads the file, and converts the value', () => {
      const text = 'transport:\n  type: http\n  url: http://m:5000\n  timeoutInMillis: 5000\n';
      const d = one(checkOl(DBT_OL_URI, text, DBT_PROJECT), id, 'timeoutInMillis', WARNING);
      assert.match(msg(d), /Java client’s key.*read by the Python client \(it is inside the dbt project `acme`/);
      assert.match(msg(d), /Use `timeout` \(in seconds\)/);
      assert.equal(applyFix(d), 'transport:\n  type: http\n  url: http://m:5000\n  timeout: 5\n');
    });

    it('reports Python kafka keys where the Java client reads the file', () => {
      const text = 'transport:\n  type: kafka\n  topic: events\n  config:\n    bootstrap.servers: k:9092\n';
      const all = checkOl(SPARK_OL_URI, text).diagnostics;
      const hits = all.filter((d) => d.code === id);
      assert.deepEqual(
        hits.map((d) => d.range),
        [rangeOf(text, 'topic'), rangeOf(text, 'config')],
        formatDiagnostics(all),
      );
      assert.equal(applyFix(hits[0]!), text.replace('topic:', 'topicName:'));
      assert.equal(applyFix(hits[1]!), text.replace('config:', 'properties:'));
      // With the Java spellings the transport is complete.
      none(checkOl(SPARK_OL_URI, text.replace('topic:', 'topicName:').replace('config:', 'properties:')), 'ol-config/transport-required');
    });

    it('maps facets, headers, composite, transform and auth keys between the clients', () => {
      const cases: [string, string, string][] = [
        ['facets:\n  environment_variables: [A]\n', 'environment_variables', 'custom_environment_variables'],
        ['transport:\n  type: http\n  url: http://m\n  custom_headers:\n    X: y\n', 'custom_headers', 'headers'],
        [
          'transport:\n  type: composite\n  continue_on_failure: false\n  transports:\n    a:\n      type: console\n',
          'continue_on_failure',
          'continueOnFailure',
        ],
        [
          'transport:\n  type: transform\n  transformer_class: a.B\n  transport:\n    type: console\n',
          'transformer_class',
          'transformerClass',
        ],
        ['transport:\n  type: http\n  url: http://m\n  auth:\n    type: api_key\n    api_key: ${KEY}\n', 'api_key', 'apiKey'],
        ['transport:\n  type: file\n  log_file_path: /tmp/e\n', 'log_file_path', 'location'],
      ];
      for (const [text, key, java] of cases) {
        const d = one(checkOl(SPARK_OL_URI, text), id, `${key}:`.slice(0, -1), WARNING, { occurrence: key === 'api_key' ? 2 : 1 });
        assert.equal(applyFix(d), text.replace(`${key}:`, `${java}:`), text);
      }
    });

    it('explains Java-only top-level sections to the Python client', () => {
      const text = 'transport:\n  type: console\nnamespace: acme\njob:\n  tags: [team:data]\n';
      const all = checkOl(DBT_OL_URI, text, DBT_PROJECT).diagnostics;
      const hits = all.filter((d) => d.code === id);
      assert.equal(hits.length, 2, formatDiagnostics(all));
      assert.match(msg(hits[0]!), /OPENLINEAGE_NAMESPACE/);
      assert.match(msg(hits[1]!), /tags: \{job:/);
      assert.deepEqual(fixTitles(hits[0]!), []);
    });

    it('removes instead of renaming when the right key is already set', () => {
      const text = 'transport:\n  type: http\n  url: http://m\n  timeout: 5\n  timeoutInMillis: 5000\n';
      const d = one(checkOl(DBT_OL_URI, text, DBT_PROJECT), id, 'timeoutInMillis', WARNING);
      assert.equal(applyFix(d), 'transport:\n  type: http\n  url: http://m\n  timeout: 5\n');
    });

    it('reports both sides of a file that mixes the two spellings equally, without a preferred fix', () => {
      const text = 'transport:\n  type: http\n  url: http://m\n  custom_headers: {X: y}\n  timeoutInMillis: 5000\n';
      const all = checkOl(OL_URI, text).diagnostics;
      const hits = all.filter((d) => d.code === id);
      assert.deepEqual(
        hits.map((d) => d.range),
        [rangeOf(text, 'custom_headers'), rangeOf(text, 'timeoutInMillis')],
        formatDiagnostics(all),
      );
      assert.match(msg(hits[0]!), /mixes the two clients’ spellings/);
      const actions = service().codeActions(doc(OL_URI, text), hits);
      assert.ok(actions.every((a) => !a.isPreferred));
    });

    it('accepts keys of either client when nothing decides the dialect, and the right keys when it is decided', () => {
      none(checkOl(OL_URI, 'transport:\n  type: http\n  url: http://m\n  timeoutInMillis: 5000\n'), id);
      none(checkOl(DBT_OL_URI, 'transport:\n  type: http\n  url: http://m\n  timeout: 5\n  custom_headers: {X: y}\n', DBT_PROJECT), id);
      none(checkOl(SPARK_OL_URI, 'transport:\n  type: http\n  url: http://m\n  timeoutInMillis: 5\n  headers: {X: y}\n'), id);
    });
  });

  describe('ol-config/unknown-key', () => {
    const id = 'ol-config/unknown-key';
    it('suggests the nearest key of the reading client', () => {
      const text = 'transport:\n  type: file\n  log_file_path: /tmp/e\n  apend: true\n';
      const d = one(checkOl(OL_URI, text), id, 'apend', WARNING);
      assert.match(msg(d), /Did you mean `append`\?/);
      assert.equal(applyFix(d), text.replace('apend', 'append'));
    });

    it('says an unknown facets key makes the Python client fail', () => {
      const text = 'facets:\n  enviroment_variables: [A]\n';
      const d = one(checkOl(DBT_OL_URI, text, DBT_PROJECT), id, 'enviroment_variables', WARNING);
      assert.match(msg(d), /Failed to parse OpenLineage config/);
    });

    it('reports a removed Java key as deprecated', () => {
      const text = 'transport:\n  type: kafka\n  topicName: t\n  properties:\n    bootstrap.servers: k\n  localServerId: x\n';
      const d = one(checkOl(SPARK_OL_URI, text), id, 'localServerId', WARNING);
      assert.match(msg(d), /removed in OpenLineage 1\.17\.1/);
      assert.deepEqual(d.tags, [DiagnosticTag.Deprecated]);
      assert.equal(applyFix(d), 'transport:\n  type: kafka\n  topicName: t\n  properties:\n    bootstrap.servers: k\n');
    });

    it('points at a documented Java misspelling', () => {
      const text = 'facets:\n  variables: [A]\n';
      const d = one(checkOl(SPARK_OL_URI, text), id, 'variables', WARNING);
      assert.equal(applyFix(d), 'facets:\n  custom_environment_variables: [A]\n');
    });

    it('suggests a key of the other client when the dialect was only guessed', () => {
      const text = 'transport:\n  type: file\n  log_file_path: /tmp/e\ncircuitBraker:\n  type: timeout\n';
      const d = one(checkOl(OL_URI, text), id, 'circuitBraker', WARNING);
      assert.match(msg(d), /Did you mean `circuitBreaker`\? That is a key of the Java client/);
    });

    it('accepts known keys, free-form names and keys under unknown transport types', () => {
      none(
        checkOl(
          DBT_OL_URI,
          'transport:\n  type: http\n  url: http://m\n  custom_headers:\n    X-Anything: y\n  retry:\n    total: 3\n    other: 1\n',
          DBT_PROJECT,
        ),
        id,
      );
      none(
        checkOl(SPARK_OL_URI, 'transport:\n  type: kafka\n  topicName: t\n  properties:\n    bootstrap.servers: k\n    acks: all\n'),
        id,
      );
      none(checkOl(OL_URI, 'transport:\n  type: my.pkg.Transport\n  anything: 1\n'), id);
      none(
        checkOl(
          SPARK_OL_URI,
          'circuitBreaker:\n  type: timeout\n  timeoutInSeconds: 10\ndataset:\n  namespaceResolvers:\n    prod:\n      type: hostList\n      hosts: [a, b]\n',
        ),
        id,
      );
    });
  });

  describe('ol-config/transport-key-mismatch', () => {
    const id = 'ol-config/transport-key-mismatch';
    it('reports a key of another transport type, faded, with a removal', () => {
      const text = 'transport:\n  type: file\n  log_file_path: /tmp/e\n  url: http://m\n';
      const d = one(checkOl(DBT_OL_URI, text, DBT_PROJECT), id, 'url', WARNING);
      assert.deepEqual(d.tags, [DiagnosticTag.Unnecessary]);
      assert.match(msg(d), /belongs to the `http` or `async_http` transport/);
      assert.equal(applyFix(d), 'transport:\n  type: file\n  log_file_path: /tmp/e\n');
    });

    it('accepts the keys of the configured type', () => {
      none(checkOl(SPARK_OL_URI, 'transport:\n  type: file\n  location: /tmp/e\n'), id);
    });
  });

  describe('ol-config/transport-type', () => {
    const id = 'ol-config/transport-type';
    it('reports HTTP for the Python client, which matches types exactly', () => {
      const text = 'transport:\n  type: HTTP\n  url: http://m\n';
      const d = one(checkOl(DBT_OL_URI, text, DBT_PROJECT), id, 'HTTP', ERROR);
      assert.match(msg(d), /only the Java client accepts other cases/);
      assert.equal(applyFix(d), text.replace('HTTP', 'http'));
    });

    it('warns about HTTP when either client may read the file, and accepts it for Java', () => {
      const text = 'transport:\n  type: HTTP\n  url: http://m\n';
      one(checkOl(OL_URI, text), id, 'HTTP', WARNING);
      none(checkOl(SPARK_OL_URI, text), id);
    });

    it('reports a type the reading client does not have', () => {
      const s3 = 'transport:\n  type: s3\n  bucketName: b\n';
      assert.match(msg(one(checkOl(DBT_OL_URI, s3, DBT_PROJECT), id, 's3', ERROR)), /exists only in the Java client/);
      const dd = 'transport:\n  type: datadog\n';
      one(checkOl(SPARK_OL_URI, dd), id, 'datadog', WARNING);
    });

    it('suggests the nearest type for a typo', () => {
      const text = 'transport:\n  type: htttp\n';
      const d = one(checkOl(OL_URI, text), id, 'htttp', ERROR);
      assert.equal(applyFix(d), text.replace('htttp', 'http'));
    });

    it('accepts known types, class paths and templated types', () => {
      for (const t of ['http', 'console', 'composite', 'my.module.MyTransport', '${TRANSPORT}'])
        none(checkOl(DBT_OL_URI, `transport:\n  type: ${t}\n  url: http://m\n  transports: []\n`, DBT_PROJECT), id);
    });
  });

  describe('ol-config/transport-required', () => {
    const id = 'ol-config/transport-required';
    it('reports the Python kafka transport without topic and config, and inserts them', () => {
      const text = 'transport:\n  type: kafka\n  flush: true\n';
      const d = one(checkOl(DBT_OL_URI, text, DBT_PROJECT), id, 'kafka', ERROR);
      assert.match(msg(d), /needs `topic` and `config`/);
      assert.equal(
        applyFix(d),
        'transport:\n  type: kafka\n  flush: true\n  topic: openlineage.events\n  config:\n    bootstrap.servers: localhost:9092\n',
      );
    });

    it('reports the Java kafka transport without bootstrap.servers, inside an existing properties mapping', () => {
      const text = 'transport:\n  type: kafka\n  topicName: t\n  properties:\n    acks: all\n';
      const d = one(checkOl(SPARK_OL_URI, text), id, 'kafka', ERROR);
      assert.equal(
        applyFix(d),
        'transport:\n  type: kafka\n  topicName: t\n  properties:\n    acks: all\n    bootstrap.servers: localhost:9092\n',
      );
    });

    it('names both clients’ keys when either may read the file', () => {
      const text = 'transport:\n  type: file\n';
      const d = one(checkOl(OL_URI, text), id, 'file', ERROR);
      assert.match(msg(d), /`log_file_path` \(Python client\) or `location` \(Java client\)/);
      assert.deepEqual(fixTitles(d), ['Add log_file_path (Python client)', 'Add location (Java client)']);
    });

    it('reports a transport without type, and adds `type: http` next to a url (flow style too)', () => {
      const text = 'transport: {url: "http://m:5000"}\n';
      const d = one(checkOl(DBT_OL_URI, text, DBT_PROJECT), id, 'url', ERROR);
      assert.equal(applyFix(d), 'transport: {url: "http://m:5000", type: http}\n');
    });

    it('requires the JWT token endpoint for the Java client', () => {
      const text = 'transport:\n  type: http\n  url: http://m\n  auth:\n    type: jwt\n    apiKey: k\n';
      const d = one(checkOl(SPARK_OL_URI, text), id, 'http', ERROR);
      assert.match(msg(d), /auth\.tokenEndpoint/);
    });

    it('accepts complete transports, and leaves a key spelled for the other client to wrong-dialect-key', () => {
      none(checkOl(OL_URI, 'transport:\n  type: http\n  url: http://m\n'), id);
      none(checkOl(OL_URI, 'transport:\n  type: composite\n  transports:\n    - type: console\n'), id);
      none(checkOl(DBT_OL_URI, 'transport:\n  type: file\n  location: /tmp/e\n', DBT_PROJECT), id);
    });
  });

  describe('ol-config/value-type', () => {
    const id = 'ol-config/value-type';
    it('reports a quoted "false" for the Python client, which treats it as true', () => {
      const text = 'transport:\n  type: http\n  url: http://m\n  verify: "false"\n';
      const d = one(checkOl(DBT_OL_URI, text, DBT_PROJECT), id, '"false"', ERROR);
      assert.match(msg(d), /turns the setting on/);
      assert.equal(applyFix(d), text.replace('"false"', 'false'));
    });

    it('reports a non-numeric timeout, and a Python timeout written in milliseconds', () => {
      const bad = 'transport:\n  type: http\n  url: http://m\n  timeout: 5s\n';
      const d = one(checkOl(DBT_OL_URI, bad, DBT_PROJECT), id, '5s', ERROR);
      assert.equal(applyFix(d), bad.replace('5s', '5'));
      const ms = 'transport:\n  type: http\n  url: http://m\n  timeout: 5000\n';
      const w = one(checkOl(DBT_OL_URI, ms, DBT_PROJECT), id, '5000', WARNING);
      assert.equal(applyFix(w), ms.replace('5000', '5'));
    });

    it('reports an unknown auth.type and compression', () => {
      const text = 'transport:\n  type: http\n  url: http://m\n  compression: gz\n  auth:\n    type: apiKey\n';
      const all = checkOl(DBT_OL_URI, text, DBT_PROJECT).diagnostics;
      const hits = all.filter((d) => d.code === id);
      assert.deepEqual(
        hits.map((d) => d.range),
        [rangeOf(text, 'gz'), rangeOf(text, 'apiKey')],
        formatDiagnostics(all),
      );
      assert.equal(applyFix(hits[1]!), text.replace('type: apiKey', 'type: api_key'));
    });

    it('reports a single string where the Python client needs a list, and a list where it needs a mapping', () => {
      const text = 'facets:\n  environment_variables: A,B\ntags:\n  job: [a, b]\n';
      const all = checkOl(DBT_OL_URI, text, DBT_PROJECT).diagnostics;
      const hits = all.filter((d) => d.code === id);
      assert.deepEqual(
        hits.map((d) => d.range),
        [rangeOf(text, 'A,B'), rangeOf(text, '[a, b]')],
        formatDiagnostics(all),
      );
      assert.equal(applyFix(hits[0]!), text.replace('A,B', '[A, B]'));
    });

    it('checks Python filters', () => {
      const text = 'filters:\n  - type: regex\n    match: x\n';
      const d = one(checkOl(DBT_OL_URI, text, DBT_PROJECT), id, 'regex', ERROR);
      assert.equal(applyFix(d), "filters:\n  - type: regex\n    match: x\n    regex: '<pattern>'\n");
    });

    it('does not judge templates, and accepts what either client accepts', () => {
      none(checkOl(DBT_OL_URI, 'transport:\n  type: http\n  url: http://m\n  timeout: ${T}\n  verify: "{{ v }}"\n', DBT_PROJECT), id);
      // Java coerces quoted numbers and booleans.
      none(checkOl(SPARK_OL_URI, 'transport:\n  type: http\n  url: http://m\n  timeoutInMillis: "5000"\n'), id);
      none(
        checkOl(
          DBT_OL_URI,
          'transport:\n  type: http\n  url: http://m\n  timeout: 2.5\n  verify: no\n  retry:\n    status_forcelist: [500, 503]\n',
          DBT_PROJECT,
        ),
        id,
      );
    });
  });

  describe('ol-config/url', () => {
    const id = 'ol-config/url';
    it('reports a URL without scheme and fixes it', () => {
      const text = 'transport:\n  type: http\n  url: marquez:5000\n';
      const d = one(checkOl(OL_URI, text), id, 'marquez:5000', ERROR);
      assert.equal(applyFix(d), text.replace('marquez:5000', 'http://marquez:5000'));
    });

    it('accepts good and templated URLs', () => {
      none(checkOl(OL_URI, 'transport:\n  type: http\n  url: https://api.example.com/lineage\n'), id);
      none(checkOl(OL_URI, 'transport:\n  type: http\n  url: ${OPENLINEAGE_URL}\n'), id);
    });
  });

  describe('ol-config/unexpanded-env-var', () => {
    const id = 'ol-config/unexpanded-env-var';
    it('warns that the Python client sends ${OPENLINEAGE_API_KEY} literally, and says how to pass the key', () => {
      const text = 'transport:\n  type: http\n  url: http://m\n  auth:\n    type: api_key\n    apiKey: ${OPENLINEAGE_API_KEY}\n';
      const d = one(checkOl(DBT_OL_URI, text, DBT_PROJECT), id, '${OPENLINEAGE_API_KEY}', WARNING);
      assert.match(msg(d), /yaml\.safe_load/);
      assert.match(msg(d), /OPENLINEAGE__TRANSPORT__AUTH='\{"type": "api_key", "apiKey": "<key>"\}'/);
      assert.match(msg(d), /OPENLINEAGE_API_KEY` works only without a transport/);
      assert.equal(applyFix(d), 'transport:\n  type: http\n  url: http://m\n  auth:\n    type: api_key\n');
    });

    it('names the variable path for a plain key, and the Java spelling for the Java client', () => {
      const url = 'transport:\n  type: http\n  url: ${OPENLINEAGE_URL}\n';
      assert.match(
        msg(one(checkOl(DBT_OL_URI, url, DBT_PROJECT), id, '${OPENLINEAGE_URL}', WARNING)),
        /`OPENLINEAGE__TRANSPORT__URL=<value>`/,
      );
      const key = 'transport:\n  type: http\n  url: http://m\n  auth:\n    type: api_key\n    apiKey: "prefix-${KEY}"\n';
      assert.match(msg(one(checkOl(SPARK_OL_URI, key), id, '${KEY}', WARNING)), /OPENLINEAGE__TRANSPORT__AUTH__API_KEY/);
    });

    it('accepts values without variables', () => {
      none(
        checkOl(
          OL_URI,
          'transport:\n  type: http\n  url: http://m\n  endpoint: api/v1/lineage\nfilters:\n  - type: regex\n    regex: "^job$"\n',
        ),
        id,
      );
    });
  });

  describe('ol-config/literal-secret', () => {
    const id = 'ol-config/literal-secret';
    it('reports a literal API key and an Authorization header', () => {
      const text =
        'transport:\n  type: http\n  url: http://m\n  auth:\n    type: api_key\n    apiKey: f38d2189-c603-4b46\n  custom_headers:\n    Authorization: Bearer abc123\n';
      const all = checkOl(DBT_OL_URI, text, DBT_PROJECT).diagnostics;
      const hits = all.filter((d) => d.code === id);
      assert.deepEqual(
        hits.map((d) => d.range),
        [rangeOf(text, 'f38d2189-c603-4b46'), rangeOf(text, 'Bearer abc123')],
        formatDiagnostics(all),
      );
      assert.equal(hits[0]!.severity, WARNING);
      assert.equal(applyFix(hits[0]!), text.replace('    apiKey: f38d2189-c603-4b46\n', ''));
    });

    it('accepts placeholders and templates', () => {
      none(checkOl(OL_URI, 'transport:\n  type: http\n  url: http://m\n  auth:\n    type: api_key\n    apiKey: <your-key>\n'), id);
      none(checkOl(OL_URI, 'transport:\n  type: http\n  url: http://m\n  auth:\n    type: api_key\n    apiKey: ${K}\n'), id);
    });
  });
});
