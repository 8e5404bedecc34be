import { compareVersions, parseVersion } from '../../util/version';
import { dbtOlVersion } from '../analysis';
import { DBT_ENV, DBT_OL_FLAGS } from '../catalog';
import type { DbtRule } from './rule';

/**
 * dbt-ol flags and variables newer than the pinned openlineage-dbt (`--consume-structured-logs` 1.26.0,
 * `--openlineage-dbt-job-name` 1.37.0, `OPENLINEAGE_CONTEXT` 1.52.0), and the `--openlineage-dbt-job-name=…`
 * form, which works only since 1.52.0.
 */
export const flagVersion: DbtRule = {
  id: 'dbt/flag-version',
  defaultSeverity: 'warning',
  summary:
    'A dbt-ol flag or variable newer than the pinned openlineage-dbt, or `--openlineage-dbt-job-name=<name>`, which works only since 1.52.0.',
  check(ctx) {
    const pinned = dbtOlVersion(ctx.project);
    const older = (since: string) => pinned && compareVersions(pinned.version, parseVersion(since)!) < 0;
    for (const line of ctx.lines) {
      if (line.invocation.tool !== 'dbt-ol') continue;
      for (const flag of line.flags) {
        const spec = DBT_OL_FLAGS.find((f) => f.flag === flag.name);
        if (!spec || flag.word.dynamic) continue;
        const nameRange = { start: flag.word.range.start, end: flag.word.offsets[flag.name.length - 1]! + 1 };
        if (older(spec.since)) {
          ctx.report({
            range: nameRange,
            message: `\`${spec.flag}\` exists since openlineage-dbt ${spec.since}, but ${pinned!.where} pins ${pinned!.text}: that dbt-ol passes it on to dbt, which fails. Upgrade openlineage-dbt to ${spec.since} or later.`,
          });
          continue;
        }
        if (flag.equals && spec.equalsSince && (!pinned || older(spec.equalsSince))) {
          const eqOffset = flag.word.offsets[flag.name.length];
          ctx.report({
            range: flag.word.range,
            message: `The \`${spec.flag}=<name>\` form is parsed correctly only since openlineage-dbt ${spec.equalsSince}${pinned ? `, and ${pinned.where} pins ${pinned.text}` : ''}. Write \`${spec.flag} <name>\`, which works since ${spec.since}.`,
            fixes:
              eqOffset !== undefined && !flag.word.quoted
                ? [
                    {
                      title: `Write ${spec.flag} <name>`,
                      edits: [{ range: { start: eqOffset, end: eqOffset + 1 }, newText: ' ' }],
                      preferred: true,
                    },
                  ]
                : [],
          });
        }
      }
    }
    if (!pinned) return;
    for (const env of ctx.doc.env) {
      const spec = DBT_ENV.get(env.name);
      if (spec?.since && older(spec.since)) {
        ctx.report({
          range: env.nameRange,
          message: `\`${env.name}\` is read since openlineage-dbt ${spec.since}, but ${pinned.where} pins ${pinned.text}, which ignores it. Upgrade openlineage-dbt${env.name === 'OPENLINEAGE_CONTEXT' ? ', or set `OPENLINEAGE_PARENT_ID` instead' : ''}.`,
        });
      }
    }
  },
};
