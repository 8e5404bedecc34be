/**
 * The workspace files lineage predictions read besides DAG files, and the store the hosts keep them in:
 * `.sql` templates (SQL operators' `sql="x.sql"`), dbt's `target/manifest.json`, `dbt_project.yml`,
 * `profiles.yml` and model/source YAML, Astro's `airflow_settings.yaml`, connection exports, and PySpark
 * applications (Python files that use Spark; `SparkSubmitOperator(application=…)`) and OpenLineage extractor modules. Pure: the host reads the
 * files (the server's workspace scan and file events, the CLI's walk) and puts their text here.
 */
import { NOTEBOOK_MAX_CHARS } from '../notebook/service';
import type { SourceFiles } from './types';

/** dbt manifests are large: read up to this many bytes (a bigger one is refused with a problem by the dbt reader). */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/**
 * How many bytes of a prediction source a host reads: a dbt manifest and a notebook may be larger than other
 * files (`otherwise`, the host's usual limit).
 */
export function predictSourceBytes(path: string, otherwise: number): number {
  if (/(^|[\\/])manifest\.json$/i.test(path)) return MAX_MANIFEST_BYTES;
  if (/\.ipynb$/i.test(path)) return NOTEBOOK_MAX_CHARS;
  return otherwise;
}

/** Whether a file, by its path or URI, feeds predictions (Python files are decided by content: {@link isSparkApplication}). */
export function isPredictSource(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  const name = p.slice(p.lastIndexOf('/') + 1).toLowerCase();
  if (name.endsWith('.sql')) return true;
  // A notebook a task may run as a Spark job (SparkSubmitOperator, Databricks notebook tasks).
  if (name.endsWith('.ipynb')) return true;
  if (name === 'manifest.json') return /\/target\/manifest\.json$/i.test(p);
  if (name.endsWith('.yml') || name.endsWith('.yaml')) return true;
  // `airflow connections export connections.json` and the like.
  return name.endsWith('.json') && name.includes('connections');
}

/**
 * A Python file predictions read: a PySpark application, or an OpenLineage extractor module (a class listing
 * `get_operator_classnames`, which `OPENLINEAGE_EXTRACTORS` may register).
 */
export function isPythonPredictSource(text: string): boolean {
  return isSparkApplication(text) || /\bget_operator_classnames\b/.test(text);
}

/** A Python file that uses Spark (a PySpark application a task may submit). */
export function isSparkApplication(text: string): boolean {
  return /\b(?:pyspark|SparkSession|SparkContext)\b/.test(text);
}

/** SourceFiles the host keeps current; `version` changes with every change, so predictions know when to redo. */
export class WorkspaceFiles implements SourceFiles {
  private readonly texts = new Map<string, string>();
  private sorted: string[] | undefined;
  private changes = 0;

  get version(): number {
    return this.changes;
  }

  /** A file's text, or undefined when it is gone (or no longer a source). */
  set(uri: string, text: string | undefined): void {
    if (text === undefined) {
      if (!this.texts.delete(uri)) return;
      this.sorted = undefined;
    } else {
      if (this.texts.get(uri) === text) return;
      if (!this.texts.has(uri)) this.sorted = undefined;
      this.texts.set(uri, text);
    }
    this.changes++;
  }

  text(uri: string): string | undefined {
    return this.texts.get(uri);
  }

  uris(): readonly string[] {
    return (this.sorted ??= [...this.texts.keys()].sort());
  }
}
