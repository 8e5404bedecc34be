import { describeSource } from '../../project/model';
import { literal } from '../analysis';
import { PROVIDER, SECTION } from '../catalog';
import { airflowBoolean } from './option-type';
import type { AirflowRule } from './rule';

/**
 * The kill switches: `[openlineage] disabled` (the provider's plugin is not loaded) and `OPENLINEAGE_DISABLED`
 * (every Python-client integration uses the `noop` transport). Information, so nobody wonders where the events went.
 */
export const disabled: AirflowRule = {
  id: 'airflow/disabled',
  defaultSeverity: 'information',
  summary:
    'OpenLineage is switched off here (`[openlineage] disabled = True` or `OPENLINEAGE_DISABLED=true`): says what stops sending events.',
  check(ctx) {
    // On the provider's requirements line: where in the project OpenLineage is switched off.
    const req = ctx.doc.kind === 'requirements' ? ctx.doc.requirements?.find((r) => r.name === PROVIDER) : undefined;
    if (req) {
      const off = ctx.project.settings.filter(
        (s) =>
          (s.section === SECTION && s.option === 'disabled' && airflowBoolean(s.value) === true) ||
          (s.key === 'OPENLINEAGE_DISABLED' && s.value.trim().toLowerCase() === 'true'),
      );
      if (off.length) {
        ctx.report({
          range: { start: req.nameRange.start, end: Math.max(req.nameRange.end, req.specRange.end) },
          message: `${PROVIDER} is installed, but OpenLineage is switched off in ${off.map((s) => `${describeSource(s.source)} (\`${s.key}\`)`).join(', ')}, so no events are sent.`,
        });
      }
    }
    for (const { setting: s, spec } of ctx.settings) {
      if (!literal(s)) continue;
      if (spec?.name === 'disabled' && airflowBoolean(s.value) === true) {
        ctx.report({
          range:
            s.keyRange.start < s.valueRange.end ? { start: s.keyRange.start, end: Math.max(s.keyRange.end, s.valueRange.end) } : s.keyRange,
          message: `OpenLineage is switched off by \`${s.key}\`: the provider's plugin is not loaded, so no DAG or task sends lineage, whatever the transport says. Set it to \`False\` (or remove it) and restart Airflow to send events.`,
        });
      }
      if (s.source === 'env' && s.key === 'OPENLINEAGE_DISABLED' && s.value.trim().toLowerCase() === 'true') {
        ctx.report({
          range: { start: s.keyRange.start, end: Math.max(s.keyRange.end, s.valueRange.end) },
          message:
            '`OPENLINEAGE_DISABLED=true` switches OpenLineage off for every Python client here (the Airflow provider, dbt-ol, the Great Expectations action): they use the `noop` transport and send nothing. Remove it to send events.',
        });
      }
    }
  },
};
