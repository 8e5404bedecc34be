// A tiny evaluator of the Python expressions upstream extractor tests build their expectations from: string
// literals and f-strings, numbers, names bound by simple assignments, lists, and the few constructors those
// tests use (`Source`, `Dataset`, `DbTableMeta`, `Connection`). Anything else throws `NotEvaluable` with the
// expression, so the caller can report it instead of guessing.

export class NotEvaluable extends Error {}

/** A value only the runtime knows (`socket.gethostbyname(socket.gethostname())`), written `<…>` when formatted. */
export class Runtime {
  constructor(what) {
    this.what = what;
  }
  toString() {
    return `<${this.what}>`;
  }
}

const KNOWN = { 'paramiko.config.SSH_PORT': 22 };

/** The end (exclusive) of the bracketed group opening at `open` (`(`, `[` or `{`), skipping strings. */
export function closeOf(text, open) {
  const pairs = { '(': ')', '[': ']', '{': '}' };
  const stack = [];
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i = stringEnd(text, i) - 1;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (pairs[c]) stack.push(pairs[c]);
    else if (c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== c) return -1;
      if (!stack.length) return i + 1;
    }
  }
  return -1;
}

function stringEnd(text, i) {
  const q = text[i];
  const triple = text.startsWith(q.repeat(3), i);
  const delim = triple ? q.repeat(3) : q;
  let j = i + delim.length;
  while (j < text.length) {
    if (text[j] === '\\') j += 2;
    else if (text.startsWith(delim, j)) return j + delim.length;
    else j++;
  }
  return text.length;
}

/** Splits the inside of a call or list on top-level commas; `k=v` parts become `{key, text}`. */
export function splitArgs(inner) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '"' || c === "'") {
      i = stringEnd(inner, i) - 1;
      continue;
    }
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(inner.slice(start));
  return parts
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const m = /^(\*{0,2}\w+)\s*=(?!=)\s*([\s\S]*)$/.exec(p);
      return m ? { key: m[1], text: m[2].trim() } : { key: undefined, text: p };
    });
}

/**
 * Evaluates `expr` with `lookup(name)` giving the expression text a name is bound to (or undefined).
 * Returns a string, number, array, Runtime or a constructed object `{type, …}`.
 */
export function evaluate(expr, lookup, depth = 0) {
  if (depth > 40) throw new NotEvaluable(`too deep: ${expr}`);
  const ev = (e) => evaluate(e, lookup, depth + 1);
  let text = expr.trim();
  if (text.startsWith('(') && closeOf(text, 0) === text.length) return ev(text.slice(1, -1));
  // Adjacent string literals concatenate.
  const str = /^([rRfFbBuU]{0,2})(["'])/.exec(text);
  if (str) {
    let out = '';
    let i = 0;
    while (i < text.length) {
      const m = /^\s*([rRfFbBuU]{0,2})(["'])/.exec(text.slice(i));
      if (!m) break;
      const start = i + m[0].length - 1;
      const end = stringEnd(text, start);
      const q = text.startsWith(m[2].repeat(3), start) ? 3 : 1;
      let body = text.slice(start + q, end - q);
      const prefix = m[1].toLowerCase();
      if (!prefix.includes('r'))
        body = body
          .replace(/\\n/g, '\n')
          .replace(/\\t/g, '\t')
          .replace(/\\(["'\\])/g, '$1');
      out += prefix.includes('f') ? fstring(body, ev) : body;
      i = end;
    }
    if (text.slice(i).trim() === '') return out;
    const rest = text.slice(i).trim();
    if (/^\.format\(|^%/.test(rest)) throw new NotEvaluable(`string formatting: ${expr}`);
    text = JSON.stringify(out) + rest; // a method on a literal: fall through to calls below
  }
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'None') return null;
  if (text === 'True' || text === 'False') return text === 'True';
  if (text.startsWith('[') && closeOf(text, 0) === text.length) return splitArgs(text.slice(1, -1)).map((a) => ev(a.text));
  if (text.startsWith('(') && closeOf(text, 0) === text.length) return splitArgs(text.slice(1, -1)).map((a) => ev(a.text));
  if (text.startsWith('{') && closeOf(text, 0) === text.length) {
    const out = {};
    for (const { key, text: part } of splitArgs(text.slice(1, -1))) {
      if (key) throw new NotEvaluable(`dict: ${expr}`);
      const k = /^(["'])(.*?)\1\s*:\s*([\s\S]+)$/.exec(part);
      if (!k) throw new NotEvaluable(`dict entry: ${part}`);
      out[k[2]] = ev(k[3]);
    }
    return out;
  }
  // name(.attr)* with an optional call and trailing method calls
  const call = /^([A-Za-z_][\w.]*)\s*\(/.exec(text);
  if (call) {
    const open = call[0].length - 1;
    const close = closeOf(text, open);
    if (close < 0) throw new NotEvaluable(`unbalanced: ${expr}`);
    const tail = text.slice(close).trim();
    const value = construct(call[1], splitArgs(text.slice(open + 1, close - 1)), ev, expr);
    if (tail === '' || tail === '.to_openlineage_dataset()') return value;
    const attr = /^\.(\w+)$/.exec(tail);
    if (attr && value && typeof value === 'object' && attr[1] in value) return value[attr[1]];
    throw new NotEvaluable(`${expr}`);
  }
  if (/^[A-Za-z_][\w.]*$/.test(text)) {
    if (text in KNOWN) return KNOWN[text];
    const [head, ...attrs] = text.split('.');
    const bound = lookup(head);
    if (bound === undefined) throw new NotEvaluable(`unbound name ${head}`);
    let v = ev(bound);
    for (const a of attrs) {
      if (v && typeof v === 'object' && a in v) v = v[a];
      else throw new NotEvaluable(`attribute ${a} of ${head}`);
    }
    return v;
  }
  const index = /^([A-Za-z_]\w*)\[(\d+)\]$/.exec(text);
  if (index) {
    const v = ev(index[1]);
    if (Array.isArray(v)) return v[Number(index[2])];
  }
  throw new NotEvaluable(expr);
}

function fstring(body, ev) {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '{' && body[i + 1] === '{') {
      out += '{';
      i++;
    } else if (body[i] === '}' && body[i + 1] === '}') {
      out += '}';
      i++;
    } else if (body[i] === '{') {
      const close = closeOf(body, i);
      if (close < 0) throw new NotEvaluable(`f-string: ${body}`);
      const inner = body.slice(i + 1, close - 1).split(/[:!](?![^[(]*[\])])/)[0];
      out += String(ev(inner));
      i = close - 1;
    } else out += body[i];
  }
  return out;
}

function construct(callee, args, ev, expr) {
  const kw = (k) => args.find((a) => a.key === k);
  const pos = args.filter((a) => !a.key);
  const name = callee.split('.').pop();
  switch (name) {
    case 'gethostbyname':
    case 'gethostname':
      return new Runtime('local-ip');
    case 'DbTableMeta':
      return { type: 'table', name: String(ev((kw('name') ?? pos[0]).text)) };
    case 'Source': {
      const scheme = kw('scheme') && ev(kw('scheme').text);
      const authority = kw('authority') && ev(kw('authority').text);
      if (scheme == null) throw new NotEvaluable(`Source without scheme: ${expr}`);
      return { type: 'source', namespace: authority != null ? `${scheme}://${authority}` : String(scheme) };
    }
    case 'Dataset':
    case 'OpenLineageDataset':
    case 'InputDataset':
    case 'OutputDataset': {
      const nameArg = kw('name') ?? pos[1];
      const nsArg = kw('namespace') ?? (kw('source') ? undefined : pos[0]);
      const value = { type: 'dataset', name: nameArg ? ev(nameArg.text) : undefined };
      if (nsArg) value.namespace = ev(nsArg.text);
      else if (kw('source')) value.namespace = ev(kw('source').text).namespace;
      if (value.name && typeof value.name === 'object' && value.name.type === 'table') value.name = value.name.name;
      if (typeof value.name !== 'string' && !(value.name instanceof Runtime)) throw new NotEvaluable(`dataset name: ${expr}`);
      return { ...value, name: String(value.name), namespace: value.namespace == null ? undefined : String(value.namespace) };
    }
    default:
      throw new NotEvaluable(`call ${callee}(…)`);
  }
}
