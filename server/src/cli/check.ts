/**
 * `lineage-lens check`: the problems found in the given paths, printed as text or JSON.
 *
 * A run never passes without checking what it was given: a path named on the command line that cannot be
 * checked is an error (`cli/cannot-check`, exit 2), a file found in a folder but not checked is a warning
 * (`cli/skipped-file`), and a run that checked no file at all is an error (`cli/nothing-checked`, exit 2).
 * These entries are printed with the problems (text) and are part of the array (JSON).
 */
import { checkPaths, type CheckPathsEnv, type CheckedProblem, type SkippedFile } from '../node/check';
import { tooLargeMessage } from '../service/budget';

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

/** The codes of the entries about the run itself rather than about a file's content. */
export const CANNOT_CHECK = 'cli/cannot-check';
export const SKIPPED_FILE = 'cli/skipped-file';
export const NOTHING_CHECKED = 'cli/nothing-checked';

/** What `check` looks for when it walks a folder, for the message of a run that found nothing. */
export const LOOKS_FOR =
  'Spark .conf files and spark-submit scripts, PySpark, Scala and Java Spark code, Jupyter notebooks, Databricks init scripts, ' +
  'airflow.cfg, .env, Dockerfile, docker-compose*.yml, airflow_settings.yaml, requirements.txt, Airflow DAG files, ' +
  'great_expectations.yml and checkpoints, openlineage.yml, and scripts running dbt-ol';

const TOO_LARGE = 'general/too-large';
const START = { line: 0, character: 0 };

/** Runs the rules over the given paths and prints the problems. */
export async function runCheck(options: CheckOptions, env: CheckEnv): Promise<{ exitCode: number; problems: JsonProblem[] }> {
  const result = await checkPaths(options.paths, env);
  // A file whose only verdict is "too large to check" was not checked: it is reported as such, once.
  const tooLarge = new Map(result.problems.filter((p) => p.code === TOO_LARGE).map((p) => [p.path, p]));
  const skipped: JsonProblem[] = result.skipped.map((s) => skippedEntry(s, env.cwd, tooLarge.get(s.path)?.message));
  for (const [path, p] of tooLarge) {
    if (result.skipped.some((s) => s.path === path)) continue;
    const named = result.files.some((f) => f.path === path && f.explicit);
    const fix = named ? 'Leave it out of the paths named' : 'Name only the folders that hold configuration';
    skipped.push(fileEntry(p.file, named, `not checked: ${stripPrefix(p.message)} ${fix}, or split it if it is configuration`));
  }
  const checked = result.files.filter((f) => !tooLarge.has(f.path)).length;
  const problems: JsonProblem[] = result.problems
    .filter((p) => p.code !== TOO_LARGE && (!options.quiet || p.severity === 'error'))
    .map(({ path: _path, ...p }) => p);
  const failures = skipped.filter((e) => e.code === CANNOT_CHECK);
  const warnings = options.quiet ? [] : skipped.filter((e) => e.code === SKIPPED_FILE);
  const nothing: JsonProblem[] =
    checked === 0
      ? result.dirs.map((dir) => ({
          file: dir,
          range: { start: START, end: START },
          severity: 'error' as const,
          code: NOTHING_CHECKED,
          message: `nothing checked: no lineage configuration found in ${dir === '.' ? 'the current directory' : dir} (${result.candidates} file${result.candidates === 1 ? '' : 's'} looked at). lineage-lens check looks for ${LOOKS_FOR}. Name the folder that holds them, or name a file to check it whatever its name.`,
        }))
      : [];
  const entries = [...problems, ...failures, ...warnings, ...nothing];
  const exitCode = failures.length || checked === 0 ? 2 : problems.some((p) => p.severity === 'error') ? 1 : 0;
  if (options.format === 'json') env.out(`${JSON.stringify(entries, null, 2)}\n`);
  else {
    for (const p of entries) env.out(`${textLine(p)}\n`);
    env.out(`${entries.length ? '\n' : ''}${summary(problems, checked, failures.length, warnings.length, nothing.length > 0)}\n`);
  }
  return { exitCode, problems: entries };
}

/** One line of text output: `file:line:col severity message code`, or `file: severity message code` for a whole file. */
function textLine(p: JsonProblem): string {
  const where = p.code.startsWith('cli/') ? `${p.file}:` : `${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1}`;
  const cell = p.cell ? `cell ${p.cell.index + 1}, line ${p.cell.line + 1}: ` : '';
  return `${where} ${p.severity} ${cell}${p.message.replace(/\s*\n\s*/g, ' ')} ${p.code}`;
}

/** The last line: what was checked, what was found, and what was not checked. */
function summary(problems: JsonProblem[], checked: number, failures: number, skipped: number, nothingFound: boolean): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  const others = problems.length - errors - warnings;
  const extras = [
    ...(failures ? [`${plural(failures, 'path')} named could not be checked`] : []),
    ...(skipped ? [`${plural(skipped, 'file')} skipped, not checked`] : []),
  ];
  if (checked === 0) {
    const why = nothingFound ? 'no lineage configuration found' : failures ? '' : 'no file could be read';
    return `✖ Nothing checked: ${[why, ...extras].filter(Boolean).join('; ')} (see above)`;
  }
  const lead = problems.length
    ? `${plural(problems.length, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}${others ? `, ${others} other` : ''}) in ${new Set(problems.map((p) => p.file)).size} of ${checked} files checked`
    : `No problems in ${plural(checked, 'file')} checked`;
  const symbol = errors || failures ? '✖' : problems.length || skipped ? '⚠' : '✔';
  return `${symbol} ${[lead, ...extras].join('; ')}`;
}

/** The entry for a path that was not checked: an error when it was named, a warning when it was found in a folder. */
function skippedEntry(s: SkippedFile, cwd: string, tooLarge: string | undefined): JsonProblem {
  const why = (() => {
    switch (s.reason) {
      case 'missing':
        return `no such file or directory (paths are relative to the current directory, ${cwd}): check the spelling, or leave it out`;
      case 'too-large':
        return `not checked: ${stripPrefix(tooLarge ?? tooLargeMessage(Number(s.detail), undefined, 'bytes'))} ${s.explicit ? 'Leave it out of the paths named' : 'Name only the folders that hold configuration'}, or split it if it is configuration`;
      case 'binary':
        return `not checked: it is not a text file (it holds NUL bytes). Save it as UTF-8 if it is configuration (UTF-16 text holds NUL bytes), or ${s.explicit ? 'leave it out of the paths named' : 'name only the folders that hold configuration'}`;
      case 'not-a-file':
        return `not checked: it is not a regular file (a FIFO, a device, a socket, or a link to one). Name the file itself, or leave it out of the paths named`;
      case 'unreadable':
        return `not checked: it cannot be read (${s.detail}). Give the user running lineage-lens read access to it, or ${s.explicit ? 'leave it out of the paths named' : 'name only the folders that hold configuration'}`;
    }
  })();
  return fileEntry(s.shown, s.explicit, why);
}

/** A whole-file entry: `cli/cannot-check` (error) for a named path, `cli/skipped-file` (warning) for one found in a folder. */
function fileEntry(file: string, error: boolean, message: string): JsonProblem {
  return {
    file,
    range: { start: START, end: START },
    severity: error ? 'error' : 'warning',
    code: error ? CANNOT_CHECK : SKIPPED_FILE,
    message,
  };
}

/** The service's messages start with "Lineage Lens: "; here the line already says where it comes from. */
function stripPrefix(message: string): string {
  return message.replace(/^Lineage Lens: /, '');
}
