import { compareVersions, parseVersion } from '../../util/version';
import { LISTENER_CLASS } from '../catalog';
import type { SparkRule } from './rule';

const DRIVER_JARS = /\/mnt\/driver-daemon\/jars|\/databricks\/jars/;
const JAR_NAME = /^openlineage-spark(?:_(\d+\.\d+))?-(\d[\w.+-]*)\.jar$/;

/**
 * A Databricks cluster-scoped init script must do two things for OpenLineage: put the `openlineage-spark`
 * jar where the driver loads jars at start-up (`/mnt/driver-daemon/jars`), and register the listener in a
 * driver conf file. `spark.jars.packages` is too late for a listener on Databricks.
 */
export const databricksInitScript: SparkRule = {
  id: 'spark/databricks-init-script',
  defaultSeverity: 'warning',
  summary:
    'A Databricks init script that registers the listener but never installs its jar into `/mnt/driver-daemon/jars` (or the reverse), or names a jar that does not exist.',
  check(ctx) {
    if (ctx.doc.form !== 'databricks-init') return;
    const jars = ctx.scopes.flatMap((f) => f.scope.artifacts.filter((a) => a.kind === 'jar'));
    const listenerEntry = ctx.scopes
      .flatMap((f) => f.byKey.get('spark.extraListeners') ?? [])
      .find((e) => e.value.includes(LISTENER_CLASS));
    const installs = DRIVER_JARS.test(ctx.text);
    if (listenerEntry && !jars.length) {
      ctx.report({
        range: listenerEntry.valueRange,
        message:
          'This init script registers the OpenLineage listener but never installs the `openlineage-spark` jar, so the driver fails with ClassNotFoundException. Add a line that copies `openlineage-spark_2.12-<version>.jar` into `/mnt/driver-daemon/jars`.',
      });
    }
    if (jars.length && !installs) {
      ctx.report({
        range: jars[0]!.range,
        message:
          'The jar is never copied into `/mnt/driver-daemon/jars`, the folder the Databricks driver loads jars from at start-up. Add `cp <path>/openlineage-spark_*.jar /mnt/driver-daemon/jars`.',
      });
    }
    if (jars.length && !listenerEntry && !ctx.scopes.some((f) => f.byKey.has('spark.extraListeners'))) {
      ctx.report({
        range: jars[0]!.range,
        severity: 'information',
        message: `The jar is installed but this script does not register \`${LISTENER_CLASS}\`. Add it to \`spark.extraListeners\` here (a driver conf block under /databricks/driver/conf) or in the cluster’s Spark config.`,
      });
    }
    for (const jar of jars) {
      const m = JAR_NAME.exec(jar.text.split('/').pop() ?? '');
      const v = m && parseVersion(m[2]!);
      if (m && v && m[1] === undefined && compareVersions(v, parseVersion('1.9.1')!) >= 0) {
        ctx.report({
          range: jar.range,
          severity: 'error',
          message: `\`${jar.text}\` is not a published file name: since 1.9.1 the jar carries the Scala version, \`openlineage-spark_2.12-${m[2]}.jar\` (or \`_2.13\`). Use the name of the jar you downloaded.`,
        });
      }
    }
  },
};
