import { nearest } from '../../util/nearest';
import { PY_TRANSPORT_TYPES, pyTransport } from '../catalog';
import { literal, replaceValue } from '../analysis';
import type { AirflowRule } from './rule';

/**
 * The transport `type`, exact and case-sensitive in the Python client (anything else is read as an import path):
 * inside the `transport` JSON, and in `OPENLINEAGE__TRANSPORT__TYPE`.
 */
export const transportType: AirflowRule = {
  id: 'airflow/transport-type',
  defaultSeverity: 'error',
  summary:
    'A transport without `type`, or with a `type` the Python client does not have (types are case-sensitive: `HTTP` fails), in `transport` JSON or `OPENLINEAGE__TRANSPORT__TYPE`.',
  check(ctx) {
    for (const i of ctx.transportIssues()) if (i.category === 'type') ctx.report(i);
    for (const { setting: s } of ctx.settings) {
      if (s.source !== 'env' || s.key !== 'OPENLINEAGE__TRANSPORT__TYPE' || !literal(s)) continue;
      const v = s.value.trim();
      if (!v || pyTransport(v) || /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(v)) continue;
      const near = PY_TRANSPORT_TYPES.find((t) => t.toLowerCase() === v.toLowerCase()) ?? nearest(v, PY_TRANSPORT_TYPES, 2);
      const edit = near ? replaceValue(s, near) : undefined;
      ctx.report({
        range: s.valueRange,
        message: `\`${v}\` is not a transport type of the Python client (types are exact and case-sensitive; anything else is read as an import path and fails).${near ? ` Write \`${near}\`.` : ''} Types: ${PY_TRANSPORT_TYPES.map((t) => `\`${t}\``).join(', ')}.`,
        fixes: edit ? [{ title: `Replace with ${near}`, edits: [edit], preferred: true }] : [],
      });
    }
  },
};
