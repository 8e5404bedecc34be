/**
 * The `spark/*` rules on Scala and Java Spark code, through the language service as the editor and the CLI run
 * it: the same rules as for conf files and PySpark, with exact ranges inside the string literals, quick fixes
 * that write Scala/Java, hover and completion inside the keys, and files that are not Spark code left alone.
 */
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { applyFix, complete, hover, none, one, PROBLEMS, service, validate, ws } from '../support/harness';
import { TextDocument } from 'vscode-languageserver-textdocument';

const { Error: ERROR, Warning: WARNING, Information: INFORMATION } = DiagnosticSeverity;
const SCALA = ws('src/main/scala/jobs/Orders.scala');
const JAVA = ws('src/main/java/jobs/Orders.java');
const LISTENER = 'io.openlineage.spark.agent.OpenLineageSparkListener';

/** A Scala job whose builder chain holds `lines` (each a `.config(...)` call). */
function scalaJob(...lines: string[]): string {
  return [
    'object Orders {',
    '  def main(args: Array[String]): Unit = {',
    '    val spark = SparkSession.builder()',
    '      .appName("orders")',
    ...lines.map((l) => `      ${l}`),
    '      .getOrCreate()',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** A Java job that sets `lines` (each a `conf.set(...);` statement) on a SparkConf. */
function javaJob(...lines: string[]): string {
  return [
    'public class Orders {',
    '  public static void main(String[] args) {',
    '    SparkConf conf = new SparkConf().setAppName("orders");',
    ...lines.map((l) => `    ${l}`),
    '    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();',
    '  }',
    '}',
    '',
  ].join('\n');
}

describe('spark rules on Scala', () => {
  const good = scalaJob(
    `.config("spark.extraListeners", "${LISTENER}")`,
    '.config("spark.openlineage.transport.type", "http")',
    '.config("spark.openlineage.transport.url", "http://marquez:5000")',
    '.config("spark.openlineage.namespace", s"orders-${args(0)}")',
  );

  it('says nothing about a complete setup', () => {
    none(validate(SCALA, good));
  });

  it('reports a removed key on the key inside its quotes, and the fix renames it', () => {
    const text = good.replace('spark.openlineage.transport.url", "http://marquez:5000"', 'spark.openlineage.url", "http://marquez:5000"');
    const c = validate(SCALA, text);
    const d = one(c, 'spark/legacy-key', 'spark.openlineage.url', ERROR);
    assert.equal(applyFix(d), good);
  });

  it('reports an http transport without a URL on its value, and the fix adds a .config call on its own line', () => {
    const text = scalaJob(`.config("spark.extraListeners", "${LISTENER}")`, '.config("spark.openlineage.transport.type", "http")');
    const d = one(validate(SCALA, text), 'spark/transport-required', 'http', ERROR);
    assert.equal(
      applyFix(d),
      text.replace('"http")\n', '"http")\n      .config("spark.openlineage.transport.url", "http://localhost:5000")\n'),
    );
  });

  it('reports a missing listener on the builder, and the fix registers it in the chain', () => {
    const text = scalaJob('.config("spark.openlineage.transport.type", "console")');
    const d = one(validate(SCALA, text), 'spark/missing-listener', 'SparkSession.builder()', INFORMATION);
    assert.equal(applyFix(d), text.replace('"console")\n', `"console")\n      .config("spark.extraListeners", "${LISTENER}")\n`));
  });

  it('reports a bad URL held in a val at the val, where the fix belongs', () => {
    const text = `object Conf { val Url = "marquez:5000" }\n${scalaJob(
      `.config("spark.extraListeners", "${LISTENER}")`,
      '.config("spark.openlineage.transport.type", "http")',
      '.config("spark.openlineage.transport.url", Conf.Url)',
    )}`;
    one(validate(SCALA, text), 'spark/url', 'marquez:5000', ERROR);
  });

  it('never judges interpolated or concatenated values', () => {
    const text = scalaJob(
      `.config("spark.extraListeners", "${LISTENER}")`,
      '.config("spark.openlineage.transport.type", "http")',
      '.config("spark.openlineage.transport.url", s"$host:5000")',
      '.config("spark.openlineage.transport.timeoutInMillis", "3" + "0")',
    );
    none(validate(SCALA, text), PROBLEMS);
  });

  it('ignores runtime spark.conf.set, which comes too late for the listener (as in PySpark)', () => {
    const text = good.replace('.getOrCreate()\n', '.getOrCreate()\n    spark.conf.set("spark.openlineage.host", "x")\n');
    none(validate(SCALA, text));
  });

  it('offers hover on a key and key completion inside .config("…")', () => {
    const { markdown } = hover(SCALA, good.replace('"spark.openlineage.transport.type"', '"spark.openlineage.transport.ty|pe"'));
    assert.match(markdown, /transport\.type/);
    const { items } = complete(SCALA, good.replace('.appName("orders")', '.appName("orders")\n      .config("spark.openlineage.tr|'));
    assert.ok(items.some((i) => i.label === 'spark.openlineage.transport.timeoutInMillis'));
    // Keys the chain sets already are not offered again.
    assert.ok(!items.some((i) => i.label === 'spark.openlineage.transport.url'));
  });
});

describe('spark rules on Java', () => {
  const good = javaJob(
    `conf.set("spark.extraListeners", "${LISTENER}");`,
    'conf.set("spark.openlineage.transport.type", "http");',
    'conf.set("spark.openlineage.transport.url", "http://marquez:5000");',
  );

  it('says nothing about a complete setup (the builder given the SparkConf adds nothing to judge)', () => {
    none(validate(JAVA, good));
  });

  it('reports an unknown key with the nearest known one, and the fix renames it', () => {
    const text = good.replace(
      '"http://marquez:5000");',
      '"http://marquez:5000");\n    conf.set("spark.openlineage.transport.endpint", "/api/v1/lineage");',
    );
    const d = one(validate(JAVA, text), 'spark/unknown-key', 'spark.openlineage.transport.endpint', WARNING);
    assert.equal(applyFix(d), text.replace('endpint', 'endpoint'));
  });

  it('reports an http transport without a URL, and the fix adds a statement with its semicolon', () => {
    const text = javaJob(`conf.set("spark.extraListeners", "${LISTENER}");`, 'conf.set("spark.openlineage.transport.type", "http");');
    const d = one(validate(JAVA, text), 'spark/transport-required', 'http', ERROR);
    assert.equal(
      applyFix(d),
      text.replace('"http");\n', '"http");\n    conf.set("spark.openlineage.transport.url", "http://localhost:5000");\n'),
    );
  });

  it('reports a literal API key, and the fix reads it from the environment', () => {
    const text = good.replace(
      '"http://marquez:5000");',
      '"http://marquez:5000");\n    conf.set("spark.openlineage.transport.auth.type", "api_key");\n    conf.set("spark.openlineage.transport.auth.apiKey", "f3a9c2e1d4b5");',
    );
    const d = one(validate(JAVA, text), 'spark/literal-secret', 'f3a9c2e1d4b5', WARNING);
    assert.equal(applyFix(d), text.replace('"f3a9c2e1d4b5"', 'System.getenv("OPENLINEAGE_API_KEY")'));
  });

  it('leaves the auth.* keys of a custom TokenProvider class alone, but not those of api_key auth', () => {
    const custom = good.replace(
      '"http://marquez:5000");',
      '"http://marquez:5000");\n    conf.set("spark.openlineage.transport.auth.type", "com.acme.lineage.VaultTokenProvider");\n    conf.set("spark.openlineage.transport.auth.token", vaultToken);',
    );
    none(validate(JAVA, custom), 'spark/unknown-key');
    const apiKey = custom.replace('com.acme.lineage.VaultTokenProvider', 'api_key');
    one(validate(JAVA, apiKey), 'spark/unknown-key', 'spark.openlineage.transport.auth.token', WARNING);
  });

  it('takes the static circuit breaker answers as the comma-separated string it splits', () => {
    const text = good.replace(
      '"http://marquez:5000");',
      '"http://marquez:5000");\n    conf.set("spark.openlineage.circuitBreaker.type", "static");\n    conf.set("spark.openlineage.circuitBreaker.valuesReturned", "false,true,false");',
    );
    none(validate(JAVA, text));
  });

  it('checks the keys added to a builder made elsewhere, without asking for what that code may set', () => {
    const text = [
      'class OrdersTest {',
      '  SparkSession session(SparkConf base) {',
      '    return SparkSession.builder().config(base).config("spark.openlineage.transport.type", "http").getOrCreate();',
      '  }',
      '  SparkSession other() {',
      '    return TestSupport.localSessionBuilder("orders")',
      '        .config("spark.openlineage.transport.type", "http")',
      '        .config("spark.openlineage.transport.endpoint", "/api/v1/lineage")',
      '        .config("spark.openlineage.namespce", "orders")',
      '        .getOrCreate();',
      '  }',
      '}',
      '',
    ].join('\n');
    const c = validate(JAVA, text);
    one(c, 'spark/unknown-key', 'spark.openlineage.namespce', WARNING);
    none(c, 'spark/transport-required');
    none(c, 'spark/missing-listener');
  });

  it('leaves Java and Scala files that build no Spark session alone, without parsing them', () => {
    const plain = 'class Util { String name() { return "spark.openlineage.host"; } }\n';
    none(validate(JAVA, plain));
    assert.equal(service().classify(TextDocument.create(JAVA, 'java', 1, plain)), undefined);
    const session = TextDocument.create(JAVA, 'java', 1, good);
    assert.deepEqual(service().classify(session), { family: 'spark', kind: 'spark-java' });
    assert.deepEqual(service().classify(TextDocument.create(SCALA, 'scala', 1, scalaJob())), { family: 'spark', kind: 'spark-scala' });
  });
});
