/**
 * dbt lineage as dbt-ol will emit it (server/src/service/predict/dbt/): jobs named `<db>.<schema>.<package>.<model>`,
 * datasets in the adapter's namespace, from a manifest or from the models, with env_var profiles as
 * placeholders. Fixtures are small projects written for these tests.
 */
import assert from 'node:assert/strict';
import { sourceFiles, type SqlLineageFn } from '../../server/src/service/predict/types';
import { dbtLineage, jobNameFor, type DbtProjectLineage } from '../../server/src/service/predict/dbt/lineage';
import { MANIFEST_LIMIT } from '../../server/src/service/predict/dbt/manifest';

const W = 'file:///ws/';

function project(files: Record<string, string>, options: Parameters<typeof dbtLineage>[1] = {}): DbtProjectLineage {
  const map = new Map(Object.entries(files).map(([k, v]) => [W + k, v]));
  const all = dbtLineage(sourceFiles(map), options);
  assert.equal(all.length, 1, 'one project');
  return all[0]!;
}

const pairs = (p: DbtProjectLineage) =>
  p.jobs.map((j) => ({
    job: `${j.namespace} ${j.name}`,
    in: j.inputs.map((d) => `${d.namespace} ${d.name}`),
    out: j.outputs.map((d) => `${d.namespace} ${d.name}`),
  }));

const PROJECT = `name: shop\nprofile: warehouse\nmodels:\n  shop:\n    marts:\n      +schema: analytics\n      +tags: [nightly]\n`;
const POSTGRES = `warehouse:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n      host: db.internal\n      port: 6543\n      dbname: sales\n      schema: core\n`;
const SOURCES = `version: 2\nsources:\n  - name: raw\n    schema: landing\n    tables:\n      - name: orders\n        identifier: orders_v2\n      - name: clients\n`;
const MODELS = {
  'shop/dbt_project.yml': PROJECT,
  'shop/profiles.yml': POSTGRES,
  'shop/models/sources.yml': SOURCES,
  'shop/models/staging/stg_orders.sql': `select * from {{ source('raw', 'orders') }}`,
  'shop/models/staging/stg_clients.sql': `{{ config(alias='clients_clean') }}\nselect * from {{ source("raw", "clients") }}`,
  'shop/models/marts/revenue.sql': `select o.id, c.name from {{ ref('stg_orders') }} o join {{ ref('shop', 'stg_clients') }} c on o.cid = c.id join {{ ref('fx_rates') }} f on 1=1`,
  'shop/seeds/fx_rates.csv': 'ccy,rate\n',
};

describe('predict/dbt: projects read from their models (no manifest)', () => {
  it('names jobs and datasets as dbt-ol does: target database and schema, custom schema, alias, sources by name', () => {
    const p = project(MODELS);
    assert.equal(p.from, 'files');
    assert.equal(p.rootUri, `${W}shop/`);
    assert.equal(p.wrapperJob, 'dbt-run-shop');
    assert.deepEqual(pairs(p), [
      {
        job: 'dbt sales.core_analytics.shop.revenue',
        in: ['postgres://db.internal:6543 sales.core.stg_orders', 'postgres://db.internal:6543 sales.core.clients_clean'],
        out: ['postgres://db.internal:6543 sales.core_analytics.revenue'],
      },
      {
        job: 'dbt sales.core.shop.stg_clients',
        in: ['postgres://db.internal:6543 sales.landing.clients'],
        out: ['postgres://db.internal:6543 sales.core.clients_clean'],
      },
      {
        job: 'dbt sales.core.shop.stg_orders',
        in: ['postgres://db.internal:6543 sales.landing.orders'],
        out: ['postgres://db.internal:6543 sales.core.stg_orders'],
      },
    ]);
    assert.deepEqual(p.problems, []);
    assert.deepEqual(p.unresolved, []);
  });

  it('leaves seeds out of the inputs, as dbt-ol does, and says so', () => {
    const revenue = project(MODELS).jobs.find((j) => j.name.endsWith('.revenue'))!;
    assert.deepEqual(revenue.notes, [
      'SQL compiled here from the model (no manifest): `ref`/`source` replaced by the relations',
      '`fx_rates` (a seed) is not emitted as an input: dbt-ol reads only model and source parents',
    ]);
  });

  it('points each input at the ref() or source() that makes it', () => {
    const p = project(MODELS);
    const text = MODELS['shop/models/marts/revenue.sql'];
    const revenue = p.jobs.find((j) => j.name.endsWith('.revenue'))!;
    assert.equal(revenue.modelUri, `${W}shop/models/marts/revenue.sql`);
    const at = text.indexOf("ref('shop', 'stg_clients')");
    assert.deepEqual(revenue.inputs[1]!.source, {
      uri: revenue.modelUri,
      range: { start: at, end: at + "ref('shop', 'stg_clients')".length },
    });
    assert.equal(revenue.inputs[1]!.provenance, 'dbt');
  });

  it('lists refs and sources it cannot resolve, with the reason', () => {
    const p = project({
      ...MODELS,
      'shop/models/other.sql': `select * from {{ ref('utils', 'calendar') }} join {{ ref('nowhere') }} join {{ source('raw', 'missing') }} join {{ ref(var('m')) }}`,
    });
    assert.deepEqual(
      p.unresolved.map((u) => `${u.call}: ${u.reason}`),
      [
        "ref('utils', 'calendar'): the package `utils` is not in the workspace (installed by `dbt deps`)",
        "ref('nowhere'): no model, seed or snapshot `nowhere` in the project",
        "source('raw', 'missing'): no source `raw` with a table `missing` in the project’s YAML",
        'ref(…): the name is computed when dbt runs',
      ],
    );
  });

  it('skips disabled models and reads config() given in a {% %} block or in YAML', () => {
    const p = project({
      ...MODELS,
      'shop/models/old.sql': `{{ config(enabled=false) }}\nselect 1`,
      'shop/models/kpi.sql': `{%- set x = 1 -%}\n{{ config(schema='finance', database='lake') }}\nselect 1`,
      'shop/models/props.yml': `version: 2\nmodels:\n  - name: stg_orders\n    config:\n      alias: orders_staged\n`,
    });
    assert.ok(!p.jobs.some((j) => j.name.endsWith('.old')));
    assert.equal(p.jobs.find((j) => j.name.endsWith('.kpi'))!.name, 'lake.core_finance.shop.kpi');
    assert.equal(p.jobs.find((j) => j.name.endsWith('.stg_orders'))!.outputs[0]!.name, 'sales.core.orders_staged');
  });

  it('does not guess a schema when the project overrides generate_schema_name, except the common "as written" one', () => {
    const custom = `{% macro generate_schema_name(custom_schema_name, node) -%}\n  {{ target.name }}_{{ custom_schema_name }}\n{%- endmacro %}`;
    const p = project({ ...MODELS, 'shop/macros/naming.sql': custom });
    const revenue = p.jobs.find((j) => j.name.endsWith('.revenue'))!;
    assert.equal(revenue.outputs[0]!.name, 'sales.<dbt-macro:generate_schema_name>.revenue');
    assert.deepEqual(
      revenue.outputs[0]!.placeholders?.map((x) => x.name),
      ['dbt-macro:generate_schema_name'],
    );
    const asIs = `{% macro generate_schema_name(custom_schema_name, node) -%}\n{%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}\n{%- endmacro %}`;
    const q = project({ ...MODELS, 'shop/macros/naming.sql': asIs });
    assert.equal(q.jobs.find((j) => j.name.endsWith('.revenue'))!.outputs[0]!.name, 'sales.analytics.revenue');
  });

  it('reads snapshots: target_schema as written, job name with .snapshot', () => {
    const p = project({
      ...MODELS,
      'shop/snapshots/orders_hist.sql': `{% snapshot orders_hist %}\n{{ config(target_schema='history', unique_key='id', strategy='check') }}\nselect * from {{ ref('stg_orders') }}\n{% endsnapshot %}\n`,
    });
    const s = p.jobs.find((j) => j.resourceType === 'snapshot')!;
    assert.equal(s.name, 'sales.history.shop.orders_hist.snapshot');
    assert.deepEqual(
      s.inputs.map((d) => d.name),
      ['sales.core.stg_orders'],
    );
    assert.equal(jobNameFor(s, 'build'), 'sales.history.shop.orders_hist.build.snapshot');
  });
});

describe('predict/dbt: profiles', () => {
  const base = { 'proj/dbt_project.yml': 'name: proj\nprofile: main\n', 'proj/models/a.sql': 'select 1' };

  it('snowflake: the account normalised as dbt-ol does, names as written in the profile', () => {
    const p = project({
      ...base,
      'proj/profiles.yml': `main:\n  target: prod\n  outputs:\n    prod:\n      type: snowflake\n      account: xy12345.eu-west-1\n      database: ANALYTICS\n      schema: Mart\n`,
    });
    assert.deepEqual(pairs(p), [{ job: 'dbt ANALYTICS.Mart.proj.a', in: [], out: ['snowflake://xy12345.eu-west-1.aws ANALYTICS.Mart.a'] }]);
    assert.equal(p.dialect, 'snowflake');
  });

  it('bigquery: project and dataset, namespace `bigquery`; an env_var without default is a placeholder', () => {
    const p = project({
      ...base,
      'proj/profiles.yml': `main:\n  target: ci\n  outputs:\n    ci:\n      type: bigquery\n      method: oauth\n      project: acme-data\n      dataset: "{{ env_var('CI_DATASET') }}"\n`,
    });
    const j = p.jobs[0]!;
    assert.equal(j.name, 'acme-data.<env:CI_DATASET>.proj.a');
    assert.equal(j.outputs[0]!.namespace, 'bigquery');
    assert.equal(j.outputs[0]!.name, 'acme-data.<env:CI_DATASET>.a');
    assert.deepEqual(j.outputs[0]!.placeholders, [
      { name: 'env:CI_DATASET', why: 'the environment variable `CI_DATASET` is read when dbt runs' },
    ]);
  });

  it('env_var: the value from options.env first, then the default, filters applied to known values', () => {
    const profiles = `main:\n  target: "{{ env_var('DBT_TARGET', 'dev') }}"\n  outputs:\n    dev:\n      type: redshift\n      host: "{{ env_var('RS_HOST', 'RS.example.com') | lower }}"\n      port: "{{ env_var('RS_PORT') | as_number }}"\n      dbname: dw\n      schema: "{{ env_var('RS_SCHEMA', 'public') }}"\n    prod:\n      type: redshift\n      host: prod.example.com\n      port: 5439\n      dbname: dw\n      schema: prod\n`;
    const dev = project({ ...base, 'proj/profiles.yml': profiles });
    assert.equal(dev.jobs[0]!.outputs[0]!.namespace, 'redshift://rs.example.com:<env:RS_PORT>');
    assert.equal(dev.jobs[0]!.name, 'dw.public.proj.a');
    const prod = project(
      { ...base, 'proj/profiles.yml': profiles },
      {
        env: new Map([
          ['DBT_TARGET', 'prod'],
          ['OPENLINEAGE_NAMESPACE', 'etl'],
        ]),
      },
    );
    assert.deepEqual(pairs(prod), [{ job: 'etl dw.prod.proj.a', in: [], out: ['redshift://prod.example.com:5439 dw.prod.a'] }]);
    const cli = project({ ...base, 'proj/profiles.yml': profiles }, { target: 'prod' });
    assert.equal(cli.jobs[0]!.name, 'dw.prod.proj.a');
  });

  it('finds profiles.yml through DBT_PROFILES_DIR or --profiles-dir written for the machine dbt runs on', () => {
    const files = {
      ...base,
      'conf/dbt/profiles.yml': `main:\n  target: t\n  outputs:\n    t:\n      type: trino\n      host: trino.local\n      port: 8080\n      database: hive\n      schema: web\n`,
      'other/dbt/profiles.yml': `main:\n  target: t\n  outputs:\n    t:\n      type: duckdb\n      path: /data/lake.duckdb\n`,
    };
    const viaEnv = project(files, { env: new Map([['DBT_PROFILES_DIR', '/opt/airflow/conf/dbt']]) });
    assert.deepEqual(pairs(viaEnv), [{ job: 'dbt hive.web.proj.a', in: [], out: ['trino://trino.local:8080 hive.web.a'] }]);
    const viaFlag = project(files, { profilesDir: '/srv/other/dbt/' });
    assert.deepEqual(pairs(viaFlag), [{ job: 'dbt lake.main.proj.a', in: [], out: ['duckdb:///data/lake.duckdb lake.main.a'] }]);
  });

  it('a missing profile: a problem on dbt_project.yml and a namespace placeholder', () => {
    const p = project(base);
    assert.equal(p.problems.length, 1);
    assert.equal(p.problems[0]!.kind, 'connection');
    assert.match(p.problems[0]!.message, /^No profiles\.yml in the workspace defines the dbt profile `main`/);
    assert.deepEqual(p.problems[0]!.source, { uri: `${W}proj/dbt_project.yml`, range: { start: 20, end: 24 } });
    assert.equal(p.jobs[0]!.outputs[0]!.namespace, '<dbt-profile:main>');
    assert.equal(p.jobs[0]!.name, '<dbt-profile:database>.<dbt-profile:schema>.proj.a');
  });

  it('an adapter dbt-ol does not support is a problem at the target output', () => {
    const profiles = `main:\n  target: x\n  outputs:\n    x:\n      type: oracle\n`;
    const p = project({ ...base, 'proj/profiles.yml': profiles });
    assert.match(p.problems[0]!.message, /uses `oracle`, so dbt-ol emits no events/);
    const at = profiles.indexOf('x:\n');
    assert.deepEqual(p.problems[0]!.source.range, { start: at, end: at + 1 });
  });
});

/** A manifest written for these tests: two models, a source, a seed and a test. */
function manifest(extra: Record<string, unknown> = {}): string {
  const node = (id: string, type: string, alias: string, path: string, code?: string) => ({
    unique_id: id,
    resource_type: type,
    package_name: 'fleet',
    name: id.split('.').pop(),
    database: 'ops',
    schema: 'fleet_prod',
    alias,
    original_file_path: path,
    fqn: ['fleet', ...path.split('/').slice(1, -1), id.split('.').pop()],
    tags: type === 'model' ? ['hourly'] : [],
    config: { tags: [] },
    ...(code ? { compiled_code: code } : {}),
  });
  return JSON.stringify({
    metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json', adapter_type: 'postgres' },
    nodes: {
      'model.fleet.trips': node(
        'model.fleet.trips',
        'model',
        'trips',
        'models/core/trips.sql',
        'select t.id, t.km from "ops"."gps"."pings" t',
      ),
      'model.fleet.daily_km': node(
        'model.fleet.daily_km',
        'model',
        'km_per_day',
        'models/marts/daily_km.sql',
        'select sum(km) as km from "ops"."fleet_prod"."trips"',
      ),
      'seed.fleet.depots': node('seed.fleet.depots', 'seed', 'depots', 'seeds/depots.csv'),
      'test.fleet.not_null_trips_id': node('test.fleet.not_null_trips_id', 'test', 'nn', 'models/core/schema.yml'),
    },
    sources: {
      'source.fleet.gps.pings': {
        unique_id: 'source.fleet.gps.pings',
        database: 'ops',
        schema: 'gps',
        name: 'pings',
        identifier: 'pings_raw',
        fqn: ['fleet', 'gps', 'pings'],
        original_file_path: 'models/sources.yml',
      },
    },
    parent_map: {
      'model.fleet.trips': ['source.fleet.gps.pings', 'seed.fleet.depots'],
      'model.fleet.daily_km': ['model.fleet.trips'],
      'test.fleet.not_null_trips_id': ['model.fleet.trips'],
    },
    ...extra,
  });
}

describe('predict/dbt: from target/manifest.json', () => {
  const files = (m: string) => ({
    'fleet/dbt_project.yml': 'name: fleet\nprofile: pg\n',
    'fleet/profiles.yml': `pg:\n  target: prod\n  outputs:\n    prod:\n      type: postgres\n      host: pg\n      port: 5432\n      dbname: ops\n      schema: fleet_prod\n`,
    'fleet/target/manifest.json': m,
  });

  it('uses the manifest nodes: parent_map, alias, source name (not identifier), unique id in the job name', () => {
    const p = project(files(manifest()));
    assert.equal(p.from, 'manifest');
    assert.deepEqual(pairs(p), [
      { job: 'dbt ops.fleet_prod.fleet.trips', in: ['postgres://pg:5432 ops.gps.pings'], out: ['postgres://pg:5432 ops.fleet_prod.trips'] },
      {
        job: 'dbt ops.fleet_prod.fleet.daily_km',
        in: ['postgres://pg:5432 ops.fleet_prod.trips'],
        out: ['postgres://pg:5432 ops.fleet_prod.km_per_day'],
      },
    ]);
    assert.equal(p.jobs[0]!.modelUri, `${W}fleet/models/core/trips.sql`);
    assert.equal(jobNameFor(p.jobs[0]!, 'build'), 'ops.fleet_prod.fleet.trips.build.run');
    assert.equal(jobNameFor(p.jobs[0]!, 'test'), 'ops.fleet_prod.fleet.trips.test');
  });

  it('column lineage from compiled_code through the SQL lineage given, with the generic dialect', () => {
    const calls: string[] = [];
    const sql: SqlLineageFn = (text, o) => {
      calls.push(`${o.dialect}: ${text}`);
      return {
        inputs: [],
        outputs: [],
        columnLineage: text.includes('sum(km)')
          ? [{ output: { table: null, column: 'km' }, inputs: [{ table: 'ops.fleet_prod.trips', column: 'km' }] }]
          : [],
        errors: [],
        templates: [],
      };
    };
    const p = project(files(manifest()), { sql });
    assert.deepEqual(calls, [
      'generic: select t.id, t.km from "ops"."gps"."pings" t',
      'generic: select sum(km) as km from "ops"."fleet_prod"."trips"',
    ]);
    assert.deepEqual(p.jobs[1]!.outputs[0]!.columns, [
      { name: 'km', inputs: [{ namespace: 'postgres://pg:5432', name: 'ops.fleet_prod.trips', field: 'km' }] },
    ]);
    assert.equal(p.jobs[0]!.outputs[0]!.columns, undefined);
  });

  it('an unparseable manifest: a problem where JSON.parse stopped, and the models are read instead', () => {
    const broken = '{"nodes": {"model.x": }';
    const p = project({ ...files(broken), 'fleet/models/solo.sql': 'select 1' });
    assert.equal(p.from, 'files');
    assert.equal(p.problems.length, 1);
    assert.equal(p.problems[0]!.kind, 'file');
    assert.match(
      p.problems[0]!.message,
      /^target\/manifest\.json is not valid JSON \(.*\): the lineage is predicted from the models instead\.$/,
    );
    assert.equal(p.problems[0]!.source.uri, `${W}fleet/target/manifest.json`);
    assert.deepEqual(p.problems[0]!.source.range, { start: 22, end: 22 });
    assert.deepEqual(
      p.jobs.map((j) => j.name),
      ['ops.fleet_prod.fleet.solo'],
    );
  });

  it(`refuses a manifest over ${MANIFEST_LIMIT / 1048576} MB without parsing it`, () => {
    const huge = manifest({ padding: 'x'.repeat(MANIFEST_LIMIT) });
    const started = Date.now();
    const p = project(files(huge));
    assert.ok(Date.now() - started < 1000);
    assert.equal(p.from, 'files');
    assert.match(p.problems[0]!.message, /^target\/manifest\.json is 16\.0 MB, over the 16 MB Lineage Lens reads/);
  });

  it('a sibling Spark profile without a database: names without a database part', () => {
    const spark = `pg:\n  target: prod\n  outputs:\n    prod:\n      type: spark\n      method: thrift\n      host: sts.local\n      schema: bronze\n`;
    const p = project({
      'fleet/dbt_project.yml': 'name: fleet\nprofile: pg\n',
      'fleet/profiles.yml': spark,
      'fleet/models/m.sql': 'select 1',
    });
    assert.deepEqual(pairs(p), [{ job: 'dbt bronze.fleet.m', in: [], out: ['spark://sts.local:10001 bronze.m'] }]);
  });
});

describe('predict/dbt: SQL compiled from the models when there is no manifest', () => {
  it('replaces ref()/source() by quoted relations (backticks for BigQuery) and hands the SQL to the SQL lineage', () => {
    const seen: string[] = [];
    const sql: SqlLineageFn = (text) => (seen.push(text), { inputs: [], outputs: [], columnLineage: [], errors: [], templates: [] });
    project(
      {
        'bq/dbt_project.yml': 'name: bq\nprofile: g\n',
        'bq/profiles.yml': `g:\n  target: t\n  outputs:\n    t:\n      type: bigquery\n      project: p-1\n      dataset: d\n`,
        'bq/models/a.sql': `{{ config(materialized='table') }}\nselect x from {{ ref('b') }}`,
        'bq/models/b.sql': `select {{ var('col') }} from t`,
      },
      { sql },
    );
    assert.deepEqual(seen, ['\nselect x from `p-1`.`d`.`b`']);
  });

  it('a profile chosen by an environment variable: one placeholder naming it', () => {
    const p = project({ 'x/dbt_project.yml': `name: x\nprofile: "{{ env_var('WHICH') }}"\n`, 'x/models/m.sql': 'select 1' });
    assert.equal(p.jobs[0]!.outputs[0]!.namespace, '<dbt-profile:env:WHICH>');
    assert.match(p.problems[0]!.message, /^The dbt profile name is set when dbt runs/);
  });
});

describe('predict/dbt: Jinja in config() arguments', () => {
  it('config(schema=env_var(…)) renders like a profile value: the default, else a placeholder', () => {
    const p = project({
      'j/dbt_project.yml': 'name: j\nprofile: p\n',
      'j/profiles.yml': `p:\n  target: t\n  outputs:\n    t:\n      type: postgres\n      host: h\n      port: 1\n      dbname: d\n      schema: s\n`,
      'j/models/a.sql': `{{ config(schema=env_var('A_SCHEMA', 'alpha')) }} select 1`,
      'j/models/b.sql': `{{ config(schema=env_var("B_SCHEMA")) }} select 1`,
    });
    assert.deepEqual(
      p.jobs.map((j) => j.outputs[0]!.name),
      ['d.s_alpha.a', 'd.s_<env:B_SCHEMA>.b'],
    );
  });
});
