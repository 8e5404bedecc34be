/**
 * Completion in `openlineage.yml`. The text around the cursor is usually half-typed, so the cursor's word is
 * replaced by a sentinel key (or value) and the patched text is analysed like any other: the sentinel's
 * place says which mapping it is in, which transport, and what each client reads there.
 */
import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { valueItems, type ValueCandidate } from '../util/completion';
import { parseYaml } from '../yaml/ast';
import { analyze, type KeyInfo, type OlConfigAnalysis, type PairFact, type Resolution } from './analysis';
import {
  CLIENT,
  JAVA_TRANSPORT_TYPES,
  JAVA_TRANSPORTS,
  PYTHON_TRANSPORT_TYPES,
  PYTHON_TRANSPORTS,
  type Dialect,
  type FieldSpec,
} from './catalog';
import type { DialectDecision } from './dialect';
import { infoDoc } from './hover';
import { fieldTypeOf, javaLeaf, javaPrefixes, specTransports } from './java';

const KEY = '__lineage_lens_key__';
const VALUE = '__lineage_lens_value__';

const CONTAINERS = new Set(['object', 'map', 'transport', 'transports', 'filters']);

interface Candidate {
  readonly name: string;
  readonly clients: Dialect[];
  info?: KeyInfo;
  container: boolean;
}

function pyInfo(f: FieldSpec, path: string): KeyInfo {
  return {
    path,
    type: f.type,
    description: f.description,
    docs: f.docs,
    ...(f.default !== undefined ? { default: f.default } : {}),
    ...(f.values ? { values: f.values } : {}),
    ...(f.since ? { since: f.since } : {}),
    ...(f.allowsClass ? { allowsClass: true } : {}),
  };
}

function readers(dialect: DialectDecision): Dialect[] {
  return dialect.dialect ? [dialect.dialect] : ['python', 'java'];
}

/**
 * Completion at `offset`. `decide` names the file's dialect from an analysis (the family knows the project and
 * the file's place).
 */
export function olConfigCompletion(doc: TextDocument, offset: number, decide: (a: OlConfigAnalysis) => DialectDecision): CompletionItem[] {
  const text = doc.getText();
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  const prefix = text.slice(lineStart, offset);
  const after = text.slice(offset, lineEnd);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';

  // The key ends at the first `:`; the regex below is quadratic in what comes before it, so keys longer than
  // any real one (1,000 characters) are not completed.
  const colon = prefix.indexOf(':');
  const vm = colon >= 0 && colon <= 1000 ? /^(\s*(?:-\s+)?)(["']?)([^\s:#"'][^:#]*?)\2\s*:\s+([^#]*)$/.exec(prefix) : null;
  if (vm && !/^\s*["']?[{[|>]/.test(vm[4]!)) {
    const partial = vm[4]!.replace(/^["']/, '');
    const start = offset - partial.length;
    const restEnd = offset + (/^[^#\s]*/.exec(after)?.[0].length ?? 0);
    const patched = text.slice(0, start) + VALUE + text.slice(restEnd);
    const analysis = analyze(parseYaml(patched));
    const fact = analysis.pairs.find((f) => f.pair.value?.kind === 'scalar' && f.pair.value.value === VALUE);
    if (!fact) return [];
    const dialect = decide(analysis);
    const range = { start: doc.positionAt(start), end: doc.positionAt(restEnd) };
    return valueItems(valueCandidates(fact, readers(dialect)), range);
  }

  const km = /^(\s*)(-\s+)?([A-Za-z_][\w.-]*)?$/.exec(prefix);
  if (!km) return [];
  const partial = km[3] ?? '';
  const start = offset - partial.length;
  const wordEnd = offset + (/^[\w.-]*/.exec(after)?.[0].length ?? 0);
  const rest = text.slice(wordEnd, lineEnd);
  const hasValue = /^\s*:/.test(rest);
  const patched = text.slice(0, start) + KEY + (hasValue ? '' : ': x') + text.slice(wordEnd);
  const analysis = analyze(parseYaml(patched));
  const fact = analysis.pairs.find((f) => f.pair.key.value === KEY);
  if (!fact) return [];
  const dialect = decide(analysis);
  const siblings = new Set(fact.map.pairs.map((p) => p.key.value).filter((k) => k !== KEY));
  const candidates = new Map<string, Candidate>();
  const add = (name: string, d: Dialect, info: KeyInfo | undefined, container: boolean) => {
    if (siblings.has(name) || name === KEY) return;
    const hit = candidates.get(name);
    if (hit) {
      hit.clients.push(d);
      hit.info ??= info;
    } else candidates.set(name, { name, clients: [d], ...(info ? { info } : {}), container });
  };
  const parentPath = fact.path.slice(0, -1);
  for (const d of readers(dialect)) keysFor(fact, d, parentPath, add);
  const indent = ' '.repeat(prefix.length - partial.length);
  const range = { start: doc.positionAt(start), end: doc.positionAt(wordEnd) };
  const all = readers(dialect).length;
  return [...candidates.values()].map((c) => {
    const who = c.clients.length === 2 ? 'both clients' : CLIENT[c.clients[0]!];
    const insert = hasValue ? c.name : c.container ? `${c.name}:${eol}${indent}  ` : `${c.name}: `;
    return {
      label: c.name,
      kind: c.container ? CompletionItemKind.Module : CompletionItemKind.Property,
      detail: `${c.info ? `${c.info.type} · ` : ''}${who}`,
      ...(c.info ? { documentation: { kind: 'markdown' as const, value: `**${who}**: ${infoDoc(c.info)}` } } : {}),
      textEdit: { range, newText: insert },
      insertTextFormat: InsertTextFormat.PlainText,
      sortText: `${c.clients.length === all ? '0' : '1'}${c.name}`,
    };
  });
}

function keysFor(
  fact: PairFact,
  d: Dialect,
  parentPath: readonly string[],
  add: (name: string, d: Dialect, info: KeyInfo | undefined, container: boolean) => void,
): void {
  const r: Resolution = fact.res[d];
  if (r.kind === 'unknown') {
    if (d === 'python') {
      for (const f of r.fields ?? []) add(f.name, d, pyInfo(f, [...parentPath, f.name].join('.')), CONTAINERS.has(f.type));
      return;
    }
    const parent = r.javaParent ?? '';
    for (const name of r.candidates) {
      const full = parent ? `${parent}.${name}` : name;
      const spec = javaLeaf(full).find((s) => !r.javaTransport || !specTransports(s) || specTransports(s)!.includes(r.javaTransport));
      const container = name === 'transport' && !parent ? true : javaPrefixes(full).length > 0 && !spec;
      add(
        name,
        d,
        spec
          ? {
              path: full,
              type: fieldTypeOf(spec.type),
              description: spec.description,
              docs: spec.docs,
              ...(spec.default !== undefined ? { default: spec.default } : {}),
              ...(spec.values ? { values: spec.values } : {}),
              ...(spec.since ? { since: spec.since } : {}),
            }
          : undefined,
        container,
      );
    }
    return;
  }
  if (r.kind === 'free' && r.fields && d === 'python') {
    for (const f of r.fields) add(f.name, d, pyInfo(f, [...parentPath, f.name].join('.')), CONTAINERS.has(f.type));
    return;
  }
  // A transport whose type is not known yet: `type` comes first.
  if (r.kind === 'unchecked' && fact.transport && fact.transport.map === fact.map && !fact.transport.typePair)
    add('type', d, undefined, false);
}

function valueCandidates(fact: PairFact, rs: readonly Dialect[]): ValueCandidate[] {
  const out: { value: string; detail?: string; doc?: string }[] = [];
  const seen = new Set<string>();
  const push = (value: string, detail?: string, doc?: string) => {
    if (seen.has(value)) return;
    seen.add(value);
    out.push({ value, ...(detail ? { detail } : {}), ...(doc ? { doc } : {}) });
  };
  if (fact.pair.key.value === 'type' && fact.transport?.map === fact.map) {
    for (const d of rs) {
      if (d === 'python')
        for (const t of PYTHON_TRANSPORT_TYPES) push(t, rs.length > 1 ? CLIENT.python : undefined, PYTHON_TRANSPORTS.get(t)!.summary);
      else
        for (const t of JAVA_TRANSPORT_TYPES)
          push(
            t,
            rs.length > 1 ? CLIENT.java : JAVA_TRANSPORTS[t].extraJar ? `needs ${JAVA_TRANSPORTS[t].extraJar}` : undefined,
            JAVA_TRANSPORTS[t].summary,
          );
    }
    return out;
  }
  for (const d of rs) {
    const r = fact.res[d];
    if (r.kind !== 'known') continue;
    const info = r.info;
    if (info.type === 'enum') for (const v of info.values ?? []) push(v);
    else if (info.type === 'boolean') (info.default === 'true' ? ['true', 'false'] : ['false', 'true']).forEach((v) => push(v));
    else if (info.type === 'url') push('http://localhost:5000', 'local Marquez');
    if (info.default !== undefined && info.type !== 'boolean' && info.type !== 'enum' && !CONTAINERS.has(info.type))
      push(info.default, 'default');
  }
  return out;
}
