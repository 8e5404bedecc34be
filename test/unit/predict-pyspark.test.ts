/**
 * predict/pyspark: the datasets a PySpark job will report, named as the OpenLineage Spark integration names
 * them, from our own small jobs. `spark.sql` goes through a fake SQL lineage function (the real one is sqlparser-rs).
 */
import assert from 'node:assert/strict';
import { pysparkLineage, type PySparkLineage, type PySparkOptions } from '../../server/src/service/predict/pyspark';
import type { PredictedDataset, SqlLineageFn, SqlOptions, SqlTable } from '../../server/src/service/predict/types';
import { pythonParser } from '../support/harness';

const URI = 'file:///w/jobs/etl.py';

/** A stand-in for sqlparser-rs: `FROM`/`JOIN` tables in, `INSERT INTO`/`CREATE TABLE … AS` out; `SELEC` fails. */
export const fakeSql: SqlLineageFn & { calls: { sql: string; options: SqlOptions }[] } = Object.assign(
  (sql: string, options: SqlOptions) => {
    fakeSql.calls.push({ sql, options });
    const table = (m: RegExpMatchArray, group: number): SqlTable => {
      const written = m[group]!;
      const start = m.index! + m[0].indexOf(written);
      const parts = written.replace(/`/g, '').split('.');
      const name = parts.pop()!;
      const schema = parts.pop() ?? null;
      const database = parts.pop() ?? null;
      return {
        database,
        schema,
        name,
        qualifiedName: [database, schema, name].filter((p) => p !== null).join('.'),
        range: { start, end: start + written.length },
      };
    };
    const bad = sql.indexOf('SELEC ');
    if (bad >= 0) {
      return {
        inputs: [],
        outputs: [],
        columnLineage: [],
        errors: [{ message: 'Expected: an SQL statement, found: SELEC', line: 1, column: bad + 1, range: { start: bad, end: bad + 5 } }],
        templates: [],
      };
    }
    const outputs = [...sql.matchAll(/(?:INSERT\s+(?:INTO|OVERWRITE)\s+(?:TABLE\s+)?|CREATE\s+TABLE\s+)([\w.`]+)/gi)].map((m) =>
      table(m, 1),
    );
    const inputs = [...sql.matchAll(/(?:FROM|JOIN)\s+([\w.`:/-]+)/gi)].map((m) => table(m, 1));
    return { inputs, outputs, columnLineage: [], errors: [], templates: [] };
  },
  { calls: [] as { sql: string; options: SqlOptions }[] },
);

function lineage(text: string, options: Partial<PySparkOptions> = {}): PySparkLineage {
  const tree = pythonParser().parse(text);
  try {
    return pysparkLineage(tree, text, { uri: URI, sql: fakeSql, ...options });
  } finally {
    tree.delete();
  }
}

/** `namespace name ← text the source range covers` for each dataset. */
function named(text: string, ds: readonly PredictedDataset[]): string[] {
  return ds.map((d) => {
    assert.equal(d.provenance, 'spark');
    assert.equal(d.source?.uri, URI);
    return `${d.namespace} ${d.name} <- ${text.slice(d.source!.range.start, d.source!.range.end)}`;
  });
}

const conf = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('predict/pyspark: file paths', () => {
  it('names object stores, HDFS, DBFS and local paths as the runtime does', () => {
    const text = [
      'spark.read.parquet("s3a://landing/sales/2024/")',
      'spark.read.csv("s3n://legacy-bucket/export.csv")',
      'spark.read.json("gs://events-bkt/clicks")',
      'spark.read.orc("abfs://raw@lakeacct.dfs.core.windows.net/fleet/trips")',
      'spark.read.text("wasb://logs@blobacct.blob.core.windows.net/app")',
      'spark.read.load("hdfs://namenode:8020/warehouse/facts")',
      'spark.read.load("dbfs:/mnt/bronze/devices")',
      'spark.read.load("file:///tmp/scratch/")',
      'spark.read.parquet("/srv/data/ledger")',
      'spark.read.parquet("relative/dir")',
    ].join('\n');
    assert.deepEqual(named(text, lineage(text).inputs), [
      's3://landing sales/2024 <- "s3a://landing/sales/2024/"',
      's3://legacy-bucket export.csv <- "s3n://legacy-bucket/export.csv"',
      'gs://events-bkt clicks <- "gs://events-bkt/clicks"',
      'abfss://raw@lakeacct.dfs.core.windows.net fleet/trips <- "abfs://raw@lakeacct.dfs.core.windows.net/fleet/trips"',
      'wasbs://logs@blobacct.blob.core.windows.net app <- "wasb://logs@blobacct.blob.core.windows.net/app"',
      'hdfs://namenode:8020 /warehouse/facts <- "hdfs://namenode:8020/warehouse/facts"',
      'dbfs /mnt/bronze/devices <- "dbfs:/mnt/bronze/devices"',
      'file /tmp/scratch <- "file:///tmp/scratch/"',
      'file /srv/data/ledger <- "/srv/data/ledger"',
      'file <cwd>/relative/dir <- "relative/dir"',
    ]);
    const relative = lineage(text).inputs.at(-1)!;
    assert.deepEqual(
      relative.placeholders?.map((p) => p.name),
      ['cwd'],
    );
  });

  it('qualifies a path without a scheme with fs.defaultFS, and reports a glob as its directory', () => {
    const text = 'spark.read.csv("/exports/day=*/part-*.csv")\n';
    const r = lineage(text, { conf: conf({ 'spark.hadoop.fs.defaultFS': 'hdfs://nn1.corp:9000' }) });
    assert.deepEqual(named(text, r.inputs), ['hdfs://nn1.corp:9000 /exports/day=* <- "/exports/day=*/part-*.csv"']);
  });

  it('reads a list of paths, a path option and load() keywords', () => {
    const text = [
      'a = spark.read.parquet("s3://b1/x", "s3://b1/y")',
      'b = spark.read.load(["gs://g/p", "gs://g/q"], format="json")',
      'c = spark.read.format("csv").option("path", "/in/c").load()',
      'd = spark.read.options(header=True, path="/in/d").format("csv").load()',
    ].join('\n');
    assert.deepEqual(named(text, lineage(text).inputs), [
      's3://b1 x <- "s3://b1/x"',
      's3://b1 y <- "s3://b1/y"',
      'gs://g p <- "gs://g/p"',
      'gs://g q <- "gs://g/q"',
      'file /in/c <- "/in/c"',
      'file /in/d <- "/in/d"',
    ]);
  });
});

describe('predict/pyspark: values known only at run time', () => {
  it('follows variables and f-strings, and names argv, environment variables and parameters as placeholders', () => {
    const text = [
      'import os, sys',
      'ROOT = "s3a://curated"',
      'day = sys.argv[1]',
      'src = f"{ROOT}/orders/dt={day}"',
      'orders = spark.read.parquet(src)',
      'target = os.environ["TARGET_ROOT"] + "/daily"',
      'def publish(df, table_path):',
      '    df.write.mode("append").parquet(table_path)',
      'orders.write.parquet(target)',
      'orders.write.parquet(os.getenv("ARCHIVE", "s3://fallback/a"))',
      'orders.write.parquet("s3://exports/{}/v{}".format("weekly", 2))',
      'orders.write.parquet(os.path.join("/mnt/out", "cut"))',
    ].join('\n');
    const r = lineage(text);
    assert.deepEqual(named(text, r.inputs), ['s3://curated orders/dt=<sys.argv[1]> <- src']);
    assert.deepEqual(named(text, r.outputs), [
      '<table_path> <table_path> <- table_path',
      '<env:TARGET_ROOT> <env:TARGET_ROOT>/daily <- target',
      '<env:ARCHIVE> <env:ARCHIVE> <- os.getenv("ARCHIVE", "s3://fallback/a")',
      's3://exports weekly/v2 <- "s3://exports/{}/v{}".format("weekly", 2)',
      'file /mnt/out/cut <- os.path.join("/mnt/out", "cut")',
    ]);
    assert.deepEqual(
      r.inputs[0]!.placeholders?.map((p) => [p.name, p.why]),
      [['sys.argv[1]', 'a command-line argument of the job']],
    );
    assert.deepEqual(
      r.outputs[0]!.placeholders?.map((p) => [p.name, p.why]),
      [['table_path', 'a parameter of `publish`, passed at run time']],
    );
    assert.equal(r.outputs[1]!.placeholders?.[0]?.name, 'env:TARGET_ROOT');
  });

  it('names any other expression after its text', () => {
    const text = 'spark.read.parquet(cfg.paths["in"])\n';
    const [d] = lineage(text).inputs;
    assert.equal(d!.name, '<cfg.paths["in"]>');
    assert.deepEqual(
      d!.placeholders?.map((p) => p.name),
      ['cfg.paths["in"]'],
    );
  });
});

describe('predict/pyspark: catalog tables', () => {
  const text = [
    'spark.table("Sales.Orders")',
    'spark.read.table("region")',
    'out.write.mode("overwrite").saveAsTable("mart.order_facts")',
    'out.write.insertInto("mart.audit")',
    'out.write.option("path", "s3://ext/facts").saveAsTable("mart.ext_facts")',
  ].join('\n');

  it('names a table after its location under the configured warehouse, lower-cased, default database without .db', () => {
    const r = lineage(text, { conf: conf({ 'spark.sql.warehouse.dir': 's3a://lake/wh/' }) });
    assert.deepEqual(named(text, r.inputs), ['s3://lake wh/sales.db/orders <- "Sales.Orders"', 's3://lake wh/region <- "region"']);
    assert.deepEqual(named(text, r.outputs), [
      's3://lake wh/mart.db/order_facts <- "mart.order_facts"',
      's3://lake wh/mart.db/audit <- "mart.audit"',
      's3://ext facts <- "s3://ext/facts"',
    ]);
  });

  it('without a warehouse, the location is a <spark:warehouse> placeholder; the metastore URI is noted as the symlink', () => {
    const r = lineage(text, { conf: conf({ 'spark.hadoop.hive.metastore.uris': 'thrift://meta.corp:9083,thrift://meta2:9083' }) });
    const orders = r.inputs[0]!;
    assert.equal(orders.namespace, '<spark:warehouse>');
    assert.equal(orders.name, '<spark:warehouse>/sales.db/orders');
    assert.deepEqual(
      orders.placeholders?.map((p) => p.name),
      ['spark:warehouse'],
    );
    assert.match(orders.note, /`hive:\/\/meta\.corp:9083` `sales\.orders`/);
  });

  it('takes the warehouse from the job’s own builder settings, and the current database from USE / setCurrentDatabase', () => {
    const job = [
      'spark = SparkSession.builder.config("spark.sql.warehouse.dir", "/user/hive/warehouse").getOrCreate()',
      'spark.table("t1")',
      'spark.sql("USE staging")',
      'spark.table("t2")',
      'spark.catalog.setCurrentDatabase("gold")',
      'spark.table("t3")',
    ].join('\n');
    assert.deepEqual(
      lineage(job, { conf: conf({ 'spark.sql.warehouse.dir': 'hdfs://ignored/wh' }) }).inputs.map((d) => `${d.namespace} ${d.name}`),
      ['file /user/hive/warehouse/t1', 'file /user/hive/warehouse/staging.db/t2', 'file /user/hive/warehouse/gold.db/t3'],
    );
  });

  it('names tables of an Iceberg hadoop catalog under its warehouse, and of other catalogs with a placeholder', () => {
    const job =
      'df.writeTo("ice.analytics.sessions").append()\ndf.writeTo("uc.bronze.raw").createOrReplace()\ndf.writeTo("x.y").using("iceberg")\n';
    const r = lineage(job, {
      conf: conf({
        'spark.sql.catalog.ice': 'org.apache.iceberg.spark.SparkCatalog',
        'spark.sql.catalog.ice.type': 'hadoop',
        'spark.sql.catalog.ice.warehouse': 'gs://ice-wh/root',
      }),
    });
    assert.deepEqual(named(job, r.outputs), [
      'gs://ice-wh root/analytics/sessions <- "ice.analytics.sessions"',
      '<catalog:uc> bronze.raw <- "uc.bronze.raw"',
    ]);
  });

  it('leaves out temporary views (their DataFrames are already counted)', () => {
    const job = [
      'df = spark.read.parquet("/in/p")',
      'df.createOrReplaceTempView("staged")',
      'spark.table("staged")',
      'spark.sql("SELECT * FROM staged JOIN dims.country")',
    ].join('\n');
    const r = lineage(job, { conf: conf({ 'spark.sql.warehouse.dir': '/wh' }) });
    assert.deepEqual(
      r.inputs.map((d) => d.name),
      ['/in/p', '/wh/dims.db/country'],
    );
    assert.match(r.unpredicted[0]!.message, /`staged` is a temporary view/);
  });
});

describe('predict/pyspark: spark.sql', () => {
  it('reads tables through the SQL lineage with the databricks dialect, ranges on the table names', () => {
    fakeSql.calls.length = 0;
    const text = 'spark.sql("INSERT INTO rpt.totals SELECT * FROM raw.events JOIN raw.users")\n';
    const r = lineage(text, { conf: conf({ 'spark.sql.warehouse.dir': '/wh' }) });
    assert.equal(fakeSql.calls[0]!.options.dialect, 'databricks');
    assert.deepEqual(named(text, r.inputs), ['file /wh/raw.db/events <- raw.events', 'file /wh/raw.db/users <- raw.users']);
    assert.deepEqual(named(text, r.outputs), ['file /wh/rpt.db/totals <- rpt.totals']);
  });

  it('keeps f-string parts as placeholders in the table names, and reads path tables', () => {
    const text = 'spark.sql(f"CREATE TABLE {env}_mart.kpis AS SELECT * FROM parquet.`s3a://raw/kpi`")\n';
    const r = lineage(text, { conf: conf({ 'spark.sql.warehouse.dir': '/wh' }) });
    assert.deepEqual(named(text, r.inputs), ['s3://raw kpi <- f"CREATE TABLE {env}_mart.kpis AS SELECT * FROM parquet.`s3a://raw/kpi`"']);
    assert.equal(r.outputs[0]!.name, '/wh/<env>_mart.db/kpis');
    assert.deepEqual(
      r.outputs[0]!.placeholders?.map((p) => p.name),
      ['env'],
    );
  });

  it('reports SQL the parser rejects as a problem at the error, and SQL without a parser as not predicted', () => {
    const text = 'spark.sql("SELEC x FROM t")\n';
    const r = lineage(text);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0]!.kind, 'sql-parse');
    assert.equal(text.slice(r.problems[0]!.source.range.start, r.problems[0]!.source.range.end), 'SELEC');
    const none = lineage(text, { sql: undefined });
    assert.deepEqual(none.problems, []);
    assert.match(none.unpredicted[0]!.message, /SQL lineage is not loaded/);
  });
});

describe('predict/pyspark: JDBC, Delta, Kafka, BigQuery', () => {
  it('names JDBC tables by URL: default ports, the URL database first, MySQL schema-qualified names as written', () => {
    const text = [
      'spark.read.format("jdbc").option("url", "jdbc:postgresql://PG.corp/inventory?ssl=true").option("dbtable", "stock.items").load()',
      'spark.read.jdbc("jdbc:mysql://my.corp:3307/shop", "orders", properties={"user": "u"})',
      'spark.read.jdbc(url="jdbc:mysql://my.corp/shop", table="billing.invoices")',
      'spark.read.format("jdbc").options(url="jdbc:redshift://rs.corp:5439/dw", query="select id from sales.leads").load()',
      'spark.read.format("jdbc").option("url", "jdbc:oracle:thin:@//ora:1521/SVC").option("dbtable", "HR.STAFF").load()',
      'df.write.format("jdbc").option("url", "jdbc:postgresql://pg2:6432/crm").option("dbtable", "public.accounts").mode("append").save()',
    ].join('\n');
    const r = lineage(text);
    assert.deepEqual(named(text, r.inputs), [
      'postgres://pg.corp:5432 inventory.stock.items <- "stock.items"',
      'mysql://my.corp:3307 shop.orders <- "orders"',
      'mysql://my.corp:3306 billing.invoices <- "billing.invoices"',
      'redshift://rs.corp:5439 dw.sales.leads <- "select id from sales.leads"',
      '<jdbc:oracle> HR.STAFF <- "HR.STAFF"',
    ]);
    assert.deepEqual(named(text, r.outputs), ['postgres://pg2:6432 crm.public.accounts <- "public.accounts"']);
  });

  it('follows a reader and a writer kept in variables', () => {
    const text = [
      'reader = spark.read.format("jdbc").option("url", "jdbc:postgresql://h:5432/app")',
      'users = reader.option("dbtable", "users").load()',
      'sink = users.write.format("delta").mode("overwrite")',
      'sink.save("s3://lake/silver/users")',
    ].join('\n');
    const r = lineage(text);
    assert.deepEqual(named(text, r.inputs), ['postgres://h:5432 app.users <- "users"']);
    assert.deepEqual(named(text, r.outputs), ['s3://lake silver/users <- "s3://lake/silver/users"']);
  });

  it('reads Delta tables: forPath(...).merge is an output, forName(...).toDF() an input', () => {
    const text = [
      'from delta.tables import DeltaTable',
      'target = DeltaTable.forPath(spark, "s3://lake/gold/customers")',
      'target.alias("t").merge(updates.alias("u"), "t.id = u.id").whenMatchedUpdateAll().execute()',
      'dims = DeltaTable.forName(spark, "ref.dims").toDF()',
      'spark.read.format("delta").load("/lake/bronze/x")',
    ].join('\n');
    const r = lineage(text, { conf: conf({ 'spark.sql.warehouse.dir': 'abfss://c@acct.dfs.core.windows.net/wh' }) });
    assert.deepEqual(named(text, r.outputs), ['s3://lake gold/customers <- "s3://lake/gold/customers"']);
    assert.deepEqual(named(text, r.inputs), [
      'abfss://c@acct.dfs.core.windows.net wh/ref.db/dims <- "ref.dims"',
      'file /lake/bronze/x <- "/lake/bronze/x"',
    ]);
  });

  it('names Kafka topics and BigQuery tables; lists sources it does not model', () => {
    const text = [
      'spark.readStream.format("kafka").option("kafka.bootstrap.servers", "b1.corp:9092,b2.corp:9092").option("subscribe", "clicks").load()',
      'df.write.format("bigquery").option("table", "proj-1.reporting.daily").save()',
      'spark.read.format("mongodb").load()',
    ].join('\n');
    const r = lineage(text);
    assert.deepEqual(named(text, r.inputs), ['kafka://b1.corp:9092 clicks <- "clicks"']);
    assert.deepEqual(named(text, r.outputs), ['bigquery proj-1.reporting.daily <- "proj-1.reporting.daily"']);
    assert.deepEqual(
      r.unpredicted.map((u) => text.slice(u.source.range.start, u.source.range.end)),
      ['"mongodb"'],
    );
  });
});

describe('predict/pyspark: job name', () => {
  it('is the app name normalised as NameNormalizer does', () => {
    const r = lineage('spark = SparkSession.builder.appName("Nightly-RevenueRollup v2").getOrCreate()\n');
    assert.equal(r.appName, 'Nightly-RevenueRollup v2');
    assert.equal(r.jobName, 'nightly_revenue_rollup_v2');
  });

  it('prefers spark.openlineage.appName, then the code, then spark.app.name from the conf', () => {
    const code = 'conf = SparkConf().setAppName("fromCode")\n';
    assert.equal(lineage(code, { conf: conf({ 'spark.app.name': 'fromConf' }) }).jobName, 'from_code');
    assert.equal(lineage(code, { conf: conf({ 'spark.openlineage.appName': 'OL Name' }) }).jobName, 'ol_name');
    assert.equal(lineage('x = 1\n', { conf: conf({ 'spark.app.name': 'ConfOnly' }) }).jobName, 'conf_only');
    const dynamic = lineage('import sys\nspark = SparkSession.builder.appName(sys.argv[0]).getOrCreate()\n');
    assert.equal(dynamic.appName, '<sys.argv[0]>');
    assert.equal(dynamic.jobName, undefined);
  });
});
