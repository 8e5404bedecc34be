/**
 * One Python document made of a notebook's code cells, so the Python readers (Spark builders, DAG code) see
 * the notebook as the kernel runs it: code cells in order, one line break between them. IPython syntax that
 * is not Python is blanked in place (same length, so an offset inside a cell is the same in the cell and in
 * the document): line magics `%...`, shell lines `!...`, `x = !cmd`, help `obj?`, and whole cells under a
 * cell magic (`%%bash`, `%%sql`, a Databricks `%sql` first line). Cell magics whose body is Python
 * (`%%time`, `%%capture`, …) and sparkmagic's `%%configure` (its JSON body is a Python dict literal with the
 * session's Spark conf) keep their body. `%env K=V`, `%env K V` and `%set_env` are read as environment
 * settings, as IPython's `%env` splits them.
 */
import type { OffsetRange } from '../text/model';

/** A cell as the view takes it: its text and what it is. */
export interface CellInput {
  readonly kind: 'code' | 'markdown' | 'raw' | 'other';
  /** The cell's own language, when known (`python`, `sql`, `markdown`, …). */
  readonly language?: string;
  readonly text: string;
}

/** Where a code cell's text is in the document: `[start, start + length)`. */
export interface ViewCell {
  /** Index of the cell in the input list. */
  readonly cell: number;
  readonly start: number;
  readonly length: number;
}

/** `%env KEY=VALUE` (or `%set_env`): ranges in document offsets. */
export interface MagicEnv {
  readonly key: string;
  readonly keyRange: OffsetRange;
  readonly value: string;
  readonly valueRange: OffsetRange;
  /** The whole magic line (without its line break). */
  readonly span: OffsetRange;
  /** The value contains IPython's `$name` or `{expr}` expansion: known only at run time. */
  readonly expanded: boolean;
}

export interface NotebookView {
  readonly text: string;
  /** The code cells in the document, in order. */
  readonly cells: readonly ViewCell[];
  readonly env: readonly MagicEnv[];
}

/** Cell magics whose body is Python run as usual (timing, capturing output, profiling). */
const PYTHON_BODY = new Set(['time', 'timeit', 'capture', 'prun', 'python', 'python3', 'pypy', 'debug', 'configure']);
/** Databricks language lines: a cell starting with one of these alone on its first line is in that language. */
const DATABRICKS_LANGUAGE = /^%(sql|sh|scala|r|md|fs|java|markdown)\s*$/i;

/** True when cells of this notebook language are Python (no language recorded: assumed Python). */
export function pythonNotebook(language: string | undefined): boolean {
  return language === undefined || language === '' || /^(i?python\d*|py(spark|thon))$/i.test(language);
}

/** Builds the document of the notebook's Python code cells. */
export function notebookView(cells: readonly CellInput[]): NotebookView {
  let text = '';
  const viewCells: ViewCell[] = [];
  const env: MagicEnv[] = [];
  cells.forEach((c, i) => {
    if (c.kind !== 'code' || (c.language !== undefined && !pythonNotebook(c.language))) return;
    if (viewCells.length && !/[\r\n]$/.test(text)) text += '\n';
    const start = text.length;
    text += blankMagics(c.text, start, env);
    viewCells.push({ cell: i, start, length: c.text.length });
  });
  return { text, cells: viewCells, env };
}

/** The view cell holding document offset `offset` (an offset between cells belongs to the one before). */
export function cellAt(view: NotebookView, offset: number): ViewCell | undefined {
  let lo = 0;
  let hi = view.cells.length - 1;
  let found: ViewCell | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (view.cells[mid]!.start <= offset) {
      found = view.cells[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found ?? view.cells[0];
}

interface Line {
  readonly start: number;
  readonly text: string;
}

function lines(text: string): Line[] {
  const out: Line[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ start, text: text.slice(start, m.index) });
    start = m.index + m[0].length;
  }
  out.push({ start, text: text.slice(start) });
  return out;
}

/** A cell's text with its IPython syntax blanked (same length); `%env` settings go to `env` at `base` + offset. */
function blankMagics(text: string, base: number, env: MagicEnv[]): string {
  if (!/[%!?]/.test(text)) return text;
  const chars = text.split('');
  const blank = (from: number, to: number) => {
    // `0` keeps an indented block non-empty (`if x:` / `    !pip install y`); the rest becomes spaces.
    for (let k = from; k < to; k++) chars[k] = k === from ? '0' : ' ';
  };
  const all = lines(text);
  const first = all.findIndex((l) => l.text.trim() !== '');
  const head = first >= 0 ? all[first]!.text.trim() : '';
  const cellMagic = /^%%([\w-]+)/.exec(head);
  if ((cellMagic && !PYTHON_BODY.has(cellMagic[1]!.toLowerCase())) || DATABRICKS_LANGUAGE.test(head)) {
    // The whole cell is another language (shell, SQL, Scala, a file written to disk): nothing here is Python.
    for (const l of all) if (l.text.length) blank(l.start, l.start + l.text.length);
    return chars.join('');
  }
  let continued = false;
  all.forEach((l, n) => {
    const t = l.text;
    const indent = t.length - t.trimStart().length;
    const body = t.slice(indent);
    if (continued || (n === first && (cellMagic || /^%python\s*$/i.test(body)))) {
      if (body) blank(l.start + indent, l.start + t.length);
      continued = continued && /\\\s*$/.test(t);
      return;
    }
    if (/^[%!]/.test(body) || /^\?/.test(body) || /^[\w.]+\?\??\s*$/.test(body)) {
      if (/^%(env|set_env)\b/.test(body)) readEnv(body, base + l.start + indent, env);
      blank(l.start + indent, l.start + t.length);
      continued = /\\\s*$/.test(t);
      return;
    }
    // `files = !ls` and `out = %sx cmd`: the magic is blanked, the assignment stays.
    const assigned = /^([A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*)[!%]/.exec(body);
    if (assigned) {
      blank(l.start + indent + assigned[1]!.length, l.start + t.length);
      continued = /\\\s*$/.test(t);
    }
  });
  return chars.join('');
}

/**
 * `%env`/`%set_env` with a value, split as IPython does: at the first `=` when there is one, else at the first
 * space; key and value stripped, quotes kept (IPython does not remove them).
 */
function readEnv(body: string, at: number, env: MagicEnv[]): void {
  const m = /^%(env|set_env)\s+/.exec(body);
  if (!m) return;
  const rest = body.slice(m[0].length).trimEnd();
  const split = rest.includes('=') ? '=' : ' ';
  const cut = rest.indexOf(split);
  if (cut < 0) return; // `%env KEY` reads a variable
  const key = rest.slice(0, cut).trim();
  if (!key || /\s/.test(key)) return; // IPython refuses it
  const rawValue = rest.slice(cut + 1);
  const value = rawValue.trim();
  const restAt = at + m[0].length;
  const keyStart = restAt + rest.indexOf(key);
  const valueStart = restAt + cut + 1 + (rawValue.length - rawValue.trimStart().length);
  env.push({
    key,
    keyRange: { start: keyStart, end: keyStart + key.length },
    value,
    valueRange: { start: valueStart, end: valueStart + value.length },
    span: { start: at, end: at + body.trimEnd().length },
    expanded: /\$|\{[^}]*\}/.test(value),
  });
}
