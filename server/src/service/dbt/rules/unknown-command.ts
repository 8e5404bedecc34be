import { nearest } from '../../util/nearest';
import { DBT_COMMANDS, SEND_EVENTS } from '../catalog';
import type { DbtRule } from './rule';
import { orList } from '../../text/wording';

/** `dbt-ol rn`: not a dbt command, so dbt fails (`No such command`) and nothing runs. */
export const unknownCommand: DbtRule = {
  id: 'dbt/unknown-command',
  defaultSeverity: 'error',
  summary: 'A `dbt-ol` / `dbt` command that dbt does not have (a typo such as `dbt-ol rn`); suggests the nearest command.',
  check(ctx) {
    for (const line of ctx.lines) {
      const cmd = line.command;
      if (!cmd) continue;
      const name = cmd.text;
      const known: readonly string[] = line.invocation.tool === 'dbt-ol' ? [...DBT_COMMANDS, SEND_EVENTS] : DBT_COMMANDS;
      if (known.includes(name)) continue;
      const near = nearest(name, known, 2);
      const tool = line.invocation.tool;
      ctx.report({
        range: cmd.range,
        ...(near ? {} : { severity: 'warning' as const }),
        message: near
          ? `\`${name}\` is not a dbt command: \`${tool} ${name}\` fails with “No such command”. Did you mean \`${near}\`?`
          : `\`${name}\` is not a dbt command${tool === 'dbt-ol' ? ' or a dbt-ol subcommand' : ''} known here; dbt fails with “No such command” unless your dbt version has it. Known commands: ${orList(known)}.`,
        fixes:
          near && !cmd.quoted ? [{ title: `Replace with ${near}`, edits: [{ range: cmd.range, newText: near }], preferred: true }] : [],
      });
    }
  },
};
