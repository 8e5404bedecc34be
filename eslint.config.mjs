// Lint for the whole repo. Besides the usual TypeScript checks it enforces the runtime boundaries
// (test/unit/lint-boundaries.test.ts proves each one): `vscode` only in extension/ (and the VS Code
// integration tests); no Node built-ins in the pure language service, the webview, protocol/ or common/; no
// DOM in the server; the extension host reaches the language service only through protocol/; lsp/ and cli/
// share Node I/O through server/src/node/, never each other; the webview takes protocol/ type-only.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'http2',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];
const noNodeMessage = 'No Node built-ins here: this code must run without Node (pure service / browser).';
// Bare names go in `paths` (exact module names); `patterns` are gitignore-style and would match `./url`.
const noNodePaths = nodeBuiltins.map((name) => ({ name, message: noNodeMessage }));
const noNodePatterns = [{ group: ['node:*'], message: noNodeMessage }];
const noVscode = { name: 'vscode', message: 'Only extension/ (and the VS Code integration tests) may import vscode.' };

// Folder boundaries, matched on the relative import as written (`../../server/src/…`, `../cli/check`).
// In flat config a later block's options replace an earlier one's, so each block below lists all of its own.
const noFolders = (folders, message) => ({ regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`, message });
const noRuntimesFromExtension = noFolders(
  ['server', 'webview'],
  'The extension host uses the language server and the webview only through protocol/ (and common/).',
);
const noRuntimesFromServer = noFolders(
  ['extension', 'webview'],
  'The server imports nothing from the extension or the webview: shared contracts live in protocol/, shared pure code in common/.',
);
const noRuntimesFromWebview = noFolders(
  ['server', 'extension'],
  'The webview imports nothing from the server or the extension: shared contracts live in protocol/ (type-only), shared pure code in common/.',
);
const noRuntimesFromShared = noFolders(
  ['server', 'extension', 'webview'],
  'protocol/ and common/ are shared by every runtime and import none of them.',
);
const noCliFromLsp = noFolders(['cli'], 'lsp/ and cli/ never import each other: shared Node I/O lives in server/src/node/.');
const noLspFromCli = noFolders(['lsp'], 'lsp/ and cli/ never import each other: shared Node I/O lives in server/src/node/.');
const noHostsFromService = noFolders(
  ['lsp', 'cli', 'serve', 'node', 'endpoint-process'],
  'The language service is pure: its hosts (lsp/, cli/, serve/, node/, endpoint-process/) import it, never the reverse.',
);
const noEntryPointsFromServe = noFolders(['lsp', 'cli'], 'The local endpoint (serve/) imports nothing from lsp/ or cli/.');
// The webview takes the contracts type-only; node-ids.ts is the one runtime module (pure, no imports).
const protocolTypeOnly = {
  regex: '^(\\.\\./)+protocol/(?!node-ids$)',
  allowTypeImports: true,
  message: 'The webview imports protocol/ type-only (node-ids excepted).',
};
const domGlobals = ['window', 'document', 'navigator', 'localStorage', 'HTMLElement'];
const nodeGlobals = ['process', 'require', '__dirname', 'Buffer'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'packages/cli/dist/**',
      'node_modules/**',
      '.vscode-test/**',
      'out/**',
      '.scratch/**',
      'examples/*',
      '!examples/demo-history/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [noRuntimesFromServer] }],
      'no-restricted-globals': ['error', ...domGlobals],
    },
  },
  {
    files: ['server/src/service/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noVscode, ...noNodePaths], patterns: [...noNodePatterns, noRuntimesFromServer, noHostsFromService] },
      ],
    },
  },
  {
    files: ['server/src/lsp/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [noRuntimesFromServer, noCliFromLsp] }] },
  },
  {
    files: ['server/src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [noRuntimesFromServer, noLspFromCli] }] },
  },
  {
    files: ['server/src/serve/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [noRuntimesFromServer, noEntryPointsFromServe] }] },
  },
  {
    files: ['extension/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noRuntimesFromExtension] }] },
  },
  {
    files: ['webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noVscode, ...noNodePaths], patterns: [...noNodePatterns, noRuntimesFromWebview, protocolTypeOnly] },
      ],
      'no-restricted-globals': ['error', ...nodeGlobals],
    },
  },
  {
    // Contracts and pure code shared by every runtime: no Node, no vscode, no DOM, none of the runtimes.
    files: ['protocol/**/*.ts', 'common/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode, ...noNodePaths], patterns: [...noNodePatterns, noRuntimesFromShared] }],
      'no-restricted-globals': ['error', ...domGlobals, ...nodeGlobals],
    },
  },
  {
    files: ['test/unit/**/*.ts', 'test/lsp/**/*.ts', 'test/fuzz/**/*.ts', 'bench/**/*'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode] }] },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
