import type { HoverResult } from '../family';
import type { OlConfigAnalysis, PairFact, Resolution, KeyInfo } from './analysis';
import { CLIENT, DIALECTS, DOCS, JAVA_TRANSPORTS, PYTHON_TRANSPORTS, counterpart, javaTransport, other, type Dialect } from './catalog';
import { describeDialect, type DialectDecision } from './dialect';
import { mdCode } from '../../../../common/markdown';

const within = (r: { start: number; end: number }, offset: number) => r.start <= offset && offset <= r.end && r.end > r.start;

/** Hover on a key (what each client makes of it) or on a transport `type` value. */
export function olConfigHover(analysis: OlConfigAnalysis, dialect: DialectDecision, offset: number): HoverResult | undefined {
  for (const fact of analysis.pairs) {
    if (within(fact.pair.key.range, offset)) {
      const md = keyDoc(fact, dialect);
      return md ? { markdown: md, range: fact.pair.key.range } : undefined;
    }
  }
  for (const t of analysis.transports) {
    const s = t.typeScalar;
    if (s && within(s.range, offset)) {
      const md = typeDoc(s.value.trim(), dialect);
      return md ? { markdown: md, range: s.range } : undefined;
    }
  }
  return undefined;
}

export function typeLabel(info: Pick<KeyInfo, 'type' | 'values' | 'allowsClass' | 'caseInsensitive'>): string {
  switch (info.type) {
    case 'enum':
      return `one of ${(info.values ?? []).map((v) => `\`${v}\``).join(', ')}${info.allowsClass ? ' or a class path' : ''}${info.caseInsensitive ? ' (case-insensitive)' : ''}`;
    case 'secret':
      return 'string (a secret: keep it out of the file)';
    case 'map':
      return 'mapping of your own names to values';
    case 'object':
      return 'mapping';
    case 'string-list':
      return 'list of names';
    case 'integer-list':
      return 'list of integers';
    case 'transport':
      return 'transport (mapping with `type`)';
    case 'transports':
      return 'list, or mapping of name → transport';
    case 'filters':
      return 'list of filters';
    case 'number':
      return 'number';
    default:
      return info.type;
  }
}

export function infoDoc(info: KeyInfo): string {
  const facts: string[] = [`Type: ${typeLabel(info)}`];
  if (info.default !== undefined) facts.push(`Default: \`${info.default}\``);
  if (info.since) facts.push(`Since: ${info.since}`);
  if (info.transports) facts.push(`Transport: ${info.transports.map((t) => `\`${t}\``).join(', ')}`);
  if (info.sparkOnly) facts.push('Spark integration only');
  const unverified = info.unverified ? `\n\n⚠ Unverified: ${info.unverified}.` : '';
  return `${info.description}\n\n${facts.join(' · ')}${unverified}`;
}

function notRead(fact: PairFact, d: Dialect, r: Resolution): string | undefined {
  if (r.kind === 'free') return 'a name of your own here.';
  if (r.kind !== 'unknown') return undefined;
  const cp = counterpart(fact.section, fact.pair.key.value, other(d));
  if (r.legacy) return `removed in ${r.legacy.removedIn} (${r.legacy.explanation}).`;
  if (r.alias) return `not read: ${r.alias.why}.`;
  if (r.belongsTo?.length) return `read only by the ${r.belongsTo.map((b) => `\`${b}\``).join('/')} transport.`;
  return `not read${cp ? `; its key is \`${cp.name}\`` : ''}.`;
}

function keyDoc(fact: PairFact, dialect: DialectDecision): string | undefined {
  const sections: string[] = [];
  const order: readonly Dialect[] = dialect.dialect ? [dialect.dialect, other(dialect.dialect)] : DIALECTS;
  for (const d of order) {
    const r = fact.res[d];
    if (r.kind === 'known') sections.push(`**${CLIENT[d]}**: ${infoDoc(r.info)}\n\n[Documentation](${r.info.docs})`);
    else {
      const line = notRead(fact, d, r);
      if (line) sections.push(`**${CLIENT[d]}**: ${line}`);
    }
  }
  if (!order.some((d) => fact.res[d].kind === 'known' || fact.res[d].kind === 'free')) return undefined;
  return `**${mdCode(fact.path.filter((p) => !p.startsWith('[')).join('.'))}**\n\n${sections.join('\n\n')}\n\n---\n\n${describeDialect(dialect)}`;
}

function typeDoc(value: string, dialect: DialectDecision): string | undefined {
  const parts: string[] = [];
  const py = PYTHON_TRANSPORTS.get(value);
  const java = javaTransport(value);
  const wantPython = dialect.dialect !== 'java';
  const wantJava = dialect.dialect !== 'python';
  if (py && wantPython) {
    const req = py.fields.filter((f) => f.required).map((f) => `\`${f.name}\``);
    parts.push(
      `**${CLIENT.python}**: ${py.summary}${py.since ? ` (since ${py.since})` : ''} ${req.length ? `Required: ${req.join(', ')}.` : 'No required keys.'}${py.extra ? ` Needs \`${py.extra}\`.` : ''}`,
    );
  }
  if (java && wantJava) {
    const info = JAVA_TRANSPORTS[java];
    const req = info.required.map((k) => `\`${k}\``);
    parts.push(
      `**${CLIENT.java}**: ${info.summary}${info.since ? ` (since ${info.since})` : ''} ${req.length ? `Required: ${req.join(', ')}.` : 'No required keys.'}${info.extraJar ? ` Needs \`${info.extraJar}\` on the classpath.` : ''}`,
    );
  }
  if (!parts.length) return undefined;
  return `**\`${value}\` transport**\n\n${parts.join('\n\n')}\n\n[Python client](${DOCS.python}) · [Java client](${DOCS.java})`;
}
