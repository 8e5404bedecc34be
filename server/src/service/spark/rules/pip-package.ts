import { compareVersions, parseVersion } from '../../util/version';
import { LATEST_OPENLINEAGE } from '../catalog';
import type { Fix } from '../../rules/rule';
import type { SparkRule } from './rule';

/**
 * `pip install openlineage-spark`: the Spark listener is a Maven jar (`io.openlineage:openlineage-spark_2.12`),
 * and PyPI has no `openlineage-spark` package (docs/upstream/spark.md#listener-and-artifacts), so pip fails and no
 * listener is installed. The Python packages are `openlineage-python` and friends, which do not contain it.
 */
export const pipPackage: SparkRule = {
  id: 'spark/pip-package',
  defaultSeverity: 'error',
  summary:
    '`pip install openlineage-spark`: the Spark listener is a Maven jar, not a Python package (PyPI has none by that name), so nothing is installed; on Databricks, copy the jar into `/mnt/driver-daemon/jars` from an init script.',
  check(ctx) {
    const databricks = ctx.doc.form === 'databricks-init' || ctx.doc.databricks;
    for (const p of ctx.doc.pipInstalls ?? []) {
      const jar = jarOf(p.version);
      const where = databricks
        ? `On Databricks the jar must be on the driver's classpath when the cluster starts: replace this line with one that puts \`${jar.file}\` into \`/mnt/driver-daemon/jars\` from a cluster-scoped init script, as OpenLineage's own init script does (\`spark.jars.packages\` is too late for a listener there).`
        : `Remove it and pass the jar to Spark instead: \`--packages ${jar.coordinates}\` (or \`spark.jars.packages\`), or put \`${jar.file}\` on the driver's classpath.`;
      const fixes: Fix[] = databricks
        ? [
            {
              title: `Download ${jar.file} into /mnt/driver-daemon/jars instead`,
              edits: p.only
                ? [{ range: p.command, newText: jar.wget }]
                : [
                    { range: p.word, newText: '' },
                    { range: { start: lineEnd(ctx.text, p.command.end), end: lineEnd(ctx.text, p.command.end) }, newText: `\n${jar.wget}` },
                  ],
            },
          ]
        : [];
      ctx.report({
        range: p.range,
        message: `\`openlineage-spark\` is the Spark listener, a Maven jar (\`${jar.coordinates}\`), not a Python package: PyPI has no package by that name, so this pip command fails and no listener is installed (the Python packages such as \`openlineage-python\` do not contain it). ${where}`,
        fixes,
      });
    }
  },
};

/** The Maven artifact for a pinned version (unsuffixed before 1.9.1, Scala 2.12 otherwise), else the current one. */
function jarOf(version: string | undefined): { coordinates: string; file: string; wget: string } {
  const v = version && parseVersion(version) ? version : LATEST_OPENLINEAGE;
  const suffixed = compareVersions(parseVersion(v)!, parseVersion('1.9.1')!) >= 0;
  const artifact = suffixed ? 'openlineage-spark_2.12' : 'openlineage-spark';
  const file = `${artifact}-${v}.jar`;
  return {
    coordinates: `io.openlineage:${artifact}:${v}`,
    file,
    wget: `wget -q -P /mnt/driver-daemon/jars https://repo1.maven.org/maven2/io/openlineage/${artifact}/${v}/${file}`,
  };
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl;
}
