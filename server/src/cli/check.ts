/**
 * `lineage-lens check`: the problems found in the given paths, printed as text or JSON.
 */
import { checkPaths, type CheckPathsEnv, type CheckedProblem } from '../node/check';

export interface CheckOptions {
  paths: string[];
  format: 'text' | 'json';
  quiet: boolean;
}

export interface CheckEnv extends CheckPathsEnv {
  out(s: string): void;
}

/** One problem in the JSON output (LSP conventions: 0-based lines and UTF-16 characters). */
export type JsonProblem = Omit<CheckedProblem, 'path'>;

/** Runs the rules over the given paths and prints the problems. */
export async function runCheck(options: CheckOptions, env: CheckEnv): Promise<{ exitCode: number; problems: JsonProblem[] }> {
  const result = await checkPaths(options.paths, env);
  const problems: JsonProblem[] = result.problems.filter((p) => !options.quiet || p.severity === 'error').map(({ path: _path, ...p }) => p);
  return print(options, env, problems, result.files.length, result.candidates > 0, result.unreadable);
}

/** Prints the problems of a check. */
function print(
  options: CheckOptions,
  env: CheckEnv,
  problems: JsonProblem[],
  checked: number,
  anyFile: boolean,
  unreadable: number,
): { exitCode: number; problems: JsonProblem[] } {
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (options.format === 'json') {
    env.out(`${JSON.stringify(problems, null, 2)}\n`);
  } else {
    for (const p of problems) {
      env.out(
        `${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1} ${p.severity} ${p.cell ? `cell ${p.cell.index + 1}, line ${p.cell.line + 1}: ` : ''}${p.message.replace(/\s*\n\s*/g, ' ')} ${p.code}\n`,
      );
    }
    const warnings = problems.filter((p) => p.severity === 'warning').length;
    const others = problems.length - errors - warnings;
    if (problems.length) {
      env.out(
        `\n${errors ? '✖' : '⚠'} ${problems.length} problem${problems.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${others ? `, ${others} other` : ''}) in ${new Set(problems.map((p) => p.file)).size} of ${checked} files checked\n`,
      );
    } else {
      env.out(`✔ No problems in ${checked} file${checked === 1 ? '' : 's'} checked\n`);
    }
  }
  const exitCode = errors ? 1 : unreadable && !anyFile ? 2 : 0;
  return { exitCode, problems };
}
