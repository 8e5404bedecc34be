/**
 * A small SQL tokenizer for highlighting the `sql` facet: enough to colour keywords, strings, numbers,
 * comments, quoted identifiers and operators of any dialect. It never fails: what it does not recognise is
 * plain text, and concatenating the tokens' text gives the input back unchanged. The panel renders each token
 * as a text node in a span, never as HTML.
 */

export type SqlTokenType =
  'keyword' | 'function' | 'string' | 'number' | 'comment' | 'identifier' | 'quoted' | 'operator' | 'punctuation' | 'whitespace' | 'text';

export interface SqlToken {
  type: SqlTokenType;
  text: string;
}

const KEYWORDS = new Set(
  (
    'add all alter and any as asc between by case cast cluster create cross cube current database delete desc distinct distribute drop else end ' +
    'except exists explain false fetch first following for from full grant group having if ignore ilike in inner insert intersect interval into is join ' +
    'last lateral left like limit merge natural not null nulls offset on or order outer over overwrite partition preceding qualify range recursive ' +
    'replace returning right rollup row rows select semi set show sort table tablesample temporary then to top true truncate unbounded union unique ' +
    'unnest update using values view when where window with within'
  ).split(' '),
);

const TWO_CHAR_OPERATORS = new Set(['<=', '>=', '<>', '!=', '||', '::', '=>', '->', '==']);

/** Splits `sql` into tokens. Linear in the length of the text. */
export function tokenizeSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  const push = (type: SqlTokenType, text: string) => {
    const last = tokens[tokens.length - 1];
    if (last && last.type === type && (type === 'text' || type === 'whitespace')) last.text += text;
    else tokens.push({ type, text });
  };
  let i = 0;
  const n = sql.length;
  /** The end of a quoted run starting at `start` with `quote`; a doubled quote escapes it. */
  const quoted = (start: number, quote: string, backslash: boolean) => {
    let j = start + 1;
    while (j < n) {
      const c = sql[j];
      if (backslash && c === '\\') j += 2;
      else if (c === quote) {
        if (sql[j + 1] === quote) j += 2;
        else return j + 1;
      } else j++;
    }
    return n;
  };
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    let j: number;
    if (/\s/.test(c)) {
      j = i + 1;
      while (j < n && /\s/.test(sql[j])) j++;
      push('whitespace', sql.slice(i, j));
    } else if (c === '-' && next === '-') {
      j = sql.indexOf('\n', i);
      if (j < 0) j = n;
      push('comment', sql.slice(i, j));
    } else if (c === '/' && next === '*') {
      j = sql.indexOf('*/', i + 2);
      j = j < 0 ? n : j + 2;
      push('comment', sql.slice(i, j));
    } else if (c === "'") {
      j = quoted(i, "'", true);
      push('string', sql.slice(i, j));
    } else if (c === '"' || c === '`') {
      j = quoted(i, c, false);
      push('quoted', sql.slice(i, j));
    } else if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
      const m = /^(?:0x[0-9a-f]+|[0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)/i.exec(sql.slice(i, i + 64))!;
      j = i + m[0].length;
      // A number glued to letters (1st, 2x) is part of a name.
      if (j < n && /[A-Za-z_]/.test(sql[j])) {
        while (j < n && /[\w$]/.test(sql[j])) j++;
        push('identifier', sql.slice(i, j));
      } else push('number', sql.slice(i, j));
    } else if (/[A-Za-z_\u00c0-\uffff]/.test(c)) {
      j = i + 1;
      while (j < n && /[\w$\u00c0-\uffff]/.test(sql[j])) j++;
      const word = sql.slice(i, j);
      let k = j;
      while (k < n && sql[k] === ' ') k++;
      const prev = tokens.length > 0 ? tokens[tokens.length - 1] : undefined;
      const qualified = prev?.text === '.';
      if (!qualified && KEYWORDS.has(word.toLowerCase())) push('keyword', word);
      else if (sql[k] === '(') push('function', word);
      else push('identifier', word);
    } else if (TWO_CHAR_OPERATORS.has(c + (next ?? ''))) {
      j = i + 2;
      push('operator', sql.slice(i, j));
    } else if ('=<>+-*/%!|&^~'.includes(c)) {
      j = i + 1;
      push('operator', c);
    } else if ('(),;.[]{}'.includes(c)) {
      j = i + 1;
      push('punctuation', c);
    } else {
      j = i + 1;
      push('text', c);
    }
    i = j;
  }
  return tokens;
}
