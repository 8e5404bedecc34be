import type { HoverResult } from '../family';
import { commandLine } from './analysis';
import { DBT_CLI_DOCS, DBT_DOCS, DBT_ENV, DBT_OL_FLAGS, LINEAGE_COMMANDS, SEND_EVENTS, STRUCTURED_ONLY_COMMANDS } from './catalog';
import type { DbtDocument } from './parse';
import { mdCode } from '../../../../common/markdown';

const within = (r: { start: number; end: number }, offset: number) => r.start <= offset && offset <= r.end && r.end > r.start;
const LINEAGE: readonly string[] = LINEAGE_COMMANDS;

/** Hover on `dbt-ol`, its command and flags, and on dbt-ol's environment variables. */
export function dbtHover(doc: DbtDocument, offset: number): HoverResult | undefined {
  for (const inv of doc.invocations) {
    if (within(inv.toolWord.range, offset)) {
      if (inv.tool !== 'dbt-ol') return undefined;
      return {
        range: inv.toolWord.range,
        markdown: `**\`dbt-ol\`** (openlineage-dbt)\n\nRuns \`dbt <args>\` (all dbt flags pass through) and sends OpenLineage events for ${LINEAGE.map((c) => `\`${c}\``).join(', ')}: one job per model, test, seed and snapshot. The namespace comes from \`OPENLINEAGE_NAMESPACE\` (default \`dbt\`); the transport from the Python client’s configuration (\`OPENLINEAGE_URL\`, \`openlineage.yml\`, \`OPENLINEAGE__…\`).\n\n[Documentation](${DBT_DOCS})`,
      };
    }
    const line = commandLine(inv);
    if (line.command && within(line.command.range, offset)) {
      const name = line.command.text;
      const what =
        name === SEND_EVENTS
          ? 'dbt-ol’s own subcommand: re-sends the events of the last run from its artifacts, without running dbt.'
          : LINEAGE.includes(name)
            ? inv.tool === 'dbt-ol'
              ? 'dbt-ol emits lineage for this command.'
              : 'Plain dbt emits no lineage; `dbt-ol` would.'
            : Object.hasOwn(STRUCTURED_ONLY_COMMANDS, name)
              ? `dbt-ol emits lineage for it only with \`--consume-structured-logs\` (since ${STRUCTURED_ONLY_COMMANDS[name]}).`
              : 'dbt-ol emits no lineage for this command.';
      return {
        range: line.command.range,
        markdown: `**${mdCode(`${inv.tool} ${name}`)}**\n\n${what}\n\n[dbt commands](${DBT_CLI_DOCS}) · [dbt-ol](${DBT_DOCS})`,
      };
    }
    for (const flag of line.flags) {
      const spec = DBT_OL_FLAGS.find((f) => f.flag === flag.name);
      if (spec && within(flag.word.range, offset)) {
        return {
          range: flag.word.range,
          markdown: `**\`${spec.flag}\`** (dbt-ol)\n\n${spec.description}\n\nSince: openlineage-dbt ${spec.since}\n\n[Documentation](${DBT_DOCS})`,
        };
      }
    }
  }
  for (const env of doc.env) {
    const spec = DBT_ENV.get(env.name);
    if (spec && within(env.nameRange, offset)) {
      const facts = [spec.default ? `Default: \`${spec.default}\`` : '', spec.since ? `Since: openlineage-dbt ${spec.since}` : '']
        .filter(Boolean)
        .join(' · ');
      return {
        range: env.nameRange,
        markdown: `**\`${spec.name}\`** (dbt-ol)\n\n${spec.description}${facts ? `\n\n${facts}` : ''}\n\n[Documentation](${DBT_DOCS})`,
      };
    }
  }
  return undefined;
}
