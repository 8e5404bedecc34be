/**
 * Airflow connections: every place a project defines one (AIRFLOW_CONN_* in URI and JSON form, Astro
 * airflow_settings.yaml, connection exports), which definition wins, templated values as placeholders, and
 * the namespace each provider builds from a connection.
 */
import assert from 'node:assert/strict';
import { ProjectIndex } from '../../server/src/service';
import { connectionsOf, fixSnowflakeAccount, namespaceFor, parseConnectionValue } from '../../server/src/service/predict/connections';
import { sourceFiles, type AirflowConnection } from '../../server/src/service/predict/types';

/** The project model and the source files of a small workspace under file:///w/. */
function workspace(files: Record<string, string>) {
  const index = new ProjectIndex();
  const map = new Map<string, string>();
  for (const [name, text] of Object.entries(files)) {
    index.update(`file:///w/${name}`, text);
    map.set(`file:///w/${name}`, text);
  }
  return connectionsOf(index.model, sourceFiles(map));
}

function conn(fields: Partial<AirflowConnection> & { connType: string }): AirflowConnection {
  return { connId: 'c', extra: {}, source: { uri: 'file:///w/.env', form: 'env-file' }, ...fields };
}

describe('predict: connection URIs and JSON', () => {
  it('reads a URI as Airflow does: type normalised, host lower-cased, parts percent-decoded, query → extra', () => {
    const r = parseConnectionValue(
      'postgresql://ana%40corp:p%2Fw@Warehouse.Example.ORG:6543/sales%20db?sslmode=require&application_name=etl+job',
    );
    assert.deepEqual(r, {
      ok: true,
      fields: {
        connType: 'postgres',
        host: 'warehouse.example.org',
        port: 6543,
        schema: 'sales db',
        login: 'ana@corp',
        extra: { sslmode: 'require', application_name: 'etl job' },
      },
    });
    const gcp = parseConnectionValue('google-cloud-platform://?project=acme-data&__x=1');
    assert.equal(gcp.ok && gcp.fields.connType, 'google_cloud_platform');
    const json = parseConnectionValue('http://?__extra__=%7B%22timeout%22%3A%2030%7D');
    assert.deepEqual(json.ok && json.fields.extra, { timeout: 30 });
    const proto = parseConnectionValue('http://https://api.example.com:8443/v2');
    assert.equal(proto.ok && proto.fields.host, 'https://api.example.com');
  });

  it('reads the JSON form and refuses what Airflow refuses, saying why', () => {
    const r = parseConnectionValue(
      '{"conn_type": "mysql", "host": "orders-db", "port": "3307", "schema": "shop", "extra": {"charset": "utf8"}}',
    );
    assert.deepEqual(r, {
      ok: true,
      fields: { connType: 'mysql', host: 'orders-db', port: 3307, schema: 'shop', extra: { charset: 'utf8' } },
    });
    assert.deepEqual(parseConnectionValue('mysql://orders-db:port/shop'), { ok: false, reason: 'port `port` is not a number' });
    assert.deepEqual(parseConnectionValue('{"conn_type": "mysql", "hostname": "x"}'), { ok: false, reason: 'unknown field `hostname`' });
    assert.deepEqual(parseConnectionValue('{"host": "x"}'), { ok: false, reason: 'no `conn_type`' });
    assert.deepEqual(parseConnectionValue('a://b://c://d'), {
      ok: false,
      reason: 'more than two `://` in the URI (Airflow: "Invalid connection string")',
    });
  });

  it('turns templated parts into named placeholders in the field they are in, never a guess', () => {
    const r = parseConnectionValue('postgres://${PG_USER}:${PG_PASS}@${PG_HOST}:${PG_PORT}/analytics?options={{ var.value.pg_opts }}');
    assert.ok(r.ok);
    assert.equal(r.fields.host, '<env:PG_HOST>');
    assert.equal(r.fields.port, undefined);
    assert.deepEqual(r.fields.templated?.fields, {
      host: '<env:PG_HOST>',
      port: '<env:PG_PORT>',
      login: '<env:PG_USER>',
      'extra.options': '<template:var.value.pg_opts>',
    });
    assert.deepEqual(
      r.fields.templated?.placeholders.map((p) => p.name),
      ['env:PG_HOST', 'env:PG_PORT', 'env:PG_USER', 'template:var.value.pg_opts'],
    );
    assert.deepEqual(parseConnectionValue('$WAREHOUSE_URI'), {
      ok: false,
      reason: 'the whole value is `$WAREHOUSE_URI`, set outside the project',
    });
  });
});

describe('predict: where a conn_id points', () => {
  it('finds AIRFLOW_CONN_* in .env, compose, Dockerfile and shell scripts, looked up case-blind like Airflow', () => {
    const idx = workspace({
      '.env': 'AIRFLOW_CONN_LAKE_PG=postgres://lake:pw@lake-db:5432/lake\n',
      'docker-compose.yml':
        'services:\n  scheduler:\n    image: apache/airflow:2.9.2\n    environment:\n      AIRFLOW_CONN_MART: \'{"conn_type": "mysql", "host": "mart-db"}\'\n',
      Dockerfile: 'FROM apache/airflow:2.9.2\nENV AIRFLOW_CONN_QUEUE=sftp://drop@files.internal:2022\n',
      'scripts/start.sh': 'export AIRFLOW_CONN_WH=trino://etl@trino-coord:8443/hive\n',
    });
    assert.deepEqual(
      idx
        .all()
        .map((c) => [c.connId, c.connType, c.source.form])
        .sort(),
      [
        ['lake_pg', 'postgres', 'env-file'],
        ['mart', 'mysql', 'compose'],
        ['queue', 'sftp', 'dockerfile'],
        ['wh', 'trino', 'shell-script'],
      ],
    );
    assert.equal(idx.get('lake_pg')?.host, 'lake-db');
    assert.equal(idx.get('LAKE_PG')?.host, 'lake-db');
    assert.deepEqual(idx.get('lake_pg')?.source.range, { start: 0, end: 57 });
    assert.equal(idx.get('nope'), undefined);
  });

  it('lets compose environment win over .env over Dockerfile, and passes `${X}` through to the next definition', () => {
    const idx = workspace({
      Dockerfile: 'FROM apache/airflow:2.9.2\nENV AIRFLOW_CONN_DW=postgres://img-db/dw\nENV AIRFLOW_CONN_KEYS=postgres://img-keys/k\n',
      '.env': 'AIRFLOW_CONN_DW=postgres://env-db/dw\nAIRFLOW_CONN_KEYS=postgres://env-keys/k\n',
      'docker-compose.yml':
        'services:\n  worker:\n    image: apache/airflow:2.9.2\n    environment:\n      AIRFLOW_CONN_DW: postgres://compose-db/dw\n      AIRFLOW_CONN_KEYS: ${AIRFLOW_CONN_KEYS}\n',
    });
    assert.equal(idx.get('dw')?.host, 'compose-db');
    assert.equal(idx.get('keys')?.host, 'env-keys');
    assert.deepEqual(
      idx
        .shadowed()
        .map((c) => `${c.connId}@${c.host}`)
        .sort(),
      ['dw@env-db', 'dw@img-db', 'keys@img-keys'],
    );
    assert.deepEqual(
      idx.refused().map((r) => [r.connId, r.reason]),
      [['keys', 'the whole value is `${AIRFLOW_CONN_KEYS}`, set outside the project']],
    );
  });

  it('refuses a lower-case variable name (never found) and a team-scoped one', () => {
    const idx = workspace({ '.env': 'AIRFLOW_CONN_Mixed=postgres://h/d\nAIRFLOW_CONN__ops___db=postgres://h/d\n' });
    assert.deepEqual(idx.all(), []);
    assert.deepEqual(
      idx.refused().map((r) => r.reason),
      [
        'Airflow looks up `AIRFLOW_CONN_` + the conn_id upper-cased, so `AIRFLOW_CONN_Mixed` is never found',
        'a team-scoped connection (`AIRFLOW_CONN__<TEAM>___<ID>`)',
      ],
    );
  });

  it('reads Astro airflow_settings.yaml, skipping the empty template entry; environment variables win over it', () => {
    const idx = workspace({
      'airflow_settings.yaml': [
        'airflow:',
        '  connections:',
        '    - conn_id:',
        '      conn_type:',
        '    - conn_id: ledger',
        '      conn_type: snowflake',
        '      conn_schema: FINANCE',
        '      conn_login: svc',
        '      conn_extra:',
        '        account: ab12345',
        '        region: eu-central-1',
        '        database: LEDGER_DB',
        '    - conn_id: crm',
        '      conn_type: postgres',
        '      conn_host: crm-yaml',
        '      conn_port: 5433',
        '',
      ].join('\n'),
      '.env': 'AIRFLOW_CONN_CRM=postgres://crm-env/crm\n',
    });
    const ledger = idx.get('ledger')!;
    assert.deepEqual(
      [ledger.connType, ledger.schema, ledger.login, ledger.extra],
      ['snowflake', 'FINANCE', 'svc', { account: 'ab12345', region: 'eu-central-1', database: 'LEDGER_DB' }],
    );
    assert.equal(ledger.source.form, 'airflow_settings.yaml');
    assert.equal(idx.get('crm')?.host, 'crm-env');
    assert.deepEqual(
      idx.shadowed().map((c) => c.host),
      ['crm-yaml'],
    );
  });

  it('reads connection exports in JSON (URI or fields), YAML and env form; a look-alike name needs the shape', () => {
    const idx = workspace({
      'config/connections.json':
        '{\n  "billing": "mysql://bill@billing-db/billing",\n  "events": {"conn_type": "postgres", "host": "events-db", "port": 5434, "extra": "{\\"sslmode\\": \\"disable\\"}"}\n}\n',
      'exports/prod_connections.yaml': 'archive:\n  conn_type: aws\n  extra:\n    region_name: ap-south-1\n',
      'connections.env': 'metrics=trino://metrics-host:8081/hive\n',
      'ui/connections-panel.json': '{"title": "Connections", "items": []}',
    });
    assert.deepEqual(
      idx.all().map((c) => [c.connId, c.connType, c.source.form]),
      [
        ['billing', 'mysql', 'connections export (json)'],
        ['events', 'postgres', 'connections export (json)'],
        ['metrics', 'trino', 'connections export (env)'],
        ['archive', 'aws', 'connections export (yaml)'],
      ],
    );
    assert.deepEqual(idx.get('events')?.extra, { sslmode: 'disable' });
    assert.deepEqual(idx.get('billing')?.source.range, { start: 4, end: 13 });
    assert.deepEqual(idx.refused(), []);
  });
});

describe('predict: namespace of a connection', () => {
  const ns = (c: AirflowConnection, o = {}) => namespaceFor(c, o).namespace;

  it('builds scheme://host:port with the provider’s default port for the SQL hooks', () => {
    assert.equal(ns(conn({ connType: 'postgres', host: 'Pg.Internal' })), 'postgres://pg.internal:5432');
    assert.equal(ns(conn({ connType: 'postgres', host: 'pg', port: 6432 })), 'postgres://pg:6432');
    assert.equal(ns(conn({ connType: 'mysql', host: 'my' })), 'mysql://my:3306');
    assert.equal(ns(conn({ connType: 'trino', host: 'tr' })), 'trino://tr:8080');
    assert.equal(ns(conn({ connType: 'mssql', host: 'sq' })), 'mssql://sq:1433');
    assert.equal(ns(conn({ connType: 'oracle', host: 'ora' })), 'oracle://ora:1521');
    assert.equal(ns(conn({ connType: 'postgres' })), 'postgres://None:5432');
    assert.equal(ns(conn({ connType: 'mongo', host: 'mg', port: 27018 })), 'mongo://mg:27018');
    assert.match(namespaceFor(conn({ connType: 'mysql', host: 'my' })).note, /3306, the provider's default port/);
  });

  it('keeps a templated host or port as its placeholder', () => {
    const parsed = parseConnectionValue('postgres://u@${DB_HOST}:${DB_PORT}/d');
    assert.ok(parsed.ok);
    const n = namespaceFor({ ...conn(parsed.fields), ...parsed.fields });
    assert.equal(n.namespace, 'postgres://<env:DB_HOST>:<env:DB_PORT>');
    assert.deepEqual(
      n.placeholders.map((p) => p.name),
      ['env:DB_HOST', 'env:DB_PORT'],
    );
  });

  it('names Snowflake by its normalised account identifier', () => {
    assert.equal(
      ns(conn({ connType: 'snowflake', extra: { account: 'QR98765', region: 'ap-northeast-1' } })),
      'snowflake://qr98765.ap-northeast-1.aws',
    );
    assert.equal(ns(conn({ connType: 'snowflake', extra: { account: 'qr98765' } })), 'snowflake://qr98765.us-west-1.aws');
    assert.equal(
      ns(conn({ connType: 'snowflake', extra: { extra__snowflake__account: 'myorg-analytics' } })),
      'snowflake://myorg-analytics',
    );
    assert.equal(fixSnowflakeAccount('qr98765.europe-west4.gcp'), 'qr98765.europe-west4.gcp');
    assert.equal(fixSnowflakeAccount('qr98765_eu_west_2_aws'), 'qr98765_eu_west_2_aws');
    assert.equal(fixSnowflakeAccount('qr98765-aws-eu_west_2'), 'qr98765.eu-west-2.aws');
    const tpl = namespaceFor(
      conn({
        connType: 'snowflake',
        extra: { account: '<env:SF_ACCT>', region: 'eu-west-1' },
        templated: { fields: { 'extra.account': '<env:SF_ACCT>' }, placeholders: [{ name: 'env:SF_ACCT', why: 'env' }] },
      }),
    );
    assert.equal(tpl.namespace, 'snowflake://<env:SF_ACCT>.eu-west-1.aws');
    assert.equal(namespaceFor(conn({ connType: 'snowflake' })).unsupported, 'connection `c` has no `account`: the hook fails');
  });

  it('names Redshift by cluster and region, taking the region from the AWS connection or leaving a placeholder', () => {
    assert.equal(
      ns(conn({ connType: 'redshift', host: 'sales-rs.xyz123abc.us-west-2.redshift.amazonaws.com' })),
      'redshift://sales-rs.us-west-2:5439',
    );
    assert.equal(ns(conn({ connType: 'redshift', host: '10.1.2.3', port: 5440 })), 'redshift://10.1.2.3:5440');
    const iam = conn({ connType: 'redshift', extra: { iam: true, cluster_identifier: 'sales-rs' } });
    const aws = conn({ connId: 'aws_default', connType: 'aws', extra: { region_name: 'sa-east-1' } });
    const lookup = { get: (id: string) => (id === 'aws_default' ? aws : undefined), all: () => [aws] };
    assert.equal(ns(iam, { lookup }), 'redshift://sales-rs.sa-east-1:5439');
    const missing = namespaceFor(iam);
    assert.equal(missing.namespace, 'redshift://sales-rs.<conn:aws_default.region_name>:5439');
    assert.deepEqual(
      missing.placeholders.map((p) => p.name),
      ['conn:aws_default.region_name'],
    );
    assert.equal(
      ns(conn({ connType: 'postgres', host: 'rs-two.abc.eu-north-1.redshift.amazonaws.com', extra: { redshift: 'true' } }), { lookup }),
      'redshift://rs-two.sa-east-1:5439',
    );
  });

  it('names Athena, BigQuery, object stores, file transfers and Databricks as their operators do', () => {
    assert.equal(
      ns(conn({ connType: 'aws', extra: { region_name: 'eu-west-3' } }), { service: 'athena' }),
      'awsathena://athena.eu-west-3.amazonaws.com',
    );
    assert.equal(ns(conn({ connType: 'aws' }), { bucket: 'raw-zone' }), 's3://raw-zone');
    assert.equal(ns(conn({ connType: 'google_cloud_platform' })), 'bigquery');
    assert.equal(ns(conn({ connType: 'google_cloud_platform' }), { bucket: 'landing' }), 'gs://landing');
    assert.equal(ns(conn({ connType: 'sftp', host: '192.168.4.20' })), 'file://192.168.4.20:22');
    assert.equal(ns(conn({ connType: 'ftp', host: '192.168.4.21' })), 'file://192.168.4.21:21');
    const named = namespaceFor(conn({ connType: 'sftp', host: 'drop-box', port: 2022 }));
    assert.equal(named.namespace, 'file://<ip:drop-box>:2022');
    assert.match(named.placeholders[0]!.why, /gethostbyname/);
    assert.equal(
      ns(conn({ connType: 'databricks', host: 'https://ADB-42.azuredatabricks.net/' })),
      'databricks://adb-42.azuredatabricks.net',
    );
    assert.match(namespaceFor(conn({ connType: 'sqlite', host: '/tmp/x.db' })).unsupported!, /no OpenLineage database info/);
  });
});
