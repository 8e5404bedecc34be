/**
 * The `dags/*` rules on Airflow Datasets/Assets: URI and name rules (asset-uri), provider shapes
 * (asset-provider-uri), silent rewrites (asset-uri-normalization) and the imports the Airflow version has
 * (asset-import). Each has bad cases (exact range, severity, fix result) and good cases; version-dependent
 * verdicts are checked with the version known, unverified and unknown.
 */
import assert from 'node:assert/strict';
import { DiagnosticTag } from 'vscode-languageserver-types';
import { checkShape, providerShape, splitUri } from '../../server/src/service/dags/uri';
import { applyFix, byRule, type Files, fixTitles, formatDiagnostics, msg, none, one, validate } from '../support/harness';
import { AIRFLOW2, AIRFLOW3, ASTRO12 } from '../support/airflow-workspaces';

/** A DAG file's `dags/*` diagnostics through the service, with a project made of exactly `files`. */
const lint = (text: string, files: Files = {}) => validate('file:///w/dags/dag.py', text, { project: files, family: 'dags' });

const PG2 = { 'requirements.txt': 'apache-airflow==2.10.4\napache-airflow-providers-postgres==6.0.0\n' };
const PG3 = { 'requirements.txt': 'apache-airflow==3.0.2\napache-airflow-providers-postgres==6.0.0\n' };
const PG_ONLY = { 'requirements.txt': 'apache-airflow-providers-postgres==6.0.0\n' };

/** A DAG file with Airflow 2 imports whose one task has `outlets=[<outlet>]`, plus module-level `defs`. */
function dag2(outlet: string, defs = ''): string {
  return `from airflow import DAG\nfrom airflow.datasets import Dataset\nfrom airflow.operators.bash import BashOperator\n${defs}\nwith DAG("d", schedule=None) as dag:\n    BashOperator(task_id="t", bash_command="true", outlets=[${outlet}])\n`;
}

/** The same with Airflow 3 imports (`Asset` from airflow.sdk). */
function dag3(outlet: string, defs = ''): string {
  return `from airflow.sdk import DAG, Asset\nfrom airflow.providers.standard.operators.bash import BashOperator\n${defs}\nwith DAG("d", schedule=None) as dag:\n    BashOperator(task_id="t", bash_command="true", outlets=[${outlet}])\n`;
}

describe('dags rules: assets', () => {
  describe('uri helpers', () => {
    it('split URIs like Python urlsplit (scheme lower-cased, netloc only after //)', () => {
      const u = splitUri('Postgres://user:pw@host:5432/db/s/t?b=1#frag');
      assert.deepEqual(
        [u.scheme, u.schemeWritten, u.netloc, u.path, u.query, u.fragment],
        ['postgres', 'Postgres', 'user:pw@host:5432', '/db/s/t', 'b=1', 'frag'],
      );
      const plain = splitUri('orders_table');
      assert.deepEqual([plain.scheme, plain.netloc], ['', '']);
      assert.equal(splitUri('postgres:host/db').netloc, '');
    });

    it("know the providers' shapes and find what misses them", () => {
      assert.equal(providerShape('POSTGRESQL')?.provider, 'apache-airflow-providers-postgres');
      assert.equal(providerShape('ftp'), undefined);
      assert.equal(checkShape(splitUri('postgres://h:5432/db/public/t')), undefined);
      assert.equal(checkShape(splitUri('postgres://h/db/public/t/')), undefined, 'trailing / is stripped first');
      assert.match(checkShape(splitUri('postgres://h/db/t'))!.message, /has 2 path parts/);
      assert.match(checkShape(splitUri('mysql://h/db/s/t'))!.message, /exactly 2: database and table/);
      assert.match(checkShape(splitUri('s3:///key'))!.message, /no bucket name/);
      assert.match(checkShape(splitUri('postgres://h:abc/db/s/t'))!.message, /port `abc`/);
      assert.equal(checkShape(splitUri('bigquery://proj/ds/t')), undefined);
      assert.equal(checkShape(splitUri('wasbs://c@acct.blob.core.windows.net/p')), undefined);
    });
  });

  describe('dags/asset-uri', () => {
    const id = 'dags/asset-uri';

    it('reports an empty URI on its quotes, whatever the version', () => {
      const text = dag2('Dataset("")');
      const h = one(lint(text), id, '""', 'error');
      assert.match(msg(h), /empty/);
      one(lint(dag3('Asset(name="x", uri="")')), id, '""', 'error');
    });

    it('reports a whitespace-only URI', () => {
      one(lint(dag2('Dataset("   ")')), id, '   ', 'error', { in: 'Dataset("   ")' });
    });

    it('reports the reserved airflow scheme on the scheme', () => {
      const l = lint(dag2('Dataset("airflow://dag/x")'));
      const h = one(l, id, 'airflow', 'error', { in: '"airflow://' });
      assert.match(msg(h), /reserved/);
      assert.match(msg(h), /x-<name>/);
    });

    it('leaves x- schemes, plain names, templates and expressions alone', () => {
      none(lint(dag2('Dataset("x-my://user:pw@anything")')), id);
      none(lint(dag2('Dataset("orders")')), id);
      none(lint(dag2('Dataset("s3://{{ var.value.bucket }}/k")')), id);
      none(lint(dag2('Dataset(f"s3://{BUCKET}/k")', 'BUCKET = "b"')), id);
      none(lint(dag2('Dataset(uri_from_env())')), id);
    });

    it('reports a URI over 3000 characters on every version', () => {
      const long = `s3://b/${'k'.repeat(3000)}`;
      const h = one(lint(dag2(`Dataset("${long}")`)), id, long, 'error');
      assert.match(msg(h), /3007 characters/);
    });

    it('reports 1501–3000 characters by version: error on Airflow 3, nothing on 2, information when unknown', () => {
      const long = `s3://b/${'k'.repeat(1500)}`;
      one(lint(dag3(`Asset("${long}")`), AIRFLOW3), id, long, 'error');
      // `Asset` alone says Airflow 3, even when the workspace does not.
      one(lint(dag3(`Asset("${long}")`)), id, long, 'error');
      none(lint(dag2(`Dataset("${long}")`), AIRFLOW2), id);
      const unknown = one(lint(dag2(`Dataset("${long}")`)), id, long, 'information');
      assert.match(msg(unknown), /does not declare/);
      // An unverified Airflow 3 (Astro Runtime 3.x) gives a warning.
      one(lint(dag2(`Dataset("${long}")`), { Dockerfile: 'FROM quay.io/astronomer/astro-runtime:3.0-2\n' }), id, long, 'warning');
    });

    it('reports non-ASCII on Airflow 2 (error), unknown (warning), and not on Airflow 3 without MySQL', () => {
      const text = dag2('Dataset("s3://b/café")');
      const h = one(lint(text, AIRFLOW2), id, 'é', 'error');
      assert.match(msg(h), /apache-airflow==2\.10\.4 in requirements\.txt/);
      one(lint(text, ASTRO12), id, 'é', 'warning');
      one(lint(text), id, 'é', 'warning');
      none(lint(text, AIRFLOW3), id);
      one(lint(text, { ...AIRFLOW3, '.env': 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=mysql+mysqldb://u:p@db/airflow\n' }), id, 'é', 'error');
    });

    it('reports the reserved names self and context on Airflow 3', () => {
      const h = one(lint(dag3('Asset(name="self", uri="s3://b/k")')), id, 'self', 'error', { in: '"self"' });
      assert.match(msg(h), /reserved/);
      one(lint(dag3('Asset("context")')), id, 'context', 'error');
      none(lint(dag2('Dataset("context")'), AIRFLOW2), id);
    });

    it('warns that user info is dropped, with a fix removing it', () => {
      const text = dag2('Dataset("s3://me:secret@bucket/key")');
      const h = one(lint(text, AIRFLOW2), id, 'me:secret@', 'warning');
      assert.doesNotMatch(msg(h), /secret/, 'the password is not repeated');
      assert.equal(applyFix(h), dag2('Dataset("s3://bucket/key")'));
      // Airflow 3 drops only passwords; Airflow 2 any user info.
      none(lint(dag3('Asset("ftp://me@host/f")'), AIRFLOW3), id);
      one(lint(dag2('Dataset("ftp://me@host/f")'), AIRFLOW2), id, 'me@', 'warning');
      one(lint(dag2('Dataset("ftp://me@host/f")')), id, 'me@', 'information');
    });

    it('says Airflow 2 drops the container of a wasbs URI', () => {
      const h = one(lint(dag2('Dataset("wasbs://data@acct.blob.core.windows.net/p")'), AIRFLOW2), id, 'data@', 'warning');
      assert.match(msg(h), /loses its container/);
      none(lint(dag3('Asset("wasbs://data@acct.blob.core.windows.net/p")'), AIRFLOW3), id);
    });

    it('reports an object bound to a name once, at its definition, however often it is used', () => {
      const text = `from airflow import DAG\nfrom airflow.datasets import Dataset\nfrom airflow.operators.bash import BashOperator\nBAD = Dataset("")\nwith DAG("d", schedule=[BAD]) as dag:\n    BashOperator(task_id="a", bash_command="true", outlets=[BAD])\n    BashOperator(task_id="b", bash_command="true", inlets=[BAD])\n`;
      one(lint(text), id, '""', 'error');
    });
  });

  describe('dags/asset-provider-uri', () => {
    const id = 'dags/asset-provider-uri';
    const bad = 'postgres://warehouse:5432/analytics/orders';

    it('errors on a postgres URI without the schema on Airflow 3 with the provider installed', () => {
      const text = dag3(`Asset("${bad}")`);
      const h = one(lint(text, PG3), id, '/analytics/orders', 'error');
      assert.match(msg(h), /postgres:\/\/host\[:port\]\/database\/schema\/table/);
      assert.match(msg(h), /apache-airflow-providers-postgres==6\.0\.0 in requirements\.txt/);
      assert.match(msg(h), /Airflow 3\.0\.2/);
    });

    it('warns on Airflow 2 (the normaliser only warns), errors with strict validation on', () => {
      const text = dag2(`Dataset("${bad}")`);
      const h = one(lint(text, PG2), id, '/analytics/orders', 'warning');
      assert.match(msg(h), /not AIP-60 compliant/);
      one(lint(text, { ...PG2, 'airflow.cfg': '[core]\nstrict_dataset_uri_validation = True\n' }), id, '/analytics/orders', 'error');
    });

    it('only informs before Airflow 2.9, which had no provider normalisers', () => {
      const h = one(
        lint(dag2(`Dataset("${bad}")`), { 'requirements.txt': 'apache-airflow==2.8.4\napache-airflow-providers-postgres==5.10.0\n' }),
        id,
        '/analytics/orders',
        'information',
      );
      assert.match(msg(h), /Airflow 2\.9/);
    });

    it('warns, saying the check rests on the provider, when the provider is not declared', () => {
      const h = one(lint(dag3(`Asset("${bad}")`), AIRFLOW3), id, '/analytics/orders', 'warning');
      assert.match(msg(h), /rests on apache-airflow-providers-postgres being installed/);
    });

    it('warns when the Airflow version is unknown', () => {
      one(lint(dag2(`Dataset("${bad}")`), PG_ONLY), id, '/analytics/orders', 'warning');
    });

    it('points at the missing host and the bad port', () => {
      one(lint(dag3('Asset("postgres:///db/s/t")'), PG3), id, 'postgres://', 'error');
      one(lint(dag3('Asset("postgres://h:abc/db/s/t")'), PG3), id, 'abc', 'error');
      one(
        lint(dag3('Asset("s3:///key")'), { 'requirements.txt': 'apache-airflow==3.0.2\napache-airflow-providers-amazon==9.2.0\n' }),
        id,
        's3://',
        'error',
      );
    });

    it('accepts URIs of the right shape, other schemes and plain names', () => {
      none(lint(dag3('Asset("postgres://warehouse:5432/analytics/public/orders")'), PG3), id);
      none(lint(dag3('Asset("postgresql://warehouse/analytics/public/orders/")'), PG3), id);
      none(lint(dag3('Asset("mysql://db/shop/orders")'), PG3), id);
      none(lint(dag3('Asset("bigquery://proj/ds/t")'), PG3), id);
      none(lint(dag3('Asset("ftp://h/anything")'), PG3), id);
      none(lint(dag3('Asset("orders")'), PG3), id);
      none(lint(dag3('Asset(name="orders", uri="postgres://{{ var.value.host }}/db/t")'), PG3), id);
    });

    it('checks the uri of Asset(name, uri), not the name', () => {
      one(lint(dag3(`Asset("orders", "${bad}")`), PG3), id, '/analytics/orders', 'error');
      one(lint(dag3(`Asset(name="orders", uri="${bad}")`), PG3), id, '/analytics/orders', 'error');
    });
  });

  describe('dags/asset-uri-normalization', () => {
    const id = 'dags/asset-uri-normalization';

    it('notes an upper-case scheme, with a fix writing it in lower case', () => {
      const text = dag2('Dataset("S3://bucket/key")');
      const l = lint(text);
      const h = one(l, id, 'S3', 'information');
      assert.equal(applyFix(h), dag2('Dataset("s3://bucket/key")'));
    });

    it('notes a fragment, with a fix removing it', () => {
      const text = dag2('Dataset("s3://bucket/key#v2")');
      const l = lint(text);
      const h = one(l, id, '#v2', 'information');
      assert.equal(applyFix(h), dag2('Dataset("s3://bucket/key")'));
    });

    it('leaves lower-case schemes, x- schemes and plain names alone', () => {
      none(lint(dag2('Dataset("s3://bucket/key")')), id);
      none(lint(dag2('Dataset("X-Mine://a#b")')), id);
      none(lint(dag2('Dataset("orders#1")')), id);
    });
  });

  describe('dags/asset-import', () => {
    const id = 'dags/asset-import';

    it('warns about airflow.datasets on Airflow 3, with a fix importing Asset from airflow.sdk under the same name', () => {
      const text = dag2('Dataset("s3://b/k")');
      const l = lint(text, AIRFLOW3);
      const h = one(l, id, 'Dataset', 'warning');
      assert.match(msg(h), /deprecated alias/);
      assert.match(msg(h), /Airflow 3\.0\.2 \(from apache-airflow==3\.0\.2 in requirements\.txt\)/);
      assert.deepEqual(h.tags, [DiagnosticTag.Deprecated]);
      assert.equal(applyFix(h), text.replace('from airflow.datasets import Dataset', 'from airflow.sdk import Asset as Dataset'));
    });

    it('rewrites parenthesised and aliased imports, keeping a trailing comment', () => {
      const text =
        'from airflow import DAG\nfrom airflow.datasets import (\n    Dataset as DS,\n    DatasetAlias,\n)  # lineage\nfrom airflow.operators.bash import BashOperator\nwith DAG("d") as dag:\n    BashOperator(task_id="t", bash_command="true", outlets=[DS("s3://b/k")])\n';
      const l = lint(text, AIRFLOW3);
      const hits = byRule(l, id);
      assert.equal(hits.length, 2, formatDiagnostics(l));
      assert.equal(
        applyFix(hits[0]!),
        text.replace(
          /from airflow\.datasets import \(\n {4}Dataset as DS,\n {4}DatasetAlias,\n\)/,
          'from airflow.sdk import Asset as DS, AssetAlias as DatasetAlias',
        ),
      );
      const single = 'from airflow import DAG\nfrom airflow.datasets import Dataset  # data\n';
      const s = lint(single, AIRFLOW3);
      assert.equal(applyFix(byRule(s, id)[0]!), 'from airflow import DAG\nfrom airflow.sdk import Asset as Dataset  # data\n');
    });

    it('offers no fix for names airflow.sdk has under another shape', () => {
      const l = lint('from airflow import DAG\nfrom airflow.datasets import Dataset, expand_alias_to_datasets\n', AIRFLOW3);
      const hits = byRule(l, id);
      assert.deepEqual(
        hits.map((h) => fixTitles(h)),
        [[], []],
      );
    });

    it('errors on airflow.sdk assets on a verified Airflow 2, warns when unverified', () => {
      const text = dag3('Asset("s3://b/k")');
      const h = one(lint(text, AIRFLOW2), id, 'Asset', 'error');
      assert.match(msg(h), /from airflow\.datasets import Dataset/);
      one(lint(text, ASTRO12), id, 'Asset', 'warning');
    });

    it('errors on airflow.datasets before Airflow 2.4', () => {
      const h = one(lint(dag2('Dataset("s3://b/k")'), { 'requirements.txt': 'apache-airflow==2.3.4\n' }), id, 'Dataset', 'error');
      assert.match(msg(h), /added in Airflow 2\.4/);
    });

    it('says nothing when the forms match the version, or when the version is unknown', () => {
      none(lint(dag2('Dataset("s3://b/k")'), AIRFLOW2), id);
      none(lint(dag3('Asset("s3://b/k")'), AIRFLOW3), id);
      none(lint(dag2('Dataset("s3://b/k")')), id);
      none(lint(dag3('Asset("s3://b/k")')), id);
      // The compat provider's Asset exists on both.
      none(lint('from airflow import DAG\nfrom airflow.providers.common.compat.assets import Asset\n', AIRFLOW2), id);
    });
  });
});
