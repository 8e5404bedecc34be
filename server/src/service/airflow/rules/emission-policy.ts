import { nearest } from '../../util/nearest';
import type { Finding } from '../../rules/rule';
import { jsonSite, literal } from '../analysis';
import { POLICY } from '../catalog';
import { describeKind, entry, type JsonNode } from '../json';
import type { AirflowRule } from './rule';

const BOOL_CONTROLS: readonly string[] = POLICY.boolControls;
const LIST_CONTROLS: readonly string[] = POLICY.listControls;
const CONTROLS = [...BOOL_CONTROLS, ...LIST_CONTROLS];

/**
 * `emission_policy` (provider 2.19.0): a JSON array of rules `{scope, match_mode, controls, locked}`. Invalid
 * JSON is an error; a rule with unknown keys is skipped by the provider with a WARNING, so those are warnings.
 */
export const emissionPolicy: AirflowRule = {
  id: 'airflow/emission-policy',
  defaultSeverity: 'error',
  summary:
    '`emission_policy` that is not a JSON array of rules, or a rule the provider skips (unknown keys, `task_id` without `dag_id`, `operator` with `dag_id`, non-boolean controls).',
  check(ctx) {
    for (const info of ctx.settings) {
      const s = info.setting;
      if (info.spec?.name !== 'emission_policy' || s.valueKind === 'expression' || !s.value.trim()) continue;
      const site = jsonSite(s, `\`${s.key}\``);
      if (!literal(s) && (site.error || site.json?.kind !== 'array')) continue;
      if (site.extraQuotes) {
        ctx.report({
          range: s.valueRange,
          message: `\`${s.key}\` is wrapped in quotes that are part of the value, so it is not JSON. Remove them.`,
        });
        continue;
      }
      if (site.error) {
        ctx.report({
          range: site.error.range.end > site.error.range.start ? site.error.range : s.valueRange,
          message: `\`${s.key}\` is not valid JSON: ${site.error.message}. Write a JSON array of rules such as \`[{"scope": {"dag_id": "my_dag"}, "controls": {"emit": false}}]\`.`,
        });
        continue;
      }
      const root = site.json!;
      if (root.kind !== 'array') {
        ctx.report({
          range: s.valueRange,
          message: `\`${s.key}\` must be a JSON array of rules, not ${describeKind(root)}. Wrap the rule in \`[ … ]\`.`,
        });
        continue;
      }
      const warn = (node: { range: { start: number; end: number } }, message: string): void => {
        const f: Finding = { range: site.map(node.range), severity: 'warning', message };
        ctx.report(f);
      };
      root.items.forEach((rule, n) => {
        const label = `Rule ${n + 1} of \`${s.key}\``;
        if (rule.kind !== 'object') {
          warn(rule, `${label} must be an object \`{"scope": …, "controls": …}\`, not ${describeKind(rule)}; the provider skips it.`);
          return;
        }
        unknownKeys(rule, POLICY.ruleKeys, label, warn);
        const scope = entry(rule, 'scope')?.value;
        if (scope) {
          if (scope.kind !== 'object')
            warn(scope, `\`scope\` in ${label.toLowerCase()} must be an object, not ${describeKind(scope)}; the provider skips the rule.`);
          else {
            unknownKeys(scope, POLICY.scopeKeys, `\`scope\` of ${label.toLowerCase()}`, warn);
            const dag = entry(scope, 'dag_id');
            const task = entry(scope, 'task_id');
            const op = entry(scope, 'operator');
            if (task && !dag)
              warn(
                { range: task.keyRange },
                `\`task_id\` needs \`dag_id\` in the same scope (${label.toLowerCase()}); add \`"dag_id"\` or the rule is skipped.`,
              );
            if (op && (dag || task))
              warn(
                { range: op.keyRange },
                `\`operator\` cannot be combined with \`dag_id\`/\`task_id\` in one scope (${label.toLowerCase()}); split it into two rules.`,
              );
            for (const e of scope.entries)
              if (e.value.kind !== 'string' && e.value.kind !== 'untyped' && POLICY.scopeKeys.includes(e.key as never))
                warn(e.value, `\`${e.key}\` in the scope must be a string, not ${describeKind(e.value)}.`);
          }
        }
        const mode = entry(rule, 'match_mode')?.value;
        if (mode && !(mode.kind === 'string' && (POLICY.matchModes as readonly string[]).includes(mode.value))) {
          warn(
            mode,
            `\`match_mode\` must be \`"exact"\` or \`"regex"\`${mode.kind === 'string' ? `, not \`${mode.value}\`` : ''}; the provider skips the rule.`,
          );
        }
        const controls = entry(rule, 'controls')?.value;
        if (!controls)
          warn(
            { range: { start: rule.range.start, end: rule.range.start + 1 } },
            `${label} has no \`controls\`, so it changes nothing. Add e.g. \`"controls": {"emit": false}\`.`,
          );
        else if (controls.kind !== 'object') warn(controls, `\`controls\` must be an object, not ${describeKind(controls)}.`);
        else {
          unknownKeys(controls, CONTROLS, `\`controls\` of ${label.toLowerCase()}`, warn);
          for (const e of controls.entries) {
            if (BOOL_CONTROLS.includes(e.key) && e.value.kind !== 'boolean')
              warn(e.value, `\`${e.key}\` must be \`true\` or \`false\` (JSON booleans, unquoted), not ${describeKind(e.value)}.`);
            if (LIST_CONTROLS.includes(e.key)) {
              if (e.value.kind !== 'array')
                warn(e.value, `\`${e.key}\` must be a list of regular expressions, not ${describeKind(e.value)}.`);
              else
                for (const item of e.value.items)
                  if (item.kind !== 'string') warn(item, `\`${e.key}\` holds regular expressions (strings), not ${describeKind(item)}.`);
            }
          }
        }
        const locked = entry(rule, 'locked')?.value;
        if (locked && locked.kind !== 'boolean') warn(locked, `\`locked\` must be \`true\` or \`false\`, not ${describeKind(locked)}.`);
      });
    }
  },
};

function unknownKeys(
  obj: JsonNode & { kind: 'object' },
  known: readonly string[],
  label: string,
  warn: (n: { range: { start: number; end: number } }, m: string) => void,
): void {
  for (const e of obj.entries) {
    if (known.includes(e.key)) continue;
    const near = nearest(e.key, known);
    warn(
      { range: e.keyRange },
      `Unknown key \`${e.key}\` in ${label}: the provider skips the whole rule with a warning.${near ? ` Did you mean \`${near}\`?` : ` Keys: ${known.map((k) => `\`${k}\``).join(', ')}.`}`,
    );
  }
}
