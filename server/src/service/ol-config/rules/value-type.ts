import { nearest } from '../../util/nearest';
import { isTemplated } from '../../util/template';
import type { Finding, Fix } from '../../rules/rule';
import type { YamlNode, YamlScalar } from '../../yaml/ast';
import type { KeyInfo, PairFact } from '../analysis';
import { CLIENT, type Dialect } from '../catalog';
import { insertPair, replaceScalar } from '../edit';
import { readersOf, type OlConfigRule } from './rule';
import { orList } from '../../text/wording';

/** YAML 1.1 booleans, as PyYAML and SnakeYAML resolve plain scalars. */
const YAML_BOOL = /^(true|false|yes|no|on|off|True|False|TRUE|FALSE|Yes|No|YES|NO|On|Off|ON|OFF)$/;
const YAML_INT = /^[-+]?(0|[1-9][0-9_]*)$/;
const YAML_FLOAT = /^[-+]?([0-9][0-9_]*)?\.[0-9]+([eE][-+]?[0-9]+)?$|^[-+]?[0-9][0-9_]*(\.[0-9]*)?[eE][-+]?[0-9]+$/;
const CLASS_PATH = /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+$/;

const kindName = (n: YamlNode) =>
  n.kind === 'map' ? 'a mapping' : n.kind === 'seq' ? 'a list' : n.kind === 'alias' ? 'an alias' : 'a single value';

/**
 * Values of the wrong type for the client that reads them: a timeout that is not a number, a quoted boolean
 * (in Python the string `"false"` is true), an unknown enumerated value, a scalar where a mapping or list is
 * needed, a `filters` entry without its `match`/`regex`.
 */
export const valueType: OlConfigRule = {
  id: 'ol-config/value-type',
  defaultSeverity: 'error',
  summary:
    'A value of the wrong type for the client reading it: a non-numeric timeout, a quoted boolean, an unknown `auth.type` or `compression`, a single value where a list or mapping is needed.',
  check(ctx) {
    for (const fact of ctx.analysis.pairs) {
      const value = fact.pair.value;
      if (!value || value.kind === 'alias') continue;
      if (value.kind === 'scalar' && (isTemplated(value.value) || (value.style === 'plain' && /^(~|null|Null|NULL)?$/.test(value.value))))
        continue;
      const readers = readersOf(ctx.dialect).filter((d) => fact.res[d].kind === 'known');
      if (!readers.length) continue;
      const findings = readers.map((d) =>
        checkValue(ctx.text, fact, (fact.res[d] as { info: KeyInfo }).info, value, d, readers.length > 1),
      );
      // Either client may read the file: the value is fine if one of them accepts it.
      if (findings.some((f) => !f)) continue;
      ctx.report(findings[0]!);
    }
    checkFilters(ctx);
  },
};

/** Replaces a scalar; `quoted` also removes its quotes, `raw` writes `to` as YAML text (a flow list). */
function fix(title: string, scalar: YamlScalar, to: string, quoted = false, raw = false): Fix[] {
  const range = quoted ? { start: scalar.range.start - 1, end: scalar.range.end + 1 } : scalar.range;
  return [{ title, edits: [quoted || raw ? { range, newText: to } : replaceScalar(scalar, to)], preferred: true }];
}

/** A node's range, with the closing bracket of a flow collection (the AST ends it at its last item). */
function fullRange(text: string, node: YamlNode): { start: number; end: number } {
  if ((node.kind === 'seq' || node.kind === 'map') && node.flow) {
    const close = node.kind === 'seq' ? ']' : '}';
    const m = /^[\s,]*/.exec(text.slice(node.range.end))!;
    if (text[node.range.end + m[0].length] === close) return { start: node.range.start, end: node.range.end + m[0].length + 1 };
  }
  return node.range;
}

function checkValue(text: string, fact: PairFact, info: KeyInfo, value: YamlNode, d: Dialect, either: boolean): Finding | undefined {
  const key = fact.pair.key.value;
  const who = either ? '' : ` (${CLIENT[d]})`;
  const scalar = value.kind === 'scalar' ? value : undefined;
  const quoted = !!scalar && (scalar.style === 'single' || scalar.style === 'double');
  const whole = fullRange(text, value);
  const range = whole.end > whole.start ? whole : fact.pair.key.range;
  const s = scalar?.value.trim() ?? '';
  switch (info.type) {
    case 'object':
    case 'map':
    case 'transport':
      if (value.kind === 'map') return undefined;
      return {
        range,
        message: `\`${key}\` must be a mapping of \`name: value\` entries${who}, not ${kindName(value)}; ${info.type === 'transport' ? 'write `type:` and the transport’s keys under it.' : 'put one key per line under it.'}`,
      };
    case 'transports':
      if (value.kind === 'map' || value.kind === 'seq') return undefined;
      return { range, message: `\`${key}\` must be a list of transports or a mapping of name → transport${who}, not ${kindName(value)}.` };
    case 'filters':
    case 'string-list':
    case 'integer-list':
      if (value.kind === 'seq') {
        if (info.type === 'integer-list') {
          const bad = value.items.find((i) => i.kind !== 'scalar' || !YAML_INT.test(i.value));
          if (bad)
            return {
              range: bad.range,
              message: `\`${key}\` is a list of integers${who}; \`${bad.kind === 'scalar' ? bad.value : '…'}\` is not one.`,
            };
        }
        if (info.type === 'string-list') {
          const bad = value.items.find((i) => i.kind !== 'scalar');
          if (bad) return { range: bad.range, message: `\`${key}\` is a list of names${who}; this entry is ${kindName(bad)}.` };
        }
        return undefined;
      }
      if (d === 'python' && info.type === 'string-list' && scalar) {
        return {
          range,
          message: `\`${key}\` must be a YAML list${who}: the Python client iterates over a single string character by character. Write \`[${s
            .split(/[,;\s]+/)
            .filter(Boolean)
            .join(', ')}]\`.`,
          fixes: s
            ? fix(
                'Write it as a list',
                scalar,
                `[${s
                  .split(/[,;\s]+/)
                  .filter(Boolean)
                  .join(', ')}]`,
                quoted,
                true,
              )
            : [],
        };
      }
      return { range, message: `\`${key}\` must be a list${who}, not ${kindName(value)}.` };
    case 'list':
      return value.kind === 'map' ? { range, message: `\`${key}\` must be a list${who}, not a mapping.` } : undefined;
    case 'any':
      return undefined;
    default:
      break;
  }
  if (!scalar) return { range, message: `\`${key}\` takes a single value${who}, not ${kindName(value)}.` };
  switch (info.type) {
    case 'boolean': {
      if (!quoted && YAML_BOOL.test(s)) return undefined;
      if (quoted && /^(true|false)$/i.test(s)) {
        if (d === 'java' || either) return undefined;
        return {
          range: { start: scalar.range.start - 1, end: scalar.range.end + 1 },
          message: `\`${key}\` is a boolean, but \`"${s}"\` is a quoted string: the Python client treats every non-empty string as true${/^false$/i.test(s) ? ', so this turns the setting on' : ''}. Remove the quotes.`,
          fixes: fix('Remove the quotes', scalar, s.toLowerCase(), true),
        };
      }
      return { range, message: `\`${key}\` is a boolean${who}: write \`true\` or \`false\`, not \`${s}\`.` };
    }
    case 'integer':
    case 'number': {
      const numeric = YAML_INT.test(s) || (info.type === 'number' && YAML_FLOAT.test(s));
      if (numeric && !quoted) return pythonTimeout(fact, info, scalar, d, either);
      if (numeric && quoted) {
        if (d === 'java' || either) return undefined;
        return {
          range: { start: scalar.range.start - 1, end: scalar.range.end + 1 },
          message: `\`${key}\` is a number, but \`"${s}"\` is a quoted string, which the Python client passes on as text. Remove the quotes.`,
          fixes: fix('Remove the quotes', scalar, s, true),
        };
      }
      if (info.type === 'integer' && YAML_FLOAT.test(s))
        return {
          range,
          message: `\`${key}\` is a whole number${who}; \`${s}\` has a fraction.`,
          fixes: fix(`Replace with ${Math.round(Number(s))}`, scalar, String(Math.round(Number(s)))),
        };
      const unit = /^(\d+(?:\.\d+)?)\s*(ms|millis|milliseconds|s|sec|secs|seconds)$/i.exec(s);
      let to: string | undefined;
      if (unit) {
        const n = Number(unit[1]);
        const ms = /^m/i.test(unit[2]!);
        const wantMs = /InMillis$/.test(key);
        const wantS = d === 'python' && key === 'timeout';
        to = wantMs ? String(ms ? n : n * 1000) : wantS ? String(ms ? n / 1000 : n) : String(n);
      }
      return {
        range,
        message: `\`${key}\` must be a ${info.type === 'integer' ? 'whole number' : 'number'}${/InMillis$/.test(key) ? ' of milliseconds' : d === 'python' && key === 'timeout' ? ' of seconds' : ''}${who}, not \`${s}\`.${to !== undefined ? ` Write \`${to}\`.` : ''}`,
        ...(to !== undefined ? { fixes: fix(`Replace with ${to}`, scalar, to, quoted) } : {}),
      };
    }
    case 'enum': {
      const values = info.values ?? [];
      const match = info.caseInsensitive ? values.some((v) => v.toLowerCase() === s.toLowerCase()) : values.includes(s);
      if (match || (info.allowsClass && CLASS_PATH.test(s))) return undefined;
      // Transport types are ol-config/transport-type's.
      if (key === 'type' && fact.transport?.map === fact.map) return undefined;
      const near = nearest(s, values, 2) ?? values.find((v) => v.toLowerCase() === s.toLowerCase());
      const apiKeyType = key === 'type' && /^api[-_]?key$/i.test(s) && values.includes('api_key');
      return {
        range,
        message: `\`${s}\` is not a valid \`${key}\`${who}: use ${orList(values)}${info.allowsClass ? ' or a class path' : ''}.${apiKeyType ? ' Any other value is loaded as a class name and fails.' : ''}${near ? ` Did you mean \`${near}\`?` : ''}`,
        ...(near ? { fixes: fix(`Replace with ${near}`, scalar, near) } : {}),
      };
    }
    default:
      return undefined;
  }
}

/** The Python `timeout` is in seconds: a value in the thousands is almost certainly meant as milliseconds. */
function pythonTimeout(fact: PairFact, info: KeyInfo, scalar: YamlScalar, d: Dialect, either: boolean): Finding | undefined {
  if (d !== 'python' || either || fact.pair.key.value !== 'timeout' || info.type !== 'number') return undefined;
  const n = Number(scalar.value);
  if (!(n >= 1000)) return undefined;
  const to = String(n / 1000);
  return {
    range: scalar.range,
    severity: 'warning',
    message: `The Python client’s \`timeout\` is in seconds, so \`${scalar.value}\` waits over ${Math.floor(n / 60)} minutes per request. If you meant milliseconds (the Java client’s \`timeoutInMillis\`), write \`${to}\`.`,
    fixes: fix(`Replace with ${to}`, scalar, to),
  };
}

/** Python `filters` entries: `type: exact` needs `match`, `type: regex` needs `regex`. */
function checkFilters(ctx: Parameters<OlConfigRule['check']>[0]): void {
  if (!readersOf(ctx.dialect).includes('python') || ctx.dialect.dialect === 'java') return;
  const filters = ctx.analysis.root?.pairs.find((p) => p.key.value === 'filters')?.value;
  if (filters?.kind !== 'seq') return;
  for (const item of filters.items) {
    if (item.kind !== 'map') {
      ctx.report({
        range: item.range,
        message: 'Each entry of `filters` is a mapping such as `{type: exact, match: <job name>}` or `{type: regex, regex: <pattern>}`.',
      });
      continue;
    }
    const type = item.pairs.find((p) => p.key.value === 'type');
    const t = type?.value?.kind === 'scalar' ? type.value.value.trim() : undefined;
    const need = t === 'exact' ? 'match' : t === 'regex' ? 'regex' : undefined;
    if (!type) {
      ctx.report({
        range: item.pairs[0]?.key.range ?? item.range,
        message: 'This filter has no `type`: write `type: exact` (with `match:`) or `type: regex` (with `regex:`).',
      });
    } else if (need && !item.pairs.some((p) => p.key.value === need)) {
      const edit = insertPair(ctx.text, item, need, need === 'match' ? '<job name>' : "'<pattern>'");
      ctx.report({
        range: type.value!.range,
        message: `A \`${t}\` filter needs \`${need}:\`; without it the filter matches nothing.`,
        fixes: edit ? [{ title: `Add ${need}`, edits: [edit] }] : [],
      });
    }
  }
}
