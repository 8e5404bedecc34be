/**
 * "What does Lineage Lens know about this file's project?": the hover on a DAG file's first line. It shows
 * the project folder, the Airflow version and the evidence it rests on (or why it is unknown), OpenLineage
 * packages, openlineage-spark pins, where lineage settings are written, and whether `.airflowignore`
 * excludes the file. Every value comes from workspace files, so it is quoted as untrusted text.
 */
import { mdCode, mdText } from '../../../../common/markdown';
import { formatVersion } from '../util/version';
import { decodePath, shownPath } from '../util/path';
import { upperFirst } from '../text/wording';
import type { ProjectModel } from './model';
import { airflowVersionUnknown, describeAirflowVersion, describeRequirement } from './wording';

const LINEAGE_PACKAGES = [
  'apache-airflow-providers-openlineage',
  'openlineage-airflow',
  'openlineage-python',
  'openlineage-integration-common',
  'openlineage-dbt',
  'great-expectations',
  'openmetadata-ingestion',
];

export function projectHover(project: ProjectModel): string {
  const lines: string[] = ['**Lineage Lens: this file’s project**', ''];
  const folder = project.root ? shortFolder(project.root) : 'the whole workspace (no project folder above this file)';
  lines.push(`- Project: ${project.root ? mdCode(folder) : folder}`);
  lines.push(
    `- ${project.airflow ? mdText(describeAirflowVersion(project.airflow)) : `Airflow: ${mdText(upperFirst(airflowVersionUnknown(project)))}`}`,
  );
  if (project.airflowIgnored)
    lines.push(
      `- Excluded by ${mdCode('.airflowignore')} (pattern ${mdCode(project.airflowIgnored.pattern)}): Airflow never parses it, so DAG checks are off here.`,
    );
  const pkgs = LINEAGE_PACKAGES.flatMap((n) => {
    const p = project.packages.get(n);
    return p ? [mdText(describeRequirement(p))] : [];
  });
  lines.push(`- Lineage packages: ${pkgs.length ? pkgs.join('; ') : 'none declared'}`);
  if (project.sparkPins.length) {
    const seen = new Set<string>();
    const pins = project.sparkPins.filter((p) => !seen.has(formatVersion(p.version)) && seen.add(formatVersion(p.version)));
    lines.push(`- openlineage-spark: ${pins.map((p) => `${mdText(p.text)} (${mdCode(p.written)})`).join(', ')}`);
  }
  const lineage = project.settings.filter(
    (s) => s.section === 'openlineage' || /^OPENLINEAGE_/.test(s.key) || s.key.startsWith('OPENLINEAGE__'),
  );
  const files = [...new Set(lineage.map((s) => s.source.uri))].map((u) => mdCode(shownPath(u, project.root)));
  lines.push(`- Lineage settings: ${lineage.length ? `${lineage.length} in ${files.join(', ')}` : 'none found'}`);
  lines.push(`- Read from ${project.files.length} project file${project.files.length === 1 ? '' : 's'}.`);
  return lines.join('\n');
}

/** The last two folders of a project folder URI: `…/course/chapter-2/`. */
function shortFolder(root: string): string {
  const parts = decodePath(root.replace(/^[a-z]+:\/\/[^/]*/i, ''))
    .split('/')
    .filter(Boolean);
  return parts.length > 2 ? `…/${parts.slice(-2).join('/')}/` : `/${parts.join('/')}/`;
}
