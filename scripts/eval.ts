/**
 * `npm run eval -- DIR [--verdicts FILE] [--format text|json]`: runs `lineage-lens check` over every project in
 * DIR (each subfolder is a project, checked from its own folder, as CI would check it) and prints the errors,
 * warnings and information per family and rule; with a verdicts file, precision per family and overall, and the
 * errors and warnings that still need a verdict (see scripts/eval-report.ts for the file's format).
 *
 * The projects are real third-party repositories gathered outside this repository: they are never copied in.
 * Exit status: 0 after a report, 2 on a usage error or a check that could not run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { evaluate, formatReport, parseVerdicts, type EvalDiagnostic } from './eval-report';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const USAGE = 'Usage: npm run eval -- DIR [--verdicts FILE] [--format text|json]';

function fail(message: string): never {
  process.stderr.write(`eval: ${message}\n${USAGE}\n`);
  process.exit(2);
}

interface CheckOutput {
  file: string;
  range: { start: { line: number } };
  severity: EvalDiagnostic['severity'];
  code: string;
  message: string;
}

function main(argv: string[]): void {
  let dir: string | undefined;
  let verdictsFile: string | undefined;
  let format = 'text';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--verdicts') verdictsFile = argv[++i] ?? fail('--verdicts needs a file');
    else if (a === '--format') format = argv[++i] ?? fail('--format needs text or json');
    else if (a === '-h' || a === '--help') {
      process.stdout.write(`${USAGE}\n`);
      return;
    } else if (a.startsWith('-')) fail(`unknown option ${a}`);
    else if (dir === undefined) dir = a;
    else fail(`one folder of projects, not ${a} too`);
  }
  if (!dir) fail('name the folder of projects');
  if (format !== 'text' && format !== 'json') fail(`--format is text or json, not ${format}`);
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) fail(`${dir} is not a folder`);
  if (!existsSync(CLI)) fail(`${relative(process.cwd(), CLI)} is missing: run \`npm run build\` first`);
  const projects = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  if (projects.length === 0) fail(`${dir} holds no project folders (each subfolder is one project)`);

  const diagnostics: EvalDiagnostic[] = [];
  for (const project of projects) {
    const cwd = join(root, project);
    const run = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'json'], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    if (run.status !== 0 && run.status !== 1 && run.status !== 2)
      fail(`lineage-lens check in ${cwd} exited with ${run.status ?? run.signal}: ${run.stderr.trim()}`);
    let found: CheckOutput[];
    try {
      found = JSON.parse(run.stdout) as CheckOutput[];
    } catch {
      fail(`lineage-lens check in ${cwd} printed no JSON (exit ${run.status}): ${run.stdout.slice(0, 200)} ${run.stderr.trim()}`);
    }
    // Entries about the run itself (a project with nothing to check, a file skipped) are not rule verdicts.
    for (const d of found.filter((x) => x.code.startsWith('cli/'))) process.stderr.write(`${project}: ${d.file}: ${d.message}\n`);
    for (const d of found.filter((x) => !x.code.startsWith('cli/'))) {
      diagnostics.push({
        project,
        file: d.file.split(sep).join('/').replace(/^\.\//, ''),
        line: d.range.start.line + 1,
        severity: d.severity,
        code: d.code,
        message: d.message,
      });
    }
  }
  let verdicts;
  try {
    verdicts = verdictsFile ? parseVerdicts(readFileSync(verdictsFile, 'utf8')) : [];
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  const report = evaluate(projects.length, diagnostics, verdicts);
  if (format === 'json') {
    const entries = (m: Map<string, unknown>) => Object.fromEntries([...m.entries()].sort(([a], [b]) => a.localeCompare(b)));
    process.stdout.write(
      `${JSON.stringify({ ...report, families: entries(report.families), rules: entries(report.rules), diagnostics }, null, 2)}\n`,
    );
  } else process.stdout.write(`${formatReport(report)}\n`);
}

main(process.argv.slice(2));
