/**
 * Great Expectations 0.13–0.15.34: the OpenLineageValidationAction in each YAML checkpoint's `action_list`, and
 * openlineage-integration-common[great_expectations]~=1.39.0 (the last line whose extra supports GE 0.x). GX 1.x
 * has no YAML actions; that is refused with the reason. Facts from docs/upstream/great-expectations.md.
 */
import { OL_ACTION_CLASS, OL_MODULE, OL_MODULES } from '../gx/catalog';
import { appendSeqItem, insertPairAfter } from '../gx/edits';
import { clean, gxKind, parseGxDocument, type GxAction, type GxDocument } from '../gx/model';
import { pair, type YamlScalar } from '../yaml/ast';
import { compareVersions, parseVersion, versionAtLeast } from '../util/version';
import { PlanError, type PlanContext } from './common';
import { appendLine, ensureRequirement, eolOf, splice } from './files';

/** `module_name` values that load the action. */
const MODULES: readonly string[] = OL_MODULES;
const REQUIREMENT = 'openlineage-integration-common[great_expectations]~=1.39.0';

/** The checkpoint's own OpenLineage action (`action:` mapping whose `class_name` names OpenLineage), if any. */
function openLineageAction(doc: GxDocument): GxAction | undefined {
  const own = pair(doc.root, 'action_list');
  return doc.actions.find((a) => a.list.keyPair === own && a.nested && /openlineage/i.test(a.className ?? ''));
}

/** The desired parameters of the action, in order. */
function params(ctx: PlanContext): [string, string][] {
  const out: [string, string][] = [
    ['openlineage_host', ctx.url],
    ['openlineage_namespace', ctx.namespace],
  ];
  if (ctx.apiKey) out.push(['openlineage_apiKey', '${OPENLINEAGE_API_KEY}']);
  return out;
}

/** Text of a scalar as the file has it, including quotes. */
function scalarSpan(text: string, s: YamlScalar): { start: number; end: number } {
  if (s.style === 'single' || s.style === 'double') {
    const q = s.style === 'single' ? "'" : '"';
    return { start: text.lastIndexOf(q, s.range.start), end: text.indexOf(q, s.range.end) + 1 };
  }
  return s.range;
}

/** A plain YAML scalar when safe, else double-quoted JSON. */
function yamlScalar(v: string): string {
  return /^[A-Za-z0-9_./:${}-]+$/.test(v) && !/^[-?:,[\]{}#&*!|>'"%@`]/.test(v) && !/: |\s#/.test(v) ? v : JSON.stringify(v);
}

function checkpointPlan(ctx: PlanContext, path: string): void {
  const { ws } = ctx;
  const step = (): { text: string; doc: GxDocument } => {
    const text = ws.read(path)!;
    const doc = parseGxDocument('gx-checkpoint', text);
    if (doc.error) throw new PlanError(`${path} is not valid YAML (${doc.error.message}); fix it first.`);
    return { text, doc };
  };
  let { text, doc } = step();
  const root = doc.root;
  if (root?.kind !== 'map') throw new PlanError(`${path} is not a checkpoint (no top-level mapping).`);
  if (doc.checkpoint?.className === 'LegacyCheckpoint') {
    ctx.nextSteps.push(
      `${path} is a LegacyCheckpoint: add the OpenLineage action to its validation operator in great_expectations.yml (validation_operators → action_list).`,
    );
    return;
  }
  const list = pair(root, 'action_list')?.value;
  if (!openLineageAction(doc)) {
    const lines = [
      'name: openlineage',
      'action:',
      `  class_name: ${OL_ACTION_CLASS}`,
      `  module_name: ${OL_MODULE}`,
      ...params(ctx).map(([k, v]) => `  ${k}: ${yamlScalar(v)}`),
    ];
    const edit = list?.kind === 'seq' ? appendSeqItem(text, list, lines) : undefined;
    if (edit) {
      ws.write(path, splice(text, edit.range.start, edit.range.end, edit.newText), 'adds the OpenLineageValidationAction to action_list');
      return;
    }
    if (list && !(list.kind === 'seq' && !list.items.length) && !(list.kind === 'scalar' && !list.value)) {
      throw new PlanError(`${path}: action_list is not a block list; add the OpenLineage action by hand.`);
    }
    const eol = eolOf(text);
    const block = ['action_list:', ...lines.map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`))].join(eol);
    if (list) {
      // `action_list: []` or an empty value: replace the whole pair.
      const p = pair(root, 'action_list')!;
      const lineStart = text.lastIndexOf('\n', p.key.range.start - 1) + 1;
      let end = text.indexOf('\n', list.range.end);
      if (end < 0) end = text.length;
      else if (text[end - 1] === '\r') end--;
      ws.write(
        path,
        splice(text, lineStart, end, block),
        'replaces the empty action_list with one holding the OpenLineageValidationAction',
      );
    } else {
      ws.write(path, appendLine(text, block), 'adds an action_list with the OpenLineageValidationAction');
    }
    return;
  }
  // The action exists: fix its class, module and parameters in place.
  const fix = (key: string, want: string, ok: (v: string) => boolean, why: (old: string) => string): void => {
    ({ text, doc } = step());
    const act = openLineageAction(doc)?.map;
    if (!act) throw new PlanError(`${path}: the OpenLineage action has no mapping under \`action\`; fix it by hand.`);
    const p = pair(act, key);
    if (p?.value?.kind === 'scalar') {
      if (ok(p.value.value)) {
        ws.ok(`${path}: ${key} of the OpenLineage action is already set`);
        return;
      }
      const span = scalarSpan(text, p.value);
      ws.write(path, splice(text, span.start, span.end, yamlScalar(want)), `replaces ${key}: ${why(p.value.value)}`, {
        key,
        before: p.value.value,
        after: want,
      });
      return;
    }
    if (p) throw new PlanError(`${path}: ${key} of the OpenLineage action is not a plain value; fix it by hand.`);
    const after = act.pairs[act.pairs.length - 1]!;
    const edit = insertPairAfter(text, act, after, key, yamlScalar(want));
    ws.write(path, splice(text, edit.range.start, edit.range.end, edit.newText), `adds ${key} to the OpenLineage action`);
  };
  fix(
    'class_name',
    OL_ACTION_CLASS,
    (v) => v === OL_ACTION_CLASS,
    (old) =>
      clean(old) === OL_ACTION_CLASS
        ? 'YAML kept the trailing comma in the value'
        : `${JSON.stringify(old)} is not the action's class name`,
  );
  fix(
    'module_name',
    OL_MODULE,
    (v) => MODULES.includes(v),
    (old) =>
      MODULES.includes(clean(old)) ? 'YAML kept the trailing comma in the value' : `${JSON.stringify(old)} is not the module of the action`,
  );
  for (const [k, v] of params(ctx)) {
    fix(
      k,
      v,
      (x) => x === v,
      (old) =>
        k === 'openlineage_apiKey'
          ? 'a literal key; it now comes from ${OPENLINEAGE_API_KEY}'
          : clean(old) === v
            ? 'YAML kept the trailing comma in the value'
            : `it was ${JSON.stringify(old)}`,
    );
  }
}

/** great-expectations → checkpoint, or checkpoint:<path> for one checkpoint. */
export function planGx(ctx: PlanContext, checkpoints: readonly string[]): void {
  const ge = ctx.project.packages.get('great-expectations');
  if (ge?.pinned && versionAtLeast('1.0.0', ge.pinned)) {
    throw new PlanError(
      `great_expectations ${ge.pinnedText} is GX 1.x, which has no YAML checkpoint actions: add OpenLineageValidationAction(openlineage_host=…) to the Checkpoint's actions in Python (openlineage-integration-common>=1.40.0). Its GX 1.x runtime path is not verified end to end.`,
    );
  }
  if (ge?.pinned && compareVersions(ge.pinned, parseVersion('0.15.35')!) >= 0) {
    throw new PlanError(
      `great_expectations ${ge.pinnedText} is not supported by the OpenLineage action: the openlineage-integration-common[great_expectations] extra supports >=0.13.26,<0.15.35 (up to 1.39.x), and GX 1.x from 1.40.0. Pin great_expectations<0.15.35 or move to GX 1.x.`,
    );
  }
  const present = checkpoints.filter((p) => {
    const text = ctx.ws.read(p);
    return text !== undefined && gxKind(p, text, true) === 'gx-checkpoint';
  });
  if (!present.length)
    throw new PlanError(
      'No checkpoint YAML was found under great_expectations/checkpoints (or gx/checkpoints). Create a checkpoint first (great_expectations checkpoint new), then run the setup again.',
    );
  ensureRequirement(ctx.ws, 'requirements.txt', REQUIREMENT, (r) => {
    if (
      r.extras.includes('great_expectations') &&
      r.pinned &&
      compareVersions(r.pinned, parseVersion('1.40.0')!) < 0 &&
      (r.spec.startsWith('~=1.39') || r.spec.startsWith('==') || r.spec.includes('<1.40'))
    )
      return undefined;
    if (!r.extras.includes('great_expectations')) return 'the [great_expectations] extra was missing';
    return `${r.spec || 'no version'} would install 1.40.0 or later, which requires GX 1.x`;
  });
  for (const p of present) checkpointPlan(ctx, p);
  if (ctx.apiKey) {
    ctx.secret = {
      name: 'OPENLINEAGE_API_KEY',
      where:
        'great_expectations/uncommitted/config_variables.yml or the environment; Great Expectations substitutes ${OPENLINEAGE_API_KEY} in the checkpoint',
      how: 'Add OPENLINEAGE_API_KEY: <your key> to great_expectations/uncommitted/config_variables.yml (not committed), or export OPENLINEAGE_API_KEY=<your key> before running the checkpoint.',
    };
  }
  ctx.nextSteps.push(
    'Install the requirements (pip install -r requirements.txt) and run a checkpoint (great_expectations checkpoint run <name>); each run sends an event.',
  );
}
