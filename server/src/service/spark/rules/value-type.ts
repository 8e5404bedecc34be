import { edit } from '../analysis';
import { lookupKey, type KeySpec } from '../catalog';
import { nearest } from '../../util/nearest';
import type { Finding } from '../../rules/rule';
import type { ConfEntry } from '../model';
import type { SparkRule } from './rule';

const TRUE_LIKE = ['yes', 'y', 'on', '1', 'enabled', 'enable'];
const FALSE_LIKE = ['no', 'n', 'off', '0', 'disabled', 'disable'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FQCN = /^([a-zA-Z_$][\w$]*\.)+[A-Za-z_$][\w$]*$/;

/** Values of the wrong type: booleans, integers, enumerated values, UUIDs, JSON, class names. */
export const valueType: SparkRule = {
  id: 'spark/value-type',
  defaultSeverity: 'error',
  summary:
    'A value of the wrong type: a boolean that is not `true`/`false`, a non-integer, an unknown enumerated value, a run id that is not a UUID, invalid `context` JSON.',
  check(ctx) {
    for (const facts of ctx.scopes) {
      for (const entry of facts.scope.entries) {
        if (entry.valueKind !== 'literal') continue;
        const spec = lookupKey(entry.key)[0];
        if (!spec) continue;
        const finding = checkValue(entry, spec);
        if (finding) ctx.report(finding);
      }
    }
  },
};

function range(entry: ConfEntry) {
  return entry.valueRange.end > entry.valueRange.start ? entry.valueRange : entry.keyRange;
}

function checkValue(entry: ConfEntry, spec: KeySpec): Finding | undefined {
  const value = entry.value.trim();
  if (!value) return undefined;
  switch (spec.type) {
    case 'boolean': {
      if (/^(true|false)$/i.test(value)) return undefined;
      const lower = value.toLowerCase();
      const to = TRUE_LIKE.includes(lower) ? 'true' : FALSE_LIKE.includes(lower) ? 'false' : undefined;
      return {
        range: range(entry),
        message: `\`${entry.key}\` is a boolean: write \`true\` or \`false\`. \`${value}\` is read as \`false\`${to === 'true' ? ', which is probably not what you meant' : ''}.`,
        fixes: to ? [{ title: `Replace with ${to}`, edits: [edit.replaceValue(entry, to)], preferred: true }] : [],
      };
    }
    case 'integer': {
      if (/^-?\d+$/.test(value)) return undefined;
      const digits = /^(\d+)\s*(ms|millis|milliseconds|s|sec|seconds|%)?$/i.exec(value);
      let fixed: string | undefined;
      if (digits) {
        const unit = (digits[2] ?? '').toLowerCase();
        const millisKey = /InMillis$/.test(spec.key);
        fixed = millisKey && /^s/.test(unit) ? String(Number(digits[1]) * 1000) : digits[1];
      }
      return {
        range: range(entry),
        message: `\`${entry.key}\` takes a whole number${/InMillis$/.test(spec.key) ? ' of milliseconds' : ''}, without units; \`${value}\` fails to parse.`,
        fixes: fixed ? [{ title: `Replace with ${fixed}`, edits: [edit.replaceValue(entry, fixed)], preferred: true }] : [],
      };
    }
    case 'enum': {
      const values = spec.values ?? [];
      const ok = spec.caseInsensitive ? values.some((v) => v.toLowerCase() === value.toLowerCase()) : values.includes(value);
      if (ok || (spec.allowsClass && FQCN.test(value))) return undefined;
      // transport.type and auth.type have dedicated rules with richer messages.
      if (spec.key === 'transport.type' || spec.key === 'transport.auth.type') return undefined;
      const near = nearest(value, values, 3);
      return {
        range: range(entry),
        severity: spec.key === 'debug.smartMode' ? 'warning' : undefined,
        message: `\`${value}\` is not a valid value of \`${entry.key}\`; expected ${values.map((v) => `\`${v}\``).join(', ')}${spec.allowsClass ? ' or a class name' : ''}.${near ? ` Did you mean \`${near}\`?` : ''}${spec.key === 'debug.smartMode' ? ' OpenLineage falls back to `any-missing`.' : ''}`,
        fixes: near ? [{ title: `Replace with ${near}`, edits: [edit.replaceValue(entry, near)], preferred: true }] : [],
      };
    }
    case 'uuid':
      if (UUID.test(value)) return undefined;
      return {
        range: range(entry),
        severity: 'warning',
        message: `\`${entry.key}\` should be a run id (a UUID such as \`0190b5f4-3c5e-7d4c-9a1b-2f6c8e0d4a11\`); \`${value}\` is not one, so the parent run cannot be linked.`,
      };
    case 'json': {
      try {
        const parsed = JSON.parse(value) as { parent?: { run?: unknown; job?: unknown } } | null;
        if (parsed && typeof parsed === 'object' && parsed.parent?.run && parsed.parent?.job) return undefined;
        return {
          range: range(entry),
          severity: 'warning',
          message: `\`${entry.key}\` needs \`parent.run\` and \`parent.job\`; without them OpenLineage logs a warning and falls back to the parentJob*/parentRunId keys. Add them: \`{"parent":{"run":{"runId":"…"},"job":{"namespace":"…","name":"…"}}}\`.`,
        };
      } catch (e) {
        return {
          range: range(entry),
          severity: 'warning',
          message: `\`${entry.key}\` is not valid JSON (${(e as Error).message}); OpenLineage logs a warning and falls back to the parentJob*/parentRunId keys. Write a JSON object such as \`{"parent":{"run":{"runId":"…"},"job":{"namespace":"…","name":"…"}}}\`.`,
        };
      }
    }
    case 'class':
      if (FQCN.test(value)) return undefined;
      return {
        range: range(entry),
        severity: 'warning',
        message: `\`${entry.key}\` takes a fully-qualified class name such as \`com.example.MyClass\`; \`${value}\` is not one.`,
      };
    default:
      return undefined;
  }
}
