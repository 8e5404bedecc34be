import { describeSource } from '../../project/model';
import { DBT_OL_FLAGS, LINEAGE_COMMANDS } from '../catalog';
import type { CommandLine } from '../analysis';
import type { DbtRule } from './rule';

const LINEAGE: readonly string[] = LINEAGE_COMMANDS;
const OL_FLAGS = DBT_OL_FLAGS.map((f) => f.flag);

/**
 * `dbt run` where openlineage-dbt is installed (or `dbt-ol` is used elsewhere in the file): plain dbt emits no
 * lineage, only the `dbt-ol` wrapper does. dbt-ol's own flags on plain `dbt` make dbt fail.
 */
export const plainDbt: DbtRule = {
  id: 'dbt/plain-dbt',
  defaultSeverity: 'information',
  summary:
    '`dbt run`/`build`/`test`/`seed`/`snapshot` in a project that installs openlineage-dbt: plain dbt emits no lineage, `dbt-ol` does; dbt-ol flags on plain `dbt` fail.',
  check(ctx) {
    const pkg = ctx.project.packages.get('openlineage-dbt');
    const usesDbtOl = ctx.lines.some((l) => l.invocation.tool === 'dbt-ol');
    // A step that runs `dbt run` and then `dbt-ol run` of the same selection already sends that selection's lineage.
    const withLineage = new Set(ctx.lines.filter((l) => l.invocation.tool === 'dbt-ol' && l.command).map(selectionKey));
    for (const line of ctx.lines) {
      const inv = line.invocation;
      if (inv.tool !== 'dbt' || inv.toolWord.text !== 'dbt') continue;
      const fix = inv.toolWord.quoted ? [] : [{ title: 'Run it with dbt-ol', edits: [{ range: inv.toolWord.range, newText: 'dbt-ol' }] }];
      const olFlag = line.flags.find((f) => OL_FLAGS.includes(f.name));
      if (olFlag) {
        ctx.report({
          range: olFlag.word.range,
          severity: 'error',
          message: `\`${olFlag.name}\` is a dbt-ol flag; plain \`dbt\` fails with “No such option”. Run the command with \`dbt-ol\`.`,
          fixes: fix.map((f) => ({ ...f, preferred: true })),
        });
        continue;
      }
      const cmd = line.command?.text;
      if (!cmd || !LINEAGE.includes(cmd) || (!pkg && !usesDbtOl) || withLineage.has(selectionKey(line))) continue;
      const why = pkg ? `openlineage-dbt is installed (${describeSource(pkg.source)})` : 'this file runs `dbt-ol` elsewhere';
      ctx.report({
        range: inv.toolWord.range,
        message: `\`dbt ${cmd}\` emits no OpenLineage events: ${why}, but only the \`dbt-ol\` wrapper sends lineage. Run \`dbt-ol ${cmd}\` to get this step into the lineage graph.`,
        fixes: fix,
      });
    }
  },
};

const SELECT_FLAGS = ['--select', '-s', '--models', '-m'];

/** `run` plus the selection (`--select`/`-s`/`--models`/`-m` values, sorted): what a command builds. */
function selectionKey(line: CommandLine): string {
  const selected = line.flags.filter((f) => SELECT_FLAGS.includes(f.name)).flatMap((f) => f.values.map((v) => v.text));
  return `${line.command?.text ?? ''} ${selected.sort().join(' ')}`;
}
