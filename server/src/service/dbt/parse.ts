/**
 * Finds what the dbt rules check, wherever it is written:
 * - `dbt-ol …` / `dbt …` invocations in shell scripts and in Airflow `bash_command="…"` strings;
 * - dbt-ol's environment variables in `.env`, Dockerfile `ENV`, compose `environment` (the settings model),
 *   `export X=…` / `X=… dbt-ol run` in shell scripts, and string-keyed dicts in Python (`env={…}`).
 * Every word keeps its exact source range; Python f-string interpolations and Jinja `{{ … }}` become opaque
 * placeholders, so values built at run time are never judged.
 */
import { projectFileKind, parseSettingsFile } from '../project/index';
import type { PythonNode, PythonTree } from '../python/parser';
import { tokenizeShell, type ShellWord } from '../text/shell';
import type { OffsetRange } from '../text/model';
import { isTemplated } from '../util/template';
import { trimEndChars } from '../text/lines';

/** A word of a command, with its source range. */
export interface Word {
  readonly text: string;
  readonly range: OffsetRange;
  /** Per character of `text`, its source offset. */
  readonly offsets: readonly number[];
  /** Built at run time (an f-string interpolation, `$VAR`, `{{ … }}`): its text is not the real value. */
  readonly dynamic: boolean;
  /** Written in shell quotes. */
  readonly quoted: boolean;
}

export interface Invocation {
  /** `dbt-ol` or plain `dbt`. */
  readonly tool: 'dbt-ol' | 'dbt';
  readonly toolWord: Word;
  /** The words after the tool. */
  readonly args: readonly Word[];
  readonly origin: 'shell' | 'python';
}

export interface EnvAssignment {
  readonly name: string;
  readonly nameRange: OffsetRange;
  readonly value: string;
  readonly valueRange: OffsetRange;
  /** `text.slice(valueRange) === value`, so sub-ranges of the value map 1:1 to the document. */
  readonly valueExact: boolean;
  /** A template or expression, not a literal: not judged. */
  readonly dynamic: boolean;
  readonly origin: 'settings' | 'shell' | 'python';
}

export interface DbtDocument {
  readonly form: 'settings' | 'shell' | 'python';
  readonly invocations: readonly Invocation[];
  readonly env: readonly EnvAssignment[];
}

const PLACEHOLDER = '\uE000';
const ENV_NAME = /^OPENLINEAGE_[A-Z0-9_]+$/;
const TOOL = /(^|\/)(dbt-ol|dbt)$/;

/** Shell scripts by name, language or shebang. */
export function isShellScript(uri: string, languageId: string | undefined, text: string): boolean {
  return /\.(sh|bash|ksh|zsh)$/i.test(uri) || languageId === 'shellscript' || /^#!.*\b(ba|z|k)?sh\b/.test(text);
}

/** Cheap test: is there anything for the dbt rules in this text? */
export function mentionsDbt(text: string): boolean {
  return /\bdbt(-ol)?\b/.test(text) || /OPENLINEAGE_(DBT_|CONTEXT|PARENT_ID|ROOT_PARENT_ID)/.test(text);
}

function fromShellWord(w: ShellWord, map: (i: number) => number, dynamicAt: (i: number) => boolean): Word {
  const offsets = w.offsets.map(map);
  const dynamic = w.offsets.some(dynamicAt) || /\$/.test(w.text) || isTemplated(w.text);
  const start = offsets[0] ?? map(w.start);
  const end = offsets.length ? offsets[offsets.length - 1]! + 1 : start;
  return { text: w.text, range: { start, end }, offsets, dynamic, quoted: w.quoted };
}

/**
 * Invocations and env assignments in shell text. `map` turns offsets in `text` into document offsets (the
 * identity for a script; the string's layout for a Python `bash_command`); `dynamicAt` marks placeholders.
 */
export function scanShell(
  text: string,
  origin: 'shell' | 'python',
  map: (i: number) => number = (i) => i,
  dynamicAt: (i: number) => boolean = () => false,
): { invocations: Invocation[]; env: EnvAssignment[] } {
  const invocations: Invocation[] = [];
  const env: EnvAssignment[] = [];
  const parsed = tokenizeShell(text);
  for (const cmd of parsed.commands) {
    const words = cmd.words.map((w) => fromShellWord(w, map, (i) => dynamicAt(i) || text[i] === PLACEHOLDER));
    let i = 0;
    const exported = words[0]?.text === 'export';
    if (exported) i = 1;
    // Leading `NAME=value` words: environment assignments (for `export`, all of them).
    for (; i < words.length; i++) {
      const w = words[i]!;
      const eq = w.text.indexOf('=');
      if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(w.text.slice(0, eq))) break;
      const name = w.text.slice(0, eq);
      if (!ENV_NAME.test(name)) continue;
      const valueOffsets = w.offsets.slice(eq + 1);
      const vStart = valueOffsets[0] ?? (w.offsets[eq] ?? w.range.end - 1) + 1;
      const vEnd = valueOffsets.length ? valueOffsets[valueOffsets.length - 1]! + 1 : vStart;
      const contiguous = valueOffsets.every((o, k) => k === 0 || o === valueOffsets[k - 1]! + 1);
      const value = w.text.slice(eq + 1);
      env.push({
        name,
        nameRange: { start: w.offsets[0]!, end: w.offsets[eq - 1]! + 1 },
        value,
        valueRange: { start: vStart, end: vEnd },
        valueExact: contiguous && !value.includes(PLACEHOLDER),
        dynamic: w.dynamic || isTemplated(value),
        origin,
      });
    }
    if (exported) continue;
    const tool = words[i];
    if (!tool || tool.dynamic) continue;
    const m = TOOL.exec(tool.text);
    if (!m) continue;
    invocations.push({ tool: m[2] as 'dbt-ol' | 'dbt', toolWord: tool, args: words.slice(i + 1), origin });
  }
  return { invocations, env };
}

/** Env assignments from `.env`, Dockerfile and compose files, through the settings model. */
export function scanSettings(uri: string, text: string): EnvAssignment[] | undefined {
  const kind = projectFileKind(uri);
  if (kind !== 'env-file' && kind !== 'dockerfile' && kind !== 'compose') return undefined;
  const parsed = parseSettingsFile(kind, text);
  if (!parsed) return undefined;
  return parsed.settings
    .filter((s) => s.source === 'env' && ENV_NAME.test(s.key))
    .map((s) => ({
      name: s.key,
      nameRange: s.keyRange,
      value: s.value,
      valueRange: s.valueRange,
      valueExact: s.valueExact,
      dynamic: s.valueKind !== 'literal',
      origin: 'settings' as const,
    }));
}

// ------------------------------------------------------------------------------------------------ Python

interface Virtual {
  text: string;
  offsets: number[];
  dynamic: Set<number>;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', '"': '"', "'": "'", r: '\r' };

/** Appends the literal parts of a Python string expression to `v`; interpolations become placeholders. */
function appendExpr(node: PythonNode, v: Virtual, source: string): boolean {
  switch (node.type) {
    case 'parenthesized_expression': {
      const inner = node.namedChildren[0];
      return inner ? appendExpr(inner, v, source) : false;
    }
    case 'concatenated_string':
      return node.namedChildren.every((c) => !c || appendExpr(c, v, source));
    case 'binary_operator': {
      const op = node.childForFieldName('operator')?.type;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (op !== '+' || !left || !right) return placeholder(node, v);
      return appendExpr(left, v, source) && appendExpr(right, v, source);
    }
    case 'string': {
      const prefix = node.namedChildren.find((c) => c?.type === 'string_start')?.text ?? '"';
      const raw = /r/i.test(trimEndChars(prefix, `"'`));
      for (const c of node.namedChildren) {
        if (!c) continue;
        if (c.type === 'string_content') {
          let i = c.startIndex;
          const escapes = raw ? [] : c.namedChildren.filter((e) => e?.type === 'escape_sequence');
          for (const e of escapes) {
            for (; i < e!.startIndex; i++) push(v, source[i]!, i);
            const ch = e!.text[1] ?? '';
            if (ch === '\n') {
              i = e!.endIndex;
              continue;
            }
            push(v, ESCAPES[ch] ?? e!.text, e!.startIndex);
            i = e!.endIndex;
          }
          for (; i < c.endIndex; i++) push(v, source[i]!, i);
        } else if (c.type === 'interpolation') {
          placeholder(c, v);
        }
      }
      return true;
    }
    default:
      return placeholder(node, v);
  }
}

function push(v: Virtual, s: string, at: number): void {
  for (const ch of s) {
    v.text += ch;
    v.offsets.push(at);
  }
}

function placeholder(node: PythonNode, v: Virtual): boolean {
  v.dynamic.add(v.text.length);
  v.text += PLACEHOLDER;
  v.offsets.push(node.startIndex);
  return true;
}

/** Jinja `{{ … }}` spans in Airflow templates become placeholders too (their inner spaces would split words). */
function maskJinja(v: Virtual): Virtual {
  const out: Virtual = { text: '', offsets: [], dynamic: new Set() };
  let i = 0;
  // Once no `}}` follows an unclosed `{{`, none follows any later one: searching again from every `{{` after it
  // would rescan the rest of the text each time (quadratic).
  let closes = true;
  while (i < v.text.length) {
    if (closes && v.text.startsWith('{{', i)) {
      const close = v.text.indexOf('}}', i + 2);
      if (close < 0) closes = false;
      else {
        out.dynamic.add(out.text.length);
        out.text += PLACEHOLDER;
        out.offsets.push(v.offsets[i]!);
        i = close + 2;
        continue;
      }
    }
    if (v.dynamic.has(i)) out.dynamic.add(out.text.length);
    out.text += v.text[i];
    out.offsets.push(v.offsets[i]!);
    i++;
  }
  return out;
}

/** `bash_command=` strings and string-keyed dicts of env vars in a Python file. */
export function scanPython(tree: PythonTree, source: string): { invocations: Invocation[]; env: EnvAssignment[] } {
  const invocations: Invocation[] = [];
  const env: EnvAssignment[] = [];
  const stack: PythonNode[] = [tree.rootNode];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'keyword_argument' && node.childForFieldName('name')?.text === 'bash_command') {
      const value = node.childForFieldName('value');
      if (value && /dbt/.test(value.text)) {
        const v = maskJinja(
          ((): Virtual => {
            const acc: Virtual = { text: '', offsets: [], dynamic: new Set() };
            appendExpr(value, acc, source);
            return acc;
          })(),
        );
        const found = scanShell(
          v.text,
          'python',
          (i) => v.offsets[i] ?? v.offsets[v.offsets.length - 1] ?? value.startIndex,
          (i) => v.dynamic.has(i),
        );
        invocations.push(...found.invocations);
        env.push(...found.env);
      }
    } else if (node.type === 'pair') {
      const key = node.childForFieldName('key');
      const value = node.childForFieldName('value');
      const name = key?.type === 'string' ? stringLiteral(key) : undefined;
      if (name && ENV_NAME.test(name.value) && value) {
        const lit = value.type === 'string' ? stringLiteral(value) : undefined;
        const dynamic = !lit || isTemplated(lit.value);
        env.push({
          name: name.value,
          nameRange: name.range,
          value: lit?.value ?? value.text,
          valueRange: lit?.range ?? { start: value.startIndex, end: value.endIndex },
          valueExact: lit?.exact ?? false,
          dynamic,
          origin: 'python',
        });
      }
    }
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const c = node.namedChild(i);
      if (c) stack.push(c);
    }
  }
  return { invocations, env };
}

/** A plain (non-f) Python string literal's value and the range of its content. */
function stringLiteral(node: PythonNode): { value: string; range: OffsetRange; exact: boolean } | undefined {
  const start = node.namedChildren.find((c) => c?.type === 'string_start');
  if (!start || /[fb]/i.test(start.text) || node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  const contents = node.namedChildren.filter((c) => c?.type === 'string_content');
  const from = start.endIndex;
  const end = node.namedChildren.find((c) => c?.type === 'string_end')?.startIndex ?? node.endIndex;
  const text = contents.map((c) => c!.text).join('');
  const hasEscape = contents.some((c) => c!.namedChildren.some((e) => e?.type === 'escape_sequence'));
  return { value: text, range: { start: from, end }, exact: !hasEscape };
}

/** Builds the dbt view of a document, or undefined when it has nothing for the dbt rules. */
export function parseDbtDocument(
  input: { uri: string; text: string; languageId?: string },
  pythonTree: ((text: string) => PythonTree | undefined) | undefined,
): DbtDocument | undefined {
  const { uri, text } = input;
  const settings = scanSettings(uri, text);
  if (settings) return settings.length ? { form: 'settings', invocations: [], env: settings } : undefined;
  if (/\.py$/i.test(uri) || input.languageId === 'python') {
    if (!pythonTree || !mentionsDbt(text)) return undefined;
    const tree = pythonTree(text);
    if (!tree) return undefined; // parse cancelled (time budget)
    const found = scanPython(tree, text);
    return found.invocations.length || found.env.length ? { form: 'python', ...found } : undefined;
  }
  if (isShellScript(uri, input.languageId, text)) {
    if (!mentionsDbt(text)) return undefined;
    const found = scanShell(text, 'shell');
    return found.invocations.length || found.env.length ? { form: 'shell', ...found } : undefined;
  }
  return undefined;
}
