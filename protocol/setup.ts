/**
 * The `lineageLens/setupReport` request: what "Lineage Lens: Verify Setup" reports per integration. The server
 * checks the workspace folders with the same rules and project model as `lineage-lens check` (every file a
 * family recognises, not only open ones) and returns the files by family, the problems, and the project facts
 * that decide whether lineage is sent at all. Types, and the request object the extension sends and the server
 * answers (built on the clients' vscode-jsonrpc: see `protocol/lineage.ts` for how the server takes it).
 */
import { RequestType } from 'vscode-jsonrpc';
import type { Range } from 'vscode-languageserver-types';

/** No parameters: the server checks its workspace folders. */
export type SetupReportParams = Record<string, never>;

/** `lineageLens/setupReport`: the workspace checked as `lineage-lens check` does, with the project facts. */
export const setupReportRequest = new RequestType<SetupReportParams, SetupReportResult, void>('lineageLens/setupReport');

export interface SetupReportProblem {
  uri: string;
  range: Range;
  severity: 'error' | 'warning' | 'information' | 'hint';
  /** The rule id (`airflow/…`, `spark/…`, …). */
  code: string;
  message: string;
}

export interface SetupReportResult {
  /** The folders checked (URIs). */
  folders: string[];
  /**
   * Every file a family recognised: the family (`spark`, `airflow`, `gx`, `ol-config`, `dbt`, `openmetadata`,
   * `dags`) and what the file is to it (`spark-conf`, `env-file`, `checkpoint`, …).
   */
  files: { uri: string; family: string; kind: string }[];
  problems: SetupReportProblem[];
  project: {
    /** The Airflow version and how it was determined, when known. */
    airflow?: { version: string; how: string; verified: boolean };
    /** Packages declared (requirements, pyproject, Dockerfile), by normalised name, with the spec as written. */
    packages: { name: string; spec: string; uri: string; line: number }[];
    gxContexts: number;
    dbtProjects: number;
    hasAirflowDags: boolean;
    /** Lineage settings written anywhere: env var or `[section] option`, where. */
    settings: { key: string; section?: string; option?: string; uri: string; line: number }[];
  };
  /** Files that could not be read. */
  unreadable: number;
}
