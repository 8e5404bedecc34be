/**
 * The guided setup never writes an API key: with `apiKey` on, every plan (over every golden workspace, before
 * and after) only references a secret, and names it in `secret`; refusals say why.
 */
import assert from 'node:assert/strict';
import type { SetupPlan } from '../../protocol/setup-plan';
import { planSetup } from '../../server/src/service/setup';
import { applied, goldenCases, run } from '../support/setup-golden';

/** Lines that assign a key or token, and what they assign. */
const ASSIGN = /(api_?key|apiKey|API_KEY|jwt_token|JWT_TOKEN)["']?\s*[:=\s]\s*["']?(\$\{[A-Z_0-9]+\}|\{\{secrets\/[^}]+\}\}|[^"'\s,}]+)/g;
const REFERENCE = /^(\$\{[A-Z_][A-Z0-9_]*\}|\{\{secrets\/[^}]+\}\})$/;

function keyValues(plan: SetupPlan): string[] {
  const out: string[] = [];
  for (const e of plan.edits) {
    // Only what the plan writes: lines of the result that were not in the file before.
    const old = new Set((e.before ?? '').split(/\r?\n/));
    for (const line of e.after.split(/\r?\n/)) {
      if (old.has(line) || /^\s*#/.test(line)) continue;
      for (const m of line.matchAll(ASSIGN)) {
        if (/auth\.type|AUTH__TYPE|"type"/.test(line.slice(0, m.index! + m[0].length)) && /^(api_key|jwt)$/.test(m[2]!)) continue;
        out.push(m[2]!);
      }
    }
  }
  return out;
}

describe('setup plan: secrets', () => {
  for (const c of goldenCases()) {
    it(`${c.name}: with an API key, writes only references and names the secret`, () => {
      for (const workspace of [c.before]) {
        const plan = run(c.integration, c.target, { ...c.input, apiKey: true }, workspace);
        if ('error' in plan) continue;
        assert.ok(plan.secret, 'secret is set');
        for (const v of keyValues(plan)) assert.match(v, REFERENCE, `a written key value that is not a reference: ${v}`);
        const written = plan.edits.map((e) => e.after).join('\n');
        const referenced = written.includes(plan.secret.name) || written.includes(`\${${plan.secret.name}}`);
        // Variables read directly by the client (OPENLINEAGE_API_KEY, …) are set by the user, not referenced in a file.
        assert.ok(
          referenced || /^[A-Z_][A-Z0-9_]*$/.test(plan.secret.name),
          `secret ${plan.secret.name} is neither referenced nor an environment variable`,
        );
        assert.ok(plan.secret.where && plan.secret.how);
        // And the result plans no further edits.
        const again = run(c.integration, c.target, { ...c.input, apiKey: true }, applied(workspace, plan));
        assert.ok(
          !('error' in again) && again.edits.length === 0,
          JSON.stringify(!('error' in again) && again.edits.map((e) => e.changes)),
        );
      }
    });
  }

  it('keeps the key out even when the workspace holds a literal one elsewhere', () => {
    const files = new Map([['.env', 'OPENLINEAGE__TRANSPORT__AUTH__API_KEY=sk-live-123\n']]);
    const plan = planSetup({
      integration: 'airflow-provider',
      target: 'astro',
      endpoint: { url: 'https://x.example.com', namespace: 'n' },
      apiKey: true,
      files,
    }) as SetupPlan;
    assert.equal(plan.edits.length, 2);
    assert.equal(
      plan.edits.find((e) => e.path === '.env')!.after.match(/sk-live-123/g)?.length,
      1,
      'the user’s own line is kept, never copied',
    );
  });
});

describe('setup plan: refusals and inputs', () => {
  const plan = (
    integration: Parameters<typeof planSetup>[0]['integration'],
    target: string,
    files: Record<string, string>,
    url = 'http://marquez:5000',
  ) => planSetup({ integration, target, endpoint: { url, namespace: 'ns' }, apiKey: false, files: new Map(Object.entries(files)) });

  it('refuses the legacy package on Airflow 2.8+, naming the version source', () => {
    const p = plan('airflow-legacy', 'env', { 'requirements.txt': 'apache-airflow==2.9.3\n' });
    assert.match((p as { error: string }).error, /Airflow 2\.8 or later.*2\.9\.3.*requirements\.txt/);
  });

  it('refuses the OpenMetadata backend on Airflow 3', () => {
    const p = plan('openmetadata', 'airflow-cfg', { 'requirements.txt': 'apache-airflow==3.0.1\n' });
    assert.match((p as { error: string }).error, /Airflow 3 removed lineage backends/);
  });

  it('refuses YAML actions on GX 1.x and when there is no checkpoint', () => {
    assert.match(
      (
        plan('great-expectations', 'checkpoint', {
          'requirements.txt': 'great_expectations==1.3.0\n',
          'great_expectations/checkpoints/a.yml': 'name: a\nclass_name: Checkpoint\n',
        }) as { error: string }
      ).error,
      /GX 1\.x/,
    );
    assert.match((plan('great-expectations', 'checkpoint', {}) as { error: string }).error, /No checkpoint YAML/);
  });

  it('plans only the chosen checkpoint', () => {
    const files = {
      'great_expectations/checkpoints/a.yml': 'name: a\nclass_name: Checkpoint\n',
      'great_expectations/checkpoints/b.yml': 'name: b\nclass_name: Checkpoint\n',
    };
    const p = plan('great-expectations', 'checkpoint:great_expectations/checkpoints/b.yml', files) as SetupPlan;
    assert.deepEqual(
      p.edits.map((e) => e.path),
      ['requirements.txt', 'great_expectations/checkpoints/b.yml'],
    );
  });

  it('plans the files the language service reads as checkpoints, and only those', () => {
    const files = {
      'great_expectations/checkpoints/a.yml': 'name: a\nclass_name: Checkpoint\n',
      'great_expectations/checkpoints/notes.yml': 'todo: write a checkpoint\n',
    };
    const p = plan('great-expectations', 'checkpoint', files) as SetupPlan;
    assert.deepEqual(
      p.edits.map((e) => e.path),
      ['requirements.txt', 'great_expectations/checkpoints/a.yml'],
    );
  });

  it('strips /api/v1 and trailing slashes from the endpoint, and rejects non-HTTP URLs and bad namespaces', () => {
    const p = plan('dbt', 'env', {}, 'https://lineage.example.com/api/v1/') as SetupPlan;
    assert.match(p.edits.find((e) => e.path === '.env')!.after, /^OPENLINEAGE_URL=https:\/\/lineage\.example\.com$/m);
    assert.match((plan('dbt', 'env', {}, 'lineage.example.com') as { error: string }).error, /not an http\(s\) URL/);
    assert.match(
      (
        planSetup({
          integration: 'dbt',
          target: 'env',
          endpoint: { url: 'http://m:5000', namespace: 'a b' },
          apiKey: false,
          files: new Map(),
        }) as { error: string }
      ).error,
      /blanks or quotes/,
    );
    assert.match((plan('spark', 'nope', {}) as { error: string }).error, /no target "nope"/);
  });

  it('keeps CRLF line breaks and files without a final line break', () => {
    const p = plan('airflow-provider', 'airflow-cfg', {
      'airflow.cfg': '[core]\r\nload_examples = False',
      'requirements.txt': 'apache-airflow-providers-openlineage',
    }) as SetupPlan;
    const cfg = p.edits.find((e) => e.path === 'airflow.cfg')!.after;
    assert.ok(cfg.startsWith('[core]\r\nload_examples = False\r\n'));
    assert.ok(!/[^\r]\n/.test(cfg), 'only CRLF breaks');
    assert.equal(p.edits.length, 1);
  });
});
