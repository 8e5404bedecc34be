/**
 * The services of a docker compose file as the project model needs them: which image each runs (or which
 * Dockerfile it builds, with its build args), which host folders it mounts, and whether it is an Airflow
 * service. Merge keys (`<<: *airflow-common`, `<<: [*a, *b]`) are resolved the way compose resolves them: the
 * service's own keys win over merged ones.
 */
import type { OffsetRange } from '../text/model';
import { parseYaml, type YamlMap, type YamlNode, type YamlScalar } from '../yaml/ast';

export interface ComposeService {
  readonly name: string;
  readonly nameRange: OffsetRange;
  /** `image:` as written (variables unresolved), and its range. */
  readonly image?: { readonly text: string; readonly range: OffsetRange };
  /** `build:` (a context string, or `context`/`dockerfile`/`args`). */
  readonly build?: {
    readonly context: string;
    readonly dockerfile?: string;
    readonly args: ReadonlyMap<string, string>;
    readonly range: OffsetRange;
  };
  /** Host paths of bind mounts (`./dags:/opt/airflow/dags`, long syntax `source:`), as written. */
  readonly mounts: readonly string[];
  /** `env_file:` entries, as written. */
  readonly envFiles: readonly string[];
  /** Whether the service runs Airflow: an Airflow or Astro Runtime image, an `airflow` command, or a name that says so. */
  readonly airflow: boolean;
}

/** The services of a compose file; empty when it is not valid YAML or has no `services:`. */
export function composeServices(text: string): ComposeService[] {
  const parsed = parseYaml(text);
  const root = parsed.documents[0];
  if (root?.kind !== 'map') return [];
  const anchors = new Map<string, YamlNode>();
  collectAnchors(root, anchors);
  const services = pairValue(root, 'services');
  if (services?.kind !== 'map') return [];
  const out: ComposeService[] = [];
  for (const p of services.pairs) {
    const body = p.value && mergedMap(p.value, anchors);
    if (!body) continue;
    const image = scalarOf(body.get('image'));
    const build = buildOf(body.get('build'), anchors);
    const command = textOf(body.get('command'), anchors) + ' ' + textOf(body.get('entrypoint'), anchors);
    const imageText = image?.value ?? '';
    out.push({
      name: p.key.value,
      nameRange: p.key.range,
      ...(image ? { image: { text: image.value, range: image.range } } : {}),
      ...(build ? { build } : {}),
      mounts: listOf(body.get('volumes'), anchors).flatMap((v) => mountSource(v, anchors)),
      envFiles: listOf(body.get('env_file'), anchors).flatMap((v) => {
        if (v.kind === 'scalar') return [v.value];
        const m = v.kind === 'map' ? scalarOf(pairValue(v, 'path')) : undefined;
        return m ? [m.value] : [];
      }),
      airflow:
        /(^|\/)(airflow|astro-runtime|ap-airflow)[:@]|(^|\/)(apache\/)?airflow$/i.test(imageText) ||
        /\bairflow\s+(webserver|scheduler|api-server|dag-processor|triggerer|standalone|celery|db|users|version|worker)\b/.test(command) ||
        /^airflow[-_]/i.test(p.key.value),
    });
  }
  return out;
}

function collectAnchors(node: YamlNode | undefined, anchors: Map<string, YamlNode>): void {
  if (!node || node.kind === 'alias') return;
  if (node.anchor) anchors.set(node.anchor, node);
  if (node.kind === 'map') for (const p of node.pairs) collectAnchors(p.value, anchors);
  else if (node.kind === 'seq') node.items.forEach((n) => collectAnchors(n, anchors));
}

function deref(node: YamlNode | undefined, anchors: ReadonlyMap<string, YamlNode>): YamlNode | undefined {
  // An alias to an alias is not valid YAML; one step is enough.
  return node?.kind === 'alias' ? anchors.get(node.name) : node;
}

function pairValue(map: YamlMap, key: string): YamlNode | undefined {
  return map.pairs.find((p) => p.key.value === key)?.value;
}

/** A service's keys with merge keys applied (own keys win; among merged maps, the first listed wins). */
function mergedMap(node: YamlNode, anchors: ReadonlyMap<string, YamlNode>, depth = 0): Map<string, YamlNode> | undefined {
  const map = deref(node, anchors);
  if (map?.kind !== 'map' || depth > 8) return undefined;
  const out = new Map<string, YamlNode>();
  const merged: Map<string, YamlNode>[] = [];
  for (const p of map.pairs) {
    if (p.key.value === '<<') {
      const v = deref(p.value, anchors);
      const sources = v?.kind === 'seq' ? v.items : p.value ? [p.value] : [];
      for (const s of sources) {
        const m = mergedMap(s, anchors, depth + 1);
        if (m) merged.push(m);
      }
    } else if (p.value) {
      out.set(p.key.value, p.value);
    }
  }
  for (const m of merged) for (const [k, v] of m) if (!out.has(k)) out.set(k, v);
  return out;
}

function scalarOf(node: YamlNode | undefined): YamlScalar | undefined {
  return node?.kind === 'scalar' ? node : undefined;
}

function listOf(node: YamlNode | undefined, anchors: ReadonlyMap<string, YamlNode>): YamlNode[] {
  const n = deref(node, anchors);
  if (!n) return [];
  if (n.kind === 'seq') return n.items.map((i) => deref(i, anchors)).filter((i): i is YamlNode => !!i);
  return [n];
}

function textOf(node: YamlNode | undefined, anchors: ReadonlyMap<string, YamlNode>): string {
  return listOf(node, anchors)
    .map((n) => (n.kind === 'scalar' ? n.value : ''))
    .join(' ');
}

function buildOf(node: YamlNode | undefined, anchors: ReadonlyMap<string, YamlNode>): ComposeService['build'] {
  const n = deref(node, anchors);
  if (!n) return undefined;
  if (n.kind === 'scalar') return { context: n.value, args: new Map(), range: n.range };
  if (n.kind !== 'map') return undefined;
  const body = mergedMap(n, anchors)!;
  const context = scalarOf(body.get('context'))?.value ?? '.';
  const dockerfile = scalarOf(body.get('dockerfile'))?.value;
  const args = new Map<string, string>();
  const a = deref(body.get('args'), anchors);
  if (a?.kind === 'map') for (const p of a.pairs) args.set(p.key.value, scalarOf(p.value)?.value ?? '');
  else if (a?.kind === 'seq')
    for (const item of a.items) {
      const s = scalarOf(item);
      const eq = s ? s.value.indexOf('=') : -1;
      if (s && eq > 0) args.set(s.value.slice(0, eq), s.value.slice(eq + 1));
    }
  return { context, ...(dockerfile ? { dockerfile } : {}), args, range: n.range };
}

/** The host side of a volume, when it is a path (named volumes are not folders of the project). */
function mountSource(node: YamlNode, anchors: ReadonlyMap<string, YamlNode>): string[] {
  let source: string | undefined;
  if (node.kind === 'scalar') {
    const parts = node.value.split(':');
    source = parts.length >= 2 ? parts[0] : undefined;
  } else if (node.kind === 'map') {
    const body = mergedMap(node, anchors);
    source = scalarOf(body?.get('source'))?.value;
  }
  if (!source || !/^(\.|\/|~|\$)/.test(source)) return [];
  return [source];
}
