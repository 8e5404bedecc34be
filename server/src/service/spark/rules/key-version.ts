import { pinnedVersions } from '../analysis';
import { lookupKey } from '../catalog';
import { compareVersions, formatVersion, parseVersion } from '../../util/version';
import type { SparkRule } from './rule';

/** Keys newer than the pinned OpenLineage version, and keys that are not in any release yet. */
export const keyVersion: SparkRule = {
  id: 'spark/key-version',
  defaultSeverity: 'warning',
  summary: 'A key newer than the OpenLineage version pinned in the same configuration, or not released yet.',
  check(ctx) {
    for (const facts of ctx.scopes) {
      for (const entry of facts.scope.entries) {
        const spec = lookupKey(entry.key)[0];
        if (!spec) continue;
        if (spec.unverified && /not in a release/.test(spec.unverified)) {
          ctx.report({
            range: entry.keyRange,
            message: `\`${entry.key}\` is not in an OpenLineage release yet (${spec.unverified}); released versions ignore it. Remove it until a release includes it.`,
          });
          continue;
        }
        if (!spec.since) continue;
        const since = parseVersion(spec.since)!;
        const pinned = pinnedVersions(facts, ctx.project.sparkPins, ctx.project.root);
        // Every version that may run this configuration must ignore the key (none is picked arbitrarily).
        if (pinned.length && pinned.every((p) => compareVersions(p.version, since) < 0)) {
          const which = pinned.map((p) => `${formatVersion(p.version)} (${p.where})`).join(', ');
          ctx.report({
            range: entry.keyRange,
            message: `\`${entry.key}\` was added in OpenLineage ${spec.since}, but ${facts.olVersion ? 'this configuration pins' : 'the project pins openlineage-spark'} ${which}, which ${pinned.length > 1 ? 'ignore' : 'ignores'} it. Upgrade the listener or remove the key.`,
          });
        }
      }
    }
  },
};
