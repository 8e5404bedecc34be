import { nearest } from '../../util/nearest';
import type { Finding } from '../../rules/rule';
import { CLIENT, JAVA_TRANSPORT_TYPES, PYTHON_TRANSPORT_TYPES, PYTHON_TRANSPORTS, javaTransport, type Dialect } from '../catalog';
import { replaceScalar } from '../edit';
import type { TransportFacts } from '../analysis';
import { readersOf, type OlConfigRule } from './rule';
import { orList } from '../../text/wording';

const CLASS_PATH = /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+$/;

/**
 * Transport `type` values. The Python client matches them exactly and imports anything else as a class
 * path; the Java client matches them case-insensitively and looks anything else up through ServiceLoader.
 */
export const transportType: OlConfigRule = {
  id: 'ol-config/transport-type',
  defaultSeverity: 'error',
  summary:
    'An unknown transport `type`, a type the reading client does not have (`s3` in Python, `datadog` in Java), or `HTTP` in upper case, which only the Java client accepts.',
  check(ctx) {
    for (const t of ctx.analysis.transports) {
      const scalar = t.typeScalar;
      if (!scalar || t.typeTemplated) continue;
      const value = scalar.value.trim();
      const readers = readersOf(ctx.dialect);
      const finding = readers.length === 1 ? check(readers[0]!, value, t) : checkEither(value, t);
      if (finding) ctx.report({ ...finding, fixes: finding.fixes ?? [] });
    }
  },
};

function fixTo(t: TransportFacts, to: string) {
  return [{ title: `Replace with ${to}`, edits: [replaceScalar(t.typeScalar!, to)], preferred: true }];
}

function check(reader: Dialect, value: string, t: TransportFacts): Finding | undefined {
  const range = t.typeScalar!.range.end > t.typeScalar!.range.start ? t.typeScalar!.range : t.typePair!.key.range;
  if (!value)
    return {
      range,
      message: `\`type\` is empty; set it to one of ${orList(reader === 'python' ? PYTHON_TRANSPORT_TYPES : JAVA_TRANSPORT_TYPES)}.`,
    };
  if (reader === 'python') {
    if (PYTHON_TRANSPORTS.has(value)) return undefined;
    const exact = PYTHON_TRANSPORT_TYPES.find((p) => p.toLowerCase() === value.toLowerCase());
    if (exact) {
      return {
        range,
        message: `The Python client matches transport types exactly, so \`${value}\` is imported as a class path and fails (only the Java client accepts other cases). Write \`${exact}\`.`,
        fixes: fixTo(t, exact),
      };
    }
    if (CLASS_PATH.test(value)) return undefined;
    const java = javaTransport(value);
    if (java) {
      return {
        range,
        message: `The Python client has no \`${value}\` transport: it exists only in the Java client. Use one of the Python client’s types: ${orList(PYTHON_TRANSPORT_TYPES)}.`,
      };
    }
    const near = nearest(value, PYTHON_TRANSPORT_TYPES, 2);
    if (near)
      return {
        range,
        message: `Unknown transport type \`${value}\`. Did you mean \`${near}\`? The Python client’s types are ${orList(PYTHON_TRANSPORT_TYPES)}.`,
        fixes: fixTo(t, near),
      };
    return {
      range,
      severity: 'warning',
      message: `\`${value}\` is not a transport type of the Python client, which then imports it as a class path; that fails unless it names a transport class. Use one of ${orList(PYTHON_TRANSPORT_TYPES)}, or a full \`module.Class\` path.`,
    };
  }
  if (javaTransport(value)) return undefined;
  if (PYTHON_TRANSPORTS.has(value)) {
    return {
      range,
      severity: 'warning',
      message: `\`${value}\` is a transport of the Python client; the Java client has no such built-in type and finds it only if a jar on the classpath registers it. Use one of ${orList(JAVA_TRANSPORT_TYPES)}.`,
    };
  }
  const near = nearest(value, JAVA_TRANSPORT_TYPES, 2);
  if (near)
    return {
      range,
      message: `Unknown transport type \`${value}\`. Did you mean \`${near}\`? The Java client’s types are ${orList(JAVA_TRANSPORT_TYPES)}.`,
      fixes: fixTo(t, near),
    };
  return {
    range,
    severity: 'warning',
    message: `\`${value}\` is not a built-in transport type of the Java client; it works only if a jar on the classpath registers it through ServiceLoader. Add that jar, or use one of ${orList(JAVA_TRANSPORT_TYPES)}.`,
  };
}

/** Either client may read the file: a type is fine if one of them has it. */
function checkEither(value: string, t: TransportFacts): Finding | undefined {
  const range = t.typeScalar!.range.end > t.typeScalar!.range.start ? t.typeScalar!.range : t.typePair!.key.range;
  if (!value) return check('python', value, t);
  if (PYTHON_TRANSPORTS.has(value)) return undefined;
  const java = javaTransport(value);
  const exact = PYTHON_TRANSPORT_TYPES.find((p) => p.toLowerCase() === value.toLowerCase());
  if (java && exact) {
    return {
      range,
      severity: 'warning',
      message: `\`${value}\` works only with the ${CLIENT.java}, which matches types case-insensitively; the ${CLIENT.python} matches them exactly and fails. Write \`${exact}\`, which both accept.`,
      fixes: fixTo(t, exact),
    };
  }
  if (java || CLASS_PATH.test(value)) return undefined;
  const all = [...new Set([...PYTHON_TRANSPORT_TYPES, ...JAVA_TRANSPORT_TYPES])];
  const near = nearest(value, all, 2);
  if (near)
    return {
      range,
      message: `Unknown transport type \`${value}\`. Did you mean \`${near}\`? Known types: ${orList(all)}.`,
      fixes: fixTo(t, near),
    };
  return {
    range,
    severity: 'warning',
    message: `\`${value}\` is not a transport type of either client; it works only as a Python class path or a Java ServiceLoader type from an extra jar. Known types: ${orList(all)}.`,
  };
}
