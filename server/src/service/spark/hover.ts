import { analyzeScope } from './analysis';
import {
  DATABRICKS_LISTENER_CLASS,
  DOCS,
  LATEST_OPENLINEAGE,
  LISTENER_CLASS,
  lookupKey,
  lookupLegacy,
  OL_PREFIX,
  TRANSPORTS,
  transportByType,
  type KeySpec,
} from './catalog';
import type { SparkDocument } from './model';
import type { HoverResult } from '../family';
import type { OffsetRange } from '../text/model';
import { mdCode, mdText } from '../../../../common/markdown';

const within = (r: OffsetRange, offset: number) => r.start <= offset && offset <= r.end && r.end > r.start;

/** Hover documentation for the key, value or artifact under `offset`. */
export function sparkHover(doc: SparkDocument, offset: number): HoverResult | undefined {
  for (const scope of doc.scopes) {
    const facts = analyzeScope(scope);
    for (const a of facts.artifacts) {
      if (within(a.range, offset)) {
        const md = artifactDoc(a.text);
        if (md) return { markdown: md, range: a.range };
      }
    }
    for (const entry of scope.entries) {
      if (within(entry.keyRange, offset)) {
        const md = keyDoc(entry.key);
        return md ? { markdown: md, range: entry.keyRange } : undefined;
      }
      if (within(entry.valueRange, offset)) {
        const md = valueDoc(entry.key, entry.value);
        if (md) return { markdown: md, range: entry.valueRange };
      }
    }
  }
  return undefined;
}

/** Markdown documentation of a key (also used by completion items). */
export function keyDoc(key: string): string | undefined {
  const legacy = lookupLegacy(key);
  if (legacy) {
    const l = legacy.legacy;
    const repl = l.replacement
      ? `\n\nUse ${mdCode(`${OL_PREFIX}${l.replacement.replace('<rest>', legacy.rest ?? '<name>')}`)} instead.`
      : '';
    return `**${mdCode(key)}** — *removed*\n\nWorked until ${l.workedUntil}; removed in OpenLineage ${l.removedIn}, and ignored since: ${l.explanation}.${repl}\n\n[Changelog](${DOCS.changelog})`;
  }
  const specs = lookupKey(key);
  if (!specs.length) return undefined;
  return specs.map((s) => specDoc(key, s)).join('\n\n---\n\n');
}

export function specDoc(key: string, spec: KeySpec): string {
  const facts: string[] = [`Type: ${typeLabel(spec)}`];
  if (spec.default !== undefined) facts.push(`Default: \`${spec.default}\``);
  if (spec.since) facts.push(`Since: OpenLineage ${spec.since}`);
  if (spec.transports) facts.push(`Transport: ${spec.transports.map((t) => `\`${t}\``).join(', ')}`);
  const unverified = spec.unverified ? `\n\n⚠ Unverified: ${spec.unverified}.` : '';
  return `**${mdCode(key)}**\n\n${spec.description}\n\n${facts.join(' · ')}${unverified}\n\n[Documentation](${spec.docs})`;
}

function typeLabel(spec: KeySpec): string {
  switch (spec.type) {
    case 'enum':
      return `one of ${spec.values!.map((v) => `\`${v}\``).join(', ')}${spec.allowsClass ? ' or a class name' : ''}${spec.caseInsensitive ? ' (case-insensitive)' : ''}`;
    case 'list':
      return 'list, written `[a;b]`';
    case 'comma-list':
      return 'comma-separated list (no brackets)';
    case 'strict-boolean':
      return '`true` or `false` (exactly)';
    case 'secret':
      return 'string (a secret: reference it, do not write it literally)';
    case 'tags':
      return 'tags `key:value;label;key:value:source`';
    default:
      return spec.type;
  }
}

function valueDoc(key: string, value: string): string | undefined {
  const v = value.trim();
  if (key === `${OL_PREFIX}transport.type`) {
    const t = transportByType(v);
    if (!t) return undefined;
    const info = TRANSPORTS[t.type];
    const req = info.required.length ? `Required: ${info.required.map((k) => `\`transport.${k}\``).join(', ')}.` : 'No required keys.';
    const jar = info.extraJar ? ` Needs \`${info.extraJar}\` on the classpath.` : '';
    return `**\`${t.type}\` transport**${info.since ? ` (since ${info.since})` : ''}\n\n${info.summary}\n\n${req}${jar}\n\n[Documentation](${DOCS.transport})`;
  }
  if (key === 'spark.extraListeners') {
    const parts: string[] = [];
    if (v.includes(LISTENER_CLASS))
      parts.push(`\`${LISTENER_CLASS}\`: the OpenLineage listener; emits a START/COMPLETE event per Spark job and per application.`);
    if (v.includes(DATABRICKS_LISTENER_CLASS))
      parts.push(
        `\`${DATABRICKS_LISTENER_CLASS}\`: Databricks’ own event logging listener; keep it on Databricks or the Spark UI is lost after cluster shutdown.`,
      );
    return parts.length ? `${parts.join('\n\n')}\n\n[Documentation](${DOCS.usage})` : undefined;
  }
  if (/\.auth\.type$/.test(key)) {
    if (v === 'api_key') return 'Sends `Authorization: Bearer <transport.auth.apiKey>` with every request.';
    if (v === 'jwt')
      return 'Exchanges `transport.auth.apiKey` for a JWT at `transport.auth.tokenEndpoint` and refreshes it before expiry (since 1.44.0).';
  }
  return undefined;
}

function artifactDoc(text: string): string | undefined {
  const m = /^io\.openlineage:([^:]+):(.+)$/.exec(text);
  if (!m) return undefined;
  const name = m[1]!;
  const scala = /_(\d+\.\d+)$/.exec(name)?.[1];
  const what = name.startsWith('openlineage-spark')
    ? `The OpenLineage Spark listener${scala ? ` built for Scala ${scala}` : ' (the unsuffixed artifact exists up to 1.8.0 only)'}`
    : name.startsWith('transports-')
      ? `An extra OpenLineage transport (${mdCode(name.slice('transports-'.length))}); keep it at the same version as the listener`
      : `An OpenLineage artifact`;
  return `**${mdCode(text)}**\n\n${what}, version ${mdText(m[2]!)}. Latest release: ${LATEST_OPENLINEAGE}.\n\n[Installation](${DOCS.installation})`;
}
