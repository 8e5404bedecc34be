/**
 * Helpers for the Great Expectations (`gx/*`) tests: a service with the gx family, a project model built from
 * in-memory workspace files, and the usual fixtures (a data context, checkpoints, requirements).
 */
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createLanguageService, DEFAULT_SETTINGS, ProjectIndex, type LanguageService, type ProjectModel } from '../../server/src/service';
import { gxFamily } from '../../server/src/service/gx/family';
import { byRule, doc, formatDiagnostics, rangeIn, rangeOf } from './helpers';

export const ROOT = 'file:///w/great_expectations/';
export const CONFIG_URI = `${ROOT}great_expectations.yml`;
export const CHECKPOINT_URI = `${ROOT}checkpoints/orders_checkpoint.yml`;
export const REQUIREMENTS_URI = 'file:///w/requirements.txt';

export const OL_CLASS = 'OpenLineageValidationAction';
export const OL_MODULE = 'openlineage.common.provider.great_expectations';

/** The pins of the example project: a supported combination. */
export const SUPPORTED_REQUIREMENTS = 'great_expectations==0.15.34\nopenlineage-integration-common[great_expectations]==1.39.0\n';

let service: LanguageService | undefined;

/** A language service with the gx family (and the built-in ones). */
export function gx(): LanguageService {
  return (service ??= createLanguageService({ families: [gxFamily()] }));
}

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
export function checkpoint(entries: string = olEntry('      openlineage_host: ${OPENLINEAGE_URL}\n'), head = 'class_name: Checkpoint\n'): string {
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

/** A project model from workspace files (URI → text). By default: the data context and supported pins. */
export function project(files: Record<string, string> = { [CONFIG_URI]: CONFIG, [REQUIREMENTS_URI]: SUPPORTED_REQUIREMENTS }): ProjectModel {
  const index = new ProjectIndex();
  for (const [uri, text] of Object.entries(files)) index.update(uri, text);
  return index.model;
}

/** The diagnostics of the gx family for `text` at `uri`. */
export function diagnoseGx(text: string, uri = CHECKPOINT_URI, model: ProjectModel = project(), explicit = false): Diagnostic[] {
  return gx()
    .validate(doc(text, uri, 'yaml'), DEFAULT_SETTINGS, { project: model, ...(explicit ? { explicit } : {}) })
    .filter((d) => String(d.code).startsWith('gx/'));
}

export interface Expect {
  readonly severity: number;
  readonly occurrence?: number;
  readonly uri?: string;
  readonly model?: ProjectModel;
}

/** Asserts that rule `id` reports exactly one diagnostic on `text`, over `needle`, with `severity`. */
export function expectOne(text: string, id: string, needle: string, { severity, occurrence = 1, uri = CHECKPOINT_URI, model = project() }: Expect): Diagnostic {
  const all = diagnoseGx(text, uri, model);
  const hits = byRule(all, id);
  assert.equal(hits.length, 1, `expected one ${id} diagnostic, got:\n${formatDiagnostics(all)}`);
  const d = hits[0]!;
  assert.deepEqual({ code: d.code, severity: d.severity, range: d.range }, { code: id, severity, range: rangeOf(text, needle, occurrence) }, formatDiagnostics(all));
  return d;
}

/** Asserts that rule `id` (or, without one, no gx rule at all above information) reports nothing. */
export function expectNone(text: string, id: string | undefined, uri = CHECKPOINT_URI, model: ProjectModel = project()): void {
  const all = diagnoseGx(text, uri, model);
  const hits = id ? byRule(all, id) : all.filter((d) => (d.severity ?? 1) <= 2);
  assert.deepEqual(hits, [], `expected no ${id ?? 'error or warning'} diagnostic:\n${formatDiagnostics(all)}`);
}

/** Like `expectOne`, with the range given as `needle` inside the first occurrence of `context`. */
export function expectIn(text: string, id: string, context: string, needle: string, options: Expect): Diagnostic {
  const { severity, uri = CHECKPOINT_URI, model = project() } = options;
  const all = diagnoseGx(text, uri, model);
  const hits = byRule(all, id);
  assert.equal(hits.length, 1, `expected one ${id} diagnostic, got:\n${formatDiagnostics(all)}`);
  const d = hits[0]!;
  assert.deepEqual({ code: d.code, severity: d.severity, range: d.range }, { code: id, severity, range: rangeIn(text, context, needle) }, formatDiagnostics(all));
  return d;
}
