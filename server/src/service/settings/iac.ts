/**
 * MWAA `airflow_configuration_options` written in infrastructure code: AWS CDK in Python
 * (`airflow_configuration_options={"openlineage.transport": json.dumps({...})}`) or TypeScript
 * (`airflowConfigurationOptions: {'openlineage.transport': JSON.stringify({...})}`), and Terraform
 * (`airflow_configuration_options = { "openlineage.transport" = jsonencode({...}) }`). MWAA writes each
 * `section.option` key into the environment's Airflow configuration.
 *
 * Read as text: every string key `"openlineage.<option>"` followed by `:` or `=` in a file that mentions the
 * options map (the map may be built in a variable first). A string literal value is the value; any other
 * expression (`json.dumps(…)`, `jsonencode(…)`, a variable) is kept as written, as an expression.
 */
import type { Setting, SettingsDocument } from './model';

/** A cheap test before reading: the file mentions MWAA's configuration options and an OpenLineage option. */
export const IAC_RELEVANT = /airflow_?configuration_?options/i;

const KEY = /(["'])(openlineage|lineage)\.([A-Za-z_]+)\1\s*(:|=(?!=))\s*/g;

export function parseIacOptions(text: string): SettingsDocument {
  const settings: Setting[] = [];
  if (!IAC_RELEVANT.test(text)) return { form: 'iac', settings, sections: [], images: [], syntaxProblems: [] };
  KEY.lastIndex = 0;
  for (let m = KEY.exec(text); m; m = KEY.exec(text)) {
    const keyStart = m.index + 1 + m[2]!.length + 1;
    const option = m[3]!;
    const vStart = m.index + m[0].length;
    const v = readValue(text, vStart);
    const literal = v.string !== undefined;
    settings.push({
      source: 'cfg',
      key: option,
      keyRange: { start: keyStart, end: keyStart + option.length },
      section: m[2]!.toLowerCase(),
      value: literal ? v.string! : text.slice(vStart, v.end),
      valueRange: literal ? { start: vStart + 1, end: v.end - 1 } : { start: vStart, end: v.end },
      valueExact: literal ? v.exact : true,
      valueKind: literal ? 'literal' : 'expression',
      span: { start: m.index, end: v.end },
      insertAfter: { offset: v.end, format: (k, val) => `, "openlineage.${k}": ${JSON.stringify(val)}` },
    });
    KEY.lastIndex = Math.max(KEY.lastIndex, v.end);
  }
  return { form: 'iac', settings, sections: [], images: [], syntaxProblems: [] };
}

/**
 * The value expression starting at `at`: a string literal (decoded when it has no escapes), or everything up
 * to the `,`, `}` or end of line that ends it at bracket depth 0.
 */
function readValue(text: string, at: number): { end: number; string?: string; exact: boolean } {
  const q = text[at];
  if (q === '"' || q === "'") {
    let i = at + 1;
    let escaped = false;
    while (i < text.length && text[i] !== q && text[i] !== '\n') {
      if (text[i] === '\\') {
        escaped = true;
        i++;
      }
      i++;
    }
    const close = i;
    // A string followed by more expression (`"a" + b`, a Python f-string's neighbour) is an expression.
    const after = /^\s*([,}\n\r]|$)/.test(text.slice(close + 1, close + 3));
    if (text[close] === q && after) return { end: close + 1, string: text.slice(at + 1, close), exact: !escaped };
  }
  let depth = 0;
  let i = at;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const close = text.indexOf(c, i + 1);
      i = close < 0 ? text.length : close + 1;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (c === ',' || c === '\n' || c === '#')) break;
    i++;
  }
  let end = i;
  while (end > at && /\s/.test(text[end - 1]!)) end--;
  return { end, exact: true };
}
