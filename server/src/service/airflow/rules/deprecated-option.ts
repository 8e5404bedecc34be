import type { Fix } from '../../rules/rule';
import { atLeast, literal, rewriteSetting, optionKey, UNKNOWN_PROVIDER, type SettingInfo } from '../analysis';
import { PROVIDER } from '../catalog';
import { airflowBoolean } from './option-type';
import type { AirflowRule } from './rule';

/**
 * Options superseded by `emission_policy` in provider 2.19.0 (`disabled_for_operators`, `selective_enable`,
 * `disable_source_code`, `include_full_task_info`). Reported as deprecated only when the project's provider is
 * 2.19.0 or later; when its version is unknown, as information that says the verdict depends on it.
 */
export const deprecatedOption: AirflowRule = {
  id: 'airflow/deprecated-option',
  defaultSeverity: 'warning',
  summary:
    'An option superseded by `emission_policy` (provider ≥ 2.19.0): `disabled_for_operators`, `selective_enable`, `disable_source_code`, `include_full_task_info`; quick fix translates it where that is simple.',
  check(ctx) {
    const provider = ctx.versions.provider;
    if (provider && !atLeast(provider.version, '2.19.0')) return;
    const hasPolicy = ctx.settings.some((i) => i.spec?.name === 'emission_policy');
    for (const info of ctx.settings) {
      const spec = info.spec;
      if (!spec?.deprecatedSince) continue;
      const s = info.setting;
      const rule = translate(info);
      const fixes: Fix[] = [];
      if (rule && !hasPolicy && ctx.doc.settings) {
        const edit = rewriteSetting(ctx.text, ctx.doc.settings, s, optionKey(s, 'emission_policy'), rule);
        if (edit) fixes.push({ title: `Replace with emission_policy = ${rule}`, edits: [edit] });
      }
      const how = rule
        ? ` The equivalent rule is \`${rule}\`${hasPolicy ? '; add it to the existing `emission_policy`' : ''}.`
        : spec.name === 'selective_enable'
          ? ' Express it as `emission_policy` rules that disable emission by default and enable it for the DAGs or tasks you mark.'
          : '';
      ctx.report({
        range: s.keyRange,
        tags: ['deprecated'],
        ...(provider ? {} : { severity: 'information' as const }),
        message: provider
          ? `\`${spec.name}\` is deprecated since ${PROVIDER} ${spec.deprecatedSince} (this project has ${provider.label}): the provider translates it to an \`emission_policy\` rule and logs a DeprecationWarning. Use \`emission_policy\`.${how}`
          : `\`${spec.name}\` is deprecated in favour of \`emission_policy\` from ${PROVIDER} ${spec.deprecatedSince}; whether that applies depends on the provider version, and ${UNKNOWN_PROVIDER}.${how}`,
        fixes,
      });
    }
  },
};

/** The `emission_policy` equivalent of a deprecated option, when it translates simply. */
function translate(info: SettingInfo): string | undefined {
  const s = info.setting;
  if (!literal(s)) return undefined;
  switch (info.spec!.name) {
    case 'disabled_for_operators': {
      const ops = s.value
        .split(';')
        .map((o) => o.trim())
        .filter(Boolean);
      if (!ops.length) return undefined;
      return JSON.stringify(ops.map((operator) => ({ scope: { operator }, controls: { emit: false } })))
        .replace(/":/g, '": ')
        .replace(/,"/g, ', "')
        .replace(/},{/g, '}, {');
    }
    case 'disable_source_code':
      return airflowBoolean(s.value) === true ? '[{"scope": {}, "controls": {"include_source_code": false}}]' : undefined;
    case 'include_full_task_info':
      return airflowBoolean(s.value) === true ? '[{"scope": {}, "controls": {"include_full_task_info": true}}]' : undefined;
    default:
      return undefined;
  }
}
