import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver-types';
import type { DocInput } from '../family';
import { envName, versionsOf } from './analysis';
import { ENV_VARS, OPTIONS, SECTION, type OptionSpec } from './catalog';
import type { AirflowDocument } from './document';
import { envDoc, optionDoc } from './hover';
import { lineTexts } from '../text/lines';

function valueSnippet(spec: OptionSpec): string {
  if (spec.type === 'boolean') return '${1|False,True|}';
  if (spec.type === 'integer') return `\${1:${spec.default ?? '0'}}`;
  if (spec.type === 'transport-json') return '{"type": "${1|http,console,file,kafka,composite|}", "url": "${2:http://localhost:5000}"}';
  if (spec.type === 'policy-json') return '[{"scope": {"dag_id": "${1:my_dag}"}, "controls": {"emit": ${2|false,true|}}}]';
  return '$1';
}

/**
 * Completion of option names in airflow.cfg's `[openlineage]` section, and of `AIRFLOW__OPENLINEAGE__*` and
 * `OPENLINEAGE_*` names in `.env`, Dockerfile `ENV` and docker-compose `environment`.
 */
export function airflowCompletion(doc: AirflowDocument | undefined, input: DocInput, offset: number): CompletionItem[] {
  const text = input.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  const rest = text.slice(offset, (text.indexOf('\n', offset) + 1 || text.length + 1) - 1).trim();
  const name = input.uri.slice(input.uri.lastIndexOf('/') + 1).toLowerCase();
  const versions = versionsOf(input.project);
  const range = (start: number) => ({ start: input.doc.positionAt(start), end: input.doc.positionAt(offset) });

  if (doc?.kind === 'airflow-cfg' || name === 'airflow.cfg') {
    const m = /^\s*([A-Za-z_]*)$/.exec(prefix);
    if (!m) return [];
    const header = [...text.slice(0, lineStart).matchAll(/^[^\S\r\n\u2028\u2029]*\[([^\]\r\n]+)\][^\S\r\n\u2028\u2029]*$/gm)].pop();
    if (header?.[1]?.trim() !== SECTION) return [];
    const sectionStart = header.index!;
    const set = new Set(
      (doc?.settings?.settings ?? [])
        .filter(
          (s) => s.section === SECTION && s.keyRange.start >= sectionStart && !(s.keyRange.start <= offset && offset <= s.keyRange.end),
        )
        .map((s) => s.key.toLowerCase()),
    );
    return OPTIONS.filter((o) => !set.has(o.name)).map((o) => ({
      label: o.name,
      kind: CompletionItemKind.Property,
      detail: `[openlineage] · ${o.type}${o.deprecatedSince ? ' · deprecated' : ''}`,
      documentation: { kind: 'markdown', value: optionDoc(o, versions) },
      textEdit: { range: range(offset - m[1]!.length), newText: rest === '' ? `${o.name} = ${valueSnippet(o)}` : o.name },
      insertTextFormat: InsertTextFormat.Snippet,
      sortText: `${o.deprecatedSince ? '1' : '0'}${o.name}`,
      ...(o.deprecatedSince ? { tags: [1] } : {}),
    }));
  }

  const kind =
    doc?.kind ??
    (name === '.env' || name.endsWith('.env')
      ? 'env-file'
      : /^dockerfile/.test(name)
        ? 'dockerfile'
        : /^(docker-)?compose[\w.-]*\.ya?ml$/.test(name)
          ? 'compose'
          : undefined);
  let m: RegExpExecArray | null;
  let sep: string;
  if (kind === 'env-file') {
    if (!(m = /^\s*(?:export\s+)?([A-Za-z_0-9]*)$/.exec(prefix))) return [];
    sep = '=';
  } else if (kind === 'dockerfile') {
    if (!(m = /^\s*ENV\s+(?:\S+=\S*\s+)*([A-Za-z_0-9]*)$/i.exec(prefix))) return [];
    sep = '=';
  } else if (kind === 'compose') {
    const list = /^\s*-\s+["']?([A-Za-z_0-9]*)$/.exec(prefix);
    const map = /^\s+([A-Za-z_0-9]*)$/.exec(prefix);
    // Only inside an `environment:` block: the nearest less-indented key above is `environment`.
    const indent = /^\s*/.exec(prefix)![0].length;
    const above = lineTexts(text.slice(0, lineStart))
      .reverse()
      .find((l) => l.trim() && /^\s*/.exec(l)![0].length < indent && !/^\s*-/.test(l));
    if (!above || !/^\s*environment:\s*$/.test(above)) return [];
    m = list ?? map;
    if (!m) return [];
    sep = list ? '=' : ': ';
  } else return [];
  const typed = m[1]!;
  const start = offset - typed.length;
  const withValue = rest === '';
  const items: CompletionItem[] = [];
  OPTIONS.forEach((o, i) => {
    const label = envName(o.name);
    items.push({
      label,
      kind: CompletionItemKind.Variable,
      detail: `[openlineage] ${o.name}`,
      documentation: { kind: 'markdown', value: optionDoc(o, versions) },
      textEdit: { range: range(start), newText: withValue ? `${label}${sep}` : label },
      sortText: `0${o.deprecatedSince ? '1' : '0'}${String(i).padStart(2, '0')}`,
      ...(o.deprecatedSince ? { tags: [1] } : {}),
    });
  });
  ENV_VARS.filter((e) => !e.replacement).forEach((e, i) => {
    items.push({
      label: e.name,
      kind: CompletionItemKind.Variable,
      detail: e.type,
      documentation: { kind: 'markdown', value: envDoc(e) },
      textEdit: { range: range(start), newText: withValue ? `${e.name}${sep}` : e.name },
      sortText: `1${String(i).padStart(2, '0')}`,
    });
  });
  return items;
}
