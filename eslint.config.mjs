// Lint for the whole repo. Besides the usual TypeScript checks it enforces the runtime boundaries:
// `vscode` only in extension/ (and the VS Code integration tests), no Node built-ins in the pure
// language service or the webview, no DOM in the server.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'https', 'http2',
  'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'tls', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
];
const noNodeMessage = 'No Node built-ins here: this code must run without Node (pure service / browser).';
// Bare names go in `paths` (exact module names); `patterns` are gitignore-style and would match `./url`.
const noNodePaths = nodeBuiltins.map((name) => ({ name, message: noNodeMessage }));
const noNodePatterns = [{ group: ['node:*'], message: noNodeMessage }];
const noVscode = { name: 'vscode', message: 'Only extension/ (and the VS Code integration tests) may import vscode.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'out/**', '.scratch/**', 'examples/*', '!examples/demo-history/'] },
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
      'no-restricted-imports': ['error', { paths: [noVscode] }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'HTMLElement'],
    },
  },
  {
    files: ['server/src/service/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode, ...noNodePaths], patterns: noNodePatterns }] },
  },
  {
    files: ['webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode, ...noNodePaths], patterns: noNodePatterns }], 'no-restricted-globals': ['error', 'process', 'require', '__dirname', 'Buffer'] },
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
