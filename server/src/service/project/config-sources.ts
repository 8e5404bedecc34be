/**
 * Configuration that lives outside the settings files the project model always read (issue 13): shell
 * scripts that start Airflow, Kubernetes manifests and Helm values, GitHub Actions workflows, MWAA options in
 * CDK/Terraform/CloudFormation code, compose services (which run Airflow, which `env_file:` they read, which
 * folders they mount) and the shape of YAML files a `config_path` / `OPENLINEAGE_CONFIG` may point at.
 * Pure: `project/index.ts` calls `configFacts` per file; rules resolve paths with `resolveConfigTarget`.
 */
import type { SettingsDocument } from '../settings/model';
import { composeServices } from '../settings/compose-services';
import { IAC_RELEVANT, parseIacOptions } from '../settings/iac';
import { KUBE_RELEVANT, parseKubeEnv } from '../settings/kube-env';
import { parseShellScript, SHELL_RELEVANT } from '../settings/shell-script';
import { get, parseYaml } from '../yaml/ast';
import { resolveInFolder } from '../util/path';

export type ConfigSourceFact = ComposeFact | YamlShapeFact;

export interface ComposeFact {
  readonly kind: 'compose';
  readonly uri: string;
  readonly services: readonly {
    readonly name: string;
    readonly airflow?: boolean;
    /** `env_file:` files, as URIs. */
    readonly envFiles: readonly string[];
    /** Bind mounts: the host folder (a URI, no trailing `/`) and the container path (no trailing `/`). */
    readonly mounts: readonly { readonly host: string; readonly container: string }[];
  }[];
}

/** What a YAML file is as an OpenLineage client configuration. */
export interface YamlShapeFact {
  readonly kind: 'yaml';
  readonly uri: string;
  /** Top-level keys of its first document. */
  readonly topKeys: readonly string[];
  /** `transport:` at the top: a mapping, something else, or absent. */
  readonly transport: 'map' | 'other' | 'absent';
  /** When it is an Airflow-settings style file with an `openlineage:` section: that section's keys. */
  readonly openlineageKeys?: readonly string[];
  readonly invalid?: boolean;
}

/** The kinds of file this module reads (the names `projectFileKind` gives them). */
export type ConfigFileKind = 'shell' | 'yaml' | 'iac';

/** The settings a file of a new kind holds, if its content is what the kind expects (else undefined). */
export function parseConfigFile(kind: ConfigFileKind | 'python', text: string): SettingsDocument | undefined {
  switch (kind) {
    case 'shell':
      return SHELL_RELEVANT.test(text) ? parseShellScript(text) : undefined;
    case 'yaml':
      return KUBE_RELEVANT.test(text) ? parseKubeEnv(text) : undefined;
    case 'iac':
    case 'python':
      return IAC_RELEVANT.test(text) ? parseIacOptions(text) : undefined;
  }
}

/**
 * The shape of a YAML file, as a possible client configuration. Recorded for every YAML file (a `config_path`
 * may name any); parsed only when it mentions OpenLineage or a transport, else its top-level keys are read by
 * a line scan.
 */
export function yamlShape(uri: string, text: string): YamlShapeFact {
  if (!/openlineage|transport/i.test(text)) {
    const topKeys = [...text.matchAll(/^([A-Za-z_][\w.-]*)[^\S\r\n]*:/gm)].map((m) => m[1]!).slice(0, 50);
    return { kind: 'yaml', uri, topKeys, transport: 'absent' };
  }
  const parsed = parseYaml(text);
  const root = parsed.documents[0];
  const keys = root?.kind === 'map' ? root.pairs.map((p) => p.key.value) : [];
  const t = get(root, 'transport');
  const ol = get(root, 'openlineage');
  return {
    kind: 'yaml',
    uri,
    topKeys: keys,
    transport: t === undefined ? 'absent' : t.kind === 'map' ? 'map' : 'other',
    ...(ol?.kind === 'map' ? { openlineageKeys: ol.pairs.map((p) => p.key.value) } : {}),
    ...(parsed.error ? { invalid: true } : {}),
  };
}

/** A compose file's services, with `env_file:` and mount paths resolved against the file's folder. */
export function composeFact(uri: string, text: string): ComposeFact {
  const services = composeServices(text, parseYaml(text));
  return {
    kind: 'compose',
    uri,
    services: services.map((s) => ({
      name: s.name,
      ...(s.airflow !== undefined ? { airflow: s.airflow } : {}),
      envFiles: s.envFiles.map((e) => resolveUri(uri, e.path)).filter((u): u is string => !!u),
      mounts: s.mounts.flatMap((m) => {
        const host = resolveUri(uri, m.host);
        return host ? [{ host: host.replace(/\/+$/, ''), container: m.container.replace(/\/+$/, '') }] : [];
      }),
    })),
  };
}

/**
 * `path` (relative, `./`, `../`) against the folder of `fromUri`, as a URI; absolute paths and `~` give
 * undefined (they are not inside the project: see `resolveConfigTarget`).
 */
export function resolveUri(fromUri: string, path: string): string | undefined {
  return resolveInFolder(fromUri.slice(0, fromUri.lastIndexOf('/') + 1), path, false);
}

/** Where a `config_path` value leads, and how it was traced. */
export interface ConfigTarget {
  readonly uri: string;
  /** For messages: "through the `./config:/opt/airflow/config` mount of service `airflow-scheduler`". */
  readonly how?: string;
}

/**
 * The project files a config path may name: relative paths against the file that sets it; absolute paths
 * through the bind mounts of the compose services (`./config:/opt/airflow/config` makes
 * `/opt/airflow/config/ol.yml` the project's `config/ol.yml`); `~/…` and other absolute paths by file name,
 * when exactly one YAML file of the project has that name (a script may copy it there).
 */
export function resolveConfigTarget(
  value: string,
  fromUri: string,
  sources: readonly ConfigSourceFact[],
  files: readonly string[],
): { targets: ConfigTarget[]; traced: boolean } {
  const path = value.trim().replace(/^["']|["']$/g, '');
  if (!path || /\$|\{\{/.test(path)) return { targets: [], traced: false };
  const rel = resolveUri(fromUri, path);
  if (rel) return { targets: [{ uri: rel }], traced: true };
  const targets: ConfigTarget[] = [];
  if (path.startsWith('/')) {
    for (const c of sources) {
      if (c.kind !== 'compose') continue;
      for (const s of c.services) {
        for (const m of s.mounts) {
          if (path !== m.container && !path.startsWith(`${m.container}/`)) continue;
          const uri = m.host + path.slice(m.container.length);
          if (!targets.some((t) => t.uri === uri))
            targets.push({ uri, how: `through the mount of \`${m.container}\` on compose service \`${s.name}\`` });
        }
      }
    }
    if (targets.length) return { targets, traced: true };
  }
  const name = path.slice(path.lastIndexOf('/') + 1);
  const same = files.filter((f) => f.slice(f.lastIndexOf('/') + 1) === name);
  if (same.length === 1) return { targets: [{ uri: same[0]!, how: `the project's only file named \`${name}\`` }], traced: true };
  return { targets: [], traced: false };
}

/** The YAML shape recorded for `uri`, if the model has one. */
export function shapeOf(sources: readonly ConfigSourceFact[], uri: string): YamlShapeFact | undefined {
  return sources.find((s): s is YamlShapeFact => s.kind === 'yaml' && s.uri === uri);
}
