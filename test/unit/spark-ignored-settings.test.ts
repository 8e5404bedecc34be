/**
 * Spark settings that parse but do nothing: `spark.openlineage.job.name` / `job.namespace` (read by the Java
 * client, never used by the Spark integration), an `http` transport whose only URL is a removed legacy key, and
 * `pip install openlineage-spark` (a Maven jar, not a Python package).
 */
import assert from 'node:assert/strict';
import { DiagnosticTag } from 'vscode-languageserver-types';
import { applyFix, CONF_URI, fixTitles, INIT_URI, msg, none, one, PYTHON_URI, SHELL_URI, validate } from '../support/harness';

const LISTENER = 'io.openlineage.spark.agent.OpenLineageSparkListener';
const L = `spark.extraListeners ${LISTENER}\n`;
const HTTP = 'spark.openlineage.transport.type http\nspark.openlineage.transport.url http://marquez:5000\n';

describe('spark/ignored-job-key', () => {
  const id = 'spark/ignored-job-key';

  it('warns on job.name in a conf file and renames it to appName', () => {
    const text = `${L}${HTTP}spark.openlineage.job.name daily_orders\n`;
    const d = one(validate(CONF_URI, text), id, 'spark.openlineage.job.name', 'warning');
    assert.match(msg(d), /only `job\.tags` and `job\.owners`/);
    assert.match(msg(d), /spark\.openlineage\.appName/);
    assert.deepEqual(d.tags, [DiagnosticTag.Unnecessary]);
    assert.equal(applyFix(d), `${L}${HTTP}spark.openlineage.appName daily_orders\n`);
  });

  it('warns on job.namespace in a PySpark builder and renames it to namespace', () => {
    const text = [
      'from pyspark.sql import SparkSession',
      'spark = (SparkSession.builder',
      `    .config("spark.extraListeners", "${LISTENER}")`,
      '    .config("spark.openlineage.job.namespace", "analytics")',
      '    .getOrCreate())',
      '',
    ].join('\n');
    const d = one(validate(PYTHON_URI, text), id, 'spark.openlineage.job.namespace', 'warning');
    assert.match(msg(d), /spark\.openlineage\.namespace/);
    assert.equal(applyFix(d), text.replace('openlineage.job.namespace', 'openlineage.namespace'));
  });

  it('offers no rename when the replacement key is already set (spark-submit)', () => {
    const text = `spark-submit --conf spark.extraListeners=${LISTENER} --conf spark.openlineage.appName=orders --conf spark.openlineage.job.name=x job.py\n`;
    const d = one(validate(SHELL_URI, text), id, 'spark.openlineage.job.name', 'warning');
    assert.match(msg(d), /already set here, so remove this line/);
    assert.deepEqual(fixTitles(d), []);
  });

  it('says nothing about the keys the Spark integration does read from the job section', () => {
    const text = `${L}${HTTP}spark.openlineage.job.tags env:prod\nspark.openlineage.job.owners.team Data\nspark.openlineage.appName orders\nspark.openlineage.namespace analytics\n`;
    none(validate(CONF_URI, text), id);
  });
});

describe('spark/transport-required with a removed URL key', () => {
  const id = 'spark/transport-required';

  it('reports http whose only URL is the removed spark.openlineage.host, and moves the host to transport.url', () => {
    const text = `${L}spark.openlineage.transport.type http\nspark.openlineage.host http://marquez:5000\n`;
    const c = validate(CONF_URI, text);
    const d = one(c, id, 'http', 'error');
    assert.match(msg(d), /needs `spark\.openlineage\.transport\.url`/);
    assert.match(msg(d), /`spark\.openlineage\.host` does not count: it was removed in OpenLineage 0\.22\.0/);
    assert.deepEqual(fixTitles(d), ['Replace spark.openlineage.host with spark.openlineage.transport.url']);
    assert.equal(applyFix(d), `${L}spark.openlineage.transport.type http\nspark.openlineage.transport.url http://marquez:5000\n`);
    // The legacy key keeps its own finding.
    one(c, 'spark/legacy-key', 'spark.openlineage.host', 'error');
  });

  it('reports it in a PySpark chain too, on the transport type value', () => {
    const text = [
      'from pyspark.sql import SparkSession',
      'spark = (SparkSession.builder',
      `    .config("spark.extraListeners", "${LISTENER}")`,
      '    .config("spark.openlineage.transport.type", "http")',
      '    .config("spark.openlineage.url", "http://marquez:5000/api/v1/namespaces/ns/")',
      '    .getOrCreate())',
      '',
    ].join('\n');
    const d = one(validate(PYTHON_URI, text), id, 'http', 'error');
    assert.equal(applyFix(d), text.replace('"spark.openlineage.url"', '"spark.openlineage.transport.url"'));
  });

  it('stays quiet when the pinned jar still reads the legacy key, here or elsewhere in the project', () => {
    const text = `${L}spark.jars.packages io.openlineage:openlineage-spark:0.21.1\nspark.openlineage.transport.type http\nspark.openlineage.host http://marquez:5000\n`;
    none(validate(CONF_URI, text), id);
    const conf = `${L}spark.openlineage.transport.type http\nspark.openlineage.host http://marquez:5000\n`;
    const project = { 'spark-defaults.conf': conf, 'run.sh': 'spark-submit --packages io.openlineage:openlineage-spark:0.3.0 job.py\n' };
    none(validate(CONF_URI, conf, { project }), id);
    one(validate(CONF_URI, conf, { project: { 'spark-defaults.conf': conf } }), id, 'http', 'error');
  });
});

describe('spark/pip-package', () => {
  const id = 'spark/pip-package';
  const conf = `cat << 'EOF' > /databricks/driver/conf/openlineage-spark-driver-defaults.conf\n[driver] {\n  "spark.extraListeners" = "com.databricks.backend.daemon.driver.DBCEventLoggingListener,${LISTENER}"\n}\nEOF\n`;

  it('reports pip installing openlineage-spark in a Databricks init script and offers the jar download instead', () => {
    const text = `#!/bin/bash\n/databricks/python/bin/pip install openlineage-spark\n${conf}`;
    const d = one(validate(INIT_URI, text), id, 'openlineage-spark', 'error', { occurrence: 1 });
    assert.match(msg(d), /a Maven jar .*, not a Python package/);
    assert.match(msg(d), /\/mnt\/driver-daemon\/jars/);
    assert.equal(
      applyFix(d),
      text.replace(
        '/databricks/python/bin/pip install openlineage-spark',
        'wget -q -P /mnt/driver-daemon/jars https://repo1.maven.org/maven2/io/openlineage/openlineage-spark_2.12/1.52.0/openlineage-spark_2.12-1.52.0.jar',
      ),
    );
  });

  it('keeps a pinned version in the download (unsuffixed before 1.9.1)', () => {
    const text = `#!/bin/bash\npip3 install --quiet "openlineage-spark==1.8.0"\n${conf}`;
    const d = one(validate(INIT_URI, text), id, 'openlineage-spark==1.8.0', 'error');
    assert.match(
      applyFix(d),
      /wget -q -P \/mnt\/driver-daemon\/jars https:\/\/repo1\.maven\.org\/maven2\/io\/openlineage\/openlineage-spark\/1\.8\.0\/openlineage-spark-1\.8\.0\.jar\n/,
    );
  });

  it('reports it in a plain shell script next to spark-submit, without a Databricks fix', () => {
    const text = `python -m pip install openlineage-python openlineage-spark\nspark-submit --conf spark.extraListeners=${LISTENER} job.py\n`;
    const d = one(validate(SHELL_URI, text), id, 'openlineage-spark', 'error');
    assert.match(msg(d), /--packages io\.openlineage:openlineage-spark_2\.12:1\.52\.0/);
    assert.deepEqual(fixTitles(d), []);
  });

  it('finds a script that only pip-installs the listener', () => {
    const text = '#!/bin/bash\nset -e\npip install openlineage-spark\n';
    one(validate(INIT_URI, text), id, 'openlineage-spark', 'error');
  });

  it('says nothing about the real Python packages', () => {
    const text = `#!/bin/bash\npip install openlineage-python openlineage-integration-common apache-airflow-providers-openlineage openlineage-sparkplug\n${conf}cp /dbfs/ol/openlineage-spark_2.12-1.52.0.jar /mnt/driver-daemon/jars\n`;
    none(validate(INIT_URI, text), id);
  });
});
