/**
 * The SQL a task runs when the DAG code, not the argument, holds it: Airflow renders the operator's templated
 * fields with the DAG's `user_defined_macros` in the Jinja globals before the OpenLineage listener reads the SQL,
 * and Python evaluates f-strings and module-level function calls when the DAG file is parsed. What only the run
 * knows (an environment variable, a field that is not a module constant) stays a named unknown: it is written as
 * a Jinja part `{{ <name> }}` (the SQL lineage keeps Jinja parts as named unknowns) and turned back into the
 * placeholder `<name>` in dataset names ({@link placeholderNames}). Pure.
 */
import type { DagDef, PyString } from '../../dags/model';
import type { OffsetRange } from '../../text/model';
import type { Placeholder } from '../types';
import { functionReturnLiteral, moduleString, renderFString, type Mark } from './python-text';

/** A SQL text rendered from the code; `mapped` when its offsets are those of `text` from `base` on. */
export interface RenderedSql {
  readonly text: string;
  readonly placeholders: readonly Placeholder[];
  readonly mapped?: { readonly base: number; readonly whole: OffsetRange };
}

const SQL_MARK: Mark = (name) => `{{ <${name}> }}`;
const MARKED = /\{\{ <([^<>{}]+)> \}\}/g;

/** A name with the unknowns {@link SQL_MARK} wrote into the SQL back as `<name>` placeholders. */
export function placeholderNames(name: string): string {
  return name.includes('{{ <') ? name.replace(MARKED, '<$1>') : name;
}

/**
 * The SQL of a string argument when the code gives it: an f-string whose fields are module constants or
 * environment reads, a call of a module-level function that returns a literal, or a template whose `{{ macro() }}`
 * / `{{ macro }}` parts are the DAG's user-defined macros. Undefined when the argument is to be read as it is.
 */
export function renderSql(s: PyString, text: string, dag: DagDef | undefined): RenderedSql | undefined {
  if (s.kind === 'expression') {
    const call = /^([A-Za-z_]\w*)\(\s*\)$/.exec(s.value.trim());
    if (call) {
      const lit = functionReturnLiteral(call[1]!, text);
      return lit ? fromLiteral(lit) : undefined;
    }
    if (!/(?:^|[^\w])[rR]?[fF][rR]?(?:"""|'''|"|')$/.test(text.slice(Math.max(0, s.range.start - 5), s.range.start))) return undefined;
    const r = renderFString(s.value, text, SQL_MARK);
    return r ? { text: r.text, placeholders: r.placeholders } : undefined;
  }
  if (s.kind === 'template') return renderMacros(s.value, text, dag);
  return undefined;
}

function fromLiteral(lit: ReturnType<typeof functionReturnLiteral> & object): RenderedSql {
  return { text: lit.value, placeholders: [], ...(lit.exact ? { mapped: { base: lit.content.start, whole: lit.content } } : {}) };
}

/** `{{ name() }}` / `{{ name }}` parts of a template replaced by the DAG's `user_defined_macros` they name. */
function renderMacros(value: string, text: string, dag: DagDef | undefined): RenderedSql | undefined {
  const macros = dag?.args.find((a) => a.name === 'user_defined_macros')?.entries;
  if (!macros?.length) return undefined;
  const placeholders: Placeholder[] = [];
  let replaced = 0;
  let only: RenderedSql | undefined;
  const out = value.replace(/\{\{-?\s*([A-Za-z_]\w*)\s*(\(\s*\))?\s*-?\}\}/g, (all, name: string, call: string | undefined) => {
    const macro = macros.find((m) => m.name === name);
    if (!macro) return all;
    const ident = /^[A-Za-z_]\w*$/.test(macro.valueText) ? macro.valueText : undefined;
    if (call) {
      // A function: its return value, when it only returns a literal.
      const lit = ident ? functionReturnLiteral(ident, text) : undefined;
      if (!lit) return all;
      replaced++;
      if (value.trim() === all) only = fromLiteral(lit);
      return lit.value;
    }
    // A string: as written, or a module-level name bound to one (environment reads as placeholders).
    let rendered: string | undefined;
    if (macro.string?.kind === 'literal') rendered = macro.string.value;
    else if (ident) {
      const r = moduleString(ident, text, SQL_MARK);
      if (r) {
        rendered = r.text;
        for (const p of r.placeholders) if (!placeholders.some((q) => q.name === p.name)) placeholders.push(p);
      }
    }
    if (rendered === undefined) return all;
    replaced++;
    return rendered;
  });
  if (!replaced) return undefined;
  return only ?? { text: out, placeholders };
}
