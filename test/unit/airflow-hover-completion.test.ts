/** Hover and completion of the Airflow family: options, env vars, transport types, packages; with project versions. */
import assert from 'node:assert/strict';
import { applyEdits, complete, hover, ws, type Files } from '../support/harness';

/** Hover and completion at the `|` cursor of the workspace file `path`, with the whole of `files` as the project. */
const hoverAt = (path: string, files: Files) => hover(ws(path), files[path]!, { project: files });
const completeAt = (path: string, files: Files) => complete(ws(path), files[path]!, { project: files });

describe('airflow hover', () => {
  it('documents an [openlineage] option with type, default, since, docs link and the project’s provider', () => {
    const { hover, markdown: md } = hoverAt('airflow.cfg', {
      'requirements.txt': 'apache-airflow-providers-openlineage==2.1.0\n',
      'airflow.cfg': '[openlineage]\nexecution_t|imeout = 10\n',
    });
    assert.match(md, /\*\*`\[openlineage\] execution_timeout`\*\* · env `AIRFLOW__OPENLINEAGE__EXECUTION_TIMEOUT`/);
    assert.match(md, /Type: integer · Default: `10` · Since: provider 1\.9\.0/);
    assert.match(
      md,
      /This project: apache-airflow-providers-openlineage 2\.1\.0 \(from apache-airflow-providers-openlineage==2\.1\.0 in requirements\.txt\)/,
    );
    assert.match(md, /configurations-ref\.html/);
    assert.deepEqual(hover!.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 17 } });
  });
  it('documents the env form and deprecations', () => {
    const md = hoverAt('.env', { '.env': 'AIRFLOW__OPENLINEAGE__SELECTIVE_EN|ABLE=True\n' }).markdown;
    assert.match(md, /Deprecated since provider 2\.19\.0: use `emission_policy`/);
    assert.match(md, /version unknown/);
  });
  it('documents OPENLINEAGE_* variables and dynamic keys', () => {
    assert.match(
      hoverAt('.env', { '.env': 'OPENLINEAGE_U|RL=http://m:5000\n' }).markdown,
      /^[^]*URL of the lineage endpoint the events are posted to over HTTP[^]*Used when no `transport\.type` is configured/,
    );
    assert.doesNotMatch(hoverAt('.env', { '.env': 'OPENLINEAGE_U|RL=http://m:5000\n' }).markdown, /Legacy HTTP transport URL/);
    assert.match(
      hoverAt('.env', { '.env': 'OPENLINEAGE__TRANSPORT__COMP|RESSION=gzip\n' }).markdown,
      /config key `transport\.compression`/,
    );
  });
  it('documents a transport type inside the JSON', () => {
    const md = hoverAt('Dockerfile', {
      Dockerfile: `ENV AIRFLOW__OPENLINEAGE__TRANSPORT='{"type": "ka|fka", "topic": "t", "config": {}}'\n`,
    }).markdown;
    assert.match(md, /\*\*`kafka` transport\*\*/);
    assert.match(md, /Required: `topic`, `config`/);
  });
  it('documents the provider and the legacy package in requirements.txt with the Airflow version', () => {
    const md = hoverAt('requirements.txt', {
      Dockerfile: 'FROM quay.io/astronomer/astro-runtime:12.6.0\n',
      'requirements.txt': 'apache-airflow-providers-open|lineage\n',
    }).markdown;
    assert.match(md, /This project: Airflow 2\.10 \(from Astro Runtime 12\.6\.0 in Dockerfile, mapping not verified\)/);
    assert.match(hoverAt('requirements.txt', { 'requirements.txt': 'openlineage-air|flow\n' }).markdown, /legacy/);
  });
});

describe('airflow completion', () => {
  it('completes option names in [openlineage], with a value snippet, leaving out options already set', () => {
    const { items, text } = completeAt('airflow.cfg', { 'airflow.cfg': '[openlineage]\nnamespace = a\ntra|\n' });
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('transport') && labels.includes('emission_policy'));
    assert.ok(!labels.includes('namespace'));
    const t = items.find((i) => i.label === 'transport')!;
    const edit = t.textEdit as {
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
      newText: string;
    };
    assert.match(edit.newText, /^transport = \{"type": "\$\{1\|http,/);
    assert.equal(applyEdits(text, [{ range: edit.range, newText: 'transport = ' }]), '[openlineage]\nnamespace = a\ntransport = \n');
  });
  it('offers nothing outside [openlineage]', () => {
    assert.deepEqual(completeAt('airflow.cfg', { 'airflow.cfg': '[core]\nd|\n' }).items, []);
  });
  it('completes AIRFLOW__OPENLINEAGE__* and OPENLINEAGE_* names in .env, Dockerfile ENV and compose environment', () => {
    const env = completeAt('.env', { '.env': 'AIRFLOW__OPEN|\n' }).items;
    const transport = env.find((i) => i.label === 'AIRFLOW__OPENLINEAGE__TRANSPORT')!;
    assert.equal((transport.textEdit as { newText: string }).newText, 'AIRFLOW__OPENLINEAGE__TRANSPORT=');
    assert.ok(env.some((i) => i.label === 'OPENLINEAGE_URL'));
    assert.ok(completeAt('Dockerfile', { Dockerfile: 'FROM x\nENV OPEN|\n' }).items.some((i) => i.label === 'OPENLINEAGE_DISABLED'));
    const compose = completeAt('docker-compose.yml', {
      'docker-compose.yml': 'services:\n  s:\n    environment:\n      AIRFLOW__CORE__X: "1"\n      OPEN|\n',
    }).items;
    assert.equal((compose.find((i) => i.label === 'OPENLINEAGE_URL')!.textEdit as { newText: string }).newText, 'OPENLINEAGE_URL: ');
  });
  it('offers nothing in a compose file outside environment', () => {
    assert.deepEqual(completeAt('docker-compose.yml', { 'docker-compose.yml': 'services:\n  s:\n    image: x\n    OPEN|\n' }).items, []);
  });
});
