/**
 * Verify Setup's report: per integration found in the workspace, whether its configuration would actually
 * send lineage (from the language server's check of every file, `lineageLens/setupReport`), with links to the
 * lines at fault; and the endpoint's checks. Pure: no vscode, so the unit tests check the verdicts and text.
 */
import type { SetupReportProblem, SetupReportResult } from '../../../protocol/setup';
import { mdCode, mdText } from '../../../common/markdown';
import type { CheckStep, EndpointCheckResult } from './endpoint-check';

export type IntegrationVerdict = 'sends' | 'doubtful' | 'broken';

export interface IntegrationStatus {
  id: string;
  label: string;
  verdict: IntegrationVerdict;
  /** One line: why this verdict. */
  summary: string;
  /** Files of the integration (URIs). */
  files: string[];
  /** Its errors and warnings, errors first. */
  problems: SetupReportProblem[];
}

interface IntegrationSpec {
  id: string;
  label: string;
  /** Rule id prefixes of its family. */
  codes: string[];
  families: string[];
  packages: string[];
  detect?: (project: SetupReportResult['project']) => boolean;
}

const INTEGRATIONS: IntegrationSpec[] = [
  {
    id: 'airflow',
    label: 'Airflow (OpenLineage provider, or openlineage-airflow)',
    codes: ['airflow/'],
    families: ['airflow'],
    packages: ['apache-airflow-providers-openlineage', 'openlineage-airflow'],
    detect: (p) => p.settings.some((s) => s.section === 'openlineage' || s.key.startsWith('OPENLINEAGE_')),
  },
  { id: 'dags', label: 'Airflow DAG inlets and outlets', codes: ['dags/'], families: ['dags'], packages: [] },
  { id: 'spark', label: 'Spark and Databricks', codes: ['spark/'], families: ['spark'], packages: [] },
  { id: 'gx', label: 'Great Expectations', codes: ['gx/'], families: ['gx'], packages: [], detect: (p) => p.gxContexts > 0 },
  { id: 'dbt', label: 'dbt (dbt-ol)', codes: ['dbt/'], families: ['dbt'], packages: ['openlineage-dbt'] },
  { id: 'ol-config', label: 'openlineage.yml', codes: ['ol-config/'], families: ['ol-config'], packages: [] },
  {
    id: 'openmetadata',
    label: 'OpenMetadata lineage backend',
    codes: ['openmetadata/'],
    families: ['openmetadata'],
    packages: ['openmetadata-ingestion', 'openmetadata-managed-apis'],
  },
];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The status of every integration the workspace uses; those it does not use are left out. */
export function integrationStatuses(report: SetupReportResult): IntegrationStatus[] {
  const out: IntegrationStatus[] = [];
  for (const spec of INTEGRATIONS) {
    const files = report.files.filter((f) => spec.families.includes(f.family)).map((f) => f.uri);
    const packages = report.project.packages.filter((p) => spec.packages.includes(p.name));
    const problems = report.problems
      .filter((p) => spec.codes.some((c) => p.code.startsWith(c)) && (p.severity === 'error' || p.severity === 'warning'))
      .sort(
        (a, b) =>
          (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
          a.uri.localeCompare(b.uri) ||
          a.range.start.line - b.range.start.line,
      );
    const detected = files.length > 0 || packages.length > 0 || problems.length > 0 || (spec.detect?.(report.project) ?? false);
    if (!detected) continue;
    const errors = problems.filter((p) => p.severity === 'error').length;
    const warnings = problems.length - errors;
    const verdict: IntegrationVerdict = errors > 0 ? 'broken' : warnings > 0 ? 'doubtful' : 'sends';
    const where = files.length > 0 ? ` in ${plural(files.length, 'file')}` : '';
    const summary =
      verdict === 'broken'
        ? `Would not send lineage as configured: ${plural(errors, 'error')}${warnings ? ` and ${plural(warnings, 'warning')}` : ''}${where}.`
        : verdict === 'doubtful'
          ? `May not send lineage: ${plural(warnings, 'warning')}${where}.`
          : `Configured to send lineage: no errors or warnings${where}.`;
    out.push({ id: spec.id, label: spec.label, verdict, summary, files, problems });
  }
  return out;
}

// Plain symbols, not emoji: they render in every font, and the words say it for screen readers too.
const STEP_ICON: Record<CheckStep['status'], string> = { pass: '✓ pass', warn: '⚠ warning', fail: '✗ **failed**', skip: '– skipped' };
const VERDICT_ICON: Record<IntegrationVerdict, string> = { sends: '✓', doubtful: '⚠', broken: '✗' };

/** Markdown text is data here: escape what Markdown would interpret (names, paths, server messages). */
const md = (text: string): string => mdText(text, Infinity);
/** Names, URLs and ids as code spans, whole and on one line. */
const quote = (text: string): string => mdCode(text, Infinity, 'space');

/** A link target that stays one: the characters that would end or break it are percent-encoded. */
function linkTarget(uri: string): string {
  return uri.replace(/[()<>\\\s`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function relative(uri: string, folders: readonly string[]): string {
  const folder = folders.find((f) => uri.startsWith(f.endsWith('/') ? f : `${f}/`));
  return decodeURIComponent(folder ? uri.slice(folder.length).replace(/^\//, '') : uri.replace(/^file:\/\//, ''));
}

/** The report as Markdown: endpoint steps, then each integration with links to its problems' lines. */
export function reportMarkdown(input: {
  endpoint?: EndpointCheckResult & { url: string };
  endpointMissing?: string;
  setup?: SetupReportResult;
  setupError?: string;
  now: Date;
}): string {
  const lines: string[] = ['# Lineage Lens: Verify Setup', '', `_${input.now.toISOString().replace('T', ' ').slice(0, 19)} UTC_`, ''];
  lines.push('## Endpoint', '');
  if (input.endpoint) {
    lines.push(quote(input.endpoint.url), '', '| Check | | Result |', '|---|---|---|');
    for (const s of input.endpoint.steps)
      lines.push(
        `| ${s.label} | ${STEP_ICON[s.status]} | ${md(s.detail)}${s.ms !== undefined ? ` (${s.ms} ms)` : ''}${s.fix ? `<br>**Fix:** ${md(s.fix)}` : ''} |`,
      );
    lines.push('');
    const t = input.endpoint.test;
    if (t)
      lines.push(
        t.readBack
          ? `The test run is job ${quote(t.job)} in namespace ${quote(t.namespace)} (run ${quote(t.runId)}); it opens in the lineage graph.`
          : `The test run was sent as job ${quote(t.job)} in namespace ${quote(t.namespace)} (run ${quote(t.runId)}).`,
        '',
      );
  } else lines.push(md(input.endpointMissing ?? 'No endpoint is set.'), '');

  lines.push('## Integrations in this workspace', '');
  if (!input.setup) {
    lines.push(md(input.setupError ?? 'The language server could not check the workspace.'), '');
    return lines.join('\n');
  }
  const statuses = integrationStatuses(input.setup);
  if (statuses.length === 0) {
    lines.push('No OpenLineage integration was found in the workspace. Run **Lineage Lens: Set Up Integration** to add one.', '');
    return lines.join('\n');
  }
  for (const s of statuses) {
    lines.push(`### ${VERDICT_ICON[s.verdict]} ${md(s.label)}`, '', md(s.summary), '');
    const shown = s.problems.slice(0, 20);
    for (const p of shown) {
      const file = relative(p.uri, input.setup.folders);
      lines.push(
        `- ${p.severity === 'error' ? '✗ error' : '⚠ warning'}: [${md(file)}:${p.range.start.line + 1}](${linkTarget(p.uri)}#L${p.range.start.line + 1}) ${md(p.message)} ${quote(p.code)}`,
      );
    }
    if (s.problems.length > shown.length)
      lines.push(`- … and ${s.problems.length - shown.length} more: run \`lineage-lens check\` for all of them.`);
    if (shown.length > 0) lines.push('');
  }
  return lines.join('\n');
}
