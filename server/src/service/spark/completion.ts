import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SparkFileKind } from './classify';
import { analyzeScope } from './analysis';
import {
  DATABRICKS_LISTENER_CLASS,
  KEYS,
  LATEST_OPENLINEAGE,
  LISTENER_CLASS,
  OL_PREFIX,
  TRANSPORTS,
  TRANSPORT_TYPES,
  lookupKey,
  type KeySpec,
} from './catalog';
import { specDoc } from './hover';
import type { SparkDocument } from './model';
import { valueItems, type ValueCandidate } from '../util/completion';

interface Context {
  readonly mode: 'key' | 'value';
  /** Offset where the text being completed starts. */
  readonly start: number;
  readonly key?: string;
  /** Whether a key completion may also write the separator and a value placeholder. */
  readonly withValue: boolean;
}

/** Finds what is being typed at `offset`: a key or a value (and of which key), from the line's text. */
function context(kind: SparkFileKind, text: string, offset: number): Context | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  const prefix = text.slice(lineStart, offset);
  const rest = text.slice(offset, lineEnd).trim();
  let m: RegExpExecArray | null;
  if ((m = /"(spark\.[^"]*)$/.exec(prefix)) && /^[^\S\r\n\u2028\u2029]*(\[driver\]|\{|")/m.test(text) && kind === 'spark-conf') {
    return { mode: 'key', start: offset - m[1]!.length, withValue: false };
  }
  if (kind === 'spark-conf') {
    if ((m = /^\s*([^\s=:#!]*)$/.exec(prefix))) return { mode: 'key', start: offset - m[1]!.length, withValue: rest === '' };
    if ((m = /^\s*(spark\.[^\s=:]+)(?:\s*[=:]\s*|\s+)((?:[^,]*,)*)([^,]*)$/.exec(prefix)))
      return { mode: 'value', key: m[1]!, start: offset - m[3]!.length, withValue: false };
    return undefined;
  }
  if (kind === 'spark-shell') {
    if ((m = /(?:--conf|-c)(?:\s+|=)["']?([^\s="']*)$/.exec(prefix))) return { mode: 'key', start: offset - m[1]!.length, withValue: true };
    if ((m = /(?:--conf|-c)(?:\s+|=)["']?(spark\.[^\s=]+)=((?:[^,\s"']*,)*)([^,\s"']*)$/.exec(prefix)))
      return { mode: 'value', key: m[1]!, start: offset - m[3]!.length, withValue: false };
    return undefined;
  }
  // Python: first argument of .config/.set, a dict key, or the value after them.
  if ((m = /(["'])(spark\.[^"']+)\1\s*[,:]\s*(?:value\s*=\s*)?(["'])((?:[^"',]*,)*)([^"',]*)$/.exec(prefix))) {
    return { mode: 'value', key: m[2]!, start: offset - m[5]!.length, withValue: false };
  }
  if ((m = /(?:\.(?:config|set)\(\s*(?:key\s*=\s*)?|[{,]\s*|^\s*)(["'])([^"']*)$/.exec(prefix))) {
    if (m[2]!.startsWith('spark') || /\.(config|set)\(\s*(key\s*=\s*)?["']$/.test(prefix.slice(0, prefix.length - m[2]!.length))) {
      return { mode: 'key', start: offset - m[2]!.length, withValue: false };
    }
  }
  return undefined;
}

const fullKey = (spec: KeySpec) => (spec.absolute ? spec.key : OL_PREFIX + spec.key);

/** Turns `facets.<rest>.disabled` into the snippet `facets.${1:name}.disabled`. */
function keySnippet(key: string): string {
  let n = 0;
  return key.replace(/[$}\\]/g, '\\$&').replace(/<(name|rest)>/g, () => `\${${++n}:name}`);
}

function valueSnippet(spec: KeySpec, index: number): string {
  if (spec.type === 'enum' && spec.values?.length) return `\${${index}|${spec.values.join(',')}|}`;
  if (spec.type === 'boolean' || spec.type === 'strict-boolean')
    return `\${${index}|${spec.default === 'true' ? 'true,false' : 'false,true'}|}`;
  return `\${${index}:${(spec.default ?? '').replace(/[$}\\]/g, '\\$&')}}`;
}

/** Completion of keys and values in every Spark form. */
export function sparkCompletion(
  kind: SparkFileKind,
  textDoc: TextDocument,
  offset: number,
  doc: SparkDocument | undefined,
): CompletionItem[] {
  const text = textDoc.getText();
  const ctx = context(kind, text, offset);
  if (!ctx) return [];
  const range = { start: textDoc.positionAt(ctx.start), end: textDoc.positionAt(offset) };
  const scopes = doc?.scopes.map(analyzeScope) ?? [];
  const scope = scopes.find((s) => s.scope.entries.some((e) => e.span.start <= offset && offset <= e.span.end + 1)) ?? scopes[0];
  const transport = scope?.transport?.type;

  if (ctx.mode === 'key') {
    const set = new Set(
      scope?.scope.entries.filter((e) => !(e.keyRange.start <= offset && offset <= e.keyRange.end)).map((e) => e.key) ?? [],
    );
    const seen = new Set<string>();
    const items: CompletionItem[] = [];
    const sep = kind === 'spark-conf' ? (/^[ \t]*spark\.\S+[ \t]*=/m.test(text) ? '=' : ' ') : '=';
    for (const spec of KEYS) {
      const key = fullKey(spec);
      if (set.has(key) || seen.has(key)) continue;
      seen.add(key);
      const wildcard = key.includes('<');
      const placeholders = (key.match(/<(name|rest)>/g) ?? []).length;
      let insert = keySnippet(key);
      if (ctx.withValue) insert += sep + valueSnippet(spec, placeholders + 1);
      const otherTransport = spec.transports && transport && !spec.transports.includes(transport);
      items.push({
        label: key,
        kind: CompletionItemKind.Property,
        detail: spec.transports ? `${spec.type} · ${spec.transports.join('/')} transport` : spec.type,
        documentation: { kind: 'markdown', value: specDoc(key, spec) },
        textEdit: { range, newText: insert },
        insertTextFormat: InsertTextFormat.Snippet,
        filterText: key,
        sortText: `${otherTransport ? '2' : spec.absolute ? '1' : '0'}${wildcard ? '1' : '0'}${key}`,
      });
    }
    return items;
  }

  const key = ctx.key!;
  const values = valueCandidates(key, doc?.databricks ?? false);
  return valueItems(values, range);
}

function valueCandidates(key: string, databricks: boolean): ValueCandidate[] {
  if (key === 'spark.extraListeners') {
    const both = `${DATABRICKS_LISTENER_CLASS},${LISTENER_CLASS}`;
    return databricks
      ? [{ value: both, detail: 'Databricks: both listeners' }, { value: LISTENER_CLASS }]
      : [
          { value: LISTENER_CLASS, detail: 'OpenLineage listener' },
          { value: both, detail: 'Databricks: both listeners' },
        ];
  }
  if (key === 'spark.jars.packages') {
    return ['2.12', '2.13'].map((s) => ({
      value: `io.openlineage:openlineage-spark_${s}:${LATEST_OPENLINEAGE}`,
      detail: `OpenLineage listener, Scala ${s}`,
    }));
  }
  if (key === `${OL_PREFIX}transport.type`) {
    return TRANSPORT_TYPES.map((t) => ({
      value: t,
      detail: TRANSPORTS[t].extraJar ? `needs ${TRANSPORTS[t].extraJar}` : 'built in',
      doc: TRANSPORTS[t].summary,
    }));
  }
  const spec = lookupKey(key)[0];
  if (!spec) return [];
  if (spec.type === 'enum') return (spec.values ?? []).map((v) => ({ value: v }));
  if (spec.type === 'boolean' || spec.type === 'strict-boolean') return [{ value: 'true' }, { value: 'false' }];
  if (spec.default !== undefined && spec.default !== '') return [{ value: spec.default, detail: 'default' }];
  if (spec.type === 'url') return [{ value: 'http://localhost:5000', detail: 'local Marquez' }];
  return [];
}
