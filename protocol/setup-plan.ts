/**
 * The requests behind "Lineage Lens: Set Up Integration": `lineageLens/setupIntegrations` lists what can be set
 * up (the quick picks), and `lineageLens/setupPlan` plans it for a folder. The server reads the folder's files
 * itself (an open document's unsaved text first, else the disk's) and returns the new contents of the files
 * to change; the extension previews and writes them. Types, and the request objects both sides use (built on
 * the clients' vscode-jsonrpc: see `protocol/lineage.ts` for how the server takes them).
 */
import { RequestType } from 'vscode-jsonrpc';

/** No parameters: the integrations do not depend on the workspace. */
export type SetupIntegrationsParams = Record<string, never>;

/** Every integration the setup can configure, in the order to offer them. */
export type SetupIntegrationsResult = SetupIntegration[];

/** `lineageLens/setupIntegrations`: what can be set up, and where it can run. */
export const setupIntegrationsRequest = new RequestType<SetupIntegrationsParams, SetupIntegrationsResult, void>(
  'lineageLens/setupIntegrations',
);

export type IntegrationId = 'airflow-provider' | 'airflow-legacy' | 'spark' | 'databricks' | 'great-expectations' | 'dbt' | 'openmetadata';

/** Where an integration runs, which decides the files written (`astro`, `airflow-cfg`, `spark-defaults`, …). */
export interface SetupTarget {
  id: string;
  label: string;
  detail: string;
}

export interface SetupIntegration {
  id: IntegrationId;
  label: string;
  description: string;
  targets: SetupTarget[];
}

export interface SetupPlanParams {
  /** The folder the setup writes into (a `file:` URI); the planned paths are relative to it. */
  folder: string;
  integration: IntegrationId;
  /** A target id of the integration; Great Expectations also takes `checkpoint:<path>` for one checkpoint. */
  target: string;
  /**
   * The endpoint to send lineage to (API root, no `/api/v1`) and the namespace. Without a namespace nothing is
   * planned: the answer is the namespace the folder's files already use, to propose to the user.
   */
  endpoint: { url: string; namespace?: string };
  /** Whether the endpoint needs an API key: the configuration then references a variable or secret (never the key). */
  apiKey: boolean;
}

/** One file to write: its text now (undefined, absent in JSON: a new file), after the setup, and what changes. */
export interface PlannedEdit {
  /** Relative to the folder, `/`-separated. */
  path: string;
  before: string | undefined;
  after: string;
  changes: string[];
  /**
   * Values already written that this edit replaces (`after` set) or removes: the extension never writes them
   * without the user's confirmation, listing each as `key: before → after`.
   */
  replaces: { key: string; before: string; after?: string }[];
}

export interface SetupPlan {
  /** Files whose text changes, in the order they were first touched; none when everything is already right. */
  edits: PlannedEdit[];
  /** What was found already right, in words. */
  alreadyConfigured: string[];
  /** Where the API key goes (it is only referenced in the files), when the endpoint needs one. */
  secret?: { name: string; where: string; how: string };
  nextSteps: string[];
}

export type SetupPlanResult =
  | { kind: 'plan'; plan: SetupPlan }
  /** The setup cannot be planned (an unknown target, an unsupported version, a file to fix by hand, …): why. */
  | { kind: 'error'; message: string }
  /**
   * Asked without a namespace: the one already written in the folder's files, and where, if any; and the
   * endpoint URL they already send to (`url`), to offer first.
   */
  | { kind: 'namespace'; existing?: { namespace: string; path: string }; url?: { url: string; path: string } };

/** `lineageLens/setupPlan`: the edits that set up `integration` for `target` in `folder`. */
export const setupPlanRequest = new RequestType<SetupPlanParams, SetupPlanResult, void>('lineageLens/setupPlan');

/** `lineageLens/setupProjects`: the folders of a workspace folder where `integration` can be set up. */
export interface SetupProjectsParams {
  /** The workspace folder (a `file:` URI). */
  folder: string;
  integration: IntegrationId;
  target: string;
}

/** A folder to set the integration up in: a project of the workspace folder, or the folder itself. */
export interface SetupProject {
  /** Its `file:` URI: the `folder` of the setupPlan request. */
  folder: string;
  /** Relative to the workspace folder, `/`-separated; '' for the workspace folder itself. */
  path: string;
  /** The files the setup would read there that exist (relative to the project). */
  files: string[];
  /** The namespace its files already use, and where (relative to the project). */
  namespace?: { namespace: string; path: string };
  /** The endpoint URL its files already send to, and where. */
  url?: { url: string; path: string };
}

/** Folders whose files already configure lineage first, then those holding the integration's files, then the rest. */
export type SetupProjectsResult = { kind: 'projects'; projects: SetupProject[] } | { kind: 'error'; message: string };

export const setupProjectsRequest = new RequestType<SetupProjectsParams, SetupProjectsResult, void>('lineageLens/setupProjects');
