/**
 * Hover documentation for Great Expectations files: the OpenLineage action's class, module and every
 * parameter (meaning, type, default, docs), the version verdict the rules use, and what a checkpoint's
 * `validation_operator_name` refers to.
 */
import type { HoverResult } from '../family';
import { describeSource, type GxContextFact } from '../project/model';
import { isTemplated } from '../util/template';
import type { YamlPair } from '../yaml/ast';
import {
  CHECKPOINT_CLASSES,
  DOCS,
  GE_DEFAULT_ACTION_MODULE,
  lookupParam,
  OL_ACTION_CLASS,
  OL_MODULES,
  PARAMS,
  type ParamSpec,
} from './catalog';
import { clean, paramPairs, scalarOf, shortPath, within, type GxAction, type GxDocument } from './model';
import { intendedParam } from './rules/unknown-parameter';
import { yamlActionVerdict, type GxVersions } from './versions';
import { mdCode, mdText } from '../../../../common/markdown';

const LINKS = `[OpenLineage docs](${DOCS.integration}) · [Source](${DOCS.source})`;

const TYPE_LABEL: Record<ParamSpec['type'], string> = {
  url: 'string (an http(s) URL)',
  string: 'string',
  secret: 'string (a secret: reference it as `${VAR}`, do not write it literally)',
  uuid: 'string (a UUID)',
  boolean: '`true` or `false`',
  discriminator: '`"openlineage"`',
};

export function paramDoc(spec: ParamSpec): string {
  const facts = [`Type: ${TYPE_LABEL[spec.type]}`, `Default: ${spec.default}`];
  if (spec.since) facts.push(`Since: openlineage-integration-common ${spec.since}`);
  const gx1 = spec.gx1Only ? '\n\nGX 1.x only: not accepted in a YAML `action_list`.' : '';
  return `**\`${spec.name}\`** — parameter of \`${OL_ACTION_CLASS}\`\n\n${spec.description}${gx1}\n\n${facts.join(' · ')}\n\n${LINKS}`;
}

export function classDoc(versions: GxVersions): string {
  const verdict = yamlActionVerdict(versions);
  const mark = verdict.severity === 'error' ? '✖' : verdict.severity === 'warning' ? '⚠' : verdict.severity ? 'ℹ' : '✔';
  return [
    `**\`${OL_ACTION_CLASS}\`** — OpenLineage action for Great Expectations (\`openlineage-integration-common[great_expectations]\`)`,
    'After each validation it emits an OpenLineage COMPLETE run event: the validated datasets with `dataQualityMetrics` and `greatExpectations_assertions` facets, `dataSource` and `schema`, the `great_expectations_meta` run facet, and `parent` when the parent parameters are set.',
    `Module: \`${OL_MODULES[0]}\` (or \`${OL_MODULES[1]}\`). Parameters: ${PARAMS.filter((p) => !p.gx1Only)
      .map((p) => `\`${p.name}\``)
      .join(', ')}.`,
    `**Versions** ${mark} ${verdict.text}`,
    LINKS,
  ].join('\n\n');
}

function moduleDoc(value: string | undefined): string {
  const ok = value !== undefined && (OL_MODULES as readonly string[]).includes(value);
  const head = value ? `**${mdCode(value)}**` : '**`module_name`**';
  const body = ok
    ? `The OpenLineage Great Expectations integration${value === OL_MODULES[0] ? ' (the package, which re-exports the action)' : ' (the module defining the action)'}; both \`${OL_MODULES[0]}\` and \`${OL_MODULES[1]}\` work (since 0.3.x).`
    : `The Python module Great Expectations imports \`class_name\` from. Without it, Great Expectations looks in \`${GE_DEFAULT_ACTION_MODULE}\`. \`${OL_ACTION_CLASS}\` lives in \`${OL_MODULES[0]}\` (or \`${OL_MODULES[1]}\`).`;
  return `${head}\n\n${body}\n\nInstall: \`pip install openlineage-integration-common[great_expectations]\`\n\n${LINKS}`;
}

function templateNote(value: string): string {
  return isTemplated(value)
    ? `\n\n${mdCode(value)} is substituted when the checkpoint runs, from \`config_variables.yml\` or the environment.`
    : '';
}

function actionHover(action: GxAction, offset: number, versions: GxVersions): HoverResult | undefined {
  const cp = action.classPair;
  const mp = action.modulePair;
  const ol = action.flavor !== 'other';
  if (cp && within(cp.key.range, offset)) {
    return {
      range: cp.key.range,
      markdown: `**\`class_name\`** — the action class Great Expectations builds for this entry.\n\nFor lineage: \`${OL_ACTION_CLASS}\`, with \`module_name: ${OL_MODULES[0]}\`.\n\n${LINKS}`,
    };
  }
  if (cp?.value && within(cp.value.range, offset) && action.className === OL_ACTION_CLASS) {
    return { range: cp.value.range, markdown: classDoc(versions) };
  }
  if (mp && (within(mp.key.range, offset) || (mp.value && within(mp.value.range, offset))) && (ol || within(mp.key.range, offset))) {
    const onValue = !within(mp.key.range, offset);
    return { range: onValue ? mp.value!.range : mp.key.range, markdown: moduleDoc(onValue ? action.moduleName : undefined) };
  }
  if (!ol) return undefined;
  for (const p of paramPairs(action)) {
    const onKey = within(p.key.range, offset);
    const onValue = !!p.value && within(p.value.range, offset);
    if (!onKey && !onValue) continue;
    const range = onKey ? p.key.range : p.value!.range;
    const spec = lookupParam(p.key.value);
    if (!spec) {
      const intended = intendedParam(p.key.value);
      return {
        range,
        markdown: `**${mdCode(p.key.value)}** is not a parameter of \`${OL_ACTION_CLASS}\`${intended ? `; did you mean \`${intended}\`?` : '.'}\n\n${LINKS}`,
      };
    }
    const value = scalarOf(p.value);
    return { range, markdown: paramDoc(spec) + (onValue && value ? templateNote(clean(value.value)) : '') };
  }
  return undefined;
}

function operatorHover(p: YamlPair, context: GxContextFact | undefined, className: string): HoverResult | undefined {
  const s = scalarOf(p.value);
  if (!s) return undefined;
  const name = clean(s.value);
  const legacy = className === 'LegacyCheckpoint';
  const use = legacy
    ? 'This LegacyCheckpoint runs that operator’s `action_list`.'
    : `A ${mdCode(className)} ignores \`validation_operator_name\` and runs its own \`action_list\` (only LegacyCheckpoint uses it).`;
  if (!context)
    return {
      range: s.range,
      markdown: `**Validation operator ${mdCode(name)}**\n\n${use}\n\nNo \`great_expectations.yml\` was found above this checkpoint.`,
    };
  const op = context.operators.find((o) => o.name === name);
  if (!op)
    return {
      range: s.range,
      markdown: `**Validation operator ${mdCode(name)}** — not defined in ${mdCode(shortPath(context.uri))}\n\n${use}`,
    };
  const lineage = op.hasOpenLineageAction
    ? `Its \`action_list\` has \`${OL_ACTION_CLASS}\`: it emits lineage.`
    : `Its \`action_list\` has no \`${OL_ACTION_CLASS}\`: it emits no lineage.`;
  return {
    range: s.range,
    markdown: `**Validation operator ${mdCode(name)}** — defined in ${mdText(describeSource(op.source))}\n\n${lineage}\n\n${use}`,
  };
}

const CHECKPOINT_DOCS: Record<string, string> = {
  Checkpoint:
    'Runs its `validations` and then its own `action_list` (config_version 1.0, Great Expectations 0.13–0.18). `validation_operator_name` is not used.',
  LegacyCheckpoint:
    'A v2-API checkpoint: validates its `batches` with the validation operator named by `validation_operator_name` (defined under `validation_operators` in `great_expectations.yml`), whose `action_list` runs afterwards.',
  SimpleCheckpoint:
    'A Checkpoint with a default `action_list` (store results, store evaluation parameters, update data docs) built from `site_names`, `slack_webhook`, `notify_on`.',
};

export function gxHover(
  doc: GxDocument,
  offset: number,
  versions: GxVersions,
  context: GxContextFact | undefined,
): HoverResult | undefined {
  for (const action of doc.actions) {
    const h = actionHover(action, offset, versions);
    if (h) return h;
  }
  for (const op of doc.operators) {
    if (!within(op.pair.key.range, offset)) continue;
    const lineage = op.hasOpenLineage
      ? `Its \`action_list\` has \`${OL_ACTION_CLASS}\`: LegacyCheckpoints that name it (${mdCode(`validation_operator_name: ${op.name}`)}) emit lineage.`
      : `Its \`action_list\` has no \`${OL_ACTION_CLASS}\`: LegacyCheckpoints that name it emit no lineage.`;
    return {
      range: op.pair.key.range,
      markdown: `**Validation operator ${mdCode(op.name)}**\n\n${lineage}\n\nOnly LegacyCheckpoints (and \`context.run_validation_operator\`) use validation operators; a \`Checkpoint\` runs its own \`action_list\`.`,
    };
  }
  const cp = doc.checkpoint;
  if (cp?.operatorPair?.value && within(cp.operatorPair.value.range, offset)) return operatorHover(cp.operatorPair, context, cp.className);
  if (
    cp?.classPair?.value &&
    within(cp.classPair.value.range, offset) &&
    (CHECKPOINT_CLASSES as readonly string[]).includes(cp.className)
  ) {
    return { range: cp.classPair.value.range, markdown: `**${mdCode(cp.className)}**\n\n${CHECKPOINT_DOCS[cp.className]}` };
  }
  return undefined;
}
