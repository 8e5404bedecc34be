import { edit, last } from '../analysis';
import { CONCRETE_KEYS, KNOWN_ALIASES, lookupKey, lookupLegacy, OL_PREFIX, relativeKey } from '../catalog';
import { nearest } from '../../util/nearest';
import type { SparkRule } from './rule';

/**
 * `spark.openlineage.*` keys the integration does not know. Unknown keys are silently ignored by the Java
 * client (Jackson runs with FAIL_ON_UNKNOWN_PROPERTIES off), so a typo means a setting that never applies.
 */
export const unknownKey: SparkRule = {
  id: 'spark/unknown-key',
  defaultSeverity: 'warning',
  summary: 'An unknown `spark.openlineage.*` key, which OpenLineage silently ignores; suggests the nearest known key.',
  check(ctx) {
    for (const facts of ctx.scopes) {
      // A custom TokenProvider class (`auth.type=com.example.MyProvider`) receives the other `auth.*` keys as its
      // own properties, whatever their names; an auth type computed at run time may be one.
      const authType = last(facts, `${OL_PREFIX}transport.auth.type`);
      const customAuth = authType !== undefined && (authType.valueKind !== 'literal' || authType.value.includes('.'));
      for (const entry of facts.scope.entries) {
        const rel = relativeKey(entry.key);
        if (rel === undefined || !rel || lookupLegacy(entry.key) || lookupKey(entry.key).length) continue;
        if (customAuth && rel.startsWith('transport.auth.')) continue;
        // Handled with a more precise message by spark/api-key-spelling.
        if (/^transport\.auth\.(api_key|apikey)$/i.test(rel)) continue;
        const alias = KNOWN_ALIASES[rel];
        if (alias) {
          ctx.report({
            range: entry.keyRange,
            message: `\`${entry.key}\` is ignored: ${alias.why}. Use \`${OL_PREFIX}${alias.replacement}\`.`,
            fixes: [
              {
                title: `Replace with ${OL_PREFIX}${alias.replacement}`,
                edits: [edit.replaceKey(entry, OL_PREFIX + alias.replacement)],
                preferred: true,
              },
            ],
          });
          continue;
        }
        const suggestion = nearestKey(rel);
        ctx.report({
          range: entry.keyRange,
          message: suggestion
            ? `Unknown key \`${entry.key}\`: OpenLineage ignores it without a warning. Did you mean \`${OL_PREFIX}${suggestion}\`?`
            : `Unknown key \`${entry.key}\`: OpenLineage ignores it without a warning. Check the spelling against the OpenLineage Spark configuration reference.`,
          fixes: suggestion
            ? [
                {
                  title: `Replace with ${OL_PREFIX}${suggestion}`,
                  edits: [edit.replaceKey(entry, OL_PREFIX + suggestion)],
                  preferred: true,
                },
              ]
            : [],
        });
      }
    }
  },
};

/**
 * The closest known key. Wildcard keys are matched part by part, so `facets.spark.logicalPlan.disable`
 * suggests `facets.spark.logicalPlan.disabled` and `transport.urlParam.x` suggests `transport.urlParams.x`.
 */
export function nearestKey(rel: string): string | undefined {
  const direct = nearest(rel, CONCRETE_KEYS);
  if (direct) return direct;
  const facet = /^facets\.(.+)\.([^.]+)$/.exec(rel);
  if (facet && nearest(facet[2]!, ['disabled'])) return `facets.${facet[1]}.disabled`;
  for (const prefix of [
    'transport.urlParams.',
    'transport.headers.',
    'transport.properties.',
    'transport.transformerProperties.',
    'transport.transports.',
    'job.owners.',
  ]) {
    const head = prefix.split('.').slice(0, -1).join('.');
    const dot = rel.indexOf('.', head.indexOf('.') + 1);
    if (dot > 0 && rel.length > dot + 1) {
      const candidateHead = rel.slice(0, dot);
      if (candidateHead !== head && nearest(candidateHead, [head])) return head + rel.slice(dot);
    }
  }
  return undefined;
}
