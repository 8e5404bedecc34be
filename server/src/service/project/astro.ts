import type { AirflowVersionSource } from './model';
import { parseVersion, type Version } from '../util/version';

/**
 * The Airflow version an Astro Runtime image runs. Astro Runtime 4–12 map one major version to one Airflow
 * minor version; Runtime for Airflow 3 is versioned `3.<minor>-<n>`. This table comes from Astronomer's
 * lifecycle documentation as remembered, not from the project's reference, so verdicts that rest on it are
 * warnings that name it.
 */
const RUNTIME_MAJOR_TO_AIRFLOW: Readonly<Record<number, string>> = {
  3: '2.1',
  4: '2.2',
  5: '2.3',
  6: '2.4',
  7: '2.5',
  8: '2.6',
  9: '2.7',
  10: '2.8',
  11: '2.9',
  12: '2.10',
};

export interface ImageAirflow {
  readonly version: Version;
  readonly text: string;
  /** Where it comes from, for messages: "Astro Runtime 12.6.0", "the apache/airflow:2.9.3 image". */
  readonly how: string;
  readonly from: AirflowVersionSource;
  readonly verified: boolean;
}

/** The Airflow version behind a Docker image reference, if it is Astro Runtime or the official Airflow image. */
export function airflowFromImage(image: string): ImageAirflow | undefined {
  const tag = /:([^@/]+)(?:@.*)?$/.exec(image)?.[1];
  if (!tag) return undefined;
  // quay.io/astronomer/astro-runtime, and Astro's current registry astrocrpublic.azurecr.io/runtime.
  if (
    /(^|\/)astro-runtime(-slim)?:/.test(image) ||
    /(^|\/)ap-airflow:/.test(image) ||
    /^astrocrpublic\.azurecr\.io\/runtime(-slim)?:/.test(image)
  ) {
    const af3 = /^(3\.\d+)-(\d+)/.exec(tag);
    if (af3) return { version: parseVersion(af3[1]!)!, text: af3[1]!, how: `Astro Runtime ${tag}`, from: 'astro-runtime', verified: false };
    const v = parseVersion(tag);
    const airflow = v && RUNTIME_MAJOR_TO_AIRFLOW[v[0]!];
    if (airflow)
      return { version: parseVersion(airflow)!, text: airflow, how: `Astro Runtime ${tag}`, from: 'astro-runtime', verified: false };
    return undefined;
  }
  if (/(^|\/)apache\/airflow:/.test(image) || /^airflow:/.test(image)) {
    const m = /^(?:slim-)?v?(\d+\.\d+(?:\.\d+)?)/.exec(tag);
    const v = m && parseVersion(m[1]!);
    if (v) return { version: v, text: m![1]!, how: `the apache/airflow:${tag} image`, from: 'image', verified: true };
  }
  return undefined;
}
