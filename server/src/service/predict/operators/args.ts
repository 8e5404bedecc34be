/**
 * The arguments an operator receives, as Airflow hands them over: the call's own keyword arguments first, then
 * the task's `default_args=`, then the DAG's `default_args` (BaseOperator applies a default_args entry to every
 * parameter of the operator's signature the call leaves out). And argument values as dataset name parts: a
 * literal as written, what only the run knows (Jinja, f-string fields, environment variables, other expressions)
 * as a named placeholder `<name>`.
 */
import type { DagDef, PyArg, PyString, TaskDef } from '../../dags/model';
import type { Placeholder } from '../types';

/** Where an argument came from: the call, or a default_args entry. */
export type ArgOrigin = 'call' | 'task default_args' | 'DAG default_args';

export interface FoundArg {
  readonly arg: PyArg;
  readonly origin: ArgOrigin;
}

/** A name part: its text (placeholders written `<name>`) and the placeholders in it. */
export interface NamePart {
  readonly text: string;
  readonly placeholders: readonly Placeholder[];
  /** True when the whole value is known from the code. */
  readonly known: boolean;
}

export class OperatorArgs {
  private readonly defaults: { readonly entries: readonly PyArg[]; readonly origin: ArgOrigin }[] = [];

  constructor(
    readonly task: TaskDef,
    readonly dag: DagDef | undefined,
  ) {
    const own = task.args.find((a) => a.name === 'default_args')?.entries;
    if (own) this.defaults.push({ entries: own, origin: 'task default_args' });
    const dagDefaults = dag?.args.find((a) => a.name === 'default_args')?.entries;
    if (dagDefaults) this.defaults.push({ entries: dagDefaults, origin: 'DAG default_args' });
  }

  /** The call's own argument `name` (or positional `#i`). */
  own(name: string): PyArg | undefined {
    return this.task.args.find((a) => a.name === name);
  }

  /** `name` as the operator receives it: the call's argument, else a default_args entry. */
  get(name: string): FoundArg | undefined {
    const own = this.own(name);
    if (own) return { arg: own, origin: 'call' };
    for (const d of this.defaults) {
      const hit = d.entries.find((e) => e.name === name);
      if (hit) return { arg: hit, origin: d.origin };
    }
    return undefined;
  }

  /** The first of `names` the operator receives. */
  first(names: readonly string[]): (FoundArg & { name: string }) | undefined {
    for (const name of names) {
      const hit = this.get(name);
      if (hit) return { ...hit, name };
    }
    return undefined;
  }

  /** A literal string value of `name`, or undefined (not given, or not a literal). */
  literal(name: string): string | undefined {
    const s = this.get(name)?.arg.string;
    return s && s.kind === 'literal' ? s.value : undefined;
  }

  /** `name`'s value as a dataset name part; undefined when the argument is not given or is `None`. */
  part(name: string): NamePart | undefined {
    const found = this.get(name);
    if (!found || found.arg.valueText === 'None') return undefined;
    return argPart(found.arg, name);
  }

  /** A dotted path into dict entries: `configuration.query.query`. */
  path(path: string): PyArg | undefined {
    const [head, ...rest] = path.split('.');
    let at = head !== undefined ? this.get(head)?.arg : undefined;
    for (const key of rest) at = at?.entries?.find((e) => e.name === key);
    return at;
  }
}

const JINJA = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
const ENV = /os\.(?:environ\.get|getenv)\(\s*["'](\w+)["']|os\.environ\[\s*["'](\w+)["']\s*\]/;

/** An argument value as a name part (see {@link NamePart}). */
export function argPart(arg: PyArg, label: string): NamePart {
  if (arg.string) return stringPart(arg.string, label);
  const env = ENV.exec(arg.valueText);
  if (env) return unknownPart(`env:${env[1] ?? env[2]}`, 'an environment variable read when the DAG is parsed');
  return unknownPart(label, `\`${label}\` is the expression \`${oneLine(arg.valueText)}\`, evaluated at run time`);
}

/** A Python string as a name part: Jinja `{{ x }}` and f-string `{x}` fields become placeholders. */
export function stringPart(s: PyString, label: string): NamePart {
  if (s.kind === 'literal') return { text: s.value, placeholders: [], known: true };
  const placeholders: Placeholder[] = [];
  const add = (name: string, why: string) => {
    if (!placeholders.some((p) => p.name === name)) placeholders.push({ name, why });
    return `<${name}>`;
  };
  if (s.kind === 'template') {
    const text = s.value.replace(JINJA, (_m, expr: string) => add(expr.trim(), 'a Jinja template rendered when the task runs'));
    return { text, placeholders, known: false };
  }
  // An f-string (its value is the source between the quotes) or another expression.
  if (/^[^{}]*(\{[^{}]+\}[^{}]*)+$/.test(s.value) && !s.value.includes('(')) {
    const text = s.value.replace(/\{([^{}]+)\}/g, (_m, expr: string) =>
      add(expr.trim(), 'an f-string field evaluated when the DAG is parsed'),
    );
    return { text, placeholders, known: false };
  }
  return unknownPart(label, `\`${label}\` is the expression \`${oneLine(s.value)}\`, evaluated at run time`);
}

function unknownPart(name: string, why: string): NamePart {
  return { text: `<${name}>`, placeholders: [{ name, why }], known: false };
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

/** Placeholders of several parts, each once. */
export function mergePlaceholders(...lists: readonly (readonly Placeholder[] | undefined)[]): Placeholder[] {
  const out: Placeholder[] = [];
  for (const list of lists) for (const p of list ?? []) if (!out.some((q) => q.name === p.name)) out.push(p);
  return out;
}
