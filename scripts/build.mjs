// Bundles every runtime with esbuild. One entry per runtime; `vscode` stays external in the extension host.
// Usage: node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  absWorkingDir: root,
  legalComments: 'linked',
};

// web-tree-sitter's ESM build reads `import.meta.url`, which a CommonJS bundle lacks; derive it from __filename.
const importMetaShim = {
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

/**
 * `import source from 'worker-source:<name>'` in the webview: the bundled text of webview/src/<name>-worker.ts,
 * inlined as a string. The webview starts the worker from a blob URL made of it, because VS Code webviews
 * cannot start a worker from a script URL on their resource origin.
 */
const inlineWorker = {
  name: 'inline-worker',
  setup(build) {
    build.onResolve({ filter: /^worker-source:/ }, (args) => ({
      path: args.path.slice('worker-source:'.length),
      namespace: 'worker-source',
    }));
    build.onLoad({ filter: /.*/, namespace: 'worker-source' }, async (args) => {
      const result = await esbuild.build({
        entryPoints: [join(root, 'webview/src', `${args.path}-worker.ts`)],
        absWorkingDir: root,
        bundle: true,
        write: false,
        metafile: true,
        format: 'iife',
        platform: 'browser',
        target: 'chrome120',
        minify: production,
        legalComments: 'none',
      });
      return {
        contents: `export default ${JSON.stringify(result.outputFiles[0].text)};`,
        loader: 'js',
        watchFiles: Object.keys(result.metafile.inputs).map((f) => join(root, f)),
      };
    });
  },
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    entryPoints: { extension: 'extension/src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: {
      server: 'server/src/lsp/main.ts',
      cli: 'server/src/cli/main.ts',
      'local-endpoint': 'server/src/endpoint-process/main.ts',
    },
    ...importMetaShim,
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // web-tree-sitter looks for its .wasm next to the bundle; the .wasm files are copied below.
    external: ['vscode'],
  },
  existsSync(join(root, 'webview/src/main.ts')) && {
    ...common,
    entryPoints: { main: 'webview/src/main.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    plugins: [inlineWorker],
  },
  {
    ...common,
    entryPoints: { 'test/suite/index': 'test/integration/suite/index.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
  },
].filter(Boolean);

function copyAssets() {
  mkdirSync(join(root, 'dist'), { recursive: true });
  cpSync(join(root, 'node_modules/web-tree-sitter/web-tree-sitter.wasm'), join(root, 'dist/web-tree-sitter.wasm'));
  cpSync(join(root, 'node_modules/tree-sitter-python/tree-sitter-python.wasm'), join(root, 'dist/tree-sitter-python.wasm'));
  // Scala and Java grammars: loaded by the server and the CLI only when a .scala/.java file is seen (server/src/node/jvm.ts).
  for (const language of ['java', 'scala']) {
    cpSync(
      join(root, `node_modules/tree-sitter-${language}/tree-sitter-${language}.wasm`),
      join(root, `dist/tree-sitter-${language}.wasm`),
    );
  }
}

if (!watch) rmSync(join(root, 'dist'), { recursive: true, force: true });
copyAssets();
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
