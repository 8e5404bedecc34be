/** Hover and completion of dbt-ol commands, flags and environment variables. */
import assert from 'node:assert/strict';
import type { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import { applyEdits, complete, familyService, hover, rangeOf } from '../support/harness';

const SH = 'file:///w/run.sh';
const DAG = 'file:///w/dags/d.py';

function hoverAt(textWithCursor: string, uri = SH) {
  return hover(uri, textWithCursor, { service: familyService('dbt') });
}

function completeAt(textWithCursor: string, uri = SH): { items: CompletionItem[]; labels: string[]; text: string } {
  const { items, text } = complete(uri, textWithCursor, { service: familyService('dbt') });
  return { items, labels: items.map((i) => String(i.label)), text };
}

describe('dbt hover', () => {
  it('documents dbt-ol itself, with where its namespace comes from', () => {
    const { hover, markdown, text } = hoverAt('cd x && dbt-o|l run\n');
    assert.ok(hover);
    assert.deepEqual(hover.range, rangeOf(text, 'dbt-ol'));
    assert.match(markdown, /OPENLINEAGE_NAMESPACE` \(default `dbt`\)/);
  });

  it('says whether a command emits lineage', () => {
    assert.match(hoverAt('dbt-ol ru|n\n').markdown, /emits lineage for this command/);
    assert.match(hoverAt('dbt-ol comp|ile\n').markdown, /emits no lineage/);
    assert.match(hoverAt('dbt ru|n\n').markdown, /Plain dbt emits no lineage/);
  });

  it('documents dbt-ol flags in a DAG’s bash_command and env vars in a .env file', () => {
    const flag = hoverAt('BashOperator(task_id="a", bash_command="dbt-ol run --consume-struc|tured-logs")\n', DAG);
    assert.ok(flag.hover);
    assert.deepEqual(flag.hover.range, rangeOf(flag.text, '--consume-structured-logs'));
    assert.match(flag.markdown, /Since: openlineage-dbt 1\.26\.0/);
    assert.match(hoverAt('OPENLINEAGE_PARENT|_ID=a/b/c\n', 'file:///w/.env').markdown, /namespace\/job_name\/run_id/);
  });

  it('has nothing to say elsewhere', () => {
    assert.equal(hoverAt('dbt-ol run --sel|ect a\n').hover, null);
    assert.equal(hoverAt('OPENLINEAGE_U|RL=http://m\n', 'file:///w/.env').hover, null);
  });
});

describe('dbt completion', () => {
  it('offers the lineage commands first after dbt-ol', () => {
    const { items, labels, text } = completeAt('cd /dbt && dbt-ol r|\n');
    assert.deepEqual(labels.slice(0, 5), ['run', 'build', 'test', 'seed', 'snapshot']);
    assert.ok(labels.includes('send-events'));
    assert.equal(applyEdits(text, [items[0]!.textEdit as TextEdit]), 'cd /dbt && dbt-ol run\n');
  });

  it('offers dbt-ol flags after a dash, in shell and in bash_command strings', () => {
    const sh = completeAt('dbt-ol run --|\n');
    assert.deepEqual(sh.labels, ['--consume-structured-logs', '--openlineage-dbt-job-name']);
    assert.equal(applyEdits(sh.text, [sh.items[1]!.textEdit as TextEdit]), 'dbt-ol run --openlineage-dbt-job-name \n');
    assert.deepEqual(completeAt('BashOperator(task_id="a", bash_command="dbt-ol run --c|")\n', DAG).labels, [
      '--consume-structured-logs',
      '--openlineage-dbt-job-name',
    ]);
  });

  it('offers dbt-ol’s variables where a variable name is written', () => {
    const env = completeAt('OPENLINEAGE_DBT|\n', 'file:///w/.env');
    assert.ok(env.labels.includes('OPENLINEAGE_DBT_JOB_NAME') && env.labels.includes('OPENLINEAGE_PARENT_ID'), env.labels.join(', '));
    assert.ok(completeAt('export OPENLINEAGE_|\n').labels.includes('OPENLINEAGE_CONTEXT'));
    assert.ok(completeAt('FROM x\nENV OPENLINEAGE_|\n', 'file:///w/Dockerfile').labels.includes('OPENLINEAGE_DBT_LOGGING'));
  });

  it('offers nothing elsewhere', () => {
    assert.deepEqual(completeAt('echo hi|\n').labels, []);
    assert.deepEqual(completeAt('x = 1|\n', DAG).labels, []);
  });
});
