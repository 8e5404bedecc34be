/**
 * Spark: spark-defaults.conf (listener, jar, http transport, namespace; the key from
 * OPENLINEAGE__TRANSPORT__AUTH__API_KEY, which the Java client merges under SparkConf), and Databricks (an init
 * script installing the jar and registering both listeners, plus the cluster Spark config with the key from a
 * secret scope). Facts from docs/upstream/spark.md.
 */
import { DATABRICKS_LISTENER_CLASS, LISTENER_CLASS } from '../spark/catalog';
import { OL_VERSION, type PlanContext } from './common';
import { confValue, ensureConf, removeConf } from './files';

const PACKAGE = `io.openlineage:openlineage-spark_2.12:${OL_VERSION}`;
/** Keys dead since 0.22.0 / 1.30.0 (docs/upstream/spark.md#removed-keys). */
const DEAD: Readonly<Record<string, string>> = {
  'spark.openlineage.host': 'dead since 0.22.0; spark.openlineage.transport.url replaces it',
  'spark.openlineage.url': 'dead since 0.22.0; spark.openlineage.transport.url replaces it',
  'spark.openlineage.version': 'dead since 0.22.0; spark.openlineage.transport.endpoint replaces it',
  'spark.openlineage.apiKey': 'dead since 0.22.0; transport.auth replaces it',
  'spark.openlineage.endpoint': 'never a 1.x key; spark.openlineage.transport.endpoint replaces it',
  'spark.openlineage.timeout': 'dead since 0.22.0; transport.timeoutInMillis replaces it',
  'spark.openlineage.consoleTransport': 'dead since 0.22.0',
  'spark.openlineage.transport.timeout': 'removed in 1.30.0; transport.timeoutInMillis replaces it',
  'spark.openlineage.facets.disabled': 'removed in 1.30.0; facets.<name>.disabled replaces it',
};
const SECRET_SCOPE = 'openlineage';
const SECRET_KEY = 'api-key';

function listValue(old: string | undefined, required: readonly string[]): string {
  const items = (old ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const r of required) if (!items.includes(r)) items.push(r);
  return items.join(',');
}

function commonTransport(ctx: PlanContext, path: string): void {
  const { ws } = ctx;
  for (const [key, reason] of Object.entries(DEAD)) removeConf(ws, path, key, reason);
  ensureConf(ws, path, 'spark.openlineage.transport.type', 'http');
  ensureConf(ws, path, 'spark.openlineage.transport.url', ctx.url);
  ensureConf(ws, path, 'spark.openlineage.transport.endpoint', '/api/v1/lineage');
  ensureConf(ws, path, 'spark.openlineage.namespace', ctx.namespace);
}

/** spark → spark-defaults. */
export function planSparkDefaults(ctx: PlanContext, path: string): void {
  const { ws } = ctx;
  const listeners = confValue(ws, path, 'spark.extraListeners');
  ensureConf(
    ws,
    path,
    'spark.extraListeners',
    listValue(listeners, [LISTENER_CLASS]),
    () => 'it did not register the OpenLineage listener',
  );
  const packages = confValue(ws, path, 'spark.jars.packages');
  const kept = (packages ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const ours = kept.filter((p) => /^io\.openlineage:openlineage-spark/.test(p));
  // A Scala-suffixed coordinate (1.9.1+) is the user's choice of version; unsuffixed or legacy ones are replaced.
  const good = ours.filter((p) => /^io\.openlineage:openlineage-spark_2\.1[23]:\d/.test(p));
  const next = good.length ? kept : [...kept.filter((p) => !ours.includes(p)), PACKAGE];
  ensureConf(ws, path, 'spark.jars.packages', next.join(','), () =>
    ours.length
      ? `${ours.join(', ')} is not a published artifact name since 1.9.1 (openlineage-spark_<scala>)`
      : 'it did not include the OpenLineage jar',
  );
  commonTransport(ctx, path);
  const literal = confValue(ws, path, 'spark.openlineage.transport.auth.apiKey');
  if (ctx.apiKey) {
    ensureConf(
      ws,
      path,
      'spark.openlineage.transport.auth.type',
      'api_key',
      (old) => `${JSON.stringify(old)} is not an auth type (exactly api_key or jwt)`,
    );
    if (literal !== undefined && !/^\$\{?\w+\}?$/.test(literal.trim()))
      removeConf(
        ws,
        path,
        'spark.openlineage.transport.auth.apiKey',
        'a literal key; it now comes from OPENLINEAGE__TRANSPORT__AUTH__API_KEY',
      );
    removeConf(
      ws,
      path,
      'spark.openlineage.transport.auth.api_key',
      'ignored by the Java client (the field is apiKey); the key comes from OPENLINEAGE__TRANSPORT__AUTH__API_KEY',
    );
    ctx.secret = {
      name: 'OPENLINEAGE__TRANSPORT__AUTH__API_KEY',
      where:
        'the environment of the Spark driver (the Java client maps it to spark.openlineage.transport.auth.apiKey, under the SparkConf values)',
      how: 'Export OPENLINEAGE__TRANSPORT__AUTH__API_KEY=<your key> where spark-submit runs (e.g. in conf/spark-env.sh kept out of version control, or from your scheduler’s secrets).',
    };
  }
  ctx.nextSteps.push(
    `Run a Spark job: spark-defaults.conf is read by spark-submit and pyspark from $SPARK_HOME/conf (or SPARK_CONF_DIR); ${path} must be that file or be copied there.`,
  );
  ctx.nextSteps.push('The jar is resolved from Maven Central through spark.jars.packages; offline clusters need it in spark.jars instead.');
}

export const INIT_SCRIPT_PATH = 'databricks/open-lineage-init-script.sh';
export const CLUSTER_CONF_PATH = 'databricks/cluster-spark-conf.conf';
const JAR = `openlineage-spark_2.12-${OL_VERSION}.jar`;

export function initScript(): string {
  return `#!/bin/bash
# OpenLineage for Databricks: installs the listener jar into the driver and registers the listener.
# Upload ${JAR} (Maven Central, io.openlineage:openlineage-spark_2.12:${OL_VERSION}) to the folder below.
STAGE_DIR="/Volumes/main/default/openlineage"

cp -f "$STAGE_DIR/${JAR}" /mnt/driver-daemon/jars || { echo "Error copying the OpenLineage Spark jar"; exit 1; }

cat << 'EOF' > /databricks/driver/conf/openlineage-spark-driver-defaults.conf
[driver] {
  "spark.extraListeners" = "${DATABRICKS_LISTENER_CLASS},${LISTENER_CLASS}"
}
EOF
`;
}

/** What the init script needs: the jar copied into the driver's jar folder and both listeners registered. */
function initScriptProblem(text: string): string | undefined {
  if (!/\/mnt\/driver-daemon\/jars/.test(text)) return 'it did not copy the OpenLineage jar into /mnt/driver-daemon/jars';
  if (!/openlineage-spark_2\.1[23]-[\d.]+\.jar/.test(text)) return 'it did not name a Scala-suffixed openlineage-spark jar';
  if (!text.includes(LISTENER_CLASS) || !text.includes(DATABRICKS_LISTENER_CLASS))
    return 'it did not register both the OpenLineage listener and DBCEventLoggingListener';
  return undefined;
}

/** databricks → init-script. */
export function planDatabricks(ctx: PlanContext): void {
  const { ws } = ctx;
  const existing = ws.read(INIT_SCRIPT_PATH);
  if (existing === undefined)
    ws.write(INIT_SCRIPT_PATH, initScript(), 'creates the cluster-scoped init script (jar into /mnt/driver-daemon/jars, both listeners)');
  else {
    const problem = initScriptProblem(existing);
    if (problem)
      ws.write(INIT_SCRIPT_PATH, initScript(), `replaces the init script: ${problem}`, {
        key: INIT_SCRIPT_PATH,
        before: 'its current text',
        after: 'a new init script',
      });
    else ws.ok(`${INIT_SCRIPT_PATH} installs the jar and registers the listener`);
  }
  const path = CLUSTER_CONF_PATH;
  const listeners = confValue(ws, path, 'spark.extraListeners');
  ensureConf(
    ws,
    path,
    'spark.extraListeners',
    listValue(listeners, [LISTENER_CLASS, DATABRICKS_LISTENER_CLASS]),
    () =>
      'Databricks needs both the OpenLineage listener and DBCEventLoggingListener (without it the Spark UI is unreachable after shutdown)',
  );
  removeConf(
    ws,
    path,
    'spark.jars.packages',
    'spark.jars.packages does not load the listener on Databricks; the init script installs the jar',
  );
  commonTransport(ctx, path);
  if (ctx.apiKey) {
    const ref = `{{secrets/${SECRET_SCOPE}/${SECRET_KEY}}}`;
    ensureConf(
      ws,
      path,
      'spark.openlineage.transport.auth.type',
      'api_key',
      (old) => `${JSON.stringify(old)} is not an auth type (exactly api_key or jwt)`,
    );
    const current = confValue(ws, path, 'spark.openlineage.transport.auth.apiKey');
    if (current === undefined || !/^\{\{secrets\/[^}]+\}\}$/.test(current.trim())) {
      ensureConf(ws, path, 'spark.openlineage.transport.auth.apiKey', ref, () => 'a literal key; it now comes from a Databricks secret');
    } else ws.ok(`${path}: spark.openlineage.transport.auth.apiKey references a secret`);
    removeConf(ws, path, 'spark.openlineage.transport.auth.api_key', 'ignored by the Java client (the field is apiKey)');
    ctx.secret = {
      name: ref,
      where: `the Databricks secret scope "${SECRET_SCOPE}", key "${SECRET_KEY}" (the cluster config references it, Databricks resolves it at cluster start)`,
      how: `databricks secrets create-scope ${SECRET_SCOPE} && databricks secrets put-secret ${SECRET_SCOPE} ${SECRET_KEY}`,
    };
  }
  ctx.nextSteps.push(
    `Upload ${JAR} to the folder STAGE_DIR names in ${INIT_SCRIPT_PATH} (a Unity Catalog volume or workspace file; DBFS-hosted init scripts no longer run).`,
  );
  ctx.nextSteps.push(
    `Add ${INIT_SCRIPT_PATH} as the cluster's init script (Compute → Advanced options → Init scripts) and paste ${path} into Compute → Advanced options → Spark config, then restart the cluster.`,
  );
}
