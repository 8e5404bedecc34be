/**
 * Set Up Integration keeps the namespace a workspace already uses: where each integration writes one, and
 * values resolved at run time ignored.
 */
import assert from 'node:assert/strict';
import { existingNamespace } from '../../server/src/service/setup/namespace';

const find = (files: Record<string, string>) => existingNamespace(new Map(Object.entries(files)));

describe('setup: the namespace already in use', () => {
  it('reads it where each integration writes it', () => {
    assert.deepEqual(find({ 'spark/conf/spark-defaults.conf': 'spark.master yarn\nspark.openlineage.namespace     acme_spark\n' }), {
      namespace: 'acme_spark',
      path: 'spark/conf/spark-defaults.conf',
    });
    assert.deepEqual(find({ 'databricks/cluster.conf': 'spark.openlineage.namespace=dbx_prod\n' })?.namespace, 'dbx_prod');
    assert.deepEqual(find({ '.env': 'AIRFLOW__OPENLINEAGE__NAMESPACE="acme_local"\n' })?.namespace, 'acme_local');
    assert.deepEqual(find({ '.env': 'OPENLINEAGE_URL=http://x\nOPENLINEAGE_NAMESPACE=acme\n' })?.namespace, 'acme');
    assert.deepEqual(find({ Dockerfile: 'FROM x\nENV AIRFLOW__OPENLINEAGE__NAMESPACE=acme_docker\n' })?.namespace, 'acme_docker');
    assert.deepEqual(
      find({ 'airflow.cfg': '[core]\nnamespace = not_this\n[openlineage]\ntransport = {}\nnamespace = from_cfg\n' })?.namespace,
      'from_cfg',
    );
    assert.deepEqual(
      find({ 'great_expectations/checkpoints/c.yml': 'action_list:\n  - action:\n      openlineage_namespace: gx_ns\n' })?.namespace,
      'gx_ns',
    );
  });

  it('ignores values resolved at run time, and says nothing when there is none', () => {
    assert.equal(
      find({ '.env': 'OPENLINEAGE_NAMESPACE=${NS}\n', 'spark-defaults.conf': 'spark.openlineage.namespace {{secrets/a/b}}\n' }),
      undefined,
    );
    assert.equal(find({ 'airflow.cfg': '[core]\nnamespace = core_only\n' }), undefined);
    assert.equal(find({}), undefined);
  });
});
