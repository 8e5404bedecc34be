/**
 * The environment a notebook sets for itself: `%env K=V` magics (read by `virtual.ts`) and Python's
 * `os.environ["K"] = "v"`, `os.environ.setdefault("K", "v")`, `os.environ.update({"K": "v"})` and
 * `os.putenv("K", "v")`, as settings of the shared settings model, so the Airflow family's environment rules
 * (`OPENLINEAGE_*`, `AIRFLOW__OPENLINEAGE__*` names and values) judge them as they judge a `.env` file. Only
 * names those rules are about are taken. A value computed by code is an `expression` (never judged).
 */
import { dottedName } from '../python/names';
import type { PythonNode, PythonTree } from '../python/parser';
import { readString, stringLiteral } from '../python/strings';
import type { Setting, SettingsDocument } from '../settings/model';
import type { OffsetRange } from '../text/model';
import type { MagicEnv } from './virtual';

/** Variables the notebook's settings are kept for: what the environment rules read. */
const RELEVANT = /^(OPENLINEAGE|AIRFLOW__OPENLINEAGE__|MARQUEZ_)/i;

/** The environment settings of a notebook document: its `%env` magics, and `os.environ` writes when a tree is given. */
export function notebookEnv(text: string, magics: readonly MagicEnv[], tree: PythonTree | undefined): SettingsDocument {
  const settings: Setting[] = [];
  for (const m of magics) {
    if (!RELEVANT.test(m.key)) continue;
    settings.push({
      source: 'env',
      key: m.key,
      keyRange: m.keyRange,
      value: m.value,
      valueRange: m.valueRange,
      valueExact: true,
      valueKind: m.expanded ? 'expression' : 'literal',
      span: m.span,
      insertAfter: { offset: m.span.end, format: (k, v) => `${eolOf(text)}%env ${k}=${v}` },
    });
  }
  if (tree && /environ|putenv/.test(text)) {
    for (const node of tree.rootNode.descendantsOfType(['assignment', 'call'])) {
      const found = node ? (node.type === 'assignment' ? assigned(node, text) : called(node, text)) : [];
      for (const f of found) {
        const s = pythonSetting(f, text);
        if (s) settings.push(s);
      }
    }
  }
  settings.sort((a, b) => a.span.start - b.span.start);
  return { form: 'notebook', settings, sections: [], images: [], syntaxProblems: [] };
}

/** A variable set from Python: the key's string node, the value node, and the statement. */
interface Write {
  readonly key: PythonNode;
  readonly value: PythonNode;
  readonly statement: PythonNode;
  /** The key is a keyword argument's name (`update(K=v)`), not an expression. */
  readonly keyword?: true;
}

const ENVIRON = new Set(['os.environ', 'environ']);

/** `os.environ["K"] = value` (a chained `a = os.environ["K"] = v` too). */
function assigned(node: PythonNode, text: string): Write[] {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (left?.type !== 'subscript' || !right) return [];
  const target = left.childForFieldName('value');
  const key = left.childForFieldName('subscript');
  if (!target || !key || !ENVIRON.has(dottedName(target, text) ?? '')) return [];
  return [{ key, value: right.type === 'assignment' ? (right.childForFieldName('right') ?? right) : right, statement: statementOf(node) }];
}

/** `os.environ.setdefault("K", v)`, `os.environ.update({"K": v}, K2=v)`, `os.putenv("K", v)`. */
function called(node: PythonNode, text: string): Write[] {
  const fn = node.childForFieldName('function');
  const args = node.childForFieldName('arguments');
  const name = fn ? dottedName(fn, text) : undefined;
  if (!name || !args) return [];
  const positional = args.namedChildren.filter((a): a is PythonNode => !!a && a.type !== 'keyword_argument' && a.type !== 'comment');
  const statement = statementOf(node);
  if (name === 'os.environ.setdefault' || name === 'environ.setdefault' || name === 'os.putenv') {
    return positional.length >= 2 ? [{ key: positional[0]!, value: positional[1]!, statement }] : [];
  }
  if (name !== 'os.environ.update' && name !== 'environ.update') return [];
  const out: Write[] = [];
  const dict = positional[0];
  if (dict?.type === 'dictionary') {
    for (const pair of dict.namedChildren) {
      const k = pair?.type === 'pair' ? pair.childForFieldName('key') : null;
      const v = pair?.type === 'pair' ? pair.childForFieldName('value') : null;
      if (k && v) out.push({ key: k, value: v, statement });
    }
  }
  for (const a of args.namedChildren) {
    const k = a?.type === 'keyword_argument' ? a.childForFieldName('name') : null;
    const v = a?.type === 'keyword_argument' ? a.childForFieldName('value') : null;
    if (k && v) out.push({ key: k, value: v, statement, keyword: true });
  }
  return out;
}

/** The statement a node belongs to (for its span: where a setting is removed or another added after it). */
function statementOf(node: PythonNode): PythonNode {
  let n = node;
  while (n.parent && n.parent.type !== 'module' && n.parent.type !== 'block' && !n.type.endsWith('statement')) n = n.parent;
  return n;
}

/** A write as a setting, when its key is a literal name the environment rules are about. */
function pythonSetting(w: Write, text: string): Setting | undefined {
  const key = keyOf(w, text);
  if (!key || !RELEVANT.test(key.key)) return undefined;
  const literal = readString(w.value, text);
  const value = literal && !literal.interpolated ? literal : undefined;
  const span = { start: w.statement.startIndex, end: w.statement.endIndex };
  const indent = text.slice(text.lastIndexOf('\n', span.start - 1) + 1, span.start);
  const quote = value?.quote ?? '"';
  return {
    source: 'env',
    key: key.key,
    keyRange: key.range,
    value: value ? value.value : text.slice(w.value.startIndex, w.value.endIndex),
    valueRange: value ? value.range : { start: w.value.startIndex, end: w.value.endIndex },
    valueExact: value ? value.exact : true,
    valueKind: value ? 'literal' : 'expression',
    span,
    insertAfter: {
      offset: span.end,
      format: (k, v) =>
        `${eolOf(text)}${/^\s*$/.test(indent) ? indent : ''}os.environ[${stringLiteral(k, quote)}] = ${stringLiteral(v, quote)}`,
    },
  };
}

/** The key of a write: a string literal or a keyword argument's name; undefined when computed. */
function keyOf(w: Write, text: string): { key: string; range: OffsetRange } | undefined {
  const node = w.key;
  if (w.keyword) return { key: text.slice(node.startIndex, node.endIndex), range: { start: node.startIndex, end: node.endIndex } };
  const s = readString(node, text);
  return s && !s.interpolated && s.exact ? { key: s.value, range: s.range } : undefined;
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
