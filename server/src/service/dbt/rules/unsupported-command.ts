import { compareVersions, parseVersion } from '../../util/version';
import { dbtOlVersion } from '../analysis';
import { DBT_COMMANDS, LINEAGE_COMMANDS, STRUCTURED_ONLY_COMMANDS } from '../catalog';
import type { DbtRule } from './rule';

const LINEAGE: readonly string[] = LINEAGE_COMMANDS;

/**
 * `dbt-ol compile`, `dbt-ol docs generate`, …: dbt-ol runs them but emits lineage only for `run`, `build`,
 * `test`, `seed` and `snapshot` (and `retry` with `--consume-structured-logs`, since 1.47.0).
 */
export const unsupportedCommand: DbtRule = {
  id: 'dbt/unsupported-command',
  defaultSeverity: 'information',
  summary:
    '`dbt-ol` with a dbt command it emits no lineage for (`compile`, `docs`, `deps`, …; `retry` needs `--consume-structured-logs`); call `dbt` directly.',
  check(ctx) {
    const pinned = dbtOlVersion(ctx.project);
    for (const line of ctx.lines) {
      const cmd = line.command;
      if (line.invocation.tool !== 'dbt-ol' || !cmd) continue;
      const name = cmd.text;
      if (LINEAGE.includes(name) || !(DBT_COMMANDS as readonly string[]).includes(name)) continue;
      const structured = line.flags.some((f) => f.name === '--consume-structured-logs');
      const since = STRUCTURED_ONLY_COMMANDS[name];
      if (since) {
        if (!structured) {
          ctx.report({
            range: cmd.range,
            message: `dbt-ol emits lineage for \`${name}\` only with \`--consume-structured-logs\` (since openlineage-dbt ${since}); from the artifacts it handles only ${LINEAGE.map((c) => `\`${c}\``).join(', ')}. Add \`--consume-structured-logs\`.`,
            fixes: [
              {
                title: 'Add --consume-structured-logs',
                edits: [{ range: { start: cmd.range.end, end: cmd.range.end }, newText: ' --consume-structured-logs' }],
              },
            ],
          });
        } else if (pinned && compareVersions(pinned.version, parseVersion(since)!) < 0) {
          ctx.report({
            range: cmd.range,
            severity: 'warning',
            message: `dbt-ol emits lineage for \`${name}\` with structured logs only since openlineage-dbt ${since}, but ${pinned.where} pins ${pinned.text}. Upgrade openlineage-dbt.`,
          });
        }
        continue;
      }
      const tool = line.invocation.toolWord;
      ctx.report({
        range: cmd.range,
        message: `dbt-ol runs \`dbt ${name}\` but emits no lineage for it: it handles only ${LINEAGE.map((c) => `\`${c}\``).join(', ')} (others are logged as unsupported). Call \`dbt ${name}\` directly.`,
        fixes:
          tool.quoted || tool.text !== 'dbt-ol'
            ? []
            : [{ title: `Run dbt ${name} instead`, edits: [{ range: tool.range, newText: 'dbt' }] }],
      });
    }
  },
};
