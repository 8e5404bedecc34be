/**
 * Checks a transport object as the OpenLineage Python client reads it (docs/upstream/python-client.md#transports):
 * its `type` (exact and case-sensitive; anything else is an import path), the required keys of that type, keys the
 * client does not read (Java spellings, typos), and values (URLs, numbers, `auth`). Composite and transform
 * transports are checked recursively. The issues are split by category, one rule per category.
 */
import type { Fix, OffsetEdit, Severity } from '../rules/rule';
import type { OffsetRange } from '../text/model';
import { nearest } from '../util/nearest';
import { isTemplated } from '../util/template';
import { checkHttpUrl } from '../util/url';
import { AUTH_TYPES, JAVA_SPELLINGS, PY_TRANSPORT_TYPES, pyTransport } from './catalog';
import { describeKind, entry, type JsonNode, type JsonObject } from './json';
import type { TransportSite } from './analysis';
import { isPlaceholderSecret } from '../util/secret';

export type IssueCategory = 'type' | 'required' | 'key' | 'value' | 'secret';

export interface TransportIssue {
  readonly category: IssueCategory;
  readonly range: OffsetRange;
  readonly message: string;
  readonly severity?: Severity;
  readonly fixes?: readonly Fix[];
}

/** Types of the Java client that the Python client does not have. */
const JAVA_ONLY = ['s3', 'gcs', 'kinesis', 'openMetadata'];
const DOTTED = /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+$/;

/** True when a secret's value is not a secret written in the file: empty, a placeholder or a template. */
export function notALiteralSecret(value: string): boolean {
  return !value.trim() || isPlaceholderSecret(value) || isTemplated(value);
}

const list = (xs: readonly string[]) => xs.map((x) => `\`${x}\``).join(', ');

/** All issues of a transport site (empty when its JSON does not parse or is not an object). */
export function checkTransportSite(site: TransportSite): TransportIssue[] {
  const out: TransportIssue[] = [];
  if (site.json?.kind !== 'object') return out;
  const edit = (r: OffsetRange, newText: string): OffsetEdit[] | undefined => (site.exact ? [{ range: site.map(r), newText }] : undefined);
  check(site.json, site.label, 0);
  return site.unverified
    ? out.map((i) => (i.severity === 'error' || i.severity === undefined ? { ...i, severity: 'warning' as const } : i))
    : out;

  function push(i: TransportIssue): void {
    out.push({ ...i, range: site.map(i.range) });
  }

  function fix(title: string, edits: OffsetEdit[] | undefined, preferred = false): Fix[] {
    return edits ? [{ title, edits, ...(preferred ? { preferred } : {}) }] : [];
  }

  function check(obj: JsonObject, where: string, depth: number): void {
    if (depth > 5) return;
    const typeEntry = entry(obj, 'type');
    if (!typeEntry) {
      const hasUrl = !!entry(obj, 'url');
      const at = obj.range.start + 1;
      out.push({
        category: 'type',
        range: site.map({ start: obj.range.start, end: obj.range.start + 1 }),
        message: `The transport in ${where} has no \`type\`, so the Python client cannot create it. Add \`"type": ${hasUrl ? '"http"' : '…'}\`; the types are ${list(PY_TRANSPORT_TYPES)} or an import path of a custom transport.`,
        fixes: hasUrl ? fix('Add "type": "http"', edit({ start: at, end: at }, '"type": "http", ')) : [],
      });
      return;
    }
    const tv = typeEntry.value;
    if (tv.kind !== 'string' && tv.kind !== 'untyped') {
      push({
        category: 'type',
        range: tv.range,
        message: `\`type\` in ${where} must be a string such as \`"http"\`, not ${describeKind(tv)}.`,
      });
      return;
    }
    const type = tv.value;
    if (isTemplated(type)) return;
    const spec = pyTransport(type);
    if (!spec) {
      if (DOTTED.test(type)) return; // a custom transport class: its keys are its own
      const ci = PY_TRANSPORT_TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
      const near = ci ?? nearest(type, PY_TRANSPORT_TYPES, 2);
      const javaOnly = JAVA_ONLY.find((t) => t.toLowerCase() === type.toLowerCase());
      push({
        category: 'type',
        range: tv.range,
        message: ci
          ? `Transport type \`${type}\` in ${where}: the Python client matches types exactly (case-sensitive) and reads anything else as an import path, which fails. Write \`${ci}\`.`
          : javaOnly
            ? `The Python client has no \`${type}\` transport (the Java client has one); ${where} fails to load. Use one of ${list(PY_TRANSPORT_TYPES)}.`
            : `Unknown transport type \`${type}\` in ${where}: it is neither a Python client type nor an import path (\`package.module.Class\`), so the transport fails to load.${near ? ` Did you mean \`${near}\`?` : ''} Types: ${list(PY_TRANSPORT_TYPES)}.`,
        fixes: near ? fix(`Replace with ${near}`, edit(tv.range, near), true) : [],
      });
      return;
    }
    // Required keys.
    const missing = spec.required.filter((k) => !obj.entries.some((e) => e.key === k || (k === 'messageKey' && e.key === 'message_key')));
    for (const k of missing) {
      const insertAt = obj.range.end - 1;
      const sep = obj.entries.length ? ', ' : '';
      push({
        category: 'required',
        range: tv.range,
        message:
          type === 'http' || type === 'async_http'
            ? `The \`${type}\` transport in ${where} has no \`url\`: the client raises "url key not passed to HttpConfig" and nothing is sent. Add \`"url": "http://…:5000"\` (the server's base URL; \`endpoint\` defaults to \`api/v1/lineage\`).`
            : `The \`${type}\` transport in ${where} needs \`${k}\`; without it the client cannot create the transport. Add it.`,
        fixes:
          type === 'http' || type === 'async_http'
            ? fix('Add "url": "http://localhost:5000"', edit({ start: insertAt, end: insertAt }, `${sep}"url": "http://localhost:5000"`))
            : [],
      });
    }
    // Keys the client does not read.
    for (const e of obj.entries) {
      if (e.key === 'type') continue;
      if ((type === 'composite' && (e.key === 'name' || e.key === 'priority')) || spec.keys.includes(e.key)) continue;
      if (depth > 0 && (e.key === 'name' || e.key === 'priority')) continue;
      const java = JAVA_SPELLINGS[e.key];
      const target = java && spec.keys.includes(java) ? java : nearest(e.key, spec.keys, 3);
      const millis = e.key === 'timeoutInMillis';
      const fixes = millis
        ? e.value.kind === 'number'
          ? fix(
              `Replace with "timeout": ${Number(e.value.value) / 1000}`,
              edit({ start: e.keyRange.start, end: e.value.range.end }, `timeout": ${Number(e.value.value) / 1000}`),
              true,
            )
          : []
        : target
          ? fix(`Rename to ${target}`, edit(e.keyRange, target), true)
          : [];
      push({
        category: 'key',
        range: e.keyRange,
        message:
          java && target === java
            ? `\`${e.key}\` is the Java client's spelling; the Python client reads \`${java}\`${millis ? ' (in seconds, not milliseconds)' : ''} and ignores \`${e.key}\` in ${where}.`
            : `The \`${type}\` transport does not read \`${e.key}\`: the Python client ignores it in ${where}.${target ? ` Did you mean \`${target}\`?` : ` It reads ${spec.keys.length ? list(spec.keys) : 'no other keys'}.`}`,
        fixes,
      });
    }
    values(obj, type, where, depth);
  }

  function values(obj: JsonObject, type: string, where: string, depth: number): void {
    const spec = pyTransport(type)!;
    for (const e of obj.entries) {
      const v = e.value;
      const str = v.kind === 'string' || v.kind === 'untyped';
      if (spec.urls?.includes(e.key) && str && !isTemplated(v.value)) {
        const problem = checkHttpUrl(v.value);
        if (problem)
          push({
            category: 'value',
            range: v.range,
            message: `${problem.message} (\`${e.key}\` of the transport in ${where})`,
            fixes: problem.suggestion ? fix(`Use ${problem.suggestion}`, edit(v.range, problem.suggestion), true) : [],
          });
        else if (/\/api\/v1\/lineage\/?$/.test(v.value) && !entry(obj, 'endpoint')) {
          push({
            category: 'value',
            severity: 'warning',
            range: v.range,
            message: `\`url\` ends with \`/api/v1/lineage\`, and the client appends \`endpoint\` (default \`api/v1/lineage\`) to it. Give the server's base URL (\`${v.value.replace(/\/api\/v1\/lineage\/?$/, '')}\`) or set \`"endpoint"\`.`,
          });
        }
      }
      if (spec.numbers?.includes(e.key) && v.kind !== 'number' && v.kind !== 'untyped' && !(v.kind === 'string' && isTemplated(v.value))) {
        push({
          category: 'value',
          range: v.range,
          message: `\`${e.key}\` of the transport in ${where} must be a number${e.key === 'timeout' ? ' of seconds (e.g. `5.0`)' : ''}, not ${describeKind(v)}.`,
          fixes:
            v.kind === 'string' && /^\d+(\.\d+)?$/.test(v.value)
              ? fix(`Replace with ${v.value}`, edit(v.range.start > 0 ? widen(v.range) : v.range, v.value), true)
              : [],
        });
      }
      if (e.key === 'compression' && str && v.value !== 'gzip' && !isTemplated(v.value)) {
        push({
          category: 'value',
          severity: 'warning',
          range: v.range,
          message: `\`compression\` supports only \`gzip\`; \`${v.value}\` is not a compression the client knows.`,
        });
      }
      if (
        (e.key === 'custom_headers' || e.key === 'retry' || (e.key === 'config' && (type === 'kafka' || type === 'msk-iam'))) &&
        v.kind !== 'object' &&
        v.kind !== 'untyped'
      ) {
        push({
          category: 'value',
          range: v.range,
          message: `\`${e.key}\` of the transport in ${where} must be an object, not ${describeKind(v)}.`,
        });
      }
      if (e.key === 'auth') auth(v, where);
      if (type === 'datadog' && e.key === 'apiKey' && str && !notALiteralSecret(v.value)) secret(v, where);
      if (type === 'composite' && e.key === 'transports') {
        if (v.kind === 'array') v.items.forEach((item, i) => child(item, `transport ${i + 1} of the composite in ${where}`, depth));
        else if (v.kind === 'object')
          v.entries.forEach((c) => child(c.value, `transport \`${c.key}\` of the composite in ${where}`, depth));
        else if (v.kind !== 'untyped')
          push({
            category: 'value',
            range: v.range,
            message: `\`transports\` of the composite transport in ${where} must be a list or an object of transports, not ${describeKind(v)}.`,
          });
      }
      if (type === 'transform' && e.key === 'transport') child(v, `the transport wrapped by the transform in ${where}`, depth);
    }
  }

  function child(node: JsonNode, where: string, depth: number): void {
    if (node.kind === 'object') check(node, where, depth + 1);
    else if (node.kind !== 'untyped')
      push({ category: 'value', range: node.range, message: `The ${where} must be an object with a \`type\`, not ${describeKind(node)}.` });
  }

  function auth(v: JsonNode, where: string): void {
    if (v.kind !== 'object') {
      if (v.kind !== 'untyped')
        push({
          category: 'value',
          range: v.range,
          message: `\`auth\` of the transport in ${where} must be an object such as \`{"type": "api_key", "apiKey": "…"}\`, not ${describeKind(v)}.`,
        });
      return;
    }
    const t = entry(v, 'type');
    const keyEntry = entry(v, 'apiKey') ?? entry(v, 'apikey') ?? entry(v, 'api_key');
    if (t && (t.value.kind === 'string' || t.value.kind === 'untyped') && !isTemplated(t.value.value)) {
      const tv = t.value.value;
      if (!AUTH_TYPES.includes(tv) && !DOTTED.test(tv)) {
        const near =
          AUTH_TYPES.find((a) => a.replace('_', '').toLowerCase() === tv.replace(/[_-]/g, '').toLowerCase()) ?? nearest(tv, AUTH_TYPES, 2);
        push({
          category: 'value',
          range: t.value.range,
          message: `\`auth.type\` \`${tv}\` in ${where} is neither \`api_key\`, \`jwt\` nor an import path of a token provider class.${near ? ` Write \`${near}\`.` : ''}`,
          fixes: near ? fix(`Replace with ${near}`, edit(t.value.range, near), true) : [],
        });
      } else if (tv === 'api_key' && !keyEntry) {
        push({
          category: 'required',
          severity: 'warning',
          range: t.value.range,
          message: `\`auth\` of type \`api_key\` in ${where} has no \`apiKey\`; add \`"apiKey": "…"\` (from a secret, not literally).`,
        });
      }
    }
    if (keyEntry && (keyEntry.value.kind === 'string' || keyEntry.value.kind === 'untyped') && !notALiteralSecret(keyEntry.value.value))
      secret(keyEntry.value, where);
  }

  function secret(v: JsonNode, where: string): void {
    push({
      category: 'secret',
      range: v.range,
      message: `A literal API key is written in ${where}: it ends up in version control and in the image. Set it from a secret instead, e.g. the environment variable \`OPENLINEAGE__TRANSPORT__AUTH__API_KEY\` (or \`OPENLINEAGE_API_KEY\` with \`OPENLINEAGE_URL\`) from your deployment's secret store.`,
    });
  }
}

/** JSON string ranges are inside the quotes; a replacement of a string by a number replaces the quotes too. */
function widen(r: OffsetRange): OffsetRange {
  return { start: r.start - 1, end: r.end + 1 };
}
