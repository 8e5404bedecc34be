/**
 * Entry point of `dist/server.js`. The transport is chosen from the command line by vscode-languageserver:
 * `--node-ipc` (what the extension uses), `--stdio`, `--socket=<port>` or `--pipe=<name>`.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { jvmSpark } from '../node/jvm';
import { loadPythonSpark } from '../node/python';
import { startServer } from './server';

if (!process.argv.some((a) => /^--(node-ipc|stdio|socket|pipe|clientProcessId)/.test(a))) {
  process.stderr.write('lineage-lens language server: start it with --stdio or --node-ipc (editors do this for you).\n');
  process.exit(2);
}

const connection = createConnection(ProposedFeatures.all);
startServer(connection, { python: loadPythonSpark(), jvm: jvmSpark() });
