/**
 * Airflow Variables for predictions: `{{ var.value.get('k', 'd') }}` and `{{ var.value.k }}` rendered from the
 * project's airflow_settings.yaml and AIRFLOW_VAR_* settings (the environment wins), the default when the
 * project does not define one, the template kept when there is neither.
 */
import assert from 'node:assert/strict';
import { WorkspaceFiles } from '../../server/src/service/predict/files';
import { airflowVariables, renderVariables } from '../../server/src/service/predict/variables';
import { projectOf, ws } from '../support/harness';

describe('Airflow Variables in predictions', () => {
  const files = new WorkspaceFiles();
  files.set(
    ws('airflow_settings.yaml'),
    'airflow:\n  variables:\n    - variable_name: dbt_target\n      variable_value: staging\n    - variable_name: region\n      variable_value: eu\n',
  );
  const vars = airflowVariables(projectOf({ '.env': 'AIRFLOW_VAR_REGION=us\n' }), files);

  it('reads airflow_settings.yaml, with AIRFLOW_VAR_* winning', () => {
    assert.deepEqual([...vars].sort(), [
      ['dbt_target', 'staging'],
      ['region', 'us'],
    ]);
  });

  it('renders get() and attribute forms, falls back to the default, keeps what it cannot answer', () => {
    assert.equal(renderVariables("dbt-ol run --target {{ var.value.get('dbt_target', 'dev') }}", vars), 'dbt-ol run --target staging');
    assert.equal(renderVariables('--vars region={{ var.value.region }}', vars), '--vars region=us');
    assert.equal(renderVariables("--target {{ var.value.get('missing', 'dev') }}", vars), '--target dev');
    assert.equal(renderVariables('--target {{ var.value.missing }} {{ ds }}', vars), '--target {{ var.value.missing }} {{ ds }}');
  });
});
