/**
 * The services of a docker compose file, as far as configuration is concerned: whether each runs Airflow (its
 * image, build, command or the `x-` anchor it merges with `<<: *airflow-common` say so), the `env_file:`
 * files it reads and the host folders it mounts (`./config:/opt/airflow/config`), so an absolute
 * `config_path` inside the container can be traced back to a file of the project.
 */
import type { OffsetRange } from '../text/model';
import { get, type YamlMap, type YamlNode, type YamlParse } from '../yaml/ast';
import type { ServiceTag } from './model';

export interface ComposeService extends ServiceTag {
  readonly nameRange: OffsetRange;
  /** The service's map (its `environment` is below it). */
  readonly node: YamlMap;
  /** `env_file:` paths as written (relative to the compose file's folder). */
  readonly envFiles: readonly { readonly path: string; readonly range: OffsetRange }[];
  /** Bind mounts: host path as written (relative to the compose file's folder) → path in the container. */
  readonly mounts: readonly { readonly host: string; readonly container: string }[];
  /** `image:` as written (variables unresolved), its own or merged from an anchor. */
  readonly image?: { readonly text: string; readonly range: OffsetRange };
  /** `build:` (a context string, or `context`/`dockerfile`/`args`), its own or merged from an anchor. */
  readonly build?: { readonly context: string; readonly dockerfile?: string; readonly args: ReadonlyMap<string, string> };
}

const AIRFLOW_IMAGE = /airflow|astro-runtime|astronomer/i;

export function composeServices(text: string, parsed: YamlParse): ComposeService[] {
  const root = parsed.documents[0];
  const services = get(root, 'services');
  if (services?.kind !== 'map') return [];
  const out: ComposeService[] = [];
  for (const p of services.pairs) {
    const node = p.value;
    if (node?.kind !== 'map') continue;
    const airflow = isAirflow(p.key.value, node, text, root, 0);
    const image = merged(node, 'image', text, root);
    const build = buildOf(merged(node, 'build', text, root));
    out.push({
      name: p.key.value,
      nameRange: p.key.range,
      ...(airflow !== undefined ? { airflow } : {}),
      node,
      envFiles: envFiles(node, text, root),
      mounts: mounts(node, text, root),
      ...(image?.kind === 'scalar' ? { image: { text: image.value, range: image.range } } : {}),
      ...(build ? { build } : {}),
    });
  }
  return out;
}

/** True: the service runs Airflow; false: it clearly runs something else (an image that is not Airflow's); undefined: unknown. */
function isAirflow(name: string, node: YamlMap, text: string, root: YamlNode | undefined, depth: number): boolean | undefined {
  if (/airflow/i.test(name)) return true;
  const image = scalarText(get(node, 'image'));
  if (image && AIRFLOW_IMAGE.test(image)) return true;
  for (const key of ['command', 'entrypoint']) if (/\bairflow\b/.test(allText(get(node, key)))) return true;
  const build = get(node, 'build');
  if (build && AIRFLOW_IMAGE.test(allText(build))) return true;
  let merged: boolean | undefined;
  for (const target of mergeTargets(node, text, root)) {
    if (depth > 5) break;
    const m = isAirflow('', target.node, text, root, depth + 1);
    if (m || /airflow/i.test(target.name)) return true;
    if (m === false) merged = false;
  }
  if (image) return false;
  return build ? undefined : merged;
}

/** The maps a `<<: *name` (or `<<: [*a, *b]`) merges into `node`, found by their `&name` anchors. */
function mergeTargets(node: YamlMap, text: string, root: YamlNode | undefined): { name: string; node: YamlMap }[] {
  const merge = node.pairs.find((p) => p.key.value === '<<')?.value;
  const aliases = merge?.kind === 'alias' ? [merge] : merge?.kind === 'seq' ? merge.items.filter((i) => i.kind === 'alias') : [];
  const out: { name: string; node: YamlMap }[] = [];
  for (const a of aliases) {
    const name = text.slice(a.range.start, a.range.end).replace(/^\*/, '');
    const anchored = anchoredMap(root, text, name);
    out.push({ name, node: anchored ?? { kind: 'map', pairs: [], range: a.range, flow: true } });
  }
  return out;
}

/** The map that follows `&name` in the text (the anchor sits just before it). */
function anchoredMap(root: YamlNode | undefined, text: string, name: string): YamlMap | undefined {
  const at = text.search(new RegExp(`&${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`));
  if (at < 0) return undefined;
  let best: YamlMap | undefined;
  const visit = (n: YamlNode | undefined, depth: number) => {
    if (!n || depth > 20) return;
    if (n.kind === 'map') {
      if (n.range.start > at && (!best || n.range.start < best.range.start)) best = n;
      for (const p of n.pairs) if (!p.value || p.value.range.end >= at) visit(p.value, depth + 1);
    } else if (n.kind === 'seq') n.items.forEach((i) => visit(i, depth + 1));
  };
  visit(root, 0);
  return best;
}

function envFiles(node: YamlMap, text: string, root: YamlNode | undefined): ComposeService['envFiles'] {
  const out: { path: string; range: OffsetRange }[] = [];
  const add = (n: YamlNode | undefined) => {
    if (n?.kind === 'scalar' && n.value) out.push({ path: n.value, range: n.range });
    else if (n?.kind === 'map') add(get(n, 'path'));
  };
  for (const m of [node, ...mergeTargets(node, text, root).map((t) => t.node)]) {
    const v = get(m, 'env_file');
    if (v?.kind === 'seq') v.items.forEach(add);
    else add(v);
  }
  return out;
}

function mounts(node: YamlMap, text: string, root: YamlNode | undefined): ComposeService['mounts'] {
  const out: { host: string; container: string }[] = [];
  for (const m of [node, ...mergeTargets(node, text, root).map((t) => t.node)]) {
    const v = get(m, 'volumes');
    if (v?.kind !== 'seq') continue;
    for (const item of v.items) {
      if (item.kind === 'scalar') {
        // `${AIRFLOW_PROJ_DIR:-.}/dags` (the official compose file) is the project folder unless .env says otherwise.
        const parts = item.value.replace(/^\$\{AIRFLOW_PROJ_DIR:-\.\}/, '.').split(':');
        // Named volumes (`logs:/opt/airflow/logs`) are not folders of the project.
        if (parts.length >= 2 && /^[.~/$]/.test(parts[0]!)) out.push({ host: parts[0]!, container: parts[1]! });
      } else if (item.kind === 'map') {
        const source = scalarText(get(item, 'source'));
        const target = scalarText(get(item, 'target'));
        if (source && target && scalarText(get(item, 'type')) !== 'volume') out.push({ host: source, container: target });
      }
    }
  }
  return out;
}

/** A key of the service, or of the first map it merges that has it (compose: the service's own keys win). */
function merged(node: YamlMap, key: string, text: string, root: YamlNode | undefined, depth = 0): YamlNode | undefined {
  const own = get(node, key);
  if (own || depth > 5) return own;
  for (const t of mergeTargets(node, text, root)) {
    const v = merged(t.node, key, text, root, depth + 1);
    if (v) return v;
  }
  return undefined;
}

function buildOf(n: YamlNode | undefined): ComposeService['build'] {
  if (n?.kind === 'scalar') return { context: n.value, args: new Map() };
  if (n?.kind !== 'map') return undefined;
  const dockerfile = scalarText(get(n, 'dockerfile'));
  const args = new Map<string, string>();
  const a = get(n, 'args');
  if (a?.kind === 'map') for (const p of a.pairs) args.set(p.key.value, scalarText(p.value) ?? '');
  else if (a?.kind === 'seq')
    for (const item of a.items) {
      const v = scalarText(item) ?? '';
      const eq = v.indexOf('=');
      if (eq > 0) args.set(v.slice(0, eq), v.slice(eq + 1));
    }
  return { context: scalarText(get(n, 'context')) ?? '.', ...(dockerfile ? { dockerfile } : {}), args };
}

function scalarText(n: YamlNode | undefined): string | undefined {
  return n?.kind === 'scalar' ? n.value : undefined;
}

function allText(n: YamlNode | undefined): string {
  if (!n) return '';
  if (n.kind === 'scalar') return n.value;
  if (n.kind === 'seq') return n.items.map(allText).join(' ');
  if (n.kind === 'map') return n.pairs.map((p) => `${p.key.value} ${allText(p.value)}`).join(' ');
  return '';
}
