/**
 * What rules know about the workspace as a whole: the Airflow version, installed lineage packages, Great
 * Expectations contexts, dbt projects, and every lineage setting written anywhere. Built by `ProjectIndex`
 * from the files the LSP server (or the CLI) feeds it; rules only read it.
 */
import type { Range } from 'vscode-languageserver-types';
import type { SettingsForm } from '../settings/model';
import type { Version } from '../util/version';

/** A place in a workspace file, for messages ("set in .env line 3") and go-to-definition. */
export interface SourceRef {
  readonly uri: string;
  readonly range: Range;
}

export interface PackageFact {
  readonly name: string;
  readonly written: string;
  readonly spec: string;
  readonly pinned?: Version;
  readonly pinnedText?: string;
  readonly source: SourceRef;
}

/** Where an Airflow version was read: an `apache-airflow` pin, an Astro Runtime image, or the apache/airflow image. */
export type AirflowVersionSource = 'requirement' | 'astro-runtime' | 'image';

export interface AirflowVersionFact {
  readonly version: Version;
  readonly text: string;
  /** Where it comes from, for messages: "apache-airflow==2.9.3 in requirements.txt", "Astro Runtime 12.6.0". */
  readonly how: string;
  /** Which kind of source `how` names. */
  readonly from: AirflowVersionSource;
  /** False when it rests on a mapping unverified upstream (Astro Runtime → Airflow, docs/upstream/airflow.md#astro-runtime). */
  readonly verified: boolean;
  readonly source: SourceRef;
}

export interface GxOperatorFact {
  readonly name: string;
  readonly source: SourceRef;
  /** Whether the operator's action_list holds the OpenLineage action. */
  readonly hasOpenLineageAction: boolean;
}

export interface GxContextFact {
  /** The great_expectations.yml file. */
  readonly uri: string;
  /** The folder holding it (a URI ending in `/`): checkpoints below it belong to this context. */
  readonly root: string;
  readonly configVersion?: number;
  readonly operators: readonly GxOperatorFact[];
}

export interface SettingFact {
  readonly uri: string;
  readonly form: SettingsForm;
  /** Env var name, or cfg option. */
  readonly key: string;
  /** cfg section (lower case); for `AIRFLOW__S__O` env vars, `s`. */
  readonly section?: string;
  /** Airflow option name (lower case) when this is an Airflow option in either form. */
  readonly option?: string;
  readonly value: string;
  readonly source: SourceRef;
}

export interface ProjectModel {
  /** Packages by normalised name; the first declaration found wins (requirements before pyproject). */
  readonly packages: ReadonlyMap<string, PackageFact>;
  readonly airflow?: AirflowVersionFact;
  readonly gxContexts: readonly GxContextFact[];
  readonly dbtProjects: readonly { readonly uri: string; readonly root: string; readonly name?: string }[];
  readonly settings: readonly SettingFact[];
  readonly openlineageYmls: readonly { readonly uri: string }[];
  /** Python files in the workspace that import Airflow (DAG folders), for deciding openlineage.yml dialects. */
  readonly hasAirflowDags: boolean;
  /** Files the model was built from (for "set in …" messages and tests). */
  readonly files: readonly string[];
}

export const EMPTY_PROJECT: ProjectModel = {
  packages: new Map(),
  gxContexts: [],
  dbtProjects: [],
  settings: [],
  openlineageYmls: [],
  hasAirflowDags: false,
  files: [],
};

/** "line 3 of .env", for messages. */
export function describeSource(ref: SourceRef): string {
  return `${ref.uri.slice(ref.uri.lastIndexOf('/') + 1)} line ${ref.range.start.line + 1}`;
}
