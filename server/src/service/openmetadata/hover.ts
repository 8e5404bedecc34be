/** Hover documentation for OpenMetadata `[lineage]` options (any syntax) and for the callbacks in DAG files. */
import type { HoverResult } from '../family';
import type { ProjectModel } from '../project/model';
import { describeSource } from '../project/model';
import {
  BACKEND_CURRENT,
  BACKEND_DOCSTRING,
  BACKEND_OLD,
  BACKEND_RENAMED_IN,
  CALLBACK_MODULE,
  CALLBACKS,
  CONFIG_FILE_ENV,
  envName,
  OM_DOCS,
  OM_PACKAGE,
  omKey,
  type CallbackName,
  type OmKey,
} from './catalog';
import type { LineageView } from './config';
import type { DagFacts } from './dag';
import { airflowVerdict, atLeast, omVersion } from './versions';
import { mdCode, mdText } from '../../../../common/markdown';

const within = (r: { start: number; end: number }, offset: number) => r.start <= offset && offset <= r.end && r.end > r.start;

/** Hover over an option's key or value in a settings file. */
export function settingsHover(view: LineageView, project: ProjectModel, offset: number): HoverResult | undefined {
  if (view.backend.kind === 'other') return undefined;
  for (const s of view.settings) {
    const spec = omKey(s.option);
    if (!spec) continue;
    if (within(s.setting.keyRange, offset)) return { markdown: keyDoc(spec, project), range: s.setting.keyRange };
    if (s.option === 'backend' && s.setting.valueKind === 'literal' && within(s.setting.valueRange, offset)) {
      const md = backendValueDoc(s.setting.value.trim(), project);
      if (md) return { markdown: md, range: s.setting.valueRange };
    }
  }
  return undefined;
}

/** The markdown for a key (also the documentation of completion items). */
export function keyDoc(spec: OmKey, project: ProjectModel | undefined): string {
  const facts: string[] = [`Type: ${typeLabel(spec)}`];
  if (spec.default !== undefined) facts.push(`Default: \`${spec.default}\``);
  facts.push(`Env: \`${envName(spec.key)}\``);
  if (spec.versions) facts.push(`Versions: ${spec.versions}`);
  const parts = [`**\`[lineage] ${spec.key}\`** — OpenMetadata lineage backend`, spec.description, facts.join(' · ')];
  if (spec.legacy) parts.push(`Deprecated: the newest ${OM_PACKAGE} ignores it and always authenticates with \`jwt_token\`.`);
  if (spec.unverified) parts.push(`⚠ Unverified: ${spec.unverified}.`);
  if (spec.key === 'airflow_service_name')
    parts.push(`Instead of \`[lineage]\`, the loader can read a JSON file named by the \`${CONFIG_FILE_ENV}\` environment variable.`);
  if (project) parts.push(projectFacts(spec, project));
  parts.push(`[Documentation](${OM_DOCS})`);
  return parts.join('\n\n');
}

/** What the verdicts about this key rest on in this workspace. */
function projectFacts(spec: OmKey, project: ProjectModel): string {
  const om = omVersion(project);
  const airflow = airflowVerdict(project);
  const lines: string[] = [];
  lines.push(om ? `In this workspace: ${mdText(om.how)}.` : `In this workspace: ${OM_PACKAGE} is not declared, so its version is unknown.`);
  if (spec.key === 'backend') {
    const current = atLeast(om, BACKEND_RENAMED_IN);
    lines.push(
      current === false
        ? `That version's class is \`${BACKEND_OLD}\`.`
        : current === true
          ? `That version's class is \`${BACKEND_CURRENT}\`.`
          : `Use \`${BACKEND_CURRENT}\` with ${BACKEND_RENAMED_IN} or later, \`${BACKEND_OLD}\` with 0.13.0 or older.`,
    );
    lines.push(
      airflow
        ? airflow.major3
          ? `${mdText(airflow.how)}: Airflow 3 removed lineage backends, so this backend is never loaded.`
          : `${mdText(airflow.how)}: lineage backends still work on Airflow 2.x.`
        : 'The Airflow version is unknown: this backend only works on Airflow 2.x (Airflow 3 removed lineage backends).',
    );
  }
  const set = project.settings.filter((f) => f.section === 'lineage' && f.option === spec.key);
  if (set.length) lines.push(`Set in ${set.map((f) => mdText(describeSource(f.source))).join(', ')}.`);
  return lines.join(' ');
}

function typeLabel(spec: OmKey): string {
  switch (spec.type) {
    case 'enum':
      return `one of ${spec.values!.map((v) => `\`${v}\``).join(', ')}`;
    case 'literal-true':
      return 'only the exact string `true` is true';
    case 'integer':
      return 'integer';
    case 'url':
      return 'URL (with `/api`)';
    case 'secret':
      return 'string (a secret: set it from the environment, not in a file)';
    case 'class':
      return 'class path';
    case 'connection':
      return 'Airflow connection id (type `openmetadata_api`)';
    default:
      return 'string';
  }
}

function backendValueDoc(value: string, project: ProjectModel): string | undefined {
  const om = omVersion(project);
  const basis = om
    ? `In this workspace: ${mdText(om.how)}.`
    : `In this workspace: ${OM_PACKAGE} is not declared, so its version is unknown.`;
  if (value === BACKEND_CURRENT)
    return `**OpenMetadata lineage backend** (${OM_PACKAGE} ${BACKEND_RENAMED_IN} and later)\n\nSends each DAG, its tasks' status and the lineage of its inlets/outlets to OpenMetadata after every task. Airflow 2.x only.\n\n${basis}\n\n[Documentation](${OM_DOCS})`;
  if (value === BACKEND_OLD)
    return `**OpenMetadata lineage backend**, class path of ${OM_PACKAGE} 0.13.0 and older\n\n${BACKEND_RENAMED_IN} renamed it to \`${BACKEND_CURRENT}\`.\n\n${basis}\n\n[Documentation](${OM_DOCS})`;
  if (value === BACKEND_DOCSTRING)
    return `**OpenMetadata lineage backend**, as written in its docstring\n\nThe class is defined in \`${BACKEND_CURRENT}\` (${BACKEND_RENAMED_IN}+) or \`${BACKEND_OLD}\` (0.13.0 and older).\n\n${basis}\n\n[Documentation](${OM_DOCS})`;
  return undefined;
}

/** Hover over an OpenMetadata callback in a DAG file (its import or its use). */
export function dagHover(dag: DagFacts, project: ProjectModel, offset: number): HoverResult | undefined {
  for (const imp of dag.imports) {
    if (imp.module !== CALLBACK_MODULE) continue;
    for (const n of imp.names)
      if (n.name in CALLBACKS && within(n.range, offset)) return { markdown: callbackDoc(n.name as CallbackName, project), range: n.range };
  }
  for (const use of dag.uses) if (within(use.range, offset)) return { markdown: callbackDoc(use.callback, project), range: use.range };
  return undefined;
}

function callbackDoc(name: CallbackName, project: ProjectModel): string {
  const slot = CALLBACKS[name];
  const what =
    name === 'failure_callback'
      ? "Records the failed task's status in OpenMetadata (older versions, before 0.13.1, also sent the lineage of its inlets/outlets)."
      : "Records the successful task's status in OpenMetadata.";
  const config = project.settings.filter(
    (s) => (s.section === 'lineage' && s.option === 'airflow_service_name') || s.key === CONFIG_FILE_ENV,
  );
  const where = !project.files.length
    ? ''
    : config.length
      ? `\n\nConfigured in ${config.map((s) => mdText(describeSource(s.source))).join(', ')}.`
      : '\n\nNo file in this workspace sets `[lineage] airflow_service_name` (or `OPENMETADATA_LINEAGE_CONFIG`).';
  return `**${mdCode(`${CALLBACK_MODULE}.${name}`)}** — OpenMetadata callback\n\nPass it as \`${slot}\` (DAG \`default_args\` or a task). ${what} It reads the same \`[lineage]\` configuration as the lineage backend.${where}\n\n[Documentation](${OM_DOCS})`;
}
