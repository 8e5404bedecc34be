import { nearest } from '../../util/nearest';
import { ALL_FLAGS, DBT_OL_FLAGS } from '../catalog';
import type { DbtRule } from './rule';
import { orList } from '../../text/wording';

const OL_FLAGS = DBT_OL_FLAGS.map((f) => f.flag);

/**
 * Flags dbt-ol and dbt do not know. dbt-ol removes only its own flags before calling dbt, so a misspelled
 * `--consume-structured-log` reaches dbt, which fails with “No such option”. Unknown dbt flags are reported
 * only when they are close to a known one (dbt has many flags across versions).
 */
export const unknownFlag: DbtRule = {
  id: 'dbt/unknown-flag',
  defaultSeverity: 'warning',
  summary:
    'A misspelled dbt-ol flag (`--consume-structured-log`, `--openlineage-job-name`) or dbt flag, and `--openlineage-dbt-job-name` without a name.',
  check(ctx) {
    for (const line of ctx.lines) {
      for (const flag of line.flags) {
        if (flag.word.dynamic) continue;
        const { name } = flag;
        const nameRange = { start: flag.word.range.start, end: flag.word.offsets[name.length - 1]! + 1 };
        const spec = DBT_OL_FLAGS.find((f) => f.flag === name);
        if (spec) {
          if (spec.takesValue && (!flag.values.length || (!flag.values[0]!.dynamic && !flag.values[0]!.text.trim()))) {
            ctx.report({ range: flag.word.range, severity: 'error', message: `\`${name}\` needs a job name: write \`${name} <name>\`.` });
          }
          continue;
        }
        if (ALL_FLAGS.includes(name)) continue;
        const olNear = nearest(name, OL_FLAGS);
        const replace = (to: string) =>
          flag.word.quoted ? [] : [{ title: `Replace with ${to}`, edits: [{ range: nameRange, newText: to }], preferred: true }];
        if (olNear || name.startsWith('--openlineage')) {
          ctx.report({
            range: nameRange,
            severity: 'error',
            message: `dbt-ol does not know \`${name}\`, so it passes it on to dbt, which fails with “No such option”. ${olNear ? `Did you mean \`${olNear}\`?` : `dbt-ol’s flags are ${orList(OL_FLAGS)}.`}`,
            fixes: olNear ? replace(olNear) : [],
          });
          continue;
        }
        // Only long flags against long flags: `--x` is not a typo of `-x`.
        const near =
          name.startsWith('--') && name.length > 4
            ? nearest(
                name,
                ALL_FLAGS.filter((f) => f.startsWith('--')),
                2,
              )
            : undefined;
        if (!near) continue;
        ctx.report({
          range: nameRange,
          message: `\`${name}\` is not a dbt flag; dbt fails with “No such option”. Did you mean \`${near}\`?`,
          fixes: replace(near),
        });
      }
    }
  },
};
