/**
 * The little Jinja dbt writes in YAML values and model SQL, read without running it:
 * - `renderValue`: a profiles.yml / dbt_project.yml / sources value with `{{ env_var('X', 'default') | lower }}`,
 *   `{{ target.schema }}` and `{{ var('x') }}` in it. A value the environment decides becomes a placeholder
 *   `<env:X>` (listed), never a guess;
 * - `jinjaCalls`: the `ref(…)`, `source(…)` and `config(…)` calls of a model, with their literal arguments
 *   and where they are written.
 */
import type { OffsetRange } from '../../text/model';
import type { Placeholder } from '../types';

/** A rendered value: its text (placeholders written `<name>`) and the placeholders in it. */
export interface Rendered {
  readonly text: string;
  readonly placeholders: readonly Placeholder[];
}

export interface RenderContext {
  readonly env?: ReadonlyMap<string, string>;
  /** `target.<key>` values (sources YAML may use `{{ target.database }}`). */
  readonly target?: ReadonlyMap<string, Rendered>;
}

/** A literal argument: a string, a list of strings, a boolean or number as written, or undefined when computed. */
export type JinjaValue = string | readonly string[] | undefined;

export interface JinjaCall {
  readonly name: string;
  readonly args: readonly JinjaValue[];
  readonly kwargs: ReadonlyMap<string, JinjaValue>;
  /** From the function name to the closing parenthesis. */
  readonly range: OffsetRange;
}

// ------------------------------------------------------------------------------------------------- tokens

interface Token {
  readonly kind: 'str' | 'id' | 'num' | 'punct';
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Tokens of a Jinja expression `text[from, to)`; whitespace skipped, unknown characters as punctuation. */
function tokenize(text: string, from: number, to: number): Token[] {
  const out: Token[] = [];
  let i = from;
  while (i < to) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let value = '';
      while (j < to && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < to) j++;
        value += text[j];
        j++;
      }
      out.push({ kind: 'str', text: value, start: i, end: Math.min(j + 1, to) });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < to && /[A-Za-z0-9_]/.test(text[j]!)) j++;
      out.push({ kind: 'id', text: text.slice(i, j), start: i, end: j });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < to && /[0-9.]/.test(text[j]!)) j++;
      out.push({ kind: 'num', text: text.slice(i, j), start: i, end: j });
      i = j;
    } else {
      out.push({ kind: 'punct', text: c, start: i, end: i + 1 });
      i++;
    }
  }
  return out;
}

/** Index of the token closing the bracket opened at `open`, or tokens.length. */
function closing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k]!.text;
    if (tokens[k]!.kind !== 'punct') continue;
    if (t === '(' || t === '[' || t === '{') depth++;
    else if (t === ')' || t === ']' || t === '}') {
      depth--;
      if (depth === 0) return k;
    }
  }
  return tokens.length;
}

/** The literal value of tokens[from, to): a string, a list of strings, a bare word/number; else undefined. */
function literal(tokens: readonly Token[], from: number, to: number): JinjaValue {
  if (to - from === 1) {
    const t = tokens[from]!;
    if (t.kind === 'str' || t.kind === 'num') return t.text;
    if (t.kind === 'id' && /^(true|false|none|True|False|None)$/.test(t.text)) return t.text.toLowerCase();
    return undefined;
  }
  // `env_var('X', 'd')` / `var('x')` as an argument: kept as Jinja text, for `renderValue` to resolve.
  const head = tokens[from];
  if (
    head?.kind === 'id' &&
    (head.text === 'env_var' || head.text === 'var') &&
    tokens[from + 1]?.text === '(' &&
    closing(tokens, from + 1) === to - 1
  ) {
    const args = tokens.slice(from + 2, to - 1);
    if (args.every((t) => t.kind === 'str' || t.text === ',')) {
      const quoted = args.filter((t) => t.kind === 'str').map((t) => `'${t.text.replace(/'/g, '')}'`);
      return `{{ ${head.text}(${quoted.join(', ')}) }}`;
    }
  }
  if (tokens[from]?.text === '[' && tokens[to - 1]?.text === ']') {
    const items: string[] = [];
    for (let k = from + 1; k < to - 1; k++) {
      const t = tokens[k]!;
      if (t.kind === 'str') items.push(t.text);
      else if (!(t.kind === 'punct' && t.text === ',')) return undefined;
    }
    return items;
  }
  return undefined;
}

/** Arguments of the call whose `(` is tokens[open]. */
function callArgs(tokens: readonly Token[], open: number, close: number): { args: JinjaValue[]; kwargs: Map<string, JinjaValue> } {
  const args: JinjaValue[] = [];
  const kwargs = new Map<string, JinjaValue>();
  let k = open + 1;
  while (k < close) {
    let end = k;
    let depth = 0;
    for (; end < close; end++) {
      const t = tokens[end]!;
      if (t.kind !== 'punct') continue;
      if ('([{'.includes(t.text)) depth++;
      else if (')]}'.includes(t.text)) depth--;
      else if (t.text === ',' && depth === 0) break;
    }
    const named = tokens[k]?.kind === 'id' && tokens[k + 1]?.text === '=' && tokens[k + 2]?.text !== '=';
    if (named) kwargs.set(tokens[k]!.text, literal(tokens, k + 2, end));
    else if (end > k) args.push(literal(tokens, k, end));
    k = end + 1;
  }
  return { args, kwargs };
}

// ------------------------------------------------------------------------------------------------- calls

const CALLS = new Set(['ref', 'source', 'config']);

/** Jinja blocks `{{ … }}` and `{% … %}` of a text (comments `{# … #}` skipped): the expression spans. */
export function jinjaBlocks(text: string): { start: number; end: number; kind: 'expr' | 'stmt' }[] {
  const out: { start: number; end: number; kind: 'expr' | 'stmt' }[] = [];
  let i = text.indexOf('{');
  while (i >= 0 && i < text.length) {
    const next = text[i + 1];
    const close = next === '{' ? '}}' : next === '%' ? '%}' : next === '#' ? '#}' : undefined;
    if (!close) {
      i = text.indexOf('{', i + 1);
      continue;
    }
    const end = text.indexOf(close, i + 2);
    const stop = end < 0 ? text.length : end;
    if (next !== '#') out.push({ start: i + 2, end: stop, kind: next === '{' ? 'expr' : 'stmt' });
    i = end < 0 ? -1 : text.indexOf('{', end + 2);
  }
  return out;
}

/** The `ref`, `source` and `config` calls in a model's Jinja, in order. */
export function jinjaCalls(text: string): JinjaCall[] {
  const out: JinjaCall[] = [];
  for (const block of jinjaBlocks(text)) {
    const tokens = tokenize(text, block.start, block.end);
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k]!;
      if (t.kind !== 'id' || !CALLS.has(t.text) || tokens[k + 1]?.text !== '(' || tokens[k - 1]?.text === '.') continue;
      const close = closing(tokens, k + 1);
      const { args, kwargs } = callArgs(tokens, k + 1, close);
      out.push({ name: t.text, args, kwargs, range: { start: t.start, end: (tokens[close] ?? tokens[tokens.length - 1]!).end } });
      k = close;
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------- values

const FILTERS: Record<string, (s: string) => string> = {
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  trim: (s) => s.trim(),
  as_number: (s) => s,
  as_text: (s) => s,
  as_bool: (s) => s,
  int: (s) => s,
  string: (s) => s,
};

/** Renders one `{{ … }}` expression. */
function renderExpr(text: string, start: number, end: number, ctx: RenderContext): Rendered {
  const tokens = tokenize(text, start, end);
  const source = text.slice(start, end).trim();
  let value: Rendered | undefined;
  let k = 0;
  const head = tokens[0];
  if (head?.kind === 'id' && (head.text === 'env_var' || head.text === 'var') && tokens[1]?.text === '(') {
    const close = closing(tokens, 1);
    const { args } = callArgs(tokens, 1, close);
    const name = args[0];
    const fallback = args[1];
    if (typeof name === 'string') {
      const known = head.text === 'env_var' ? ctx.env?.get(name) : undefined;
      if (known !== undefined) value = { text: known, placeholders: [] };
      else if (typeof fallback === 'string') value = { text: fallback, placeholders: [] };
      else {
        const ph = head.text === 'env_var' ? `env:${name}` : `var:${name}`;
        const why =
          head.text === 'env_var'
            ? `the environment variable \`${name}\` is read when dbt runs`
            : `the dbt variable \`${name}\` is set with \`--vars\` or dbt_project.yml \`vars\``;
        value = { text: `<${ph}>`, placeholders: [{ name: ph, why }] };
      }
    }
    k = close + 1;
  } else if (head?.kind === 'id' && head.text === 'target' && tokens[1]?.text === '.' && tokens[2]?.kind === 'id') {
    value = ctx.target?.get(tokens[2].text);
    k = 3;
  }
  if (!value) {
    const ph = `jinja:${source.length > 40 ? `${source.slice(0, 40)}…` : source}`;
    return { text: `<${ph}>`, placeholders: [{ name: ph, why: 'a Jinja expression dbt evaluates when it runs' }] };
  }
  // Filters: `| lower`, `| as_number`, … applied to known text; a placeholder keeps its name.
  while (k < tokens.length) {
    if (tokens[k]!.text !== '|' || tokens[k + 1]?.kind !== 'id') break;
    const f = FILTERS[tokens[k + 1]!.text];
    if (value.placeholders.length === 0 && f) value = { text: f(value.text), placeholders: [] };
    k += 2;
    if (tokens[k]?.text === '(') k = closing(tokens, k) + 1;
  }
  return value;
}

/** Renders a YAML string value's Jinja; text without `{{` is returned as it is. */
export function renderValue(value: string, ctx: RenderContext): Rendered {
  if (!value.includes('{')) return { text: value, placeholders: [] };
  let text = '';
  const placeholders: Placeholder[] = [];
  let at = 0;
  for (const block of jinjaBlocks(value)) {
    text += value.slice(at, block.start - 2);
    if (block.kind === 'stmt') {
      const ph = 'jinja:statement';
      text += `<${ph}>`;
      placeholders.push({ name: ph, why: 'a Jinja statement dbt evaluates when it runs' });
    } else {
      const r = renderExpr(value, block.start, block.end, ctx);
      text += r.text;
      for (const p of r.placeholders) if (!placeholders.some((q) => q.name === p.name)) placeholders.push(p);
    }
    at = Math.min(value.length, block.end + 2);
  }
  text += value.slice(at);
  return { text, placeholders };
}

/** Merges placeholder lists, each name once. */
export function mergePlaceholders(...lists: (readonly Placeholder[] | undefined)[]): Placeholder[] {
  const out: Placeholder[] = [];
  for (const list of lists) for (const p of list ?? []) if (!out.some((q) => q.name === p.name)) out.push(p);
  return out;
}
