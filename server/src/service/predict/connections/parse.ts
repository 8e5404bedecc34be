/**
 * An Airflow connection from its serialized forms, parsed as Airflow parses it (docs/upstream/runtime-naming.md,
 * "Connections and SQL dataset names"):
 * - the URI form (`Connection._parse_from_uri`): scheme → conn_type (`postgresql` → `postgres`, `-` → `_`), host,
 *   login and schema percent-decoded, the port, query parameters → extra (all strings; `__extra__` holds JSON);
 * - the JSON form (`Connection.from_json`, Airflow ≥ 2.3): a value starting with `{`;
 * - a field mapping (airflow_settings.yaml, `airflow connections export`, the local-filesystem secrets backend).
 *
 * Templated parts (`${VAR}`, `$VAR`, `{{ … }}`) are never guessed: they become named placeholders `<env:VAR>` /
 * `<template:…>` in the field they are in, listed on the connection (`templated`).
 */
import type { AirflowConnection, Placeholder } from '../types';

/** What a serialized connection gives, before the source (id, file) is attached. */
export type ConnectionFields = Omit<AirflowConnection, 'connId' | 'source'>;

export type Parsed = { readonly ok: true; readonly fields: ConnectionFields } | { readonly ok: false; readonly reason: string };

// ---------------------------------------------------------------------------------------------------------------
// Templates: replaced by private-use tokens while parsing, restored as `<placeholder>` text afterwards.

const OPEN = '\uE000';
const CLOSE = '\uE001';

interface Masked {
  readonly text: string;
  readonly names: readonly string[];
}

/** `${VAR}`, `${VAR:-x}`, `$VAR`, `{{ … }}` → tokens; the placeholder name of each. */
function mask(value: string): Masked {
  const names: string[] = [];
  let out = '';
  let i = 0;
  while (i < value.length) {
    const rest = value.slice(i);
    const brace = /^\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}/.exec(rest);
    const bare = brace ? null : /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    const close = rest.startsWith('{{') ? rest.indexOf('}}', 2) : -1;
    let name: string | undefined;
    let length = 0;
    if (brace) [name, length] = [`env:${brace[1]}`, brace[0].length];
    else if (bare) [name, length] = [`env:${bare[1]}`, bare[0].length];
    else if (close > 0) [name, length] = [`template:${rest.slice(2, close).trim().replace(/\s+/g, ' ')}`, close + 2];
    if (name === undefined) {
      out += value[i];
      i++;
      continue;
    }
    out += `${OPEN}${names.length}${CLOSE}`;
    names.push(name);
    i += length;
  }
  return { text: out, names };
}

const TOKEN = new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g');

/** Restores tokens as `<name>`; undefined stays undefined. */
function unmask(text: string, names: readonly string[]): string;
function unmask(text: string | undefined, names: readonly string[]): string | undefined;
function unmask(text: string | undefined, names: readonly string[]): string | undefined {
  return text?.replace(TOKEN, (_, n: string) => `<${names[Number(n)] ?? 'template'}>`);
}

const hasToken = (text: string | undefined) => text !== undefined && text.includes(OPEN);

function placeholderOf(name: string): Placeholder {
  return name.startsWith('env:')
    ? { name, why: `environment variable \`${name.slice(4)}\`, substituted when the container or shell starts` }
    : { name, why: `Jinja/templated value \`${name.slice(9)}\`, rendered at run time` };
}

/** Python's `urllib.parse.unquote` (UTF-8, invalid escapes kept as written). */
export function unquote(text: string): string {
  return text.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** `parse_qsl(keep_blank_values=True)` into a dict (the last value of a repeated key wins). */
function parseQuery(query: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of query.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const plus = (s: string) => unquote(s.replace(/\+/g, ' '));
    if (eq < 0) out[plus(part)] = '';
    else out[plus(part.slice(0, eq))] = plus(part.slice(eq + 1));
  }
  return out;
}

/** `Connection._normalize_conn_type`. */
export function normalizeConnType(type: string): string {
  return type === 'postgresql' ? 'postgres' : type.replace(/-/g, '_');
}

/** Parses a JSON object's text; undefined when it is not one. */
function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The templated fields of a connection, from field texts that hold tokens. */
function collect(fields: Record<string, string | undefined>, names: readonly string[]): AirflowConnection['templated'] {
  const texts: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) if (hasToken(v)) texts[k] = unmask(v!, names);
  if (Object.keys(texts).length === 0) return undefined;
  const used = [...new Set(Object.values(texts).flatMap((t) => [...t.matchAll(/<([^<>]+)>/g)].map((m) => m[1]!)))];
  return { fields: texts, placeholders: used.map(placeholderOf) };
}

/** An Airflow connection URI (`postgres://user:pw@host:5432/db?sslmode=require`), as `Connection(uri=…)` reads it. */
export function parseConnectionUri(uri: string): Parsed {
  const { text, names } = mask(uri.trim());
  const schemes = text.split('://').length - 1;
  if (schemes > 2) return { ok: false, reason: 'more than two `://` in the URI (Airflow: "Invalid connection string")' };
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  if (!scheme) return { ok: false, reason: hasToken(text.split('://')[0]) ? 'the scheme is templated' : 'no `scheme://` at the start' };
  const connType = normalizeConnType(scheme[1]!.toLowerCase());
  let rest = text.slice(scheme[0].length);
  let protocol: string | undefined;
  if (schemes === 2) {
    const at = rest.indexOf('://');
    protocol = rest.slice(0, at);
    if (/[@:]/.test(protocol)) return { ok: false, reason: 'a host protocol holding `@` or `:` (Airflow: "Invalid connection string")' };
    rest = rest.slice(at + 3);
  }
  // urlsplit('//' + rest): netloc up to the first '/', '?' or '#'.
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  const query = q >= 0 ? rest.slice(q + 1) : '';
  const beforeQuery = q >= 0 ? rest.slice(0, q) : rest;
  const slash = beforeQuery.indexOf('/');
  const netloc = slash >= 0 ? beforeQuery.slice(0, slash) : beforeQuery;
  const path = slash >= 0 ? beforeQuery.slice(slash) : '';
  const at = netloc.lastIndexOf('@');
  const userinfo = at >= 0 ? netloc.slice(0, at) : undefined;
  const hostinfo = at >= 0 ? netloc.slice(at + 1) : netloc;
  let hostPart: string;
  let portText: string;
  if (hostinfo.startsWith('[')) {
    const end = hostinfo.indexOf(']');
    hostPart = end >= 0 ? hostinfo.slice(1, end) : hostinfo.slice(1);
    portText = end >= 0 && hostinfo[end + 1] === ':' ? hostinfo.slice(end + 2) : '';
  } else {
    const colon = hostinfo.indexOf(':');
    hostPart = colon >= 0 ? hostinfo.slice(0, colon) : hostinfo;
    portText = colon >= 0 ? hostinfo.slice(colon + 1) : '';
  }
  // `.hostname` lower-cases; a decoded '/' makes Airflow keep the netloc's host as written.
  let host = unquote(lowerOutsideTokens(hostPart));
  if (host.includes('/')) host = unquote(hostPart);
  let port: number | undefined;
  if (portText && !hasToken(portText)) {
    if (!/^\d+$/.test(portText)) return { ok: false, reason: `port \`${unmask(portText, names)}\` is not a number` };
    port = Number(portText);
    if (port > 65535) return { ok: false, reason: `port ${port} is out of range` };
  }
  const login = userinfo !== undefined ? unquote(userinfo.split(':')[0]!) || undefined : undefined;
  const schema = path.length > 1 ? unquote(path.slice(1)) : undefined;
  let extra: Record<string, unknown>;
  const params = query ? parseQuery(query) : {};
  if ('__extra__' in params) {
    const parsed = jsonObject(unmask(params.__extra__!, names));
    if (!parsed) return { ok: false, reason: '`__extra__` is not a JSON object' };
    extra = parsed;
  } else extra = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, unmask(v, names)]));
  const hostValue = host ? (protocol ? `${protocol}://${host}` : host) : undefined;
  const templated = collect(
    {
      host: hostValue,
      port: hasToken(portText) ? portText : undefined,
      schema,
      login,
      ...Object.fromEntries(Object.entries(params).map(([k, v]) => [`extra.${k}`, v])),
    },
    names,
  );
  return {
    ok: true,
    fields: {
      connType,
      ...(hostValue ? { host: unmask(hostValue, names) } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(schema ? { schema: unmask(schema, names) } : {}),
      ...(login ? { login: unmask(login, names) } : {}),
      extra,
      ...(templated ? { templated } : {}),
    },
  };
}

function lowerOutsideTokens(text: string): string {
  return text.replace(new RegExp(`[^${OPEN}${CLOSE}]+(?=${OPEN}|$)|(?<=${CLOSE})[^${OPEN}${CLOSE}]+`, 'g'), (s) => s.toLowerCase());
}

const FIELD_NAMES = new Set(['conn_type', 'description', 'host', 'login', 'password', 'schema', 'port', 'extra', 'uri', 'extra_dejson']);

/**
 * A connection given as fields (`Connection.from_json`'s keys, the local-filesystem backend's dicts, a
 * connections export): conn_type, host, login, schema, port, extra (object or JSON text), or `uri`.
 */
export function parseConnectionFields(value: Record<string, unknown>): Parsed {
  const unknown = Object.keys(value).filter((k) => !FIELD_NAMES.has(k));
  if (unknown.length)
    return { ok: false, reason: `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `\`${k}\``).join(', ')}` };
  if (typeof value.uri === 'string' && value.uri) {
    if (
      Object.keys(value).some((k) => k !== 'uri' && k !== 'description' && value[k] !== null && value[k] !== undefined && value[k] !== '')
    )
      return { ok: false, reason: '`uri` given together with other fields (Airflow refuses to mix them)' };
    return parseConnectionUri(value.uri);
  }
  const str = (k: string): string | undefined => {
    const v = value[k];
    return v === null || v === undefined || v === '' ? undefined : typeof v === 'string' ? v : String(v);
  };
  const type = str('conn_type');
  if (!type) return { ok: false, reason: 'no `conn_type`' };
  const masked: Record<string, Masked> = {};
  for (const k of ['conn_type', 'host', 'login', 'schema', 'port']) {
    const v = str(k);
    if (v !== undefined) masked[k] = mask(v);
  }
  if (hasToken(masked.conn_type?.text)) return { ok: false, reason: '`conn_type` is templated' };
  let port: number | undefined;
  const portText = masked.port?.text;
  if (portText !== undefined && !hasToken(portText)) {
    if (!/^\s*\d+\s*$/.test(portText)) return { ok: false, reason: `port \`${portText}\` is not an integer` };
    port = Number(portText);
  }
  let extra: Record<string, unknown> = {};
  const rawExtra = value.extra ?? value.extra_dejson;
  if (typeof rawExtra === 'string' && rawExtra.trim()) {
    const parsed = jsonObject(rawExtra);
    if (!parsed) return { ok: false, reason: '`extra` is not a JSON object' };
    extra = parsed;
  } else if (rawExtra && typeof rawExtra === 'object' && !Array.isArray(rawExtra)) extra = rawExtra as Record<string, unknown>;
  else if (rawExtra !== undefined && rawExtra !== null && rawExtra !== '') return { ok: false, reason: '`extra` is not an object' };
  const extraTemplates = Object.entries(extra).filter(([, v]) => typeof v === 'string' && mask(v).names.length > 0);
  const texts: Record<string, string> = {};
  const placeholders: Placeholder[] = [];
  const note = (field: string, m: Masked) => {
    if (!m.names.length) return;
    texts[field] = unmask(m.text, m.names);
    for (const n of m.names) if (!placeholders.some((p) => p.name === n)) placeholders.push(placeholderOf(n));
  };
  for (const [k, m] of Object.entries(masked)) note(k, m);
  for (const [k, v] of extraTemplates) note(`extra.${k}`, mask(v as string));
  const text = (k: string) => (masked[k] ? unmask(masked[k].text, masked[k].names) : undefined);
  const host = text('host');
  const schema = text('schema');
  const login = text('login');
  return {
    ok: true,
    fields: {
      connType: normalizeConnType(type),
      ...(host ? { host } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(schema ? { schema } : {}),
      ...(login ? { login } : {}),
      extra: Object.fromEntries(
        Object.entries(extra).map(([k, v]) => [k, typeof v === 'string' ? unmask(mask(v).text, mask(v).names) : v]),
      ),
      ...(placeholders.length ? { templated: { fields: texts, placeholders } } : {}),
    },
  };
}

/** A connection value as a secrets backend holds it: JSON when it starts with `{`, else a URI (`deserialize_connection`). */
export function parseConnectionValue(value: string): Parsed {
  const v = value.trim();
  if (!v) return { ok: false, reason: 'the value is empty' };
  if (v.startsWith('{')) {
    const obj = jsonObject(v);
    if (!obj) return { ok: false, reason: 'the value starts with `{` but is not a JSON object' };
    return parseConnectionFields(obj);
  }
  const whole = mask(v);
  if (whole.names.length === 1 && whole.text === `${OPEN}0${CLOSE}`)
    return { ok: false, reason: `the whole value is \`${v}\`, set outside the project` };
  return parseConnectionUri(v);
}
