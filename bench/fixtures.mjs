// Deterministic benchmark fixtures with a known set of injected errors, so the benchmark checks the
// diagnostics count, not just the timing. Each generator returns
// { name, file, languageId, text, expected: { <rule id>: count }, editAt: <offset of a safe edit spot> }.
// The edit spot is mid-file, inside a comment or a string that no rule looks at, so single-character
// edits there keep the expected diagnostics unchanged.

import { mulberry32 } from '../scripts/prng.mjs';

const LISTENER = 'io.openlineage.spark.agent.OpenLineageSparkListener';
const PACKAGE = 'io.openlineage:openlineage-spark_2.12:1.52.0';

const pad = (key, width = 56) => (key.length >= width ? key + ' ' : key + ' '.repeat(width - key.length));

/**
 * A spark-defaults.conf of `lines` lines: a header (listener, package, http transport), then a mix of
 * comments, blank lines, plain `spark.*` keys and valid `spark.openlineage.*` keys, all distinct. Every
 * 100th line (at 50, 150, ...) is a removed key, `spark.openlineage.url.param.<name>`: one
 * `spark/legacy-key` each.
 */
export function sparkConf(lines) {
  const rnd = mulberry32(0x5eed + lines);
  const out = [
    '# spark-defaults.conf for the shared analytics cluster (generated benchmark fixture).',
    '# OpenLineage: every application reports lineage to Marquez.',
    '',
    pad('spark.master') + 'spark://spark-master:7077',
    pad('spark.extraListeners') + LISTENER,
    pad('spark.jars.packages') + PACKAGE,
    pad('spark.openlineage.transport.type') + 'http',
    pad('spark.openlineage.transport.url') + 'https://lineage.example.com',
    pad('spark.openlineage.transport.endpoint') + '/api/v1/lineage',
    pad('spark.openlineage.namespace') + 'analytics',
    '',
  ];
  let injected = 0;
  let editLine = -1;
  const templates = [
    (i) => pad(`spark.hadoop.fs.s3a.bucket.lake${i}.endpoint`) + `https://s3.eu-west-${1 + (i % 3)}.amazonaws.com`,
    (i) => pad(`spark.sql.catalog.cat${i}`) + 'org.apache.iceberg.spark.SparkCatalog',
    (i) => pad(`spark.sql.catalog.cat${i}.warehouse`) + `s3a://warehouse/cat${i}`,
    (i) => pad(`spark.executorEnv.PIPELINE_VAR_${i}`) + `value-${i}`,
    (i) => pad(`spark.yarn.appMasterEnv.PIPELINE_VAR_${i}`) + `value-${i}`,
    (i) => pad(`spark.openlineage.facets.custom_facet_${i}.disabled`) + (i % 2 ? 'true' : 'false'),
    (i) => pad(`spark.openlineage.job.owners.team${i}`) + `data-team-${i % 17}`,
    (i) => pad(`spark.openlineage.transport.headers.X-Trace-${i}`) + `trace-${i}`,
    (i) => pad(`spark.openlineage.transport.urlParams.param${i}`) + `v${i}`,
  ];
  while (out.length < lines) {
    const i = out.length;
    if (i % 100 === 50) {
      out.push(pad(`spark.openlineage.url.param.legacy${i}`) + `v${i}`);
      injected++;
    } else if (i === Math.floor(lines / 2) + 1) {
      out.push('# Mid-file comment: the benchmark types here.');
      editLine = i;
    } else {
      const r = rnd();
      if (r < 0.12) out.push(`# section ${i}: settings for pipeline group ${Math.floor(i / 40)}`);
      else if (r < 0.18) out.push('');
      else out.push(templates[Math.floor(rnd() * templates.length)](i));
    }
  }
  const text = out.join('\n') + '\n';
  return {
    name: `spark-defaults.conf (${lines} lines)`,
    file: 'spark-defaults.conf',
    languageId: 'spark-conf',
    text,
    expected: { 'spark/legacy-key': injected },
    editAt: offsetOfLineEnd(text, editLine),
  };
}

/**
 * A Python module with `builders` functions, each returning a SparkSession built with 10 `.config(k, v)`
 * calls. Every 5th builder misspells the transport type (`htttp`: one `spark/transport-type`), every 10th
 * (offset 3) uses the removed `spark.openlineage.version` instead of `transport.endpoint` (one `spark/legacy-key`).
 */
export function pythonBuilders(builders) {
  const out = [
    '"""Session factories for the nightly pipelines (generated benchmark fixture)."""',
    'from pyspark.sql import SparkSession',
    '',
    `LISTENER = "${LISTENER}"`,
    '',
  ];
  let badType = 0;
  let legacy = 0;
  let editLine = -1;
  for (let b = 0; b < builders; b++) {
    const typo = b % 5 === 0;
    const old = b % 10 === 3;
    if (typo) badType++;
    if (old) legacy++;
    out.push('', '', `def session_${b}():`);
    if (b === Math.floor(builders / 2)) editLine = out.length;
    out.push(
      `    """SparkSession for pipeline ${b}."""`,
      '    return (',
      `        SparkSession.builder.appName("pipeline_${b}")`,
      '        .config("spark.extraListeners", LISTENER)',
      `        .config("spark.jars.packages", "${PACKAGE}")`,
      `        .config("spark.openlineage.transport.type", "${typo ? 'htttp' : 'http'}")`,
      '        .config("spark.openlineage.transport.url", "http://marquez:5000")',
      old
        ? '        .config("spark.openlineage.version", "1")'
        : '        .config("spark.openlineage.transport.endpoint", "/api/v1/lineage")',
      '        .config("spark.openlineage.namespace", "pipelines")',
      `        .config("spark.openlineage.parentJobName", "pipeline_${b}")`,
      `        .config("spark.sql.shuffle.partitions", "${100 + b}")`,
      '        .config("spark.executor.memory", "4g")',
      '        .config("spark.openlineage.facets.spark_unknown.disabled", "true")',
      '        .getOrCreate()',
      '    )',
    );
  }
  const text = out.join('\n') + '\n';
  const docLine = out[editLine];
  return {
    name: `PySpark, ${builders * 10} .config() calls`,
    file: 'sessions.py',
    languageId: 'python',
    text,
    expected: { 'spark/transport-type': badType, 'spark/legacy-key': legacy },
    // Inside the docstring of the middle builder, before the closing quotes.
    editAt: offsetOfLine(text, editLine) + docLine.lastIndexOf('."""'),
  };
}

/**
 * A typical ~300-line PySpark job: one builder with OpenLineage configuration, a dozen transformation
 * functions and a main. One injected error: `transport.auth.type` = `apiKey` (one `spark/auth-type`).
 */
export function pysparkJob(targetLines = 300) {
  const out = [
    '"""Nightly orders enrichment: joins orders with customers and products, writes a curated table."""',
    'import argparse',
    'import logging',
    'import os',
    '',
    'from pyspark.sql import DataFrame, SparkSession',
    'from pyspark.sql import functions as F',
    'from pyspark.sql.window import Window',
    '',
    'log = logging.getLogger(__name__)',
    '',
    'RAW = "s3a://acme-lake/raw"',
    'CURATED = "s3a://acme-lake/curated"',
    '',
    '',
    'def build_session(app_name: str) -> SparkSession:',
    '    return (',
    '        SparkSession.builder.appName(app_name)',
    `        .config("spark.extraListeners", "${LISTENER}")`,
    `        .config("spark.jars.packages", "${PACKAGE}")`,
    '        .config("spark.openlineage.transport.type", "http")',
    '        .config("spark.openlineage.transport.url", "https://lineage.acme-analytics.com")',
    '        .config("spark.openlineage.transport.auth.type", "apiKey")',
    '        .config("spark.openlineage.transport.auth.apiKey", os.environ["OPENLINEAGE_API_KEY"])',
    '        .config("spark.openlineage.namespace", "acme_spark")',
    '        .config("spark.sql.shuffle.partitions", "200")',
    '        .getOrCreate()',
    '    )',
  ];
  let editLine = -1;
  const tables = [
    'orders',
    'customers',
    'products',
    'payments',
    'shipments',
    'returns',
    'stores',
    'regions',
    'suppliers',
    'inventory',
    'promotions',
    'reviews',
    'sessions',
    'events',
    'refunds',
    'invoices',
  ];
  const tail = 29;
  for (let t = 0; out.length + 12 + tail <= targetLines; t++) {
    const name = tables[t % tables.length] + (t >= tables.length ? `_${t}` : '');
    out.push(
      '',
      '',
      `def load_${name}(spark: SparkSession, run_date: str) -> DataFrame:`,
      `    """Reads ${name} for one day and keeps the latest version of each row."""`,
      `    df = spark.read.parquet(f"{RAW}/${name}/run_date={run_date}")`,
      '    latest = Window.partitionBy("id").orderBy(F.col("updated_at").desc())',
      '    return (',
      '        df.withColumn("_rn", F.row_number().over(latest))',
      '        .filter(F.col("_rn") == 1)',
      '        .drop("_rn")',
      `        .withColumnRenamed("id", "${name}_id")`,
      '    )',
    );
    if (t === 6) editLine = out.length - 9;
  }
  out.push(
    '',
    '',
    'def enrich(orders: DataFrame, customers: DataFrame, products: DataFrame) -> DataFrame:',
    '    return (',
    '        orders.join(customers, orders.customer_id == customers.customers_id, "left")',
    '        .join(products, orders.product_id == products.products_id, "left")',
    '        .withColumn("amount_eur", F.col("amount") * F.col("fx_rate"))',
    '        .groupBy("customer_id", "product_id")',
    '        .agg(F.sum("amount_eur").alias("revenue"), F.count("*").alias("orders"))',
    '    )',
    '',
    '',
    'def main() -> None:',
    '    parser = argparse.ArgumentParser()',
    '    parser.add_argument("--run-date", required=True)',
    '    args = parser.parse_args()',
    '    spark = build_session("orders_enrich")',
    '    orders = load_orders(spark, args.run_date)',
    '    customers = load_customers(spark, args.run_date)',
    '    products = load_products(spark, args.run_date)',
    '    result = enrich(orders, customers, products)',
    '    result.write.mode("overwrite").parquet(f"{CURATED}/orders_enriched/run_date={args.run_date}")',
    '    log.info("wrote %d rows", result.count())',
    '    spark.stop()',
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
  );
  while (out.length < targetLines) out.splice(out.length - 4, 0, '# end of job');
  const text = out.join('\n') + '\n';
  const docLine = out[editLine];
  return {
    name: `PySpark job (${out.length} lines)`,
    file: 'orders_enrich.py',
    languageId: 'python',
    text,
    expected: { 'spark/auth-type': 1 },
    editAt: offsetOfLine(text, editLine) + docLine.lastIndexOf('."""'),
  };
}

/**
 * A Great Expectations data context as in docs/performance.md#lsp-fixtures: `datasources` entries (each with a
 * Spark execution engine and an inferred-asset connector), then `validation_operators` whose action lists
 * hold an OpenLineageValidationAction. Every 5th operator misspells `openlineage_apiKey` (one
 * `gx/unknown-parameter` each). With no requirements in the workspace, every OpenLineage action also gets one
 * `gx/version-support` information saying the versions are unknown.
 */
export function gxContext(datasources = 380, operators = 20) {
  const out = ['config_version: 3.0', '', 'datasources:'];
  let editLine = -1;
  for (let i = 0; i < datasources; i++) {
    if (i === Math.floor(datasources / 2)) {
      out.push('  # Mid-file comment: the benchmark types here.');
      editLine = out.length - 1;
    }
    out.push(
      `  ds_${i}:`,
      '    class_name: Datasource',
      '    module_name: great_expectations.datasource',
      '    execution_engine:',
      '      class_name: SparkDFExecutionEngine',
      '      spark_config:',
      `        spark.app.name: gx_${i}`,
      '        spark.sql.shuffle.partitions: "8"',
      '    data_connectors:',
      `      files_${i}:`,
      '        class_name: InferredAssetFilesystemDataConnector',
      `        base_directory: /data/lake/table_${i}`,
      '        default_regex:',
      '          group_names: [data_asset_name]',
      '          pattern: (.*)\\.parquet',
    );
  }
  out.push('', 'validation_operators:');
  let misspelled = 0;
  for (let i = 0; i < operators; i++) {
    const bad = i % 5 === 2;
    if (bad) misspelled++;
    out.push(
      `  operator_${i}:`,
      '    class_name: ActionListValidationOperator',
      '    action_list:',
      '      - name: store_validation_result',
      '        action:',
      '          class_name: StoreValidationResultAction',
      '      - name: openlineage',
      '        action:',
      '          class_name: OpenLineageValidationAction',
      '          module_name: openlineage.common.provider.great_expectations',
      '          openlineage_host: ${OPENLINEAGE_URL}',
      `          ${bad ? 'openlineage_apikey' : 'openlineage_apiKey'}: \${OPENLINEAGE_API_KEY}`,
      `          openlineage_namespace: quality_${i}`,
      `          job_name: validate_${i}`,
    );
  }
  out.push(
    '',
    'stores:',
    '  validations_store:',
    '    class_name: ValidationsStore',
    'validations_store_name: validations_store',
    'anonymous_usage_statistics:',
    '  enabled: false',
  );
  const text = out.join('\n') + '\n';
  return {
    name: `great_expectations.yml (${out.length} lines)`,
    file: 'great_expectations.yml',
    languageId: 'yaml',
    text,
    expected: { 'gx/unknown-parameter': misspelled, 'gx/version-support': operators },
    editAt: offsetOfLineEnd(text, editLine),
  };
}

/** Every fixture the benchmark runs, in table order. */
export function allFixtures() {
  return [sparkConf(2000), pythonBuilders(30), pysparkJob(300), sparkConf(5000), gxContext()];
}

export function expectedTotal(fixture) {
  return Object.values(fixture.expected).reduce((a, b) => a + b, 0);
}

function offsetOfLine(text, line) {
  let at = 0;
  for (let i = 0; i < line; i++) at = text.indexOf('\n', at) + 1;
  return at;
}

function offsetOfLineEnd(text, line) {
  const start = offsetOfLine(text, line);
  return text.indexOf('\n', start);
}
