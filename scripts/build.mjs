// Bundles every runtime with esbuild. One entry per runtime; `vscode` stays external in the extension host.
// Usage: node scripts/build.mjs [--watch] [--production] | --cli-package
// --cli-package builds the npm package of the command line alone (packages/cli: its `prepack`), see cliPackage().
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production') || process.argv.includes('--cli-package');

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

/** The Node bundles of the server side (the language server, the CLI, the local endpoint); the CLI alone for its npm package. */
const cliBuild = {
  entryPoints: { cli: 'server/src/cli/main.ts' },
  ...importMetaShim,
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // web-tree-sitter looks for its .wasm next to the bundle; the .wasm files are copied there (copyAssets).
  external: ['vscode'],
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
    ...cliBuild,
    entryPoints: {
      server: 'server/src/lsp/main.ts',
      cli: 'server/src/cli/main.ts',
      'local-endpoint': 'server/src/endpoint-process/main.ts',
    },
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

/** The tree-sitter runtime and grammars, as [npm package, file]: read next to the bundle by server/src/node/{python,jvm}.ts. */
const WASM = [
  ['web-tree-sitter', 'web-tree-sitter.wasm'],
  ['tree-sitter-python', 'tree-sitter-python.wasm'],
  // Scala and Java grammars: loaded by the server and the CLI only when a .scala/.java file is seen (server/src/node/jvm.ts).
  ['tree-sitter-java', 'tree-sitter-java.wasm'],
  ['tree-sitter-scala', 'tree-sitter-scala.wasm'],
  // sqlparser-rs, for SQL lineage: loaded by the server and the CLI on first use (server/src/node/sql.ts); never in the webview.
  ['@guanmingchiu/sqlparser-ts', 'wasm/sqlparser_rs_wasm_bg.wasm'],
];

const LICENSE_FILE = /^licen[cs]e(\.(md|txt))?$/i;

function copyAssets(dir = join(root, 'dist')) {
  mkdirSync(dir, { recursive: true });
  for (const [pkg, file] of WASM) cpSync(join(root, 'node_modules', pkg, file), join(dir, basename(file)));
}

/**
 * The npm package `lineage-lens` (packages/cli): dist/cli.js bundled with everything it runs (no dependencies
 * to install), the WASM it reads, the licences of what it bundles, and the repository's LICENSE.
 */
async function cliPackage() {
  const pkg = join(root, 'packages', 'cli');
  const out = join(pkg, 'dist');
  rmSync(out, { recursive: true, force: true });
  copyAssets(out);
  const result = await esbuild.build({
    ...cliBuild,
    ...common,
    sourcemap: false,
    minify: true,
    legalComments: 'none',
    metafile: true,
    outdir: out,
  });
  const bundled = new Set(WASM.map(([name]) => name));
  for (const input of Object.keys(result.metafile.inputs)) {
    const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) bundled.add(m[1]);
  }
  const notices = [...bundled].sort().map((name) => {
    const dir = join(root, 'node_modules', name);
    const { version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    // @guanmingchiu/sqlparser-ts keeps its LICENSE in wasm/ (with the WASM build of sqlparser-rs it covers).
    const licenseDir = [dir, join(dir, 'wasm')].find((d) => existsSync(d) && readdirSync(d).some((f) => LICENSE_FILE.test(f)));
    const file = licenseDir && readdirSync(licenseDir).find((f) => LICENSE_FILE.test(f));
    if (!file) throw new Error(`${name} has no LICENSE file to put in THIRD-PARTY-NOTICES.txt`);
    return `${name}@${version} (${license})\n\n${readFileSync(join(licenseDir, file), 'utf8').trim()}\n`;
  });
  writeFileSync(
    join(out, 'THIRD-PARTY-NOTICES.txt'),
    `lineage-lens bundles the following packages (in dist/cli.js and the .wasm files).\n\n${notices.join(`\n${'-'.repeat(78)}\n\n`)}`,
  );
  cpSync(join(root, 'LICENSE'), join(pkg, 'LICENSE'));
}

if (process.argv.includes('--cli-package')) {
  await cliPackage();
  process.exit(0);
}

if (!watch) rmSync(join(root, 'dist'), { recursive: true, force: true });
copyAssets();
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
