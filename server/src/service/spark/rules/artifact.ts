import { compareVersions, formatVersion, parseVersion } from '../../util/version';
import { LATEST_OPENLINEAGE } from '../catalog';
import type { Fix } from '../../rules/rule';
import type { SparkRule } from './rule';

const SCALA_SUFFIXES = ['2.12', '2.13'];

/**
 * Maven coordinates of the OpenLineage jars: `openlineage-spark` up to 1.8.0, `openlineage-spark_2.12` /
 * `_2.13` from 1.9.1; `group:artifact:version` syntax; transport jars at the same version as the listener;
 * `spark.jars.packages` does not install the listener on Databricks.
 */
export const artifact: SparkRule = {
  id: 'spark/artifact',
  defaultSeverity: 'error',
  summary:
    'OpenLineage Maven coordinates that cannot resolve (`openlineage-spark` vs `openlineage-spark_2.12/_2.13` by version, malformed coordinates, mismatched transport jars).',
  check(ctx) {
    for (const facts of ctx.scopes) {
      for (const a of facts.artifacts) {
        if (a.kind !== 'maven' || /[$]|\{\{/.test(a.text)) continue;
        const parts = a.text.replace('/', ':').split(':');
        if (parts.length !== 3 || parts.some((p) => !p.trim())) {
          if (/openlineage/i.test(a.text) || parts.length !== 3) {
            ctx.report({
              range: a.range,
              message: `\`${a.text}\` is not a Maven coordinate: write it as \`groupId:artifactId:version\`, e.g. \`io.openlineage:openlineage-spark_2.12:${LATEST_OPENLINEAGE}\`.`,
            });
          }
          continue;
        }
        const [group, name, versionText] = parts as [string, string, string];
        if (group !== 'io.openlineage') continue;
        const version = parseVersion(versionText);
        const m = /^openlineage-spark(?:_(.+))?$/.exec(name);
        if (/^(latest|release|\+)$/i.test(versionText) || versionText.includes('+')) {
          ctx.report({
            range: a.range,
            severity: 'warning',
            message: `\`${a.text}\` uses a dynamic version, so each run may pick a different OpenLineage release. Pin an exact version such as \`${LATEST_OPENLINEAGE}\`.`,
          });
        } else if (!version) {
          ctx.report({ range: a.range, message: `\`${versionText}\` is not a version; write one such as \`${LATEST_OPENLINEAGE}\`.` });
          continue;
        }
        if (m) {
          const suffix = m[1];
          const replace = (newName: string): Fix => ({
            title: `Use ${group}:${newName}:${versionText}`,
            edits: [{ range: a.range, newText: `${group}:${newName}:${versionText}` }],
          });
          if (suffix !== undefined && !SCALA_SUFFIXES.includes(suffix)) {
            ctx.report({
              range: a.range,
              message: `\`${name}\` does not exist: the artifact is published for Scala 2.12 and 2.13 only (\`openlineage-spark_2.12\`, \`openlineage-spark_2.13\`). Pick the one matching your Spark build.`,
              fixes: SCALA_SUFFIXES.map((s) => replace(`openlineage-spark_${s}`)),
            });
          } else if (version && suffix === undefined && compareVersions(version, parseVersion('1.9.1')!) >= 0) {
            ctx.report({
              range: a.range,
              message: `\`io.openlineage:openlineage-spark:${versionText}\` does not exist: since 1.9.1 the artifact carries the Scala version, \`openlineage-spark_2.12\` or \`openlineage-spark_2.13\` (Spark 3.x builds use 2.12 unless built for 2.13).`,
              fixes: SCALA_SUFFIXES.map((s, i) => ({ ...replace(`openlineage-spark_${s}`), ...(i === 0 ? { preferred: true } : {}) })),
            });
          } else if (version && suffix !== undefined && compareVersions(version, parseVersion('1.9.1')!) < 0) {
            ctx.report({
              range: a.range,
              message: `\`${name}:${versionText}\` does not exist: before 1.9.1 the artifact was \`openlineage-spark\` (Scala 2.12 only). Use \`io.openlineage:openlineage-spark:${versionText}\` or upgrade to ${LATEST_OPENLINEAGE}.`,
              fixes: [replace('openlineage-spark')],
            });
          }
          if (
            ctx.doc.databricks &&
            facts.scope.entries.some(
              (e) => e.key === 'spark.jars.packages' && e.valueRange.start <= a.range.start && a.range.end <= e.valueRange.end,
            )
          ) {
            ctx.report({
              range: a.range,
              severity: 'warning',
              message:
                'On Databricks, `spark.jars.packages` does not install the OpenLineage listener early enough: install the jar with a cluster-scoped init script that copies it to `/mnt/driver-daemon/jars`.',
            });
          }
        } else if (/^transports-/.test(name) && facts.olVersion && version && compareVersions(version, facts.olVersion.version) !== 0) {
          ctx.report({
            range: a.range,
            severity: 'warning',
            message: `\`${name}:${versionText}\` should be the same version as the OpenLineage listener (${formatVersion(facts.olVersion.version)}); mixed versions of the Java client can fail at run time.`,
            fixes: [
              {
                title: `Use ${group}:${name}:${facts.olVersion.text}`,
                edits: [{ range: a.range, newText: `${group}:${name}:${facts.olVersion.text}` }],
              },
            ],
          });
        }
      }
    }
  },
};
