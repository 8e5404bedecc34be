/**
 * Set Up Integration's requests: `lineageLens/setupIntegrations` (what can be set up, for the quick picks) and
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
  type SetupIntegrationsResult,
  type SetupPlanParams,
  type SetupPlanResult,
} from '../../../protocol/setup-plan';
import { readTextFile, walkFiles } from '../node/files';
import { DEFAULT_LIMITS, maxFileBytes } from '../service';
import { answerSetupPlan, filesToRead, integrations } from '../service/setup';
import { forServer } from './requests';

/** Files listed at most (where the planner looks for airflow.cfg, spark-defaults.conf, checkpoints, …). */
const MAX_FILES = 20_000;
const MAX_READ_BYTES = maxFileBytes(DEFAULT_LIMITS);

/** Registers both requests; `documents` are the open documents, whose text wins over the disk's. */
export function registerSetupPlan(connection: Connection, documents: TextDocuments<TextDocument>): void {
  connection.onRequest(forServer(setupIntegrationsRequest), (): SetupIntegrationsResult => integrations());

  connection.onRequest(forServer(setupPlanRequest), async (params: SetupPlanParams): Promise<SetupPlanResult> => {
    if (!params.folder.startsWith('file:'))
      return { kind: 'error', message: `The setup writes into a folder on disk, not ${params.folder}.` };
    const root = fileURLToPath(params.folder);
    const existing: string[] = [];
    for await (const file of walkFiles(root, { accept: () => true, maxFiles: MAX_FILES }))
      existing.push(relative(root, file).split(sep).join('/'));
    const open = new Map(
      documents
        .all()
        .filter((d) => d.uri.startsWith('file:'))
        .map((d) => [fileURLToPath(d.uri), d]),
    );
    const files = new Map<string, string>();
    for (const rel of filesToRead(params.integration, params.target, existing)) {
      const path = join(root, ...rel.split('/'));
      const inside = relative(root, path);
      if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside))
        return { kind: 'error', message: `${rel} is not a file inside ${root}.` };
      const doc = open.get(path);
      if (doc) {
        files.set(rel, doc.getText());
        continue;
      }
      const read = await readTextFile(path, MAX_READ_BYTES);
      if (read.kind === 'text') files.set(rel, read.text);
      else if (!(read.kind === 'error' && (read.code === 'ENOENT' || read.code === 'ENOTDIR'))) {
        return {
          kind: 'error',
          message: `${rel} could not be read (${read.kind === 'error' ? read.code : read.kind}), so the setup cannot change it.`,
        };
      }
    }
    return answerSetupPlan(params, files);
  });
}
