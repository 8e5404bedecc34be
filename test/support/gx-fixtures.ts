/**
 * Fixtures of the Great Expectations (`gx/*`) tests: a data context with two operators, checkpoints built
 * around an OpenLineage action entry, and the workspace of the example project (the data context and supported
 * pins).
 */
import type { ProjectModel } from '../../server/src/service';
import { projectOf, validate, type Files } from './harness';

export const GX_ROOT = 'file:///w/great_expectations/';
export const CONFIG_URI = `${GX_ROOT}great_expectations.yml`;
export const CHECKPOINT_URI = `${GX_ROOT}checkpoints/orders_checkpoint.yml`;
export const REQUIREMENTS_URI = 'file:///w/requirements.txt';

export const OL_CLASS = 'OpenLineageValidationAction';
export const OL_MODULE = 'openlineage.common.provider.great_expectations';

/** The pins of the example project: a supported combination. */
export const SUPPORTED_REQUIREMENTS = 'great_expectations==0.15.34\nopenlineage-integration-common[great_expectations]==1.39.0\n';

/** A data context with two operators: one with the OpenLineage action, one without. */
export const CONFIG = `config_version: 3.0
datasources: {}
validation_operators:
  action_list_operator:
    class_name: ActionListValidationOperator
    action_list:
      - name: store_validation_result
        action:
          class_name: StoreValidationResultAction
      - name: openlineage
        action:
          class_name: ${OL_CLASS}
          module_name: ${OL_MODULE}
          openlineage_host: \${OPENLINEAGE_URL}
          openlineage_apiKey: \${OPENLINEAGE_API_KEY}
          openlineage_namespace: acme
          job_name: ge_validation
  plain_operator:
    class_name: ActionListValidationOperator
    action_list:
      - name: store_validation_result
        action:
          class_name: StoreValidationResultAction
`;

/** The OpenLineage entry of an action_list (at the checkpoint's top level), with extra action lines. */
export function olEntry(extra = '', head = `      class_name: ${OL_CLASS}\n      module_name: ${OL_MODULE}\n`): string {
  return `  - name: openlineage\n    action:\n${head}${extra}`;
}

/** A Checkpoint (config_version 1.0) whose action_list ends with `entries`. */
export function checkpoint(
  entries: string = olEntry('      openlineage_host: ${OPENLINEAGE_URL}\n'),
  head = 'class_name: Checkpoint\n',
): string {
  return `name: orders_checkpoint
config_version: 1.0
${head}module_name: great_expectations.checkpoint
validations:
  - batch_request:
      datasource_name: warehouse
      data_asset_name: public.orders
    expectation_suite_name: orders.critical
action_list:
  - name: store_validation_result
    action:
      class_name: StoreValidationResultAction
${entries}`;
}

/** A LegacyCheckpoint naming `operator`. */
export function legacyCheckpoint(operator: string | undefined): string {
  return `name: legacy
module_name: great_expectations.checkpoint
class_name: LegacyCheckpoint
${operator !== undefined ? `validation_operator_name: ${operator}\n` : ''}batches:
  - batch_kwargs:
      table: orders
    expectation_suite_names:
      - orders.critical
`;
}

/** The default workspace: the data context and the supported pins. */
export const GX_FILES: Files = { [CONFIG_URI]: CONFIG, [REQUIREMENTS_URI]: SUPPORTED_REQUIREMENTS };

/** The workspace of the example project (data context and supported pins). */
export const GX_PROJECT = projectOf(GX_FILES);

/** The `gx/*` diagnostics of the YAML file at `uri`. */
export const checkGx = (uri: string, text: string, project: ProjectModel = GX_PROJECT, explicit = false) =>
  validate(uri, text, { project, explicit, family: 'gx', languageId: 'yaml' });
