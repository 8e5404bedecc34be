/**
 * Linking a task to the dbt models it runs: the `dbt-ol run …` / `dbt build …` command of a BashOperator (or a
 * script) read into project dir, profiles dir, target and node selection, and the selection applied to a
 * project's jobs as dbt applies it for the common forms (`name`, `+name`, `name+`, `2+name+1`, `@name`,
 * `tag:x`, `path:models/x`, `fqn:`, `source:`, `resource_type:`, `package:`, globs, `a,b` intersections).
 * A selector outside these is said so, and then every model is taken (marked).
 */
import { scanShell } from '../../dbt/parse';
import type { DbtJob, DbtProjectLineage } from './lineage';
import { jobNameFor } from './lineage';
import { matchFolder } from './paths';

export interface DbtCommandTarget {
  readonly tool: 'dbt' | 'dbt-ol';
  readonly subcommand: string;
  readonly projectDir?: string;
  readonly profilesDir?: string;
  readonly target?: string;
  readonly profile?: string;
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  /** `--selector name` (a YAML selector): not applied. */
  readonly selector?: string;
}

const VALUE_FLAGS = new Set([
  '--project-dir',
  '--profiles-dir',
  '-t',
  '--target',
  '--profile',
  '--selector',
  '--vars',
  '--target-path',
  '--state',
  '--threads',
  '--log-path',
  '--defer-state',
  '--openlineage-dbt-job-name',
]);
const MULTI_FLAGS = new Set(['-s', '--select', '-m', '--models', '--model', '--exclude']);
const LINEAGE = new Set(['run', 'build', 'test', 'seed', 'snapshot']);

/** The dbt command of a shell command line (`source venv && dbt-ol run --select x`), or undefined. */
export function dbtCommandTarget(command: string): DbtCommandTarget | undefined {
  const { invocations } = scanShell(command, 'shell');
  const read = invocations.map((inv) => {
    const words = inv.args.map((w) => w.text);
    const values = new Map<string, string>();
    const multi = new Map<string, string[]>();
    let subcommand: string | undefined;
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      const eq = w.indexOf('=');
      const flag = w.startsWith('-') && eq > 0 ? w.slice(0, eq) : w;
      const inline = w.startsWith('-') && eq > 0 ? w.slice(eq + 1) : undefined;
      if (VALUE_FLAGS.has(flag)) {
        const v = inline ?? words[++i];
        if (v !== undefined) values.set(flag === '-t' ? '--target' : flag, v);
      } else if (MULTI_FLAGS.has(flag)) {
        const key = flag === '--exclude' ? 'exclude' : 'select';
        const list = multi.get(key) ?? [];
        if (inline !== undefined) list.push(...inline.split(/\s+/).filter(Boolean));
        else while (i + 1 < words.length && !words[i + 1]!.startsWith('-')) list.push(...words[++i]!.split(/\s+/).filter(Boolean));
        multi.set(key, list);
      } else if (!w.startsWith('-') && subcommand === undefined) subcommand = w;
    }
    const out: DbtCommandTarget = {
      tool: inv.tool,
      subcommand: subcommand ?? '',
      ...(values.has('--project-dir') ? { projectDir: values.get('--project-dir')! } : {}),
      ...(values.has('--profiles-dir') ? { profilesDir: values.get('--profiles-dir')! } : {}),
      ...(values.has('--target') ? { target: values.get('--target')! } : {}),
      ...(values.has('--profile') ? { profile: values.get('--profile')! } : {}),
      ...(multi.has('select') ? { select: multi.get('select')! } : {}),
      ...(multi.has('exclude') ? { exclude: multi.get('exclude')! } : {}),
      ...(values.has('--selector') ? { selector: values.get('--selector')! } : {}),
    };
    return out;
  });
  return read.find((r) => LINEAGE.has(r.subcommand)) ?? read[0];
}

// ------------------------------------------------------------------------------------------------- selection

interface SelNode {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly fqn: readonly string[];
  readonly tags: readonly string[];
  readonly path?: string;
  readonly packageName: string;
}

export interface ModelSelection {
  /** Job names dbt-ol will emit for this command (empty for `seed`: dbt-ol emits no seed jobs). */
  readonly jobs: readonly string[];
  /** False when a selector was not understood: then every model of the command is listed. */
  readonly understood: boolean;
  /** The selectors not understood. */
  readonly unknown: readonly string[];
  readonly note?: string;
}

/** fnmatch-style glob (`*`, `?`, `[…]`) as a RegExp. */
function glob(pattern: string): RegExp {
  let re = '';
  for (const c of pattern) re += c === '*' ? '.*' : c === '?' ? '.' : c === '[' || c === ']' ? c : c.replace(/[.+^${}()|\\]/g, '\\$&');
  return new RegExp(`^${re}$`);
}

/** dbt's fqn match (`is_selected_node`): the leaf name, or a dotted prefix of the fqn (package optional), globs allowed. */
function fqnMatch(fqn: readonly string[], selector: string): boolean {
  const check = (parts: readonly string[]) => {
    if (parts[parts.length - 1] === selector) return true;
    const sel = selector.split('.');
    const flat = parts.flatMap((p) => p.split('.'));
    if (flat.length < sel.length) return false;
    for (let i = 0; i < sel.length; i++) {
      if (/[*?[\]]/.test(sel[i]!)) return glob(sel.slice(i).join('.')).test(flat.slice(i).join('.'));
      if (flat[i] !== sel[i]) return false;
    }
    return true;
  };
  return check(fqn) || check(fqn.slice(1));
}

function pathMatch(path: string | undefined, selector: string): boolean {
  if (!path) return false;
  const sel = selector.replace(/^\.\//, '').replace(/\/+$/, '');
  if (/[*?[\]]/.test(sel)) return glob(sel).test(path);
  return path === sel || path.startsWith(`${sel}/`) || path.replace(/\.[^./]+$/, '') === sel;
}

/** Nodes one selector part (`tag:x`, `path:…`, a name) selects, before graph operators; undefined when not understood. */
function method(nodes: readonly SelNode[], value: string): Set<string> | undefined {
  const colon = value.indexOf(':');
  const m = colon > 0 ? value.slice(0, colon) : value.includes('/') || /\.(sql|py|csv)$/.test(value) ? 'path' : 'fqn';
  const v = colon > 0 ? value.slice(colon + 1) : value;
  const pick = (f: (n: SelNode) => boolean) => new Set(nodes.filter(f).map((n) => n.id));
  switch (m) {
    case 'fqn':
      return v === '*' ? pick(() => true) : pick((n) => fqnMatch(n.fqn, v));
    case 'tag':
      return pick((n) => n.tags.some((t) => glob(v).test(t)));
    case 'path':
    case 'file':
      return pick((n) => (m === 'file' ? glob(v).test(n.path?.split('/').pop() ?? '') : pathMatch(n.path, v)));
    case 'resource_type':
      return pick((n) => n.type === v);
    case 'package':
      return pick((n) => n.packageName === v);
    case 'source': {
      const [s, t] = v.split('.');
      return pick(
        (n) =>
          n.type === 'source' &&
          n.fqn[n.fqn.length - 2] !== undefined &&
          glob(s!).test(n.fqn[n.fqn.length - 2]!) &&
          (!t || glob(t).test(n.name)),
      );
    }
    default:
      return undefined;
  }
}

/** One selector (`2+tag:nightly+`, `@orders`) → node ids; undefined when not understood. */
function selectOne(
  nodes: readonly SelNode[],
  parents: Map<string, string[]>,
  children: Map<string, string[]>,
  sel: string,
): Set<string> | undefined {
  const m = /^(@)?(?:(\d*)\+)?(.*?)(?:\+(\d*))?$/.exec(sel);
  if (!m || !m[3]) return undefined;
  const base = method(nodes, m[3]);
  if (!base) return undefined;
  const walk = (start: Set<string>, edges: Map<string, string[]>, depth: number) => {
    const out = new Set(start);
    let frontier = [...start];
    for (let d = 0; frontier.length && d < depth; d++) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const e of edges.get(id) ?? []) {
          if (out.has(e)) continue;
          out.add(e);
          next.push(e);
        }
      }
      frontier = next;
    }
    return out;
  };
  const depth = (s: string | undefined) => (s === undefined ? 0 : s === '' ? Infinity : Number(s));
  let out = new Set(base);
  if (m[1]) {
    const down = walk(base, children, Infinity);
    out = walk(down, parents, Infinity);
  } else {
    if (m[2] !== undefined) for (const id of walk(base, parents, depth(m[2]))) out.add(id);
    if (m[4] !== undefined) for (const id of walk(base, children, depth(m[4]))) out.add(id);
  }
  return out;
}

/** The jobs of `project` that a dbt command runs, named for that command. */
export function modelsFor(
  project: DbtProjectLineage,
  target: Pick<DbtCommandTarget, 'subcommand' | 'select' | 'exclude' | 'selector'>,
): ModelSelection {
  const sub = target.subcommand;
  const types =
    sub === 'run'
      ? ['model']
      : sub === 'snapshot'
        ? ['snapshot']
        : sub === 'build'
          ? ['model', 'snapshot']
          : sub === 'test'
            ? ['model']
            : [];
  if (!types.length) {
    const note =
      sub === 'seed'
        ? 'dbt-ol emits no jobs for seeds'
        : `dbt-ol emits lineage for run, build, test, seed and snapshot, not \`${sub || '(none)'}\``;
    return { jobs: [], understood: true, unknown: [], note };
  }
  const nodes: SelNode[] = [
    ...project.jobs.map((j) => ({
      id: j.uniqueId,
      type: j.resourceType,
      name: j.uniqueId.split('.').pop()!,
      fqn: j.fqn,
      tags: j.tags,
      packageName: j.uniqueId.split('.')[1] ?? '',
      ...(j.path ? { path: j.path } : {}),
    })),
    ...project.otherNodes.map((o) => ({
      id: o.uniqueId,
      type: o.uniqueId.split('.')[0]!,
      name: o.uniqueId.split('.').pop()!,
      fqn: o.fqn,
      tags: o.tags,
      packageName: o.uniqueId.split('.')[1] ?? '',
      ...(o.path ? { path: o.path } : {}),
    })),
  ];
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const j of project.jobs) {
    parents.set(j.uniqueId, [...j.parents]);
    for (const p of j.parents) children.set(p, [...(children.get(p) ?? []), j.uniqueId]);
  }
  const unknown: string[] = [];
  const evaluate = (list: readonly string[]): Set<string> => {
    const out = new Set<string>();
    for (const item of list) {
      let acc: Set<string> | undefined;
      for (const part of item.split(',')) {
        const s = selectOne(nodes, parents, children, part);
        if (!s) {
          unknown.push(part);
          continue;
        }
        acc = acc ? new Set([...acc].filter((x) => s.has(x))) : s;
      }
      for (const id of acc ?? []) out.add(id);
    }
    return out;
  };
  if (target.selector) unknown.push(`--selector ${target.selector}`);
  const selected = target.select?.length ? evaluate(target.select) : new Set(nodes.map((n) => n.id));
  const excluded = target.exclude?.length ? evaluate(target.exclude) : new Set<string>();
  const understood = unknown.length === 0;
  const chosen = (j: DbtJob) => types.includes(j.resourceType) && (!understood || (selected.has(j.uniqueId) && !excluded.has(j.uniqueId)));
  const jobs = project.jobs.filter(chosen).map((j) => jobNameFor(j, sub));
  const note = understood
    ? sub === 'test'
      ? 'dbt-ol emits a `.test` job only for models that have tests'
      : undefined
    : `selector${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `\`${u}\``).join(', ')} not understood: every ${types.join('/')} is listed`;
  return { jobs, understood, unknown, ...(note ? { note } : {}) };
}

/**
 * The project a command's `--project-dir` (or a Cosmos `dbt_project_path`) names: matched to the workspace's
 * project folders by its trailing segments. Without a directory dbt uses the working directory, which only
 * the runtime knows: the workspace's project is taken only when there is exactly one.
 */
export function projectFor(
  projects: readonly DbtProjectLineage[],
  projectDir: string | undefined,
  base?: string,
): DbtProjectLineage | undefined {
  if (projectDir === undefined) return projects.length === 1 ? projects[0] : undefined;
  const root = matchFolder(
    projects.map((p) => p.rootUri),
    projectDir,
    base,
  );
  return root ? projects.find((p) => p.rootUri === root) : undefined;
}
