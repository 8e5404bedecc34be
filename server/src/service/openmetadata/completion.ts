/** Completion of OpenMetadata `[lineage]` options (airflow.cfg) and `AIRFLOW__LINEAGE__*` names (env files). */
import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ProjectModel } from '../project/model';
import type { SettingsDocument } from '../settings/model';
import { BACKEND_CURRENT, BACKEND_OLD, BACKEND_RENAMED_IN, envName, OM_KEYS, omKey, VERIFY_SSL_VALUES, type OmKey } from './catalog';
import type { LineageView } from './config';
import { keyDoc } from './hover';
import { atLeast, omVersion } from './versions';

const COMPLETABLE = OM_KEYS.filter((k) => k.complete);

function escapeSnippet(s: string): string {
  return s.replace(/[$}\\]/g, '\\$&');
}

/** The backend class paths in the order that fits the workspace's openmetadata-ingestion version. */
function backendPaths(project: ProjectModel): string[] {
  return atLeast(omVersion(project), BACKEND_RENAMED_IN) === false ? [BACKEND_OLD, BACKEND_CURRENT] : [BACKEND_CURRENT, BACKEND_OLD];
}

function valueSnippet(spec: OmKey, project: ProjectModel): string {
  if (spec.key === 'backend') return `\${1|${backendPaths(project).join(',')}|}`;
  if (spec.type === 'enum') return `\${1|${spec.values!.join(',')}|}`;
  if (spec.type === 'literal-true') return '${1|true,false|}';
  return `\${1:${escapeSnippet(spec.default ?? '')}}`;
}

/** Key and value completion inside the `[lineage]` section of an airflow.cfg. */
export function cfgCompletion(
  textDoc: TextDocument,
  offset: number,
  doc: SettingsDocument,
  view: LineageView | undefined,
  project: ProjectModel,
): CompletionItem[] {
  const text = textDoc.getText();
  const section = [...doc.sections].reverse().find((s) => s.range.start <= offset);
  if (!section || section.name !== 'lineage' || offset < section.range.end + 1) return [];
  if (view?.backend.kind === 'other') return [];
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  const prefix = text.slice(lineStart, offset);
  const rest = text.slice(offset, lineEnd).trim();
  const rangeFrom = (start: number) => ({ start: textDoc.positionAt(start), end: textDoc.positionAt(offset) });
  let m: RegExpExecArray | null;
  if ((m = /^([A-Za-z_]*)$/.exec(prefix))) {
    const start = offset - m[1]!.length;
    const set = new Set(
      (view?.settings ?? []).filter((s) => !(s.setting.keyRange.start <= offset && offset <= s.setting.keyRange.end)).map((s) => s.option),
    );
    return COMPLETABLE.filter((k) => !set.has(k.key)).map((spec, i) => ({
      label: spec.key,
      kind: CompletionItemKind.Property,
      detail: 'OpenMetadata lineage backend',
      documentation: { kind: 'markdown', value: keyDoc(spec, project) },
      sortText: String(i).padStart(2, '0'),
      ...(rest === ''
        ? {
            textEdit: { range: rangeFrom(start), newText: `${spec.key} = ${valueSnippet(spec, project)}` },
            insertTextFormat: InsertTextFormat.Snippet,
          }
        : { textEdit: { range: rangeFrom(start), newText: spec.key } }),
    }));
  }
  if ((m = /^([A-Za-z_]+)\s*[=:]\s*(\S*)$/.exec(prefix))) {
    const spec = omKey(m[1]!);
    if (!spec) return [];
    const start = offset - m[2]!.length;
    const values =
      spec.key === 'backend'
        ? backendPaths(project)
        : spec.key === 'verify_ssl'
          ? [...VERIFY_SSL_VALUES]
          : spec.type === 'literal-true'
            ? ['true', 'false']
            : [];
    return values.map((v, i) => ({
      label: v,
      kind: CompletionItemKind.Value,
      detail:
        spec.key === 'backend'
          ? v === BACKEND_CURRENT
            ? `openmetadata-ingestion ${BACKEND_RENAMED_IN} and later`
            : 'openmetadata-ingestion 0.13.0 and older'
          : `[lineage] ${spec.key}`,
      sortText: String(i).padStart(2, '0'),
      textEdit: { range: rangeFrom(start), newText: v },
    }));
  }
  return [];
}

/** `AIRFLOW__LINEAGE__…` names in .env files, Dockerfiles and docker-compose files. */
export function envCompletion(
  textDoc: TextDocument,
  offset: number,
  view: LineageView | undefined,
  project: ProjectModel,
): CompletionItem[] {
  if (view?.backend.kind === 'other') return [];
  const text = textDoc.getText();
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  const m = /(?:^|[\s'"-])(AIRFLOW__LINEAGE__[A-Za-z0-9_]*)$/i.exec(prefix);
  if (!m) return [];
  const start = offset - m[1]!.length;
  const set = new Set(
    (view?.settings ?? []).filter((s) => !(s.setting.keyRange.start <= offset && offset <= s.setting.keyRange.end)).map((s) => s.option),
  );
  const range = { start: textDoc.positionAt(start), end: textDoc.positionAt(offset) };
  return COMPLETABLE.filter((k) => !set.has(k.key)).map((spec, i) => ({
    label: envName(spec.key),
    kind: CompletionItemKind.Variable,
    detail: 'OpenMetadata lineage backend',
    documentation: { kind: 'markdown', value: keyDoc(spec, project) },
    sortText: String(i).padStart(2, '0'),
    textEdit: { range, newText: envName(spec.key) },
  }));
}
