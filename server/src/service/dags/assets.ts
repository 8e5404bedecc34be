/**
 * Airflow Dataset (2.4–2.x, `airflow.datasets`) and Asset (3.x, `airflow.sdk`) objects: which Airflow
 * generation a rule should judge them by, and which arguments carry the name and the URI.
 */
import type { PyArg, Xlet } from './model';
import type { AirflowFact } from './versions';
import { argOf } from './xlets';

export type AssetXlet = Extract<Xlet, { kind: 'asset' }>;

/** The Airflow generation an asset is judged by, and what that rests on. */
export interface Generation {
  /** 2 or 3; undefined when neither the project nor the class tells. */
  readonly major?: 2 | 3;
  /** The minor version, when the project declares it. */
  readonly minor?: number;
  /** For messages: "Airflow 2.10.4 (apache-airflow==2.10.4 in requirements.txt)". */
  readonly text: string;
  /** False when the version rests on an unverified mapping. */
  readonly verified: boolean;
}

const AIRFLOW3_CLASSES = new Set(['Asset', 'AssetAlias', 'Model']);

/** True when the object's class exists only on Airflow 3 (`Asset`, `AssetAlias`, `Model`, or anything from `airflow.sdk`). */
export function airflow3Class(x: AssetXlet): boolean {
  // Imported: only the Task SDK says "Airflow 3" (airflow.datasets and the compat provider's assets exist on 2).
  if (x.module !== undefined) return x.module === 'airflow.sdk' || x.module.startsWith('airflow.sdk.');
  return AIRFLOW3_CLASSES.has(x.className);
}

export function generation(x: AssetXlet, airflow: AirflowFact | undefined): Generation {
  if (airflow) return { major: airflow.major >= 3 ? 3 : 2, minor: airflow.minor, text: airflow.text, verified: airflow.verified };
  if (airflow3Class(x)) {
    return {
      major: 3,
      text: `\`${x.className}\`${x.module ? ` from \`${x.module}\`` : ''}, which exists only on Airflow 3 (the workspace does not declare its Airflow version)`,
      verified: true,
    };
  }
  return { verified: false, text: 'the Airflow version, which the workspace does not declare' };
}

export interface AssetArgs {
  /** The argument holding the name (Airflow 3; for a single argument, the same as `uri`). */
  readonly name?: PyArg;
  /** The argument holding the URI; for an `AssetAlias`, undefined. */
  readonly uri?: PyArg;
}

/**
 * Airflow 2: `Dataset(uri, extra=None)`. Airflow 3: `Asset(name=None, uri=None, *, group, extra, watchers)`,
 * where a lone name is also the URI and a lone URI also the name (`Dataset` and `Model` are subclasses).
 * `AssetAlias(name, *, group)` has no URI.
 */
export function assetArgs(x: AssetXlet, gen: Generation): AssetArgs {
  if (x.className === 'AssetAlias' || x.className === 'DatasetAlias') {
    const name = argOf(x.args, 'name', 0);
    return name ? { name } : {};
  }
  if (gen.major === 3) {
    const name = argOf(x.args, 'name', 0);
    const uri = argOf(x.args, 'uri', 1);
    const n = name ?? uri;
    const u = uri ?? name;
    return { ...(n ? { name: n } : {}), ...(u ? { uri: u } : {}) };
  }
  // Airflow 2 (or unknown): the first positional argument is the URI on 2.x, and also the name on 3.x.
  const uri = argOf(x.args, 'uri', 0);
  const name = argOf(x.args, 'name');
  return { ...(uri ? { uri } : {}), ...(name ? { name } : {}) };
}

/** "Dataset" / "Asset" as written, for messages. */
export function label(x: AssetXlet): string {
  return `\`${x.className}\``;
}
