import assert from 'node:assert/strict';
import { airflowFromImage } from '../../server/src/service/project/astro';
import { ProjectIndex } from '../../server/src/service/project/index';
import { parseDockerfilePipInstalls, parsePyprojectRequirements, parseRequirements } from '../../server/src/service/project/requirements';

describe('project model', () => {
  describe('requirements', () => {
    it('reads names, pins, extras and exact ranges, skipping comments, options and URLs', () => {
      const text =
        '# deps\n-r base.txt\napache-airflow[openlineage]==2.10.4  # pinned\nApache_Airflow.Providers-OpenLineage>=1.14,<3\ngit+https://x/y.git\nopenlineage-dbt~=1.39.0\n';
      const reqs = parseRequirements(text);
      assert.deepEqual(
        reqs.map((r) => [r.name, r.spec, r.pinnedText ?? null, r.extras]),
        [
          ['apache-airflow', '==2.10.4', '2.10.4', ['openlineage']],
          ['apache-airflow-providers-openlineage', '>=1.14,<3', null, []],
          ['openlineage-dbt', '~=1.39.0', '1.39.0', []],
        ],
      );
      assert.equal(text.slice(reqs[1]!.nameRange.start, reqs[1]!.nameRange.end), 'Apache_Airflow.Providers-OpenLineage');
      assert.equal(text.slice(reqs[0]!.specRange.start, reqs[0]!.specRange.end), '==2.10.4');
    });

    it('reads PEP 621 dependency arrays and Poetry tables from pyproject.toml', () => {
      const text =
        '[project]\nname = "x"\ndependencies = [\n  "apache-airflow==2.9.3",\n  "great_expectations>=0.15,<0.16",\n]\n[tool.poetry.dependencies]\npython = "^3.11"\nopenlineage-python = "1.52.0"\n';
      const reqs = parsePyprojectRequirements(text);
      assert.deepEqual(
        reqs.map((r) => [r.name, r.pinnedText ?? null]),
        [
          ['apache-airflow', '2.9.3'],
          ['great-expectations', null],
          ['openlineage-python', '1.52.0'],
        ],
      );
      assert.equal(text.slice(reqs[0]!.nameRange.start, reqs[0]!.nameRange.end), 'apache-airflow');
    });

    it('reads packages installed by pip in Dockerfile RUN instructions, with ranges', () => {
      const text =
        'FROM quay.io/astronomer/astro-runtime:12.6.0\nRUN pip install --no-cache-dir \\\n    openlineage-dbt==1.39.0 "dbt-postgres==1.9.0" -r requirements-dev.txt && echo ok\n';
      const reqs = parseDockerfilePipInstalls(text);
      assert.deepEqual(
        reqs.map((r) => [r.name, r.pinnedText]),
        [
          ['openlineage-dbt', '1.39.0'],
          ['dbt-postgres', '1.9.0'],
        ],
      );
      assert.equal(text.slice(reqs[1]!.nameRange.start, reqs[1]!.nameRange.end), 'dbt-postgres');
    });
  });

  describe('Airflow version from images', () => {
    it('maps Astro Runtime majors and the Airflow 3 scheme, marked unverified', () => {
      assert.deepEqual(airflowFromImage('quay.io/astronomer/astro-runtime:12.6.0')?.text, '2.10');
      assert.equal(airflowFromImage('quay.io/astronomer/astro-runtime:9.1.0')?.text, '2.7');
      assert.equal(airflowFromImage('astrocrpublic.azurecr.io/runtime:3.0-2')?.text, '3.0');
      assert.equal(airflowFromImage('quay.io/astronomer/astro-runtime:3.0-2')?.text, '3.0');
      assert.equal(airflowFromImage('quay.io/astronomer/astro-runtime:12.6.0')?.verified, false);
      assert.equal(airflowFromImage('astrocrpublic.azurecr.io/runtime:3.1-13')?.text, '3.1');
      assert.equal(airflowFromImage('example.com/runtime:3.1-13'), undefined);
    });

    it('reads the official apache/airflow image tag, verified', () => {
      const a = airflowFromImage('apache/airflow:2.9.3-python3.11');
      assert.equal(a?.text, '2.9.3');
      assert.equal(a?.verified, true);
      assert.equal(airflowFromImage('python:3.11'), undefined);
    });
  });

  describe('ProjectIndex', () => {
    it('prefers a pinned apache-airflow that agrees with the image, and says how it knows', () => {
      const index = new ProjectIndex();
      index.update('file:///p/Dockerfile', 'FROM quay.io/astronomer/astro-runtime:12.6.0\n');
      assert.equal(index.model.airflow?.text, '2.10');
      assert.match(index.model.airflow!.how, /Astro Runtime 12\.6\.0 in Dockerfile/);
      index.update('file:///p/requirements.txt', 'apache-airflow==2.10.3\n');
      assert.equal(index.model.airflow?.text, '2.10.3');
      assert.match(index.model.airflow!.how, /requirements\.txt/);
      index.remove('file:///p/requirements.txt');
      assert.equal(index.model.airflow?.text, '2.10');
    });

    it('picks no Airflow version when the sources disagree, and lists them', () => {
      const index = new ProjectIndex();
      index.update('file:///p/Dockerfile', 'FROM quay.io/astronomer/astro-runtime:12.6.0\n');
      index.update('file:///p/requirements.txt', 'apache-airflow==3.0.1\n');
      const m = index.modelFor('file:///p/dags/etl.py');
      assert.equal(m.airflow, undefined);
      assert.deepEqual(
        m.airflowConflict?.map((a) => a.text),
        ['2.10', '3.0.1'],
      );
    });

    it('counts the provider as installed through the apache-airflow[openlineage] extra and Dockerfile pip installs', () => {
      const index = new ProjectIndex();
      index.update('file:///p/requirements.txt', 'apache-airflow[openlineage]==2.10.4\n');
      index.update('file:///p/Dockerfile', 'FROM python:3.11\nRUN pip install openlineage-dbt==1.39.0\n');
      assert.ok(index.model.packages.has('apache-airflow-providers-openlineage'));
      assert.equal(index.model.packages.get('openlineage-dbt')?.pinnedText, '1.39.0');
    });

    it('collects settings from every syntax with their Airflow option, and GX operators', () => {
      const index = new ProjectIndex();
      index.update('file:///p/.env', 'AIRFLOW__OPENLINEAGE__NAMESPACE=acme\nOPENLINEAGE_URL=http://m:5000\n');
      index.update('file:///p/airflow.cfg', '[openlineage]\ntransport = {"type": "console"}\n');
      index.update(
        'file:///p/gx/great_expectations.yml',
        'config_version: 3.0\nvalidation_operators:\n  ops:\n    class_name: ActionListValidationOperator\n    action_list:\n      - name: ol\n        action:\n          class_name: OpenLineageValidationAction\n',
      );
      const m = index.model;
      assert.deepEqual(
        m.settings.map((s) => [s.key, s.section ?? null, s.option ?? null]),
        [
          ['AIRFLOW__OPENLINEAGE__NAMESPACE', 'openlineage', 'namespace'],
          ['OPENLINEAGE_URL', null, null],
          ['transport', 'openlineage', 'transport'],
        ],
      );
      assert.deepEqual(
        m.gxContexts.map((c) => [c.root, c.operators.map((o) => [o.name, o.hasOpenLineageAction])]),
        [['file:///p/gx/', [['ops', true]]]],
      );
    });
  });
});
