/**
 * Which project a file belongs to, and that project's model. A workspace holds projects: a folder with a
 * Dockerfile, compose file, requirements, pyproject, airflow.cfg, dbt_project.yml, `.astro/` or JVM build
 * file. A file belongs to the compose project whose service mounts its folder, else to the nearest project
 * above it. A project's evidence is its own files, the build contexts its compose services build, then the
 * projects around it (enclosing ones, then nested ones). Where Airflow version sources disagree, no version
 * is picked: the model lists them (`airflowConflict`) and version-dependent rules stay quiet.
 */
import { airflowFromImage } from './astro';
import type { ComposeService } from '../settings/compose-services';
import { resolveVars } from './evidence';
import { dirOf, isVersionText, marksProject, type FileFacts } from './facts';
import type { AirflowVersionFact, GxContextFact, PackageFact, ProjectModel, SettingFact, SourceRef, SparkPinFact } from './model';
import { describeRequirement } from './wording';
import { airflowIgnoreMatch } from './airflowignore';
import { compareVersions, parseVersion } from '../util/version';
import { resolveInFolder, shownPath } from '../util/path';

interface Mount {
  readonly folder: string;
  readonly compose: string;
  readonly service: ComposeService;
}

export class Scopes {
  /** Project folders (URIs ending in `/`), deepest first. */
  private readonly roots: string[];
  private readonly rootOfFile = new Map<string, string | undefined>();
  private readonly mounts: Mount[] = [];
  private readonly models = new Map<string, ProjectModel>();
  private wholeModel: ProjectModel | undefined;
  private readonly rootSet: ReadonlySet<string>;
  /** The `.airflowignore` files. */
  private readonly ignoreFiles: ReadonlyMap<string, FileFacts>;
  /** Each project folder's own files (undefined: files no project claims), sorted. */
  private readonly filesByRoot = new Map<string | undefined, string[]>();
  /** What the whole workspace holds, computed once per index version. */
  private workspaceWide:
    | {
        readonly all: readonly (readonly [string, FileFacts])[];
        readonly gxContexts: GxContextFact[];
        readonly dbtProjects: { uri: string; root: string; name?: string }[];
        readonly openlineageYmls: { uri: string }[];
        readonly hasAirflowDags: boolean;
        readonly configSources: NonNullable<FileFacts['configSources']>[number][];
      }
    | undefined;

  constructor(private readonly facts: ReadonlyMap<string, FileFacts>) {
    const roots = new Set<string>();
    for (const [uri, f] of facts) {
      if (!marksProject(f.kind)) continue;
      // `.astro/config.yaml` marks the folder holding `.astro/`.
      roots.add(f.kind === 'astro-config' ? dirOf(dirOf(uri).slice(0, -1)) : dirOf(uri));
    }
    this.top = commonFolder([...facts.keys()]);
    this.roots = [...roots].sort((a, b) => b.length - a.length || a.localeCompare(b));
    this.rootSet = roots;
    for (const [uri, f] of facts) {
      const root = this.nearestRoot(dirOf(uri));
      this.rootOfFile.set(uri, root);
      const group = this.filesByRoot.get(root);
      if (group) group.push(uri);
      else this.filesByRoot.set(root, [uri]);
      for (const service of f.services ?? []) {
        const vars = this.composeVars(uri);
        for (const m of service.mounts) {
          const folder = resolveInFolder(dirOf(uri), resolveVars(m.host, vars));
          if (folder) this.mounts.push({ folder: folder.endsWith('/') ? folder : `${folder}/`, compose: uri, service });
        }
      }
    }
    for (const group of this.filesByRoot.values()) group.sort();
    this.ignoreFiles = new Map([...facts].filter(([, f]) => f.ignore));
    // The most specific mount first; Airflow services before others.
    this.mounts.sort(
      (a, b) => b.folder.length - a.folder.length || Number(b.service.airflow === true) - Number(a.service.airflow === true),
    );
  }

  /** The folder every file is under (the workspace, as far as the index knows), for paths in messages. */
  private readonly top: string;

  private rel(uri: string, root: string | undefined): string {
    return shownPath(uri, root, this.top);
  }

  whole(): ProjectModel {
    return (this.wholeModel ??= this.build(undefined, [...this.facts.keys()], undefined));
  }

  modelFor(uri: string): ProjectModel {
    const dir = dirOf(uri);
    const mount = this.mounts.find((m) => dir.startsWith(m.folder));
    const root = mount ? this.rootOfFile.get(mount.compose) : this.nearestRoot(dir);
    const ignored = airflowIgnoreMatch(uri, this.ignoreFiles);
    // Outside every project, the pins that apply depend on the folder (see scoped).
    const key = `${root ?? `-${dir}`}\n${mount ? `${mount.compose}#${mount.service.name}` : ''}\n${ignored ? `${ignored.source.uri}#${ignored.pattern}` : ''}`;
    let model = this.models.get(key);
    if (!model) {
      model = this.scoped(root, mount, ignored, dir);
      this.models.set(key, model);
    }
    return model;
  }

  /** The deepest project folder at or above `dir`: a walk up its folders, not a scan of every project. */
  private nearestRoot(dir: string): string | undefined {
    for (let d = dir; d;) {
      if (this.rootSet.has(d)) return d;
      const up = d.lastIndexOf('/', d.length - 2);
      if (up < 0) break;
      d = d.slice(0, up + 1);
    }
    return undefined;
  }

  /** Variables compose substitutes: the `.env` beside the compose file. */
  private composeVars(composeUri: string): Map<string, string> {
    const vars = new Map<string, string>();
    const env = this.facts.get(`${dirOf(composeUri)}.env`);
    for (const s of env?.settings ?? []) vars.set(s.key, s.value);
    return vars;
  }

  /** Files of a project folder that no nested project claims. */
  private own(root: string): string[] {
    return this.filesByRoot.get(root) ?? [];
  }

  /** Files above or beside every project folder. */
  private loose(): string[] {
    return this.filesByRoot.get(undefined) ?? [];
  }

  private wide(): NonNullable<Scopes['workspaceWide']> {
    if (this.workspaceWide) return this.workspaceWide;
    const all = [...this.facts.entries()].sort(([a], [b]) => a.localeCompare(b));
    return (this.workspaceWide = {
      all,
      gxContexts: all.flatMap(([, f]) => (f.gx ? [f.gx] : [])),
      dbtProjects: all.flatMap(([, f]) => (f.dbt ? [f.dbt] : [])),
      openlineageYmls: all.filter(([, f]) => f.openlineageYml).map(([uri]) => ({ uri })),
      hasAirflowDags: all.some(([, f]) => f.airflowDag),
      configSources: all.flatMap(([, f]) => f.configSources ?? []),
    });
  }

  /** The project folders a compose file's services build (`build.context`). */
  private builtBy(composeUri: string, only?: ComposeService): string[] {
    const f = this.facts.get(composeUri);
    const out: string[] = [];
    for (const s of only ? [only] : (f?.services ?? [])) {
      if (!s.build) continue;
      const context = resolveInFolder(dirOf(composeUri), resolveVars(s.build.context, this.composeVars(composeUri)));
      if (context) out.push(context.endsWith('/') ? context : `${context}/`);
    }
    return out;
  }

  /**
   * The model of one project (or, with no root, of the workspace's top level: the files no project claims,
   * with every project below it as nested evidence).
   */
  private scoped(root: string | undefined, mount: Mount | undefined, ignored: ProjectModel['airflowIgnored'], dir: string): ProjectModel {
    const own = root === undefined ? this.loose() : this.own(root);
    const built = own.filter((u) => this.facts.get(u)?.services).flatMap((u) => this.builtBy(u));
    const linked = [...new Set(built.flatMap((c) => [...this.facts.keys()].filter((u) => dirOf(u).startsWith(c) && !own.includes(u))))];
    // Enclosing projects, nearest first, then the files no project claims (the workspace's top level).
    const ancestors =
      root === undefined
        ? []
        : [...this.roots.filter((r) => r !== root && root.startsWith(r)).flatMap((r) => this.own(r)), ...this.loose()];
    const nested = this.roots.filter((r) => r !== root && (root === undefined || r.startsWith(root))).flatMap((r) => this.own(r));
    const files = unique([...own, ...linked, ...ancestors, ...nested]);

    // The Airflow version: the service that mounts the file, else the project's own evidence, else the
    // enclosing projects', else the nested ones' (when they agree).
    let candidates: AirflowVersionFact[] = [];
    if (mount?.service.airflow === true) candidates = this.serviceAirflow(mount.compose, mount.service, root);
    if (!candidates.length) candidates = this.airflowIn(unique([...own, ...linked]), root);
    if (!candidates.length) candidates = this.airflowIn(ancestors, root);
    if (!candidates.length) candidates = this.airflowIn(nested, root);
    // openlineage-spark pins: the project's own and enclosing ones; nested projects' only when they agree.
    // Outside every project, only pins in the file's own folder or above it apply (other folders are other apps).
    const pinned = root === undefined ? own.filter((u) => dir.startsWith(dirOf(u))) : unique([...own, ...linked, ...ancestors]);
    const near = pinned.flatMap((u) => this.facts.get(u)!.sparkPins);
    const below = root === undefined ? [] : nested.flatMap((u) => this.facts.get(u)!.sparkPins);
    const pins = near.length ? near : below.every((p) => compareVersions(p.version, below[0]!.version) === 0) ? below : [];
    const model = { ...this.build(root, files, candidates), sparkPins: pins };
    return ignored ? { ...model, airflowIgnored: ignored } : model;
  }

  /** Airflow versions from a set of files: pins, Dockerfile and compose images, MWAA versions. */
  private airflowIn(files: readonly string[], root: string | undefined): AirflowVersionFact[] {
    const out: AirflowVersionFact[] = [];
    const builtDockerfiles = new Set<string>();
    for (const u of files) {
      const f = this.facts.get(u)!;
      for (const s of f.services ?? []) {
        if (s.airflow !== true) continue;
        const found = this.serviceAirflow(u, s, root);
        out.push(...found);
        for (const c of found) builtDockerfiles.add(c.source.uri);
      }
    }
    for (const u of files) {
      const f = this.facts.get(u)!;
      for (const p of f.packages) {
        if (p.name === 'apache-airflow' && p.pinned)
          out.push({
            version: p.pinned,
            text: p.pinnedText!,
            how: describeRequirement(p),
            from: 'requirement',
            verified: true,
            source: p.source,
          });
      }
      if (f.dockerBase && !builtDockerfiles.has(u)) out.push(...this.imageAirflow(f, u, root));
      for (const c of f.constraints) {
        const version = parseVersion(c.text)!;
        out.push({
          version,
          text: c.text,
          how: `the Airflow ${c.text} constraints in ${this.rel(u, root)}`,
          from: 'requirement',
          verified: true,
          source: c.source,
        });
      }
      for (const m of f.mwaa) {
        const c = m.literal ? { text: m.literal, source: m.source } : this.constant(m.constant!);
        const version = c && isVersionText(c.text) ? parseVersion(c.text) : undefined;
        if (c && version)
          out.push({
            version,
            text: c.text,
            how: `the MWAA environment's airflow_version in ${this.rel(m.source.uri, root)}${m.constant ? ` (${m.constant} in ${this.rel(c.source.uri, root)})` : ''}`,
            from: 'mwaa',
            verified: true,
            source: c.source,
          });
      }
    }
    return out;
  }

  private constant(name: string): { text: string; source: SourceRef } | undefined {
    for (const f of this.facts.values()) {
      const c = f.constants.get(name);
      if (c) return c;
    }
    return undefined;
  }

  private imageAirflow(
    f: FileFacts,
    uri: string,
    root: string | undefined,
    args?: ReadonlyMap<string, string>,
    by?: string,
  ): AirflowVersionFact[] {
    const b = f.dockerBase?.(args);
    const a = b && airflowFromImage(b.base.image);
    if (!a || !b) return [];
    return [{ ...a, how: `${a.how} in ${this.rel(uri, root)}${by ? `, built by ${by}` : ''}`, source: b.source }];
  }

  /** The Airflow version a compose service runs: its image, or the Dockerfile it builds (with its build args). */
  private serviceAirflow(composeUri: string, s: ComposeService, root: string | undefined): AirflowVersionFact[] {
    const vars = this.composeVars(composeUri);
    const where = `${this.rel(composeUri, root)} (service ${s.name})`;
    if (s.build) {
      const [context] = this.builtBy(composeUri, s);
      const dockerfile = context && `${context}${s.build.dockerfile ?? 'Dockerfile'}`;
      const f = dockerfile ? this.facts.get(dockerfile) : undefined;
      const args = new Map([...s.build.args].map(([k, v]) => [k, resolveVars(v, vars)]));
      if (f) {
        const found = this.imageAirflow(f, dockerfile!, root, args, where);
        const pins = f.packages.filter((p) => p.name === 'apache-airflow' && p.pinned);
        if (pins.length)
          return pins.map((p) => ({
            version: p.pinned!,
            text: p.pinnedText!,
            how: `${describeRequirement(p)}, built by ${where}`,
            from: 'requirement' as const,
            verified: true,
            source: p.source,
          }));
        if (found.length) return found;
      }
    }
    if (s.image) {
      const a = airflowFromImage(resolveVars(s.image.text, vars));
      if (a) {
        const source = (s as { imageSource?: SourceRef }).imageSource ?? { uri: composeUri, range: ZERO };
        return [{ ...a, how: `${a.how} in ${where}`, source }];
      }
    }
    return [];
  }

  private build(root: string | undefined, files: readonly string[], candidates: AirflowVersionFact[] | undefined): ProjectModel {
    // Deterministic order: requirements files first, then by path.
    const ordered = [...files].sort((a, b) => rank(this.facts.get(a)!) - rank(this.facts.get(b)!));
    const packages = new Map<string, PackageFact>();
    const settings: SettingFact[] = [];
    const sparkPins: SparkPinFact[] = [];
    for (const u of ordered) {
      const f = this.facts.get(u)!;
      for (const p of f.packages) if (!packages.has(p.name)) packages.set(p.name, p);
      settings.push(...f.settings);
      sparkPins.push(...f.sparkPins);
    }
    const { all, gxContexts, dbtProjects, openlineageYmls, hasAirflowDags, configSources } = this.wide();
    // Settings count wherever they are written ("nothing configured" means nothing anywhere): the project's own
    // first, so lookups find the nearest, then the rest of the workspace.
    const mine = new Set(ordered);
    for (const [u, f] of all) if (!mine.has(u)) settings.push(...f.settings);
    const { airflow, conflict } = decide(candidates ?? this.airflowIn(ordered, root));
    return {
      ...(root !== undefined ? { root } : {}),
      packages,
      ...(airflow ? { airflow } : {}),
      ...(conflict ? { airflowConflict: conflict } : {}),
      sparkPins,
      gxContexts,
      dbtProjects,
      settings,
      openlineageYmls,
      hasAirflowDags,
      files: [...ordered, ...all.map(([u]) => u).filter((u) => !mine.has(u))],
      configSources,
    };
  }
}

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * One Airflow version when every source agrees (a verified one preferred: an Astro Runtime mapping agrees with
 * a pin of the same minor version); otherwise none, and the disagreeing sources (one per version).
 */
function decide(candidates: readonly AirflowVersionFact[]): { airflow?: AirflowVersionFact; conflict?: AirflowVersionFact[] } {
  if (!candidates.length) return {};
  const groups: AirflowVersionFact[][] = [];
  for (const c of candidates) {
    const g = groups.find((g) => g.some((o) => agree(o, c)));
    if (g) g.push(c);
    else groups.push([c]);
  }
  if (groups.length > 1) return { conflict: groups.map((g) => best(g)) };
  return { airflow: best(groups[0]!) };
}

function best(group: readonly AirflowVersionFact[]): AirflowVersionFact {
  return [...group].sort((a, b) => Number(b.verified) - Number(a.verified) || b.version.length - a.version.length)[0]!;
}

/** Same version, where the shorter one (`2.10` from an Astro Runtime mapping) is a prefix of the longer. */
function agree(a: AirflowVersionFact, b: AirflowVersionFact): boolean {
  const n = Math.min(a.version.length, b.version.length);
  return compareVersions(a.version.slice(0, n), b.version.slice(0, n)) === 0;
}

function rank(f: FileFacts): number {
  return f.kind === 'requirements' ? 0 : f.kind === 'pyproject' ? 1 : 2;
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

/** The longest folder prefix (ending in `/`) shared by every URI. */
function commonFolder(uris: readonly string[]): string {
  if (!uris.length) return '';
  let prefix = dirOf(uris[0]!);
  for (const u of uris) while (prefix && !u.startsWith(prefix)) prefix = dirOf(prefix.slice(0, -1));
  return prefix;
}
