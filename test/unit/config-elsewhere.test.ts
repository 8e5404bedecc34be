/**
 * Configuration that lives outside .env/Dockerfile/compose/airflow.cfg (issue 13): the parsers for start
 * scripts, Kubernetes/Helm YAML, GitHub Actions and MWAA infrastructure code (exact ranges), compose services
 * (which run Airflow, `env_file:`, mounts), and the rules that read them: `airflow/nothing-configured`,
 * `airflow/config-path-target`, `airflow/env-name` on non-Airflow services and `ol-config/transport-required`
 * with variables set elsewhere.
 */
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { parseShellScript } from '../../server/src/service/settings/shell-script';
import { parseKubeEnv } from '../../server/src/service/settings/kube-env';
import { parseIacOptions } from '../../server/src/service/settings/iac';
import { parseCompose } from '../../server/src/service/settings/compose';
import { ProjectIndex } from '../../server/src/service/project/index';
import type { Setting } from '../../server/src/service/settings/model';
import { msg, none, one, projectOf, validate, ws, type Files } from '../support/harness';

const { Warning: WARNING, Information: INFORMATION } = DiagnosticSeverity;
const PROVIDER = 'apache-airflow-providers-openlineage==2.1.0\n';
const check = (path: string, files: Files, family = 'airflow') => validate(ws(path), files[path]!, { project: files, family });

/** key, value and where they are written, for exact-range assertions. */
function written(text: string, s: Setting) {
  return {
    key: s.key,
    value: s.value,
    keyText: text.slice(s.keyRange.start, s.keyRange.end),
    valueText: text.slice(s.valueRange.start, s.valueRange.end),
  };
}

describe('configuration where it lives', () => {
  describe('shell scripts (settings/shell-script.ts)', () => {
    it('reads export, env and command-prefix assignments with exact ranges', () => {
      const text = [
        '#!/bin/bash',
        'export OPENLINEAGE_URL=http://localhost:5000',
        'run() {',
        '  export AIRFLOW__OPENLINEAGE__NAMESPACE="team a" OTHER=1',
        '}',
        'OPENLINEAGE_NAMESPACE=jobs airflow scheduler &',
        'env OPENLINEAGE_DISABLED=false airflow webserver',
        'LOCAL_ONLY=1',
        '',
      ].join('\n');
      const doc = parseShellScript(text);
      assert.equal(doc.form, 'shell-script');
      assert.deepEqual(
        doc.settings.map((s) => written(text, s)),
        [
          { key: 'OPENLINEAGE_URL', value: 'http://localhost:5000', keyText: 'OPENLINEAGE_URL', valueText: 'http://localhost:5000' },
          { key: 'AIRFLOW__OPENLINEAGE__NAMESPACE', value: 'team a', keyText: 'AIRFLOW__OPENLINEAGE__NAMESPACE', valueText: 'team a' },
          { key: 'OTHER', value: '1', keyText: 'OTHER', valueText: '1' },
          { key: 'OPENLINEAGE_NAMESPACE', value: 'jobs', keyText: 'OPENLINEAGE_NAMESPACE', valueText: 'jobs' },
          { key: 'OPENLINEAGE_DISABLED', value: 'false', keyText: 'OPENLINEAGE_DISABLED', valueText: 'false' },
        ],
      );
    });
    it('takes a plain assignment only when the name is exported too', () => {
      const text = 'OPENLINEAGE_URL=http://m:5000\nexport OPENLINEAGE_URL\nTEMP=1\n';
      assert.deepEqual(
        parseShellScript(text).settings.map((s) => s.key),
        ['OPENLINEAGE_URL'],
      );
    });
  });

  describe('Kubernetes, Helm values and GitHub Actions YAML (settings/kube-env.ts)', () => {
    it('reads env lists, valueFrom entries and the Airflow chart config section', () => {
      const text = [
        'env:',
        '  - name: OPENLINEAGE_URL',
        '    value: "http://marquez.lineage:5000"',
        '  - name: OPENLINEAGE_API_KEY',
        '    valueFrom:',
        '      secretKeyRef: {name: ol, key: api}',
        'config:',
        '  openlineage:',
        '    namespace: k8s-team',
        '',
      ].join('\n');
      const doc = parseKubeEnv(text);
      assert.equal(doc.form, 'kubernetes');
      const [url, key, ns] = doc.settings;
      assert.deepEqual(written(text, url!), {
        key: 'OPENLINEAGE_URL',
        value: 'http://marquez.lineage:5000',
        keyText: 'OPENLINEAGE_URL',
        valueText: 'http://marquez.lineage:5000',
      });
      assert.equal(key!.key, 'OPENLINEAGE_API_KEY');
      assert.equal(key!.valueKind, 'template');
      assert.deepEqual(
        { ...written(text, ns!), section: ns!.section, source: ns!.source },
        {
          key: 'namespace',
          value: 'k8s-team',
          keyText: 'namespace',
          valueText: 'k8s-team',
          section: 'openlineage',
          source: 'cfg',
        },
      );
    });
    it('reads an extraEnv block string at its place in the file', () => {
      const text = 'extraEnv: |\n  - name: AIRFLOW__OPENLINEAGE__TRANSPORT\n    value: \'{"type": "console"}\'\n';
      const [s] = parseKubeEnv(text).settings;
      assert.deepEqual(written(text, s!), {
        key: 'AIRFLOW__OPENLINEAGE__TRANSPORT',
        value: '{"type": "console"}',
        keyText: 'AIRFLOW__OPENLINEAGE__TRANSPORT',
        valueText: '{"type": "console"}',
      });
    });
    it('reads GitHub Actions env maps at step level', () => {
      const text =
        'on: push\njobs:\n  run:\n    steps:\n      - run: dbt-ol run\n        env:\n          OPENLINEAGE__TRANSPORT__URL: https://ol.example\n';
      const doc = parseKubeEnv(text);
      assert.equal(doc.form, 'github-actions');
      assert.deepEqual(
        doc.settings.map((s) => written(text, s)),
        [
          {
            key: 'OPENLINEAGE__TRANSPORT__URL',
            value: 'https://ol.example',
            keyText: 'OPENLINEAGE__TRANSPORT__URL',
            valueText: 'https://ol.example',
          },
        ],
      );
    });
  });

  describe('MWAA options in infrastructure code (settings/iac.ts)', () => {
    it('reads CDK Python, CDK TypeScript and Terraform option maps', () => {
      const py =
        'env = mwaa.CfnEnvironment(self, "E",\n    airflow_configuration_options={\n        "openlineage.transport": json.dumps({"type": "http"}),\n        "openlineage.namespace": "prod",\n    })\n';
      const ts = "new CfnEnvironment(this, 'E', { airflowConfigurationOptions: { 'openlineage.namespace': 'dev', 'core.x': '1' } });\n";
      const tf =
        'resource "aws_mwaa_environment" "e" {\n  airflow_configuration_options = {\n    "openlineage.transport" = jsonencode({ type = "console" })\n  }\n}\n';
      const read = (text: string) =>
        parseIacOptions(text).settings.map((s) => ({ section: s.section, ...written(text, s), kind: s.valueKind }));
      assert.deepEqual(read(py), [
        {
          section: 'openlineage',
          key: 'transport',
          value: 'json.dumps({"type": "http"})',
          keyText: 'transport',
          valueText: 'json.dumps({"type": "http"})',
          kind: 'expression',
        },
        { section: 'openlineage', key: 'namespace', value: 'prod', keyText: 'namespace', valueText: 'prod', kind: 'literal' },
      ]);
      assert.deepEqual(read(ts), [
        { section: 'openlineage', key: 'namespace', value: 'dev', keyText: 'namespace', valueText: 'dev', kind: 'literal' },
      ]);
      assert.deepEqual(read(tf), [
        {
          section: 'openlineage',
          key: 'transport',
          value: 'jsonencode({ type = "console" })',
          keyText: 'transport',
          valueText: 'jsonencode({ type = "console" })',
          kind: 'expression',
        },
      ]);
    });
    it('reads nothing from code that does not set MWAA options', () => {
      assert.deepEqual(parseIacOptions('conf = {"openlineage.transport": "x"}\n').settings, []);
    });
  });

  describe('compose services (settings/compose-services.ts)', () => {
    const compose = [
      'x-airflow-common: &airflow-common',
      '  image: apache/airflow:2.10.4',
      '  environment:',
      '    OPENLINEAGE_NAMESPACE: shared',
      'services:',
      '  scheduler:',
      '    <<: *airflow-common',
      '    command: scheduler',
      '    env_file: [airflow.vars]',
      '    volumes:',
      '      - ./ol:/opt/airflow/ol',
      '  seed:',
      '    image: marquezproject/marquez:0.50.0',
      '    environment:',
      '      MARQUEZ_URL: http://api:5000',
      '  worker:',
      '    build: ./images/worker',
      '    environment:',
      '      OPENLINEAGE_URL: http://api:5000',
      '',
    ].join('\n');
    it('tags each variable with its service and whether it runs Airflow (merge keys resolved)', () => {
      const doc = parseCompose(compose);
      assert.deepEqual(
        doc.settings.map((s) => [s.key, s.service?.name, s.service?.airflow]),
        [
          ['OPENLINEAGE_NAMESPACE', undefined, undefined],
          ['MARQUEZ_URL', 'seed', false],
          ['OPENLINEAGE_URL', 'worker', undefined],
        ],
      );
    });
    it('records env_file references and bind mounts in the project model', () => {
      const index = new ProjectIndex();
      index.update(ws('docker-compose.yml'), compose);
      assert.deepEqual(index.references(), [ws('airflow.vars')]);
      index.update(ws('airflow.vars'), 'OPENLINEAGE_URL=http://marquez:5000\n');
      assert.deepEqual(index.references(), []);
      const m = index.model;
      assert.ok(m.settings.some((s) => s.uri === ws('airflow.vars') && s.key === 'OPENLINEAGE_URL'));
      const c = m.configSources.find((x) => x.kind === 'compose');
      assert.deepEqual(c?.kind === 'compose' && c.services[0], {
        name: 'scheduler',
        airflow: true,
        envFiles: [ws('airflow.vars')],
        mounts: [{ host: ws('ol'), container: '/opt/airflow/ol' }],
      });
    });
    it('does not judge a Marquez service variable as Airflow configuration (airflow/env-name)', () => {
      none(check('docker-compose.yml', { 'docker-compose.yml': compose, 'requirements.txt': PROVIDER }), 'airflow/env-name');
      const onAirflow = compose.replace('    OPENLINEAGE_NAMESPACE: shared', '    MARQUEZ_URL: http://api:5000');
      one(check('docker-compose.yml', { 'docker-compose.yml': onAirflow }), 'airflow/env-name', 'MARQUEZ_URL', WARNING, { occurrence: 1 });
    });
  });

  it('leaves MARQUEZ_* alone in a project without Airflow (airflow/env-name)', () => {
    const files = {
      '.env': 'MARQUEZ_URL=http://marquez:5000\n',
      'pyproject.toml': '[project]\nname = "app"\ndependencies = ["fastapi"]\n',
    };
    none(check('.env', files), 'airflow/env-name');
    one(check('.env', { ...files, 'requirements.txt': 'apache-airflow==2.10.4\n' }), 'airflow/env-name', 'MARQUEZ_URL', WARNING);
  });

  describe('airflow/nothing-configured', () => {
    const nothing = (files: Files) =>
      none(check('requirements.txt', { 'requirements.txt': PROVIDER, ...files }), 'airflow/nothing-configured');
    it('is satisfied by a start script, a Helm values env list, MWAA options in CDK or Terraform', () => {
      nothing({ 'start.sh': 'export OPENLINEAGE_URL=http://localhost:5000\nairflow standalone\n' });
      nothing({ 'chart/values.yaml': 'env:\n  - name: AIRFLOW__OPENLINEAGE__TRANSPORT\n    value: \'{"type": "console"}\'\n' });
      nothing({ 'chart/values.yaml': 'config:\n  openlineage:\n    transport: \'{"type": "console"}\'\n' });
      nothing({ 'infra/stack.py': 'mwaa.CfnEnvironment(self, "E", airflow_configuration_options={"openlineage.transport": t})\n' });
      nothing({ 'main.tf': 'airflow_configuration_options = {\n  "openlineage.transport" = jsonencode({ type = "console" })\n}\n' });
      nothing({
        'docker-compose.yml': 'services:\n  airflow:\n    image: apache/airflow:2.10.4\n    env_file: ol.vars\n',
        'ol.vars': 'OPENLINEAGE_URL=http://m:5000\n',
      });
    });
    it('is not satisfied by a variable on a service that does not run Airflow, and says where it looked', () => {
      const files = {
        'requirements.txt': PROVIDER,
        'docker-compose.yml':
          'services:\n  airflow-scheduler:\n    image: apache/airflow:2.10.4\n  spark:\n    image: bitnami/spark:3.5\n    environment:\n      OPENLINEAGE_URL: http://m:5000\n',
        'run.sh': 'export AIRFLOW__OPENLINEAGE__NAMESPACE=acme\n',
      };
      const d = one(check('requirements.txt', files), 'airflow/nothing-configured', 'apache-airflow-providers-openlineage==2.1.0', WARNING);
      assert.match(msg(d), /Searched `docker-compose\.yml` \(service `airflow-scheduler`\), `run\.sh`/);
      assert.match(msg(d), /`OPENLINEAGE_URL` in `docker-compose\.yml` is set on service `spark`, which does not run Airflow/);
    });
  });

  describe('airflow/config-path-target', () => {
    const settingsYaml = 'core:\n  executor: LocalExecutor\nopenlineage:\n  transport: http\n  url: http://localhost:5000\n';
    it('reports a config_path whose target has no top-level transport, on the value, naming the file', () => {
      const files = {
        'requirements.txt': PROVIDER,
        'conf/ol-settings.yaml': settingsYaml,
        'bin/start.sh': 'export AIRFLOW__OPENLINEAGE__CONFIG_PATH=~/airflow/ol-settings.yaml\nairflow scheduler\n',
      };
      const d = one(check('bin/start.sh', files), 'airflow/config-path-target', '~/airflow/ol-settings.yaml', WARNING);
      assert.match(msg(d), /points at `\.\.\/conf\/ol-settings\.yaml` \(the project's only file named `ol-settings\.yaml`\)/);
      assert.match(msg(d), /top-level keys are `core`, `openlineage`/);
    });
    it('follows an absolute path through a compose bind mount', () => {
      const compose =
        'services:\n  airflow-worker:\n    image: apache/airflow:2.10.4\n    volumes:\n      - ./config:/opt/airflow/config\n    environment:\n      AIRFLOW__OPENLINEAGE__CONFIG_PATH: /opt/airflow/config/lineage.yml\n';
      const bad = { 'docker-compose.yml': compose, 'config/lineage.yml': 'facets:\n  debug: {}\n' };
      const d = one(check('docker-compose.yml', bad), 'airflow/config-path-target', '/opt/airflow/config/lineage.yml', WARNING);
      assert.match(msg(d), /through the mount of `\/opt\/airflow\/config` on compose service `airflow-worker`/);
      assert.match(msg(d), /client configuration without a top-level `transport` mapping/);
      none(check('docker-compose.yml', { ...bad, 'config/lineage.yml': 'transport:\n  type: console\n' }), 'airflow/config-path-target');
      const missing = one(
        check('docker-compose.yml', { 'docker-compose.yml': compose }),
        'airflow/config-path-target',
        '/opt/airflow/config/lineage.yml',
        INFORMATION,
      );
      assert.match(msg(missing), /no such file is in the project/);
    });
    it('stays quiet when OPENLINEAGE_URL supplies the transport, or the path cannot be traced', () => {
      const start = 'export AIRFLOW__OPENLINEAGE__CONFIG_PATH=/etc/ol/settings.yaml\nexport OPENLINEAGE_URL=http://m:5000\n';
      none(check('start.sh', { 'start.sh': start, 'settings.yaml': settingsYaml }), 'airflow/config-path-target');
      none(
        check('start.sh', { 'start.sh': 'export AIRFLOW__OPENLINEAGE__CONFIG_PATH=/etc/ol/other.yaml\n' }),
        'airflow/config-path-target',
      );
    });
  });

  describe('ol-config/transport-required with variables set elsewhere', () => {
    const yml = 'transport:\n  type: http\n  endpoint: api/v1/lineage\n';
    it('does not ask for a url that a CI workflow sets as OPENLINEAGE__TRANSPORT__URL', () => {
      const workflow =
        'on: push\njobs:\n  lineage:\n    steps:\n      - run: dbt-ol run\n        env:\n          OPENLINEAGE__TRANSPORT__URL: https://ol.example\n';
      none(
        check('openlineage.yml', { 'openlineage.yml': yml, '.github/workflows/run.yml': workflow }, 'ol-config'),
        'ol-config/transport-required',
      );
      one(check('openlineage.yml', { 'openlineage.yml': yml }, 'ol-config'), 'ol-config/transport-required', 'http', 'error');
    });
  });

  it('keeps YAML, scripts and code that configure nothing out of the model', () => {
    const m = projectOf({ 'deploy.sh': 'echo hello\n', 'stack.ts': 'export const x = 1;\n', 'lint.yml': 'rules: {}\n' });
    assert.deepEqual(m.settings, []);
    assert.ok(!m.files.includes(ws('deploy.sh')) && !m.files.includes(ws('stack.ts')));
  });
});
