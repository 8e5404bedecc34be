import { nearest } from '../../util/nearest';
import { OPTION_NAMES, SECTION, UNVERIFIED_OPTIONS, lookupOption } from '../catalog';
import { envName, optionKey } from '../analysis';
import type { AirflowRule } from './rule';

/** Env names that try to address the `[openlineage]` section but are not `AIRFLOW__OPENLINEAGE__<OPTION>`. */
const NEAR_PREFIX = /^AIRFLOW_{1,3}OPEN_?LINEAGE_{1,3}([A-Za-z0-9_]+)$/i;

/**
 * Options of `[openlineage]` the provider does not have (Airflow ignores them silently), in airflow.cfg and in
 * the `AIRFLOW__OPENLINEAGE__*` form; env names Airflow never reads (lower case, one underscore too few).
 */
export const unknownOption: AirflowRule = {
  id: 'airflow/unknown-option',
  defaultSeverity: 'warning',
  summary:
    'An `[openlineage]` option or `AIRFLOW__OPENLINEAGE__*` variable the provider does not have (a typo, or a malformed env name Airflow never reads); suggests the nearest option.',
  check(ctx) {
    for (const info of ctx.settings) {
      const s = info.setting;
      if (s.source === 'env') {
        const near = NEAR_PREFIX.exec(s.key);
        if (near && !/^AIRFLOW__OPENLINEAGE__[A-Z0-9_]+$/.test(s.key)) {
          const option = near[1]!.replace(/^_+/, '').toLowerCase();
          const known = lookupOption(option) ? option : nearest(option, OPTION_NAMES);
          const target = known ? envName(known) : `AIRFLOW__OPENLINEAGE__${option.toUpperCase()}`;
          const lower = s.key.toUpperCase() === target;
          ctx.report({
            range: s.keyRange,
            message: lower
              ? `Airflow only reads upper-case \`AIRFLOW__SECTION__OPTION\` variables; \`${s.key}\` is ignored. Write \`${target}\`.`
              : `Airflow reads \`[openlineage]\` options from \`AIRFLOW__OPENLINEAGE__<OPTION>\` (two underscores on each side of the section); \`${s.key}\` is ignored. Write \`${target}\`.`,
            fixes: [{ title: `Rename to ${target}`, edits: [{ range: s.keyRange, newText: target }], preferred: true }],
          });
          continue;
        }
      }
      if (info.option?.section !== SECTION || info.spec) continue;
      const option = info.option.option;
      const unverified = UNVERIFIED_OPTIONS[option];
      if (unverified) {
        ctx.report({
          range: s.keyRange,
          severity: 'hint',
          message: `\`${option}\` ${unverified}. Check that your provider version has it.`,
        });
        continue;
      }
      const suggestion = nearest(option, OPTION_NAMES);
      const where =
        s.source === 'cfg'
          ? `\`[openlineage]\` has no option \`${s.key}\``
          : `\`${s.key}\` sets \`[openlineage] ${option}\`, which the provider does not have`;
      ctx.report({
        range: s.keyRange,
        message: `${where}: Airflow ignores it without a warning. ${suggestion ? `Did you mean \`${optionKey(s, suggestion)}\`?` : `Known options: ${OPTION_NAMES.map((o) => `\`${o}\``).join(', ')}.`}`,
        fixes: suggestion
          ? [
              {
                title: `Rename to ${optionKey(s, suggestion)}`,
                edits: [{ range: s.keyRange, newText: optionKey(s, suggestion) }],
                preferred: true,
              },
            ]
          : [],
      });
    }
  },
};
