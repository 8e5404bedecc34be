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
        const pinned = facts.olVersion;
        if (!pinned || !spec.since) continue;
        const since = parseVersion(spec.since)!;
        if (compareVersions(pinned.version, since) < 0) {
          ctx.report({
            range: entry.keyRange,
            message: `\`${entry.key}\` was added in OpenLineage ${spec.since}, but this configuration pins ${formatVersion(pinned.version)} (\`${pinned.artifact.text}\`), which ignores it. Upgrade the listener or remove the key.`,
          });
        }
      }
    }
  },
};
