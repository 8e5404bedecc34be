import { edit } from '../analysis';
import { TRANSPORT_TYPES, TRANSPORTS, transportByType } from '../catalog';
import { nearest } from '../../util/nearest';
import type { SparkRule } from './rule';

/**
 * `transport.type` values. The Java client matches them case-insensitively; a value that is not a built-in
 * is looked up through ServiceLoader, so an unknown value fails at start-up unless a jar provides it.
 */
export const transportType: SparkRule = {
  id: 'spark/transport-type',
  defaultSeverity: 'error',
  summary: 'An unknown `transport.type`, or a transport whose extra jar is not among the listed packages.',
  check(ctx) {
    for (const facts of ctx.scopes) {
      for (const entry of facts.byKey.get('spark.openlineage.transport.type') ?? []) {
        if (entry.valueKind !== 'literal') continue;
        const value = entry.value.trim();
        const known = transportByType(value);
        if (!known) {
          const near = value ? nearest(value, TRANSPORT_TYPES, 2) : undefined;
          ctx.report({
            range: entry.valueRange,
            severity: near || !value ? 'error' : 'warning',
            message: near
              ? `Unknown transport type \`${value}\`. Did you mean \`${near}\`? Known types: ${TRANSPORT_TYPES.map((t) => `\`${t}\``).join(', ')}.`
              : value
                ? `\`${value}\` is not a built-in transport type; it only works if a jar on the classpath registers it through ServiceLoader. Add that jar, or use one of the known types: ${TRANSPORT_TYPES.map((t) => `\`${t}\``).join(', ')}.`
                : `\`transport.type\` is empty; set it to one of ${TRANSPORT_TYPES.map((t) => `\`${t}\``).join(', ')}.`,
            fixes: near ? [{ title: `Replace with ${near}`, edits: [edit.replaceValue(entry, near)], preferred: true }] : [],
          });
          continue;
        }
        const jar = TRANSPORTS[known.type].extraJar;
        if (
          jar &&
          jar.startsWith('io.openlineage:') &&
          facts.artifacts.some((a) => a.kind === 'maven') &&
          !facts.artifacts.some((a) => a.text.startsWith(jar + ':'))
        ) {
          const version = facts.olVersion?.text;
          ctx.report({
            range: entry.valueRange,
            severity: 'warning',
            message: `The \`${known.type}\` transport lives in a separate jar, \`${jar}\`, which is not among the packages listed here${version ? `; add \`${jar}:${version}\`` : ''}.`,
          });
        }
      }
    }
  },
};
