/**
 * The `spark/*` rules through the language service, in every form they read: spark-defaults.conf (whitespace
 * and `=` separated), Databricks cluster configuration, spark-submit scripts, PySpark / Airflow Python and
 * Databricks init scripts. Each rule has bad cases (code, severity, exact range, quick-fix result) and good
 * cases (nothing reported).
 */
import assert from 'node:assert/strict';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-types';
import { SPARK_RULES } from '../../server/src/service/spark/rules';
import {
  applyFix,
  byRule,
  CONF_URI,
  DATABRICKS_URI,
  fixTitles,
  formatDiagnostics,
  INIT_URI,
  msg,
  none,
  one,
  pointAfter,
  PYTHON_URI,
  rangeIn,
  rangeOf,
  settings,
  SHELL_URI,
  single,
  validate,
} from '../support/harness';

const { Error: ERROR, Warning: WARNING, Information: INFORMATION } = DiagnosticSeverity;

const LISTENER = 'io.openlineage.spark.agent.OpenLineageSparkListener';
const DBC = 'com.databricks.backend.daemon.driver.DBCEventLoggingListener';
/** A conf line registering the listener, so that spark/missing-listener stays quiet. */
const L = `spark.extraListeners ${LISTENER}\n`;
/** A complete http transport in conf syntax. */
const HTTP = 'spark.openlineage.transport.type http\nspark.openlineage.transport.url http://marquez:5000\n';

interface Expect {
  uri?: string;
  occurrence?: number;
  severity: DiagnosticSeverity;
}

/**
 * Asserts that rule `id` reports exactly one diagnostic on `text`, covering `needle` (its `occurrence`-th
 * occurrence) with the given severity, and returns it.
 */
function expectOne(text: string, id: string, needle: string, { uri = CONF_URI, occurrence = 1, severity }: Expect): Diagnostic {
  return one(validate(uri, text), id, needle, severity, { occurrence });
}

describe('spark rules', () => {
  describe('spark/syntax', () => {
    const id = 'spark/syntax';

    it('reports a conf key without a value', () => {
      const text = `${L}spark.openlineage.namespace\n`;
      const d = expectOne(text, id, 'spark.openlineage.namespace', { severity: ERROR });
      assert.match(msg(d), /has no value/);
    });

    it('suggests the line with one space in a file that aligns its values (no run of padding in the message)', () => {
      const text = `spark.extraListeners              ${LISTENER}\nspark.openlineage.namespace       \n`;
      const d = expectOne(text, id, 'spark.openlineage.namespace', { severity: ERROR });
      assert.equal(
        msg(d),
        '`spark.openlineage.namespace` has no value; Spark ignores blank values. Write `spark.openlineage.namespace <value>` or remove the line.',
      );
    });

    it('reports an unclosed quote in a spark-submit script', () => {
      const text = `spark-submit --conf spark.extraListeners=${LISTENER} --conf 'spark.openlineage.namespace=abc\n`;
      const d = expectOne(text, id, "'", { uri: SHELL_URI, severity: ERROR });
      assert.match(msg(d), /never closed/);
    });

    it('reports an unclosed here-document in a Databricks init script', () => {
      const text = `#!/bin/bash\ncat << 'EOF' > /databricks/driver/conf/openlineage-spark-driver-defaults.conf\n[driver] {\n  "spark.extraListeners" = "${DBC},${LISTENER}"\n}\n`;
      const all = validate(INIT_URI, text).diagnostics;
      const d = byRule(all, id);
      assert.equal(d.length, 1, formatDiagnostics(all));
      assert.deepEqual(d[0]!.range, pointAfter(text, 'defaults.conf\n'));
      assert.equal(d[0]!.severity, ERROR);
      assert.match(msg(d[0]!), /`EOF`/);
    });

    it('reports a Python .config() call without a value', () => {
      const text = `from pyspark.sql import SparkSession\nspark = SparkSession.builder.config("spark.extraListeners", "${LISTENER}").config("spark.openlineage.namespace").getOrCreate()\n`;
      const all = validate(PYTHON_URI, text).diagnostics;
      const hits = byRule(all, id);
      assert.equal(hits.length, 1, formatDiagnostics(all));
      assert.equal(hits[0]!.severity, ERROR);
    });

    it('reports nothing for well-formed files of each form', () => {
      none(validate(CONF_URI, `${L}${HTTP}`), id);
      none(
        validate(SHELL_URI, `spark-submit --conf "spark.extraListeners=${LISTENER}" --conf 'spark.openlineage.namespace=a b' job.py\n`),
        id,
      );
    });
  });

  describe('spark/legacy-key', () => {
    const id = 'spark/legacy-key';

    it('reports spark.openlineage.host as an error, deprecated, and moves it to transport.url with transport.type=http', () => {
      const text = `${L}spark.openlineage.host http://marquez:5000\n`;
      const d = expectOne(text, id, 'spark.openlineage.host', { severity: ERROR });
      assert.deepEqual(d.tags, [DiagnosticTag.Deprecated]);
      assert.match(msg(d), /removed in OpenLineage 0\.22\.0/);
      assert.equal(applyFix(d), `${L}spark.openlineage.transport.url http://marquez:5000\nspark.openlineage.transport.type http\n`);
    });

    it('moves spark.openlineage.url (`=` separated) without adding a second transport.type', () => {
      const text = `spark.extraListeners=${LISTENER}\nspark.openlineage.transport.type=http\nspark.openlineage.url=http://marquez:5000\n`;
      const d = expectOne(text, id, 'spark.openlineage.url', { severity: ERROR });
      assert.equal(
        applyFix(d),
        `spark.extraListeners=${LISTENER}\nspark.openlineage.transport.type=http\nspark.openlineage.transport.url=http://marquez:5000\n`,
      );
    });

    it('converts spark.openlineage.version into transport.endpoint', () => {
      const text = `${L}${HTTP}spark.openlineage.version v1\n`;
      const d = expectOne(text, id, 'spark.openlineage.version', { severity: ERROR });
      assert.equal(applyFix(d), `${L}${HTTP}spark.openlineage.transport.endpoint /api/v1/lineage\n`);
    });

    it('converts spark.openlineage.apiKey into transport.auth.apiKey plus auth.type=api_key', () => {
      const text = `${L}${HTTP}spark.openlineage.apiKey \${OPENLINEAGE_API_KEY}\n`;
      const d = expectOne(text, id, 'spark.openlineage.apiKey', { severity: ERROR });
      assert.equal(
        applyFix(d),
        `${L}${HTTP}spark.openlineage.transport.auth.apiKey \${OPENLINEAGE_API_KEY}\nspark.openlineage.transport.auth.type api_key\n`,
      );
    });

    it('renames spark.openlineage.endpoint to transport.endpoint', () => {
      const text = `${L}${HTTP}spark.openlineage.endpoint /api/v1/lineage\n`;
      const d = expectOne(text, id, 'spark.openlineage.endpoint', { severity: ERROR });
      assert.equal(applyFix(d), `${L}${HTTP}spark.openlineage.transport.endpoint /api/v1/lineage\n`);
    });

    it('converts spark.openlineage.timeout (seconds) to transport.timeoutInMillis (milliseconds)', () => {
      const text = `${L}${HTTP}spark.openlineage.timeout 5\n`;
      const d = expectOne(text, id, 'spark.openlineage.timeout', { severity: ERROR });
      assert.equal(applyFix(d), `${L}${HTTP}spark.openlineage.transport.timeoutInMillis 5000\n`);
    });

    it('converts spark.openlineage.consoleTransport=true into transport.type=console', () => {
      const text = `${L}spark.openlineage.consoleTransport true\n`;
      const d = expectOne(text, id, 'spark.openlineage.consoleTransport', { severity: ERROR });
      assert.equal(applyFix(d), `${L}spark.openlineage.transport.type console\n`);
    });

    it('renames spark.openlineage.url.param.<x> to transport.urlParams.<x>', () => {
      const text = `${L}${HTTP}spark.openlineage.url.param.code abc\n`;
      const d = expectOne(text, id, 'spark.openlineage.url.param.code', { severity: ERROR });
      assert.equal(applyFix(d), `${L}${HTTP}spark.openlineage.transport.urlParams.code abc\n`);
    });

    it('converts the 1.30.0 removal transport.timeout from seconds to milliseconds (30 → 30000)', () => {
      const text = `${L}${HTTP}spark.openlineage.transport.timeout 30\n`;
      const d = expectOne(text, id, 'spark.openlineage.transport.timeout', { severity: ERROR });
      assert.match(msg(d), /removed in OpenLineage 1\.30\.0/);
      assert.equal(applyFix(d), `${L}${HTTP}spark.openlineage.transport.timeoutInMillis 30000\n`);
    });

    it('splits facets.disabled=[a;b] into one facets.<name>.disabled=true line per facet, in order', () => {
      const text = `${L}spark.openlineage.facets.disabled [spark_unknown;spark.logicalPlan;debug]\n`;
      const d = expectOne(text, id, 'spark.openlineage.facets.disabled', { severity: ERROR });
      assert.equal(
        applyFix(d),
        `${L}spark.openlineage.facets.spark_unknown.disabled true\nspark.openlineage.facets.spark.logicalPlan.disabled true\nspark.openlineage.facets.debug.disabled true\n`,
      );
    });

    it('keeps the `=` separator when splitting facets.disabled', () => {
      const text = `spark.extraListeners=${LISTENER}\nspark.openlineage.facets.disabled=[a;b]\n`;
      const d = expectOne(text, id, 'spark.openlineage.facets.disabled', { severity: ERROR });
      assert.equal(
        applyFix(d),
        `spark.extraListeners=${LISTENER}\nspark.openlineage.facets.a.disabled=true\nspark.openlineage.facets.b.disabled=true\n`,
      );
    });

    it('is only a warning when the configuration pins a version that still reads the key', () => {
      const text = `spark.jars.packages io.openlineage:openlineage-spark:0.20.1\n${L}spark.openlineage.host http://marquez:5000\n`;
      const d = expectOne(text, id, 'spark.openlineage.host', { severity: WARNING });
      assert.match(
        msg(d),
        /pinned openlineage-spark 0\.20\.1 \(`io\.openlineage:openlineage-spark:0\.20\.1` in this configuration\) still reads it/,
      );
    });

    it('is a warning for transport.timeout with 1.29.0 pinned, an error with 1.30.0', () => {
      const old = `spark.jars.packages io.openlineage:openlineage-spark_2.12:1.29.0\n${L}${HTTP}spark.openlineage.transport.timeout 30\n`;
      expectOne(old, id, 'spark.openlineage.transport.timeout', { severity: WARNING });
      const current = `spark.jars.packages io.openlineage:openlineage-spark_2.12:1.30.0\n${L}${HTTP}spark.openlineage.transport.timeout 30\n`;
      expectOne(current, id, 'spark.openlineage.transport.timeout', { severity: ERROR });
    });

    it('does not flag transport.timeout with the openMetadata transport (which reads it)', () => {
      const text = `${L}spark.openlineage.transport.type openMetadata\nspark.openlineage.transport.url http://om:8585/api\nspark.openlineage.transport.pipelineServiceName svc\nspark.openlineage.transport.pipelineName p\nspark.openlineage.transport.timeout 30\n`;
      none(validate(CONF_URI, text), id);
    });

    it('moves a legacy key in a spark-submit script, adding --conf transport.type=http on the continued line', () => {
      const text = `spark-submit \\\n  --conf spark.extraListeners=${LISTENER} \\\n  --conf spark.openlineage.host=http://marquez:5000 \\\n  job.py\n`;
      const d = expectOne(text, id, 'spark.openlineage.host', { uri: SHELL_URI, severity: ERROR });
      assert.equal(
        applyFix(d),
        `spark-submit \\\n  --conf spark.extraListeners=${LISTENER} \\\n  --conf spark.openlineage.transport.url=http://marquez:5000 \\\n  --conf spark.openlineage.transport.type=http \\\n  job.py\n`,
      );
    });

    it('moves a legacy key in a Python builder chain', () => {
      const text = `from pyspark.sql import SparkSession\n\nspark = (\n    SparkSession.builder\n    .config("spark.extraListeners", "${LISTENER}")\n    .config("spark.openlineage.transport.type", "http")\n    .config("spark.openlineage.url", "http://marquez:5000")\n    .getOrCreate()\n)\n`;
      const d = expectOne(text, id, 'spark.openlineage.url', { uri: PYTHON_URI, severity: ERROR });
      assert.equal(applyFix(d), text.replace('"spark.openlineage.url"', '"spark.openlineage.transport.url"'));
    });

    it('reports nothing for current keys', () => {
      none(
        validate(
          CONF_URI,
          `${L}${HTTP}spark.openlineage.transport.timeoutInMillis 30000\nspark.openlineage.facets.spark_unknown.disabled true\n`,
        ),
        id,
      );
    });
  });

  describe('spark/unknown-key', () => {
    const id = 'spark/unknown-key';

    it('suggests the nearest key for a typo (transport.urll → transport.url)', () => {
      const text = `${L}spark.openlineage.transport.type http\nspark.openlineage.transport.urll http://marquez:5000\n`;
      const d = expectOne(text, id, 'spark.openlineage.transport.urll', { severity: WARNING });
      assert.match(msg(d), /Did you mean `spark\.openlineage\.transport\.url`\?/);
      assert.equal(applyFix(d), `${L}spark.openlineage.transport.type http\nspark.openlineage.transport.url http://marquez:5000\n`);
    });

    it('maps the documented-but-wrong facets.variables to facets.custom_environment_variables', () => {
      const text = `${L}spark.openlineage.facets.variables [HOME;USER]\n`;
      const d = expectOne(text, id, 'spark.openlineage.facets.variables', { severity: WARNING });
      assert.equal(applyFix(d), `${L}spark.openlineage.facets.custom_environment_variables [HOME;USER]\n`);
    });

    it('fixes facets.<name>.disable to facets.<name>.disabled, keeping dotted facet names', () => {
      const text = `${L}spark.openlineage.facets.spark.logicalPlan.disable=true\n`;
      const d = expectOne(text, id, 'spark.openlineage.facets.spark.logicalPlan.disable', { severity: WARNING });
      assert.equal(applyFix(d), `${L}spark.openlineage.facets.spark.logicalPlan.disabled=true\n`);
    });

    it('reports a key with no plausible suggestion without a fix', () => {
      const text = `${L}spark.openlineage.somethingCompletelyDifferent x\n`;
      const d = expectOne(text, id, 'spark.openlineage.somethingCompletelyDifferent', { severity: WARNING });
      assert.deepEqual(fixTitles(d), []);
    });

    it('reports a typo in a spark-submit --conf "k=v" argument with the key range inside the quotes', () => {
      const text = `spark-submit --conf "spark.extraListeners=${LISTENER}" --conf "spark.openlineage.namespce=prod" job.py\n`;
      const d = expectOne(text, id, 'spark.openlineage.namespce', { uri: SHELL_URI, severity: WARNING });
      assert.equal(applyFix(d), text.replace('namespce', 'namespace'));
    });

    it('reports nothing for known keys, wildcard keys, legacy keys and non-OpenLineage keys', () => {
      none(
        validate(
          CONF_URI,
          `${L}${HTTP}spark.openlineage.transport.urlParams.code abc\nspark.openlineage.transport.headers.X-Team data\nspark.openlineage.host http://m:5000\nspark.executor.memory 4g\nspark.openlineage.facets.spark.logicalPlan.disabled true\n`,
        ),
        id,
      );
    });

    it('leaves auth.api_key to spark/api-key-spelling', () => {
      none(
        validate(CONF_URI, `${L}${HTTP}spark.openlineage.transport.auth.type api_key\nspark.openlineage.transport.auth.api_key \${KEY}\n`),
        id,
      );
    });
  });

  describe('spark/api-key-spelling', () => {
    const id = 'spark/api-key-spelling';

    it('renames transport.auth.api_key to transport.auth.apiKey', () => {
      const text = `${L}${HTTP}spark.openlineage.transport.auth.type api_key\nspark.openlineage.transport.auth.api_key \${KEY}\n`;
      const d = expectOne(text, id, 'spark.openlineage.transport.auth.api_key', { severity: ERROR });
      assert.equal(applyFix(d), text.replace('auth.api_key', 'auth.apiKey'));
    });

    it('renames the lower-case apikey in a Python dict', () => {
      const text = `from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator\n\ntask = SparkSubmitOperator(\n    task_id="t",\n    application="job.py",\n    conf={\n        "spark.extraListeners": "${LISTENER}",\n        "spark.openlineage.transport.type": "http",\n        "spark.openlineage.transport.url": "http://marquez:5000",\n        "spark.openlineage.transport.auth.apikey": "{{ var.value.ol_key }}",\n    },\n)\n`;
      const d = expectOne(text, id, 'spark.openlineage.transport.auth.apikey', { uri: PYTHON_URI, severity: ERROR });
      assert.equal(applyFix(d), text.replace('auth.apikey', 'auth.apiKey'));
    });

    it('mentions the clash when apiKey is also set', () => {
      const text = `${L}${HTTP}spark.openlineage.transport.auth.apiKey \${KEY}\nspark.openlineage.transport.auth.api_key \${KEY}\n`;
      const d = expectOne(text, id, 'spark.openlineage.transport.auth.api_key', { severity: ERROR });
      assert.match(msg(d), /also set/);
    });

    it('reports nothing for auth.apiKey', () => {
      none(
        validate(CONF_URI, `${L}${HTTP}spark.openlineage.transport.auth.type api_key\nspark.openlineage.transport.auth.apiKey \${KEY}\n`),
        id,
      );
    });
  });

  describe('spark/listener-class', () => {
    const id = 'spark/listener-class';

    it('reports a misspelled OpenLineage listener and fixes it', () => {
      const text = 'spark.extraListeners io.openlineage.spark.agent.OpenLineageSparkListenr\nspark.openlineage.namespace ns\n';
      const d = expectOne(text, id, 'io.openlineage.spark.agent.OpenLineageSparkListenr', { severity: ERROR });
      assert.match(msg(d), /ClassNotFoundException/);
      assert.equal(applyFix(d), `${L}spark.openlineage.namespace ns\n`);
    });

    it('reports only the misspelled class of a list (Databricks cluster config)', () => {
      const text = `spark.extraListeners ${DBC},io.openlineage.spark.agent.OpenLineageListener\nspark.openlineage.namespace ns\n`;
      const d = expectOne(text, id, 'io.openlineage.spark.agent.OpenLineageListener', { uri: DATABRICKS_URI, severity: ERROR });
      assert.equal(applyFix(d), `spark.extraListeners ${DBC},${LISTENER}\nspark.openlineage.namespace ns\n`);
    });

    it('reports a misspelled class in a Databricks init script heredoc', () => {
      const text = `#!/bin/bash\ncat << 'EOF' > /databricks/driver/conf/openlineage-spark-driver-defaults.conf\n[driver] {\n  "spark.extraListeners" = "${DBC},io.openlineage.spark.agent.OpenLineageSparkListner"\n  "spark.openlineage.namespace" = "ns"\n}\nEOF\n`;
      const d = expectOne(text, id, 'io.openlineage.spark.agent.OpenLineageSparkListner', { uri: INIT_URI, severity: ERROR });
      assert.equal(applyFix(d), text.replace('OpenLineageSparkListner', 'OpenLineageSparkListener'));
    });

    it('reports nothing for the correct classes or unrelated listeners', () => {
      none(validate(DATABRICKS_URI, `spark.extraListeners ${DBC},${LISTENER},com.example.MyListener\n`), id);
    });
  });

  describe('spark/missing-listener', () => {
    const id = 'spark/missing-listener';

    it('warns in spark-defaults.conf and inserts spark.extraListeners after the last setting', () => {
      const text = `spark.openlineage.transport.type http\nspark.openlineage.transport.url http://marquez:5000\n`;
      const d = expectOne(text, id, 'spark.openlineage.transport.type', { severity: WARNING });
      assert.equal(applyFix(d), `${text.slice(0, -1)}\nspark.extraListeners ${LISTENER}\n`);
    });

    it('aligns the inserted value with the column the file aligns its values to', () => {
      const text = 'spark.openlineage.transport.type   http\nspark.openlineage.transport.url    http://marquez:5000\n';
      const d = expectOne(text, id, 'spark.openlineage.transport.type', { severity: WARNING });
      assert.equal(applyFix(d), `${text}spark.extraListeners               ${LISTENER}\n`);
      // A file separated by one tab keeps the tab.
      const tabbed = 'spark.openlineage.transport.type\thttp\nspark.openlineage.transport.url\thttp://marquez:5000\n';
      assert.equal(
        applyFix(expectOne(tabbed, id, 'spark.openlineage.transport.type', { severity: WARNING })),
        `${tabbed}spark.extraListeners\t${LISTENER}\n`,
      );
    });

    it('keeps the `=` separator and handles a file without a final newline', () => {
      const text = 'spark.openlineage.namespace=prod';
      const d = expectOne(text, id, 'spark.openlineage.namespace', { severity: WARNING });
      assert.equal(applyFix(d), `spark.openlineage.namespace=prod\nspark.extraListeners=${LISTENER}`);
    });

    it('keeps CRLF line endings when inserting a line', () => {
      const text = 'spark.openlineage.transport.type http\r\nspark.openlineage.transport.url http://marquez:5000\r\n';
      const d = expectOne(text, id, 'spark.openlineage.transport.type', { severity: WARNING });
      assert.equal(applyFix(d), `${text}spark.extraListeners ${LISTENER}\r\n`);
    });

    it('appends the OpenLineage listener to an extraListeners value without it', () => {
      const text = 'spark.extraListeners com.example.Other\nspark.openlineage.namespace ns\n';
      const d = expectOne(text, id, 'com.example.Other', { severity: WARNING });
      assert.equal(applyFix(d), `spark.extraListeners com.example.Other,${LISTENER}\nspark.openlineage.namespace ns\n`);
    });

    it('is information on a spark-submit command (spark-defaults.conf may register it) and adds a --conf', () => {
      const text =
        'spark-submit --conf spark.openlineage.transport.type=http --conf spark.openlineage.transport.url=http://marquez:5000 job.py\n';
      const d = expectOne(text, id, 'spark-submit', { uri: SHELL_URI, severity: INFORMATION });
      assert.equal(
        applyFix(d),
        `spark-submit --conf spark.openlineage.transport.type=http --conf spark.openlineage.transport.url=http://marquez:5000 --conf spark.extraListeners=${LISTENER} job.py\n`,
      );
    });

    it('is information on a Python builder chain and adds a .config() call', () => {
      const text =
        'from pyspark.sql import SparkSession\nspark = SparkSession.builder.config("spark.openlineage.transport.type", "http").config("spark.openlineage.transport.url", "http://marquez:5000").getOrCreate()\n';
      const d = expectOne(text, id, 'SparkSession.builder', { uri: PYTHON_URI, severity: INFORMATION });
      assert.equal(
        applyFix(d),
        text.replace('http://marquez:5000")', `http://marquez:5000").config("spark.extraListeners", "${LISTENER}")`),
      );
    });

    it('is information on a SparkConf().set(...) chain and adds a .set() call', () => {
      const text =
        'from pyspark import SparkConf\n\nconf = SparkConf().set("spark.openlineage.transport.type", "http").set("spark.openlineage.transport.url", "http://marquez:5000")\n';
      const d = expectOne(text, id, 'SparkConf()', { uri: PYTHON_URI, occurrence: 1, severity: INFORMATION });
      assert.equal(applyFix(d), text.replace('5000")\n', `5000").set("spark.extraListeners", "${LISTENER}")\n`));
    });

    it('is information on a SparkSubmitOperator conf dict and adds a dict entry', () => {
      const text = `from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator\n\ntask = SparkSubmitOperator(\n    task_id="t",\n    application="job.py",\n    conf={\n        "spark.openlineage.transport.type": "http",\n        "spark.openlineage.transport.url": "http://marquez:5000",\n    },\n)\n`;
      const d = expectOne(text, id, 'conf={', { uri: PYTHON_URI, severity: INFORMATION });
      assert.equal(
        applyFix(d),
        text.replace('"http://marquez:5000",\n', `"http://marquez:5000",\n        "spark.extraListeners": "${LISTENER}",\n`),
      );
    });

    it('on Databricks, registers both listeners so that the fix leaves no new problem', () => {
      const text = 'spark.openlineage.transport.type http\nspark.openlineage.transport.url http://marquez:5000\n';
      const d = expectOne(text, id, 'spark.openlineage.transport.type', { uri: DATABRICKS_URI, severity: WARNING });
      const fixed = applyFix(d);
      assert.equal(fixed, `${text}spark.extraListeners ${DBC},${LISTENER}\n`);
      assert.deepEqual(validate(DATABRICKS_URI, fixed).diagnostics, []);
    });

    it('reports nothing when the listener is registered or no OpenLineage key is set', () => {
      none(validate(CONF_URI, `${L}${HTTP}`), id);
      none(validate(CONF_URI, `spark.extraListeners com.example.Other,${LISTENER}\n${HTTP}`), id);
      none(validate(CONF_URI, 'spark.executor.memory 4g\nspark.extraListeners com.example.Other\n'), id);
      none(validate(SHELL_URI, `spark-submit --conf spark.extraListeners=${LISTENER} --conf spark.openlineage.namespace=ns job.py\n`), id);
    });

    it('leaves a near-miss listener to spark/listener-class', () => {
      none(
        validate(CONF_URI, 'spark.extraListeners io.openlineage.spark.agent.OpenLineageSparkListenr\nspark.openlineage.namespace ns\n'),
        id,
      );
    });
  });

  describe('spark/databricks-listener', () => {
    const id = 'spark/databricks-listener';

    it('warns on a Databricks cluster config (path under databricks/) and prepends DBCEventLoggingListener', () => {
      const text = `${L}spark.openlineage.namespace ns\n`;
      const d = expectOne(text, id, LISTENER, { uri: DATABRICKS_URI, severity: WARNING });
      assert.equal(applyFix(d), `spark.extraListeners ${DBC},${LISTENER}\nspark.openlineage.namespace ns\n`);
    });

    it('recognises Databricks by a {{secrets/...}} reference', () => {
      const text = `${L}${HTTP}spark.openlineage.transport.auth.type api_key\nspark.openlineage.transport.auth.apiKey {{secrets/openlineage/api-key}}\n`;
      expectOne(text, id, LISTENER, { severity: WARNING });
    });

    it('warns in a Databricks init script heredoc', () => {
      const text = `#!/bin/bash\ncp /dbfs/FileStore/openlineage/openlineage-spark_2.12-1.30.0.jar /mnt/driver-daemon/jars || exit 1\ncat << 'EOF' > /databricks/driver/conf/openlineage-spark-driver-defaults.conf\n[driver] {\n  "spark.extraListeners" = "${LISTENER}"\n  "spark.openlineage.transport.type" = "http"\n  "spark.openlineage.transport.url" = "http://marquez:5000"\n}\nEOF\n`;
      const d = expectOne(text, id, LISTENER, { uri: INIT_URI, severity: WARNING });
      assert.equal(applyFix(d), text.replace(`"${LISTENER}"`, `"${DBC},${LISTENER}"`));
    });

    it('reports nothing when both listeners are listed, or outside Databricks', () => {
      none(validate(DATABRICKS_URI, `spark.extraListeners ${DBC},${LISTENER}\nspark.openlineage.namespace ns\n`), id);
      none(validate(CONF_URI, `${L}spark.openlineage.namespace ns\n`), id);
    });

    it("does not take Delta Lake's spark.databricks.delta.* settings for Databricks (open-source Delta reads them on any Spark)", () => {
      none(validate(CONF_URI, `${L}spark.databricks.delta.retentionDurationCheck.enabled false\nspark.openlineage.namespace ns\n`), id);
      const pyspark = [
        'from pyspark.sql import SparkSession',
        'spark = (SparkSession.builder.appName("delta")',
        `    .config("spark.extraListeners", "${LISTENER}")`,
        '    .config("spark.databricks.delta.schema.autoMerge.enabled", "true")',
        '    .getOrCreate())',
        '',
      ].join('\n');
      none(validate(PYTHON_URI, pyspark), id);
      // Keys only Databricks reads still tell.
      expectOne(`${L}spark.databricks.workspaceUrl adb-1.azuredatabricks.net\n`, id, LISTENER, { severity: WARNING });
      const onDatabricks = pyspark.replace('spark.databricks.delta.schema.autoMerge.enabled', 'spark.databricks.unityCatalog.enabled');
      one(validate(PYTHON_URI, onDatabricks), id, LISTENER, 'warning');
    });
  });

  describe('spark/artifact', () => {
    const id = 'spark/artifact';

    it('reports the unsuffixed openlineage-spark from 1.9.1 on and offers _2.12 / _2.13', () => {
      const text = `spark.jars.packages io.openlineage:openlineage-spark:1.9.1\n${L}`;
      const d = expectOne(text, id, 'io.openlineage:openlineage-spark:1.9.1', { severity: ERROR });
      assert.deepEqual(fixTitles(d), [
        'Use io.openlineage:openlineage-spark_2.12:1.9.1',
        'Use io.openlineage:openlineage-spark_2.13:1.9.1',
      ]);
      assert.equal(
        applyFix(d, 'Use io.openlineage:openlineage-spark_2.12:1.9.1'),
        text.replace('openlineage-spark:1.9.1', 'openlineage-spark_2.12:1.9.1'),
      );
    });

    it('reports a Scala-suffixed artifact up to 1.8.0 and removes the suffix', () => {
      const text = 'spark-submit --packages io.openlineage:openlineage-spark_2.12:1.8.0 job.py\n';
      const d = expectOne(text, id, 'io.openlineage:openlineage-spark_2.12:1.8.0', { uri: SHELL_URI, severity: ERROR });
      assert.equal(applyFix(d), 'spark-submit --packages io.openlineage:openlineage-spark:1.8.0 job.py\n');
    });

    it('reports the non-existent Scala 2.11 build', () => {
      const text = 'spark-submit --packages io.openlineage:openlineage-spark_2.11:1.30.0 job.py\n';
      const d = expectOne(text, id, 'io.openlineage:openlineage-spark_2.11:1.30.0', { uri: SHELL_URI, severity: ERROR });
      assert.equal(applyFix(d, 'Use io.openlineage:openlineage-spark_2.13:1.30.0'), text.replace('_2.11', '_2.13'));
    });

    it('reports malformed coordinates (no version)', () => {
      const text = 'spark-submit --packages org.apache.kafka:kafka-clients:3.7.0,io.openlineage:openlineage-spark job.py\n';
      const d = expectOne(text, id, 'io.openlineage:openlineage-spark', { uri: SHELL_URI, severity: ERROR });
      assert.match(msg(d), /groupId:artifactId:version/);
    });

    it('warns about a dynamic version', () => {
      const text = `spark.jars.packages io.openlineage:openlineage-spark:0.2.+\n${L}`;
      const d = expectOne(text, id, 'io.openlineage:openlineage-spark:0.2.+', { severity: WARNING });
      assert.match(msg(d), /Pin an exact version/);
    });

    it('warns about a transport jar at another version than the listener, and aligns it', () => {
      const text = `spark-submit \\\n  --packages io.openlineage:openlineage-spark_2.12:1.30.0,io.openlineage:transports-s3:1.29.0 \\\n  --conf spark.extraListeners=${LISTENER} \\\n  --conf spark.openlineage.transport.type=s3 \\\n  --conf spark.openlineage.transport.bucketName=b \\\n  job.py\n`;
      const d = expectOne(text, id, 'io.openlineage:transports-s3:1.29.0', { uri: SHELL_URI, severity: WARNING });
      assert.equal(applyFix(d), text.replace('transports-s3:1.29.0', 'transports-s3:1.30.0'));
    });

    it('reports each bad coordinate of one --packages list separately', () => {
      const text = 'spark-submit --packages io.openlineage:openlineage-spark:1.9.1,io.openlineage:openlineage-spark_2.11:1.30.0 job.py\n';
      const all = byRule(validate(SHELL_URI, text).diagnostics, id);
      assert.deepEqual(
        all.map((d) => d.range),
        [rangeOf(text, 'io.openlineage:openlineage-spark:1.9.1'), rangeOf(text, 'io.openlineage:openlineage-spark_2.11:1.30.0')],
      );
    });

    it('reports nothing for valid coordinates', () => {
      none(
        validate(CONF_URI, `spark.jars.packages io.openlineage:openlineage-spark_2.12:1.30.0,io.openlineage:transports-s3:1.30.0\n${L}`),
        id,
      );
      none(
        validate(
          SHELL_URI,
          'spark-submit --packages io.openlineage:openlineage-spark:1.8.0,io.openlineage:openlineage-spark_2.13:1.52.0 job.py\n',
        ),
        id,
      );
    });
  });

  describe('spark/transport-type', () => {
    const id = 'spark/transport-type';

    it('reports a misspelled type (htttp) and fixes it', () => {
      const text = `${L}spark.openlineage.transport.type htttp\nspark.openlineage.transport.url http://marquez:5000\n`;
      const d = expectOne(text, id, 'htttp', { severity: ERROR });
      assert.match(msg(d), /Did you mean `http`\?/);
      assert.equal(applyFix(d), text.replace('htttp', 'http'));
    });

    it('only warns about an unknown type that a third-party jar may provide', () => {
      const text = `${L}spark.openlineage.transport.type datahub\n`;
      const d = expectOne(text, id, 'datahub', { severity: WARNING });
      assert.match(msg(d), /ServiceLoader/);
      assert.deepEqual(fixTitles(d), []);
    });

    it('warns when the transport jar is missing from the listed packages', () => {
      const text = `spark.jars.packages io.openlineage:openlineage-spark_2.12:1.30.0\n${L}spark.openlineage.transport.type s3\nspark.openlineage.transport.bucketName b\n`;
      const d = expectOne(text, id, 's3', { severity: WARNING });
      assert.match(msg(d), /io\.openlineage:transports-s3:1\.30\.0/);
    });

    it('reports nothing for known types, in any case', () => {
      none(validate(CONF_URI, `${L}${HTTP}`), id);
      none(validate(CONF_URI, `${L}spark.openlineage.transport.type HTTP\nspark.openlineage.transport.url http://m:5000\n`), id);
      none(validate(CONF_URI, `${L}spark.openlineage.transport.type console\n`), id);
    });

    it('does not suggest a type for an empty transport.type', () => {
      for (const text of [`${L}spark.openlineage.transport.type\n`, `${L}spark.openlineage.transport.type=\n`]) {
        for (const d of byRule(validate(CONF_URI, text).diagnostics, id)) {
          assert.doesNotMatch(msg(d), /Did you mean/);
          assert.deepEqual(fixTitles(d), []);
        }
      }
    });
  });

  describe('spark/transport-required', () => {
    const id = 'spark/transport-required';

    it('reports http without url and inserts it after transport.type', () => {
      const text = `${L}spark.openlineage.transport.type http\nspark.openlineage.namespace ns\n`;
      const d = expectOne(text, id, 'http', { occurrence: 1, severity: ERROR });
      assert.equal(
        applyFix(d),
        `${L}spark.openlineage.transport.type http\nspark.openlineage.transport.url http://localhost:5000\nspark.openlineage.namespace ns\n`,
      );
    });

    it('reports kafka without topicName and bootstrap.servers and inserts both, in order (spark-submit)', () => {
      const text = `spark-submit \\\n  --conf spark.extraListeners=${LISTENER} \\\n  --conf spark.openlineage.transport.type=kafka \\\n  job.py\n`;
      const d = expectOne(text, id, 'kafka', { uri: SHELL_URI, severity: ERROR });
      assert.match(msg(d), /transport\.topicName` and `spark\.openlineage\.transport\.properties\.bootstrap\.servers/);
      assert.equal(
        applyFix(d),
        `spark-submit \\\n  --conf spark.extraListeners=${LISTENER} \\\n  --conf spark.openlineage.transport.type=kafka \\\n  --conf spark.openlineage.transport.topicName=openlineage.events \\\n  --conf spark.openlineage.transport.properties.bootstrap.servers=localhost:9092 \\\n  job.py\n`,
      );
    });

    it('reports file without location', () => {
      const text = `${L}spark.openlineage.transport.type file\n`;
      const d = expectOne(text, id, 'file', { severity: ERROR });
      assert.equal(
        applyFix(d),
        `${L}spark.openlineage.transport.type file\nspark.openlineage.transport.location /tmp/openlineage/events.jsonl\n`,
      );
    });

    it('reports gcs without projectId and bucketName (`=` separated)', () => {
      const text = `spark.extraListeners=${LISTENER}\nspark.openlineage.transport.type=gcs\n`;
      const d = expectOne(text, id, 'gcs', { severity: ERROR });
      assert.equal(
        applyFix(d),
        `spark.extraListeners=${LISTENER}\nspark.openlineage.transport.type=gcs\nspark.openlineage.transport.projectId=my-gcp-project\nspark.openlineage.transport.bucketName=my-lineage-bucket\n`,
      );
    });

    it('requires auth.tokenEndpoint with auth.type=jwt', () => {
      const text = `${L}${HTTP}spark.openlineage.transport.auth.type jwt\nspark.openlineage.transport.auth.apiKey \${KEY}\n`;
      const d = expectOne(text, id, 'http', { severity: ERROR });
      assert.match(msg(d), /transport\.auth\.tokenEndpoint/);
      assert.equal(
        applyFix(d),
        text.replace('type http\n', 'type http\nspark.openlineage.transport.auth.tokenEndpoint https://auth.example.com/oauth/token\n'),
      );
    });

    it('only warns for the third-party openMetadata transport', () => {
      const text = `${L}spark.openlineage.transport.type openMetadata\nspark.openlineage.transport.url http://om:8585/api\n`;
      const d = expectOne(text, id, 'openMetadata', { severity: WARNING });
      assert.match(msg(d), /pipelineServiceName` and `spark\.openlineage\.transport\.pipelineName/);
    });

    it('warns in a conf file about transport keys without transport.type, and adds type=http when url is set', () => {
      const text = `${L}spark.openlineage.transport.url http://marquez:5000\n`;
      const d = expectOne(text, id, 'spark.openlineage.transport.url', { severity: WARNING });
      assert.equal(applyFix(d), `${L}spark.openlineage.transport.url http://marquez:5000\nspark.openlineage.transport.type http\n`);
    });

    it('only informs about transport keys without type on a spark-submit command (spark-defaults.conf may set it)', () => {
      const text = `spark-submit --conf spark.extraListeners=${LISTENER} --conf spark.openlineage.transport.url=http://marquez:5000 job.py\n`;
      const d = expectOne(text, id, 'spark.openlineage.transport.url', { uri: SHELL_URI, severity: INFORMATION });
      assert.equal(applyFix(d), text.replace('5000 job.py', '5000 --conf spark.openlineage.transport.type=http job.py'));
    });

    it('reports nothing for complete transports, and accepts the legacy url for http on a version that still reads it', () => {
      none(validate(CONF_URI, `${L}${HTTP}`), id);
      none(
        validate(
          CONF_URI,
          `${L}spark.openlineage.transport.type kafka\nspark.openlineage.transport.topicName t\nspark.openlineage.transport.properties.bootstrap.servers k:9092\n`,
        ),
        id,
      );
      none(
        validate(
          CONF_URI,
          `${L}spark.jars.packages io.openlineage:openlineage-spark:0.21.1\nspark.openlineage.transport.type http\nspark.openlineage.url http://marquez:5000\n`,
        ),
        id,
      );
      none(
        validate(
          CONF_URI,
          `${L}${HTTP}spark.openlineage.transport.auth.type jwt\nspark.openlineage.transport.auth.tokenEndpoint https://idp/token\n`,
        ),
        id,
      );
    });
  });

  describe('spark/transport-key-mismatch', () => {
    const id = 'spark/transport-key-mismatch';

    it('warns about a kafka key with the http transport, faded as unnecessary', () => {
      const text = `${L}${HTTP}spark.openlineage.transport.topicName events\n`;
      const d = expectOne(text, id, 'spark.openlineage.transport.topicName', { severity: WARNING });
      assert.deepEqual(d.tags, [DiagnosticTag.Unnecessary]);
      assert.match(msg(d), /belongs to the `kafka` transport, but `transport\.type` is `http`/);
    });

    it('warns in a Python SparkConf chain', () => {
      const text =
        'from pyspark import SparkConf\nconf = (\n    SparkConf()\n    .set("spark.extraListeners", "io.openlineage.spark.agent.OpenLineageSparkListener")\n    .set("spark.openlineage.transport.type", "file")\n    .set("spark.openlineage.transport.location", "/tmp/ol.jsonl")\n    .set("spark.openlineage.transport.url", "http://marquez:5000")\n)\n';
      expectOne(text, id, 'spark.openlineage.transport.url', { uri: PYTHON_URI, severity: WARNING });
    });

    it('reports nothing for keys of the configured transport', () => {
      none(
        validate(
          CONF_URI,
          `${L}spark.openlineage.transport.type kafka\nspark.openlineage.transport.topicName t\nspark.openlineage.transport.properties.bootstrap.servers k:9092\n`,
        ),
        id,
      );
      none(
        validate(CONF_URI, `${L}${HTTP}spark.openlineage.transport.auth.type api_key\nspark.openlineage.transport.auth.apiKey \${KEY}\n`),
        id,
      );
    });

    it('does not also report the legacy transport.timeout with http', () => {
      none(validate(CONF_URI, `${L}${HTTP}spark.openlineage.transport.timeout 30\n`), id);
    });
  });

  describe('spark/auth-type', () => {
    const id = 'spark/auth-type';

    it('reports apiKey and replaces it with api_key', () => {
      const text = `${L}${HTTP}spark.openlineage.transport.auth.type apiKey\nspark.openlineage.transport.auth.apiKey \${KEY}\n`;
      const d = expectOne(text, id, 'apiKey', { occurrence: 1, severity: ERROR });
      assert.match(msg(d), /Use `api_key`/);
      assert.equal(applyFix(d), text.replace('auth.type apiKey', 'auth.type api_key'));
    });

    it('reports an unknown value without a fix (spark-submit)', () => {
      const text = `spark-submit --conf spark.extraListeners=${LISTENER} --conf spark.openlineage.transport.type=http --conf spark.openlineage.transport.url=http://m:5000 --conf spark.openlineage.transport.auth.type=basic job.py\n`;
      const d = expectOne(text, id, 'basic', { uri: SHELL_URI, severity: ERROR });
      assert.deepEqual(fixTitles(d), []);
    });

    it('reports nothing for api_key, jwt or a TokenProvider class', () => {
      for (const type of ['api_key', 'jwt', 'com.example.auth.MyTokenProvider']) {
        none(
          validate(
            CONF_URI,
            `${L}${HTTP}spark.openlineage.transport.auth.type ${type}\nspark.openlineage.transport.auth.apiKey \${KEY}\nspark.openlineage.transport.auth.tokenEndpoint https://idp/token\n`,
          ),
          id,
        );
      }
    });
  });

  describe('spark/url', () => {
    const id = 'spark/url';

    it('reports a URL without scheme and adds http://', () => {
      const text = `${L}spark.openlineage.transport.type http\nspark.openlineage.transport.url marquez:5000\n`;
      const d = expectOne(text, id, 'marquez:5000', { severity: ERROR });
      assert.equal(applyFix(d), text.replace('url marquez', 'url http://marquez'));
    });

    it('reports a URL without scheme in a Python builder chain', () => {
      const text = `from pyspark.sql import SparkSession\n\nspark = (\n    SparkSession.builder.appName("job")\n    .config("spark.extraListeners", "${LISTENER}")\n    .config("spark.openlineage.transport.type", "http")\n    .config("spark.openlineage.transport.url", "marquez:5000")\n    .getOrCreate()\n)\n`;
      const d = expectOne(text, id, 'marquez:5000', { uri: PYTHON_URI, severity: ERROR });
      assert.equal(applyFix(d), text.replace('"marquez:5000"', '"http://marquez:5000"'));
    });

    it('reports an unsupported scheme on the scheme only, without a fix', () => {
      const text = `${L}spark.openlineage.transport.type http\nspark.openlineage.transport.url ftp://marquez:5000\n`;
      const d = expectOne(text, id, 'ftp', { severity: ERROR });
      assert.deepEqual(fixTitles(d), []);
    });

    it('reports whitespace inside the URL (spark-submit "k=v")', () => {
      const text = `spark-submit --conf spark.extraListeners=${LISTENER} --conf spark.openlineage.transport.type=http --conf "spark.openlineage.transport.url=http://marquez 5000" job.py\n`;
      const all = validate(SHELL_URI, text).diagnostics;
      const d = single(all, id);
      assert.deepEqual({ severity: d.severity, range: d.range }, { severity: ERROR, range: rangeIn(text, 'marquez 5000', ' ') });
      assert.match(msg(d), /whitespace/);
    });

    it('checks the legacy spark.openlineage.url and the tokenEndpoint too', () => {
      const legacy = `${L}spark.openlineage.url marquez:5000\n`;
      expectOne(legacy, id, 'marquez:5000', { severity: ERROR });
      const jwt = `${L}${HTTP}spark.openlineage.transport.auth.type jwt\nspark.openlineage.transport.auth.tokenEndpoint idp.example.com/token\n`;
      expectOne(jwt, id, 'idp.example.com/token', { severity: ERROR });
    });

    it('reports nothing for http(s) URLs and templated URLs', () => {
      none(
        validate(
          CONF_URI,
          `${L}spark.openlineage.transport.type http\nspark.openlineage.transport.url https://marquez.example.com:5000/base\n`,
        ),
        id,
      );
      none(validate(CONF_URI, `${L}spark.openlineage.transport.type http\nspark.openlineage.transport.url \${OPENLINEAGE_URL}\n`), id);
      none(validate(SHELL_URI, `spark-submit --conf spark.openlineage.transport.url=$OPENLINEAGE_URL job.py\n`), id);
    });
  });

  describe('spark/value-type', () => {
    const id = 'spark/value-type';

    it('reports a boolean written yes and fixes it to true', () => {
      const text = `${L}spark.openlineage.debug.smart yes\n`;
      const d = expectOne(text, id, 'yes', { severity: ERROR });
      assert.equal(applyFix(d), `${L}spark.openlineage.debug.smart true\n`);
    });

    it('reports an integer with a unit and strips it', () => {
      const text = `${L}${HTTP}spark.openlineage.transport.timeoutInMillis 5000ms\n`;
      const d = expectOne(text, id, '5000ms', { severity: ERROR });
      assert.equal(applyFix(d), `${L}${HTTP}spark.openlineage.transport.timeoutInMillis 5000\n`);
    });

    it('converts seconds to milliseconds for an InMillis key (Python)', () => {
      const text = `from pyspark.sql import SparkSession\nspark = SparkSession.builder.config("spark.extraListeners", "${LISTENER}").config("spark.openlineage.transport.type", "http").config("spark.openlineage.transport.url", "http://m:5000").config("spark.openlineage.transport.timeoutInMillis", "30s").getOrCreate()\n`;
      const d = expectOne(text, id, '30s', { uri: PYTHON_URI, severity: ERROR });
      assert.equal(applyFix(d), text.replace('"30s"', '"30000"'));
    });

    it('only warns about an unknown debug.smartMode (OpenLineage falls back)', () => {
      const text = `${L}spark.openlineage.debug.smartMode sometimes\n`;
      const d = expectOne(text, id, 'sometimes', { severity: WARNING });
      assert.match(msg(d), /`any-missing`, `output-missing`/);
    });

    it('suggests the nearest enumerated value', () => {
      const text = `${L}spark.openlineage.circuitBreaker.type simpleMemry\n`;
      const d = expectOne(text, id, 'simpleMemry', { severity: ERROR });
      assert.equal(applyFix(d), text.replace('simpleMemry', 'simpleMemory'));
    });

    it('warns about a run id that is not a UUID', () => {
      const text = `${L}spark.openlineage.parentRunId not-a-uuid\n`;
      expectOne(text, id, 'not-a-uuid', { severity: WARNING });
    });

    it('warns about invalid context JSON, and JSON without parent.run/parent.job', () => {
      const bad = `${L}spark.openlineage.context {"parent": \n`;
      const d = expectOne(bad, id, '{"parent":', { severity: WARNING });
      assert.match(msg(d), /not valid JSON/);
      const partial = `${L}spark.openlineage.context {"parent":{"run":{"runId":"x"}}}\n`;
      expectOne(partial, id, '{"parent":{"run":{"runId":"x"}}}', { severity: WARNING });
    });

    it('reports nothing for well-typed values', () => {
      none(
        validate(
          CONF_URI,
          `${L}${HTTP}spark.openlineage.debug.smart TRUE\nspark.openlineage.transport.timeoutInMillis 5000\nspark.openlineage.debug.smartMode OUTPUT-MISSING\nspark.openlineage.parentRunId 0190b5f4-3c5e-7d4c-9a1b-2f6c8e0d4a11\nspark.openlineage.context {"parent":{"run":{"runId":"0190b5f4-3c5e-7d4c-9a1b-2f6c8e0d4a11"},"job":{"namespace":"n","name":"j"}}}\nspark.openlineage.circuitBreaker.type com.example.MyBreakerBuilder\n`,
        ),
        id,
      );
    });

    it('never type-checks templated values (${VAR}, {{ var }}, $VAR) in any form', () => {
      none(
        validate(
          CONF_URI,
          `${L}spark.openlineage.debug.smart \${DEBUG}\nspark.openlineage.parentRunId {{ run_id }}\nspark.openlineage.debug.smartMode \${MODE}\n`,
        ),
        id,
      );
      none(
        validate(
          SHELL_URI,
          `spark-submit --conf spark.extraListeners=${LISTENER} --conf spark.openlineage.parentRunId=$RUN_ID --conf "spark.openlineage.debug.smart=\${DEBUG}" job.py\n`,
        ),
        id,
      );
      const py = `from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator\n\ntask = SparkSubmitOperator(\n    task_id="t",\n    application="job.py",\n    conf={\n        "spark.extraListeners": "${LISTENER}",\n        "spark.openlineage.parentRunId": "{{ macros.OpenLineageProviders.run_id(task_instance) }}",\n        "spark.openlineage.transport.timeoutInMillis": "{{ var.value.timeout }}",\n        "spark.openlineage.debug.smart": debug_flag,\n    },\n)\n`;
      none(validate(PYTHON_URI, py), id);
    });
  });

  describe('spark/list-syntax', () => {
    const id = 'spark/list-syntax';

    it('rewrites a comma list a,b as [a;b]', () => {
      const text = `${L}spark.openlineage.filter.deniedSparkNodes a,b\n`;
      const d = expectOne(text, id, 'a,b', { severity: ERROR });
      assert.equal(applyFix(d), `${L}spark.openlineage.filter.deniedSparkNodes [a;b]\n`);
    });

    it('rewrites [a,b] as [a;b]', () => {
      const text = `${L}spark.openlineage.filter.allowedSparkNodes=[a,b]\n`;
      const d = expectOne(text, id, '[a,b]', { severity: ERROR });
      assert.match(msg(d), /separated by `;`/);
      assert.equal(applyFix(d), `${L}spark.openlineage.filter.allowedSparkNodes=[a;b]\n`);
    });

    it('only warns about a single unbracketed item', () => {
      const text = `${L}spark.openlineage.facets.custom_environment_variables HOME\n`;
      const d = expectOne(text, id, 'HOME', { severity: WARNING });
      assert.equal(applyFix(d), `${L}spark.openlineage.facets.custom_environment_variables [HOME]\n`);
    });

    it('rewrites capturedProperties [a;b] as a plain comma list', () => {
      const text = `${L}spark.openlineage.capturedProperties [spark.master;spark.app.name]\n`;
      const d = expectOne(text, id, '[spark.master;spark.app.name]', { severity: ERROR });
      assert.equal(applyFix(d), `${L}spark.openlineage.capturedProperties spark.master,spark.app.name\n`);
    });

    it('reports nothing for [a;b] lists and a comma-separated capturedProperties', () => {
      none(
        validate(
          CONF_URI,
          `${L}spark.openlineage.filter.deniedSparkNodes [a;b]\nspark.openlineage.capturedProperties spark.master,spark.app.name\nspark.openlineage.facets.custom_environment_variables [HOME]\n`,
        ),
        id,
      );
    });
  });

  describe('spark/facet-disabled-value', () => {
    const id = 'spark/facet-disabled-value';

    it('reports yes and fixes it to true', () => {
      const text = `${L}spark.openlineage.facets.spark_unknown.disabled yes\n`;
      const d = expectOne(text, id, 'yes', { severity: ERROR });
      assert.equal(applyFix(d), `${L}spark.openlineage.facets.spark_unknown.disabled true\n`);
    });

    it('reports TRUE (only the exact strings count) in a spark-submit script', () => {
      const text = `spark-submit --conf spark.extraListeners=${LISTENER} --conf spark.openlineage.facets.spark.logicalPlan.disabled=TRUE job.py\n`;
      const d = expectOne(text, id, 'TRUE', { uri: SHELL_URI, severity: ERROR });
      assert.equal(applyFix(d), text.replace('=TRUE', '=true'));
    });

    it('offers no fix for a value that is neither true-like nor false-like', () => {
      const text = `${L}spark.openlineage.facets.debug.disabled maybe\n`;
      const d = expectOne(text, id, 'maybe', { severity: ERROR });
      assert.deepEqual(fixTitles(d), []);
    });

    it('reports nothing for true and false', () => {
      none(
        validate(CONF_URI, `${L}spark.openlineage.facets.spark_unknown.disabled true\nspark.openlineage.facets.debug.disabled false\n`),
        id,
      );
    });
  });

  describe('spark/remove-path-pattern', () => {
    const id = 'spark/remove-path-pattern';

    it('warns about a pattern without a (?<remove>…) group', () => {
      const text = `${L}spark.openlineage.dataset.removePath.pattern (.*)(/\\d{8})\n`;
      const d = expectOne(text, id, '(.*)(/\\d{8})', { severity: WARNING });
      assert.match(msg(d), /\(\?<remove>/);
    });

    it('warns about an invalid regular expression', () => {
      const text = `${L}spark.openlineage.dataset.removePath.pattern (.*(?<remove>/\\d{8})\n`;
      const d = expectOne(text, id, '(.*(?<remove>/\\d{8})', { severity: WARNING });
      assert.match(msg(d), /valid regular expression/);
    });

    it('reports nothing for a pattern with a remove group', () => {
      none(validate(CONF_URI, `${L}spark.openlineage.dataset.removePath.pattern (.*)(?<remove>/\\d{8})\n`), id);
    });
  });

  describe('spark/literal-secret', () => {
    const id = 'spark/literal-secret';

    it('spark-defaults.conf: removes the line (the environment variable takes over)', () => {
      const text = `${L}${HTTP}spark.openlineage.transport.auth.type api_key\nspark.openlineage.transport.auth.apiKey abc123def456\nspark.openlineage.namespace ns\n`;
      const d = expectOne(text, id, 'abc123def456', { severity: WARNING });
      assert.match(msg(d), /OPENLINEAGE__TRANSPORT__AUTH__API_KEY/);
      assert.equal(applyFix(d), `${L}${HTTP}spark.openlineage.transport.auth.type api_key\nspark.openlineage.namespace ns\n`);
    });

    it('Databricks cluster config: references {{secrets/openlineage/api-key}}', () => {
      const text = `spark.extraListeners ${DBC},${LISTENER}\n${HTTP}spark.openlineage.transport.auth.type api_key\nspark.openlineage.transport.auth.apiKey abc123def456\n`;
      const d = expectOne(text, id, 'abc123def456', { uri: DATABRICKS_URI, severity: WARNING });
      assert.equal(applyFix(d), text.replace('abc123def456', '{{secrets/openlineage/api-key}}'));
    });

    it('spark-submit: reads the key from "$OPENLINEAGE_API_KEY"', () => {
      const text = `spark-submit \\\n  --conf spark.extraListeners=${LISTENER} \\\n  --conf spark.openlineage.transport.type=http \\\n  --conf spark.openlineage.transport.url=http://marquez:5000 \\\n  --conf spark.openlineage.transport.auth.type=api_key \\\n  --conf spark.openlineage.transport.auth.apiKey=abc123def456 \\\n  job.py\n`;
      const d = expectOne(text, id, 'abc123def456', { uri: SHELL_URI, severity: WARNING });
      assert.equal(
        applyFix(d),
        text.replace(
          '--conf spark.openlineage.transport.auth.apiKey=abc123def456',
          '--conf "spark.openlineage.transport.auth.apiKey=$OPENLINEAGE_API_KEY"',
        ),
      );
    });

    it('Python: reads the key from os.environ and adds import os', () => {
      const text = `from pyspark.sql import SparkSession\n\nspark = (\n    SparkSession.builder\n    .config("spark.extraListeners", "${LISTENER}")\n    .config("spark.openlineage.transport.type", "http")\n    .config("spark.openlineage.transport.url", "http://marquez:5000")\n    .config("spark.openlineage.transport.auth.type", "api_key")\n    .config("spark.openlineage.transport.auth.apiKey", "abc123def456")\n    .getOrCreate()\n)\n`;
      const d = expectOne(text, id, 'abc123def456', { uri: PYTHON_URI, severity: WARNING });
      assert.equal(applyFix(d), `import os\n${text.replace('"abc123def456"', 'os.environ["OPENLINEAGE_API_KEY"]')}`);
    });

    it('Python: does not import os twice', () => {
      const text = `import os\nfrom pyspark import SparkConf\n\nconf = SparkConf().set("spark.extraListeners", "${LISTENER}").set("spark.openlineage.transport.auth.apiKey", 'abc123def456')\n`;
      const d = expectOne(text, id, 'abc123def456', { uri: PYTHON_URI, severity: WARNING });
      assert.equal(applyFix(d), text.replace("'abc123def456'", 'os.environ["OPENLINEAGE_API_KEY"]'));
    });

    it('Python: inserts import os after the shebang and __future__ imports', () => {
      const head = '#!/usr/bin/env python3\nfrom __future__ import annotations\n';
      const body = `from pyspark.sql import SparkSession\nspark = SparkSession.builder.config("spark.extraListeners", "${LISTENER}").config("spark.openlineage.transport.auth.apiKey", "abc123def456").getOrCreate()\n`;
      const text = head + body;
      const d = expectOne(text, id, 'abc123def456', { uri: PYTHON_URI, severity: WARNING });
      assert.equal(applyFix(d), `${head}import os\n${body.replace('"abc123def456"', 'os.environ["OPENLINEAGE_API_KEY"]')}`);
    });

    it('Airflow SparkSubmitOperator conf dict', () => {
      const text = `from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator\n\ntask = SparkSubmitOperator(\n    task_id="t",\n    application="job.py",\n    conf={\n        "spark.extraListeners": "${LISTENER}",\n        "spark.openlineage.transport.auth.apiKey": "abc123def456",\n    },\n)\n`;
      const d = expectOne(text, id, 'abc123def456', { uri: PYTHON_URI, severity: WARNING });
      assert.equal(applyFix(d), `import os\n${text.replace('"abc123def456"', 'os.environ["OPENLINEAGE_API_KEY"]')}`);
    });

    it('Databricks init script: warns without a fix', () => {
      const text = `#!/bin/bash\ncat << 'EOF' > /databricks/driver/conf/openlineage-spark-driver-defaults.conf\n[driver] {\n  "spark.extraListeners" = "${DBC},${LISTENER}"\n  "spark.openlineage.transport.auth.apiKey" = "abc123def456"\n}\nEOF\n`;
      const d = expectOne(text, id, 'abc123def456', { uri: INIT_URI, severity: WARNING });
      assert.match(msg(d), /Databricks secret/);
    });

    it('flags an api_key in the URL and a literal Authorization header', () => {
      const url = `${L}spark.openlineage.transport.type http\nspark.openlineage.transport.url http://marquez:5000?api_key=abc123def456\n`;
      expectOne(url, id, 'http://marquez:5000?api_key=abc123def456', { severity: WARNING });
      const header = `${L}${HTTP}spark.openlineage.transport.headers.Authorization Bearer abc123def456\n`;
      expectOne(header, id, 'Bearer abc123def456', { severity: WARNING });
    });

    it('does not flag secret references, environment variables or placeholders', () => {
      none(
        validate(
          DATABRICKS_URI,
          `${L}${HTTP}spark.openlineage.transport.auth.type api_key\nspark.openlineage.transport.auth.apiKey {{secrets/a/b}}\n`,
        ),
        id,
      );
      none(
        validate(
          CONF_URI,
          `${L}${HTTP}spark.openlineage.transport.auth.type api_key\nspark.openlineage.transport.auth.apiKey <your-api-key>\n`,
        ),
        id,
      );
      none(
        validate(
          SHELL_URI,
          `spark-submit --conf spark.extraListeners=${LISTENER} --conf "spark.openlineage.transport.auth.apiKey=$OPENLINEAGE_API_KEY" job.py\n`,
        ),
        id,
      );
      none(
        validate(
          PYTHON_URI,
          `import os\nfrom pyspark import SparkConf\n\nconf = SparkConf().set("spark.extraListeners", "${LISTENER}").set("spark.openlineage.transport.auth.apiKey", os.environ["OPENLINEAGE_API_KEY"])\n`,
        ),
        id,
      );
    });
  });

  describe('spark/duplicate-key', () => {
    const id = 'spark/duplicate-key';

    it('warns on the earlier setting (faded) and removes its line', () => {
      const text = `${L}spark.openlineage.namespace a\nspark.openlineage.namespace b\n`;
      const d = expectOne(text, id, 'spark.openlineage.namespace', { occurrence: 1, severity: WARNING });
      assert.deepEqual(d.tags, [DiagnosticTag.Unnecessary]);
      assert.match(msg(d), /set again on line 3/);
      assert.equal(applyFix(d), `${L}spark.openlineage.namespace b\n`);
    });

    it('removes the whole line in a CRLF file', () => {
      const text = `spark.extraListeners ${LISTENER}\r\nspark.openlineage.namespace a\r\nspark.openlineage.namespace b\r\n`;
      const d = expectOne(text, id, 'spark.openlineage.namespace', { occurrence: 1, severity: WARNING });
      assert.equal(applyFix(d), `spark.extraListeners ${LISTENER}\r\nspark.openlineage.namespace b\r\n`);
    });

    it('removes the earlier --conf of a spark-submit command', () => {
      const text = `spark-submit --conf spark.extraListeners=${LISTENER} --conf spark.openlineage.namespace=a --conf spark.openlineage.namespace=b job.py\n`;
      const d = expectOne(text, id, 'spark.openlineage.namespace', { uri: SHELL_URI, occurrence: 1, severity: WARNING });
      assert.equal(applyFix(d), `spark-submit --conf spark.extraListeners=${LISTENER}  --conf spark.openlineage.namespace=b job.py\n`);
    });

    it('reports nothing for the same key in two separate spark-submit commands', () => {
      none(
        validate(
          SHELL_URI,
          `spark-submit --conf spark.extraListeners=${LISTENER} --conf spark.openlineage.namespace=a a.py\nspark-submit --conf spark.extraListeners=${LISTENER} --conf spark.openlineage.namespace=b b.py\n`,
        ),
        id,
      );
    });
  });

  describe('spark/key-version', () => {
    const id = 'spark/key-version';

    it('warns about a key newer than the pinned version (schemaSizeLimit, 1.37.0, with 1.30.0 pinned)', () => {
      const text = `spark-submit \\\n  --packages io.openlineage:openlineage-spark_2.12:1.30.0 \\\n  --conf spark.extraListeners=${LISTENER} \\\n  --conf spark.openlineage.columnLineage.schemaSizeLimit=10 \\\n  job.py\n`;
      const d = expectOne(text, id, 'spark.openlineage.columnLineage.schemaSizeLimit', { uri: SHELL_URI, severity: WARNING });
      assert.match(msg(d), /added in OpenLineage 1\.37\.0, but this configuration pins 1\.30\.0/);
    });

    it('warns about a key not in any release yet', () => {
      const text = `${L}spark.openlineage.columnLineage.descriptionsEnabled true\n`;
      const d = expectOne(text, id, 'spark.openlineage.columnLineage.descriptionsEnabled', { severity: WARNING });
      assert.match(msg(d), /not in an OpenLineage release yet/);
    });

    it('reports nothing when the pinned version has the key, or nothing is pinned', () => {
      none(
        validate(
          CONF_URI,
          `spark.jars.packages io.openlineage:openlineage-spark_2.12:1.37.0\n${L}spark.openlineage.columnLineage.schemaSizeLimit 10\n`,
        ),
        id,
      );
      none(validate(CONF_URI, `${L}spark.openlineage.columnLineage.schemaSizeLimit 10\n`), id);
    });
  });
});

describe('rule settings', () => {
  const text = `${L}${HTTP}spark.openlineage.host http://marquez:5000\nspark.openlineage.transport.urlParam.x y\n`;

  it('reports both by default', () => {
    assert.equal(byRule(validate(CONF_URI, text).diagnostics, 'spark/legacy-key').length, 1);
    assert.equal(byRule(validate(CONF_URI, text).diagnostics, 'spark/unknown-key')[0]?.severity, WARNING);
  });

  it('`off` removes a rule', () => {
    const all = validate(CONF_URI, text, { settings: settings({ 'spark/legacy-key': 'off' }) }).diagnostics;
    assert.deepEqual(byRule(all, 'spark/legacy-key'), []);
    assert.equal(byRule(all, 'spark/unknown-key').length, 1);
  });

  it('a level overrides the severity', () => {
    const all = validate(CONF_URI, text, { settings: settings({ 'spark/unknown-key': 'error', 'spark/legacy-key': 'hint' }) }).diagnostics;
    assert.equal(byRule(all, 'spark/unknown-key')[0]?.severity, ERROR);
    assert.equal(byRule(all, 'spark/legacy-key')[0]?.severity, DiagnosticSeverity.Hint);
  });

  it('validation.enable: false yields nothing', () => {
    assert.deepEqual(validate(CONF_URI, text, { settings: settings({}, false) }).diagnostics, []);
  });
});

/** Bad configurations covering every rule, in every form; used for the checks that apply to all diagnostics. */
const CORPUS: { uri: string; text: string }[] = [
  {
    uri: CONF_URI,
    text: `spark.openlineage.host marquez:5000\nspark.openlineage.transport.urll x\nspark.openlineage.transport.auth.api_key abc\nspark.openlineage.namespace\nspark.openlineage.facets.disabled [a;b]\nspark.openlineage.transport.timeout 30\n`,
  },
  {
    uri: CONF_URI,
    text: 'spark.extraListeners io.openlineage.spark.agent.OpenLineageSparkListenr\nspark.openlineage.transport.type htttp\n',
  },
  {
    uri: CONF_URI,
    text: 'spark.extraListeners com.example.Other\nspark.openlineage.transport.type kafka\nspark.openlineage.transport.url ftp://x\n',
  },
  {
    uri: CONF_URI,
    text: `${L}spark.openlineage.transport.type acme\nspark.openlineage.transport.type file\nspark.openlineage.transport.auth.type apiKey\nspark.openlineage.debug.smart yes\nspark.openlineage.transport.timeoutInMillis 5000ms\nspark.openlineage.debug.smartMode sometimes\nspark.openlineage.parentRunId x\nspark.openlineage.context {\nspark.openlineage.filter.deniedSparkNodes a,b\nspark.openlineage.capturedProperties [a;b]\nspark.openlineage.facets.x.disabled yes\nspark.openlineage.dataset.removePath.pattern (.*)\nspark.openlineage.dataset.removePath.pattern (.*\nspark.openlineage.transport.auth.apiKey abc123def456\nspark.openlineage.columnLineage.descriptionsEnabled true\n`,
  },
  {
    uri: CONF_URI,
    text: `spark.jars.packages io.openlineage:openlineage-spark:0.20.1\n${L}spark.openlineage.url http://m\nspark.openlineage.columnLineage.schemaSizeLimit 1\nspark.openlineage.transport.url http://m\n`,
  },
  {
    uri: DATABRICKS_URI,
    text: `${L}${HTTP}spark.openlineage.transport.auth.type jwt\nspark.openlineage.transport.auth.apiKey abc123def456\nspark.openlineage.transport.topicName t\n`,
  },
  {
    uri: SHELL_URI,
    text: `spark-submit --packages io.openlineage:openlineage-spark:1.9.1,io.openlineage:openlineage-spark_2.12:1.8.0,io.openlineage:openlineage-spark_2.11:1.30.0,io.openlineage:openlineage-spark,io.openlineage:openlineage-spark:0.2.+,io.openlineage:transports-s3:1.29.0 --conf spark.openlineage.transport.type=s3 --conf spark.openlineage.transport.auth.apiKey=abc123def456 --conf spark.openlineage.namespace=a --conf spark.openlineage.namespace=b 'x\n`,
  },
  {
    uri: PYTHON_URI,
    text: 'from pyspark.sql import SparkSession\nspark = SparkSession.builder.config("spark.openlineage.transport.type", "http").config("spark.openlineage.transport.url", "marquez:5000").config("spark.openlineage.transport.auth.apiKey", "abc123def456").config("spark.openlineage.namespace").getOrCreate()\n',
  },
  {
    uri: INIT_URI,
    text: `#!/bin/bash\ncat << 'EOF' > /databricks/driver/conf/openlineage-spark-driver-defaults.conf\n[driver] {\n  "spark.extraListeners" = "${LISTENER}"\n  "spark.openlineage.transport.auth.apiKey" = "abc123def456"\n}\n`,
  },
  { uri: INIT_URI, text: '#!/bin/bash\n/databricks/python/bin/pip install openlineage-spark\n' },
  { uri: CONF_URI, text: `${L}${HTTP}spark.openlineage.job.name orders\n` },
  {
    uri: PYTHON_URI,
    text: `from pyspark.sql import SparkSession\nspark = SparkSession.builder \\\n    .config("spark.extraListeners", "${LISTENER}")\n    .getOrCreate()\n`,
  },
];

describe('every diagnostic', () => {
  const all = () => CORPUS.flatMap(({ uri, text }) => validate(uri, text).diagnostics.map((d) => ({ uri, text, d })));

  it('the corpus exercises every rule', () => {
    const seen = new Set(all().map(({ d }) => String(d.code)));
    assert.deepEqual(
      SPARK_RULES.map((r) => r.id).filter((id) => !seen.has(id)),
      [],
    );
  });

  it('comes from Lineage Lens, links to its rule in docs/rules.md, and carries its quick fixes as data', () => {
    for (const { d } of all()) {
      assert.equal(d.source, 'Lineage Lens');
      assert.equal(typeof d.code, 'string');
      const anchor = String(d.code)
        .replace(/[^a-z0-9]+/gi, '-')
        .toLowerCase();
      assert.equal(anchor, String(d.code).replace('/', '-'));
      assert.ok(d.codeDescription?.href.endsWith(`docs/rules.md#${anchor}`), `${String(d.code)}: ${d.codeDescription?.href}`);
      assert.ok(Array.isArray((d.data as { fixes?: unknown } | undefined)?.fixes), `${String(d.code)} has no data.fixes`);
    }
  });

  // An explicit instruction, or the correct key/value/form named. Parenthesised text is ignored (it holds
  // e.g. JSON.parse errors such as "Expected property name", which are not advice).
  const ADVICE =
    /\b(use|add|remove|rename|write|replace|pin|pick|wrap|upgrade|check the|reference|read it|pass (it|the value)|did you mean|disable each|set the environment variable|must (also list|be exactly)|needs|expected|takes|should be|expects|is now|known types|the artifact carries)\b/i;
  const advises = (message: string) => ADVICE.test(message.replace(/\([^()]*(\([^()]*\)[^()]*)*\)/g, ''));

  it('says how to fix the problem', () => {
    const missing = all()
      .filter(({ d }) => !advises(msg(d)))
      .map(({ uri, d }) => `${uri} [${String(d.code)}] ${msg(d)}`);
    assert.deepEqual(missing, []);
  });

  it('says how to fix the problem, for every message', () => {
    const missing = all()
      .filter(({ d }) => !advises(msg(d)))
      .map(({ uri, d }) => `${uri} [${String(d.code)}] ${msg(d)}`);
    assert.deepEqual(missing, []);
  });

  it('offers only quick fixes that edit this document and change it', () => {
    for (const { text, d } of all()) {
      for (const title of fixTitles(d)) assert.notEqual(applyFix(d, title), text, `${String(d.code)}: ${title}`);
    }
  });
});
