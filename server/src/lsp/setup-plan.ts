/**
 * Set Up Integration's requests: `lineageLens/setupIntegrations` (what can be set up, for the quick picks),
 * `lineageLens/setupProjects` (which project folder to write into, with what each already says) and
 * `lineageLens/setupPlan`. For a plan the server lists the folder, reads the files the planner names (an open
 * document's unsaved text first, else the disk's) and lets the pure planner (service/setup) write the edits;
 * the extension previews and applies them.
 */
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  setupIntegrationsRequest,
  setupPlanRequest,
  setupProjectsRequest,
  type SetupIntegrationsResult,
  type SetupPlanParams,
  type SetupPlanResult,
  type SetupProjectsParams,
  type SetupProjectsResult,
} from '../../../protocol/setup-plan';
import { readTextFile, walkFiles } from '../node/files';
import { DEFAULT_LIMITS, maxFileBytes } from '../service';
import { answerSetupPlan, filesToRead, integrations, setupProjects } from '../service/setup';
import { candidateFolders } from '../service/setup/projects';
import { forServer } from './requests';

/** Files listed at most (where the planner looks for airflow.cfg, spark-defaults.conf, checkpoints, …). */
const MAX_FILES = 20_000;
const MAX_READ_BYTES = maxFileBytes(DEFAULT_LIMITS);

/** Every file of a folder, relative and `/`-separated (the folders the server never searches left out). */
async function listFolder(root: string): Promise<string[]> {
  const existing: string[] = [];
  for await (const file of walkFiles(root, { accept: () => true, maxFiles: MAX_FILES }))
    existing.push(relative(root, file).split(sep).join('/'));
  return existing;
}

/** Registers the requests; `documents` are the open documents, whose text wins over the disk's. */
export function registerSetupPlan(connection: Connection, documents: TextDocuments<TextDocument>): void {
  const open = () =>
    new Map(
      documents
        .all()
        .filter((d) => d.uri.startsWith('file:'))
        .map((d) => [fileURLToPath(d.uri), d]),
    );
  /** Reads folder-relative files (absent ones left out); a string: why one cannot be read. */
  async function readFiles(root: string, paths: readonly string[]): Promise<Map<string, string> | string> {
    const opened = open();
    const files = new Map<string, string>();
    for (const rel of paths) {
      const path = join(root, ...rel.split('/'));
      const inside = relative(root, path);
      if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside))
        return `${rel} is not a file inside ${root}.`;
      const doc = opened.get(path);
      if (doc) {
        files.set(rel, doc.getText());
        continue;
      }
      const read = await readTextFile(path, MAX_READ_BYTES);
      if (read.kind === 'text') files.set(rel, read.text);
      else if (!(read.kind === 'error' && (read.code === 'ENOENT' || read.code === 'ENOTDIR')))
        return `${rel} could not be read (${read.kind === 'error' ? read.code : read.kind}), so the setup cannot change it.`;
    }
    return files;
  }

  connection.onRequest(forServer(setupIntegrationsRequest), (): SetupIntegrationsResult => integrations());

  connection.onRequest(forServer(setupProjectsRequest), async (params: SetupProjectsParams): Promise<SetupProjectsResult> => {
    if (!params.folder.startsWith('file:'))
      return { kind: 'error', message: `The setup writes into a folder on disk, not ${params.folder}.` };
    const root = fileURLToPath(params.folder);
    const existing = await listFolder(root);
    const candidates = candidateFolders(existing, (inside) => filesToRead(params.integration, params.target, inside));
    const texts = new Map<string, ReadonlyMap<string, string>>();
    for (const c of candidates) {
      const read = await readFiles(join(root, ...c.path.split('/').filter(Boolean)), c.files);
      texts.set(c.path, typeof read === 'string' ? new Map() : read);
    }
    return { kind: 'projects', projects: setupProjects(params.folder, candidates, (c) => texts.get(c.path) ?? new Map()) };
  });

  connection.onRequest(forServer(setupPlanRequest), async (params: SetupPlanParams): Promise<SetupPlanResult> => {
    if (!params.folder.startsWith('file:'))
      return { kind: 'error', message: `The setup writes into a folder on disk, not ${params.folder}.` };
    const root = fileURLToPath(params.folder);
    const files = await readFiles(root, filesToRead(params.integration, params.target, await listFolder(root)));
    return typeof files === 'string' ? { kind: 'error', message: files } : answerSetupPlan(params, files);
  });
}
