/**
 * The guided setup's engine against golden files: test/fixtures/setup/<integration>-<target>/<case>/ holds
 * `input.json` (endpoint, namespace, apiKey, optional target and allowed findings), `before/` (the workspace)
 * and the reviewed results: `after/` (the workspace once the edits are applied) and `plan.json` (the change lines,
 * what was already configured, the secret and the next steps). `UPDATE_GOLDEN=1 npx mocha test/unit/setup-plan.test.ts`
 * rewrites `after/` and `plan.json`; review the diff before committing.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { SetupPlan } from '../../protocol/setup-plan';
import { integrations } from '../../server/src/service/setup';
import { DEFAULT_SETTINGS, ProjectIndex, type LanguageService } from '../../server/src/service';
import { createService } from '../support/harness';
import { applied, goldenCases, run, walk } from '../support/setup-golden';

const UPDATE = process.env.UPDATE_GOLDEN === '1';

function isPlan(p: SetupPlan | { error: string }): p is SetupPlan {
  return !('error' in p);
}

/** The file kind each after-file must have for the service (the family that reads it). */
function expectedKind(path: string, text: string): string | undefined {
  const name = path.split('/').pop()!;
  // Requirements that name neither Airflow nor OpenLineage (e.g. only openmetadata-ingestion) are no family's.
  if (name === 'requirements.txt') return /airflow|openlineage/i.test(text) ? 'requirements' : undefined;
  if (name === '.env') return 'env-file';
  if (name === 'airflow.cfg') return 'airflow-cfg';
  if (name === 'Dockerfile') return 'dockerfile';
  if (name.endsWith('.conf')) return 'spark-conf';
  if (name.endsWith('.sh')) return 'spark-shell';
  if (/checkpoints\/.*\.ya?ml$/.test(path)) return 'gx-checkpoint';
  throw new Error(`no expected kind for ${path}`);
}

function languageOf(path: string): string {
  if (/\.ya?ml$/.test(path)) return 'yaml';
  if (path.endsWith('.sh')) return 'shellscript';
  if (/spark-defaults\.conf$/.test(path)) return 'spark-conf';
  if (path.endsWith('Dockerfile')) return 'dockerfile';
  return 'plaintext';
}

describe('setup plan (golden files)', () => {
  let service: LanguageService;
  before(() => {
    service = createService();
  });

  const cases = goldenCases();
  it('has golden cases for every integration and target', () => {
    const folders = new Set(cases.map((c) => c.name.split('/')[0]));
    for (const i of integrations())
      for (const t of i.targets) assert.ok(folders.has(`${i.id}-${t.id}`), `no golden cases for ${i.id}-${t.id}`);
  });

  for (const c of cases) {
    describe(c.name, () => {
      const plan = run(c.integration, c.target, c.input, c.before);
      const after = isPlan(plan) ? applied(c.before, plan) : undefined;
      const report = isPlan(plan)
        ? {
            changes: Object.fromEntries(plan.edits.map((e) => [e.path, e.changes])),
            alreadyConfigured: plan.alreadyConfigured,
            secret: plan.secret ?? null,
            nextSteps: plan.nextSteps,
          }
        : plan;

      if (UPDATE) {
        rmSync(join(c.dir, 'after'), { recursive: true, force: true });
        for (const [p, text] of after ?? []) {
          mkdirSync(dirname(join(c.dir, 'after', p)), { recursive: true });
          writeFileSync(join(c.dir, 'after', p), text);
        }
        writeFileSync(join(c.dir, 'plan.json'), `${JSON.stringify(report, null, 2)}\n`);
      }

      it('plans exactly the golden edits', () => {
        assert.deepEqual(report, JSON.parse(readFileSync(join(c.dir, 'plan.json'), 'utf8')));
        if (!isPlan(plan)) return;
        const golden = walk(join(c.dir, 'after'));
        assert.deepEqual([...after!.keys()].sort(), [...golden.keys()].sort());
        for (const [p, text] of golden) assert.equal(after!.get(p), text, `after/${p}`);
        for (const e of plan.edits) {
          assert.equal(e.before, c.before.get(e.path), `before of ${e.path}`);
          assert.notEqual(e.after, e.before, `${e.path} is listed but unchanged`);
          assert.ok(e.changes.length, `${e.path} has no change lines`);
        }
      });

      if (!isPlan(plan)) return;

      it('is idempotent: planning again on the result changes nothing', () => {
        const again = run(c.integration, c.target, c.input, after!);
        assert.ok(isPlan(again), JSON.stringify(again));
        assert.deepEqual(
          again.edits.map((e) => [e.path, e.changes]),
          [],
        );
      });

      it('writes configuration the language service recognises and accepts', () => {
        const index = new ProjectIndex();
        for (const [p, text] of after!) index.update(`file:///w/${p}`, text);
        const project = index.model;
        const problems: string[] = [];
        for (const e of plan.edits) {
          const doc = TextDocument.create(`file:///w/${e.path}`, languageOf(e.path), 1, e.after);
          assert.equal(service.fileKind(doc, { project }), expectedKind(e.path, e.after), `kind of ${e.path}`);
          for (const d of service.validate(doc, DEFAULT_SETTINGS, { project })) {
            if (d.severity !== DiagnosticSeverity.Error && d.severity !== DiagnosticSeverity.Warning) continue;
            if (c.input.allow?.[String(d.code)]) continue;
            problems.push(`${e.path}:${d.range.start.line + 1} ${d.code} ${d.message}`);
          }
        }
        assert.deepEqual(problems, []);
      });

      it('never writes an API key, and names the secret it references', () => {
        const text = plan.edits.map((e) => e.after).join('\n');
        if (c.input.apiKey) {
          assert.ok(plan.secret, 'a plan with an API key names its secret');
          assert.ok(
            text.includes(plan.secret.name) ||
              /OPENLINEAGE_API_KEY|OPENLINEAGE__TRANSPORT__AUTH__API_KEY|AIRFLOW__LINEAGE__JWT_TOKEN/.test(plan.secret.name),
          );
        }
      });
    });
  }
});
