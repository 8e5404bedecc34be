/** The structure of one dbt / dbt-ol command line: its command, its flags and their values. */
import type { ProjectModel } from '../project/model';
import { describeRequirement } from '../project/wording';
import { parseVersion, type Version } from '../util/version';
import { MULTI_VALUE_FLAGS, VALUE_FLAGS } from './catalog';
import type { Invocation, Word } from './parse';

export interface FlagUse {
  readonly word: Word;
  /** The flag's name (before `=` in `--flag=value`). */
  readonly name: string;
  /** Its value word(s): the rest of the word for `--flag=value`, else the next word(s). */
  readonly values: readonly Word[];
  /** Written as `--flag=value`. */
  readonly equals: boolean;
}

export interface CommandLine {
  readonly invocation: Invocation;
  /** The dbt command (`run`, `test`, …) or dbt-ol's `send-events`; undefined when it is missing or built at run time. */
  readonly command?: Word;
  readonly commandDynamic: boolean;
  readonly flags: readonly FlagUse[];
}

export function commandLine(inv: Invocation): CommandLine {
  const flags: FlagUse[] = [];
  let command: Word | undefined;
  let commandDynamic = false;
  const args = inv.args;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w.text.startsWith('-') && w.text.length > 1) {
      const eq = w.text.startsWith('--') ? w.text.indexOf('=') : -1;
      if (eq > 0) {
        const offsets = w.offsets.slice(eq + 1);
        const start = offsets[0] ?? w.range.end;
        const value: Word = {
          text: w.text.slice(eq + 1),
          offsets,
          range: { start, end: offsets.length ? offsets[offsets.length - 1]! + 1 : start },
          dynamic: w.dynamic,
          quoted: w.quoted,
        };
        flags.push({ word: w, name: w.text.slice(0, eq), values: [value], equals: true });
        continue;
      }
      const values: Word[] = [];
      if (VALUE_FLAGS.has(w.text)) {
        const next = args[i + 1];
        if (next && !(next.text.startsWith('-') && next.text.length > 1)) {
          values.push(next);
          i++;
        }
      } else if (MULTI_VALUE_FLAGS.has(w.text)) {
        while (args[i + 1] && !args[i + 1]!.text.startsWith('-')) values.push(args[++i]!);
      }
      flags.push({ word: w, name: w.text, values, equals: false });
      continue;
    }
    if (!command && !commandDynamic) {
      if (w.dynamic) commandDynamic = true;
      else command = w;
    }
  }
  return { invocation: inv, ...(command ? { command } : {}), commandDynamic, flags };
}

/** The openlineage-dbt version pinned in the workspace, if any. */
export function dbtOlVersion(project: ProjectModel): { version: Version; text: string; where: string } | undefined {
  const pkg = project.packages.get('openlineage-dbt');
  if (!pkg?.pinned || !pkg.pinnedText) return undefined;
  const v = parseVersion(pkg.pinnedText);
  return v ? { version: v, text: pkg.pinnedText, where: describeRequirement(pkg) } : undefined;
}
