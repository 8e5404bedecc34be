/**
 * The precision measurement of `npm run eval` (issue 13), as pure functions: the CLI's diagnostics of a folder of
 * real projects, counted per family and per rule, and — given a verdicts file in which a person has classified
 * each error and warning as right or wrong — precision per family and overall, with the diagnostics nobody has
 * classified yet listed so that the measurement can be repeated after every change.
 *
 * Verdicts are tab-separated lines `project <TAB> file <TAB> line <TAB> rule <TAB> right|wrong <TAB> why`
 * (`line` 1-based, `file` relative to the project, `#` starts a comment). A verdict matches a diagnostic by
 * project, file, line and rule; messages may change without invalidating it.
 */

/** One diagnostic as `lineage-lens check --format json` prints it, with the project it was found in. */
export interface EvalDiagnostic {
  readonly project: string;
  /** Relative to the project folder, with `/` separators. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly severity: 'error' | 'warning' | 'information' | 'hint';
  readonly code: string;
  readonly message: string;
}

export type Verdict = 'right' | 'wrong';

export interface VerdictLine {
  readonly project: string;
  readonly file: string;
  readonly line: number;
  readonly code: string;
  readonly verdict: Verdict;
  readonly why: string;
}

/** Counts of one family or rule. */
export interface Counts {
  errors: number;
  warnings: number;
  information: number;
  right: number;
  wrong: number;
  unclassified: number;
}

export interface EvalReport {
  readonly projects: number;
  readonly families: Map<string, Counts>;
  readonly rules: Map<string, Counts>;
  readonly total: Counts;
  /** Errors and warnings without a verdict. */
  readonly unclassified: EvalDiagnostic[];
  /** Verdicts that match no diagnostic any more (the rule no longer fires there). */
  readonly stale: VerdictLine[];
}

const key = (d: { project: string; file: string; line: number; code: string }) => `${d.project}\t${d.file}\t${d.line}\t${d.code}`;

/** Parses a verdicts file; a malformed line is an error naming its number and what is wrong with it. */
export function parseVerdicts(text: string): VerdictLine[] {
  const out: VerdictLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [project, file, lineNo, code, verdict, ...why] = raw.split('\t');
    const n = Number(lineNo);
    if (!project || !file || !code || !Number.isInteger(n) || n < 1 || (verdict !== 'right' && verdict !== 'wrong')) {
      throw new Error(
        `verdicts line ${i + 1}: expected "project<TAB>file<TAB>line<TAB>rule<TAB>right|wrong<TAB>why", got ${JSON.stringify(raw)}`,
      );
    }
    out.push({ project, file, line: n, code, verdict, why: why.join('\t').trim() });
  });
  return out;
}

const zero = (): Counts => ({ errors: 0, warnings: 0, information: 0, right: 0, wrong: 0, unclassified: 0 });

/** The family of a rule id (`spark/legacy-key` → `spark`). */
export function familyOf(code: string): string {
  const slash = code.indexOf('/');
  return slash > 0 ? code.slice(0, slash) : code;
}

/** Counts the diagnostics of `projects` projects, classified by `verdicts`. */
export function evaluate(projects: number, diagnostics: readonly EvalDiagnostic[], verdicts: readonly VerdictLine[] = []): EvalReport {
  const byKey = new Map(verdicts.map((v) => [key(v), v]));
  const used = new Set<string>();
  const families = new Map<string, Counts>();
  const rules = new Map<string, Counts>();
  const total = zero();
  const unclassified: EvalDiagnostic[] = [];
  for (const d of diagnostics) {
    const buckets = [total, get(families, familyOf(d.code)), get(rules, d.code)];
    const judged = d.severity === 'error' || d.severity === 'warning';
    for (const c of buckets) {
      if (d.severity === 'error') c.errors++;
      else if (d.severity === 'warning') c.warnings++;
      else c.information++;
    }
    if (!judged) continue;
    const k = key(d);
    const v = byKey.get(k);
    if (v) used.add(k);
    else unclassified.push(d);
    for (const c of buckets) {
      if (!v) c.unclassified++;
      else if (v.verdict === 'right') c.right++;
      else c.wrong++;
    }
  }
  const stale = verdicts.filter((v) => !used.has(key(v)));
  return { projects, families, rules, total, unclassified, stale };
}

function get(map: Map<string, Counts>, name: string): Counts {
  let c = map.get(name);
  if (!c) map.set(name, (c = zero()));
  return c;
}

/** Right among classified errors and warnings, as a percentage with one decimal, or `–` when none is classified. */
export function precision(c: Counts): string {
  const judged = c.right + c.wrong;
  return judged === 0 ? '–' : `${((100 * c.right) / judged).toFixed(1)}%`;
}

/** The report as a readable table: families, then rules, then what still needs a verdict. */
export function formatReport(r: EvalReport): string {
  const head = ['', 'errors', 'warnings', 'info', 'right', 'wrong', 'unclassified', 'precision'];
  const row = (name: string, c: Counts) =>
    [name, c.errors, c.warnings, c.information, c.right, c.wrong, c.unclassified, precision(c)].map(String);
  const table = (title: string, rows: string[][]) => {
    const all = [[title, ...head.slice(1)], ...rows];
    const widths = all[0]!.map((_, i) => Math.max(...all.map((cells) => cells[i]!.length)));
    return all
      .map((cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '))
      .join('\n');
  };
  const sorted = (m: Map<string, Counts>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([n, c]) => row(n, c));
  const out = [
    `${r.projects} projects, ${r.total.errors} errors, ${r.total.warnings} warnings, ${r.total.information} information`,
    '',
    table('family', [...sorted(r.families), row('all', r.total)]),
    '',
    table('rule', sorted(r.rules)),
  ];
  if (r.unclassified.length > 0) {
    out.push('', `${r.unclassified.length} errors and warnings without a verdict (add them to the verdicts file):`);
    for (const d of r.unclassified) out.push(`${d.project}\t${d.file}\t${d.line}\t${d.code}\t?\t${d.severity}: ${d.message.slice(0, 160)}`);
  }
  if (r.stale.length > 0) {
    out.push('', `${r.stale.length} verdicts match no diagnostic any more (the rule no longer fires there):`);
    for (const v of r.stale) out.push(`${v.project}\t${v.file}\t${v.line}\t${v.code}\t${v.verdict}\t${v.why}`);
  }
  return out.join('\n');
}
