/**
 * The guided setup's golden cases (test/fixtures/setup/<integration>-<target>/<case>/: `input.json`, the
 * workspace `before/`, the reviewed `after/` and `plan.json`), and the plan run as the VS Code command runs it,
 * for the tests that go over every case (test/unit/setup-plan.test.ts, test/unit/setup-secrets.test.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { IntegrationId, SetupPlan } from '../../protocol/setup-plan';
import { filesToRead, integrations, planSetup } from '../../server/src/service/setup';
import { ROOT } from './harness';

const fixtures = join(ROOT, 'test', 'fixtures', 'setup');

export interface CaseInput {
  url: string;
  namespace: string;
  apiKey: boolean;
  /** Overrides the target taken from the folder name (e.g. `checkpoint:<path>`). */
  target?: string;
  /** Findings the after-state may have, each with the reason (rule id → why it is expected). */
  allow?: Record<string, string>;
}

export interface GoldenCase {
  name: string;
  integration: IntegrationId;
  target: string;
  dir: string;
  input: CaseInput;
  before: Map<string, string>;
}

/** The files under `dir` (path relative to it → text); empty when it does not exist. */
export function walk(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  const visit = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) visit(p);
      else out.set(relative(dir, p).split('\\').join('/'), readFileSync(p, 'utf8'));
    }
  };
  visit(dir);
  return out;
}

/** Every golden case, with the integration and target from its folder name. */
export function goldenCases(): GoldenCase[] {
  const ids = integrations().flatMap((i) => i.targets.map((t) => ({ integration: i.id, target: t.id, folder: `${i.id}-${t.id}` })));
  const cases: GoldenCase[] = [];
  for (const { integration, target, folder } of ids) {
    const base = join(fixtures, folder);
    if (!existsSync(base)) continue;
    for (const c of readdirSync(base).sort()) {
      const dir = join(base, c);
      const input = JSON.parse(readFileSync(join(dir, 'input.json'), 'utf8')) as CaseInput;
      cases.push({ name: `${folder}/${c}`, integration, target: input.target ?? target, dir, input, before: walk(join(dir, 'before')) });
    }
  }
  return cases;
}

/** Runs the plan as the VS Code command would: only the files filesToRead names are passed in. */
export function run(
  integration: IntegrationId,
  target: string,
  input: CaseInput,
  workspace: ReadonlyMap<string, string>,
): SetupPlan | { error: string } {
  const wanted = filesToRead(integration, target, [...workspace.keys()]);
  const files = new Map(wanted.filter((p) => workspace.has(p)).map((p) => [p, workspace.get(p)!]));
  return planSetup({ integration, target, endpoint: { url: input.url, namespace: input.namespace }, apiKey: input.apiKey, files });
}

/** The workspace once the plan's edits are applied. */
export function applied(before: ReadonlyMap<string, string>, plan: SetupPlan): Map<string, string> {
  const out = new Map(before);
  for (const e of plan.edits) out.set(e.path, e.after);
  return out;
}
